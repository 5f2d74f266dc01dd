import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { policyImpact } from "../../src/analysis/policy-impact.ts";
import { UsageError } from "../../src/errors.ts";
import { policySchema } from "../../src/registry/policy-schema.ts";
import { shippedRecords } from "../../src/registry/registry.ts";
import { segmentedRegression } from "../../src/stats/index.ts";
import type { Store } from "../../src/store/db.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import { ENGLAND_POP, FIXTURE_ROWS, POP } from "./rtt-fixture.ts";

let store: Store;
beforeAll(async () => {
  store = await buildRttStore(FIXTURE_ROWS);
});
afterAll(() => store.close());

const hip = shippedRecords().interventions.find((i) => i.slug === "hip-replacement")!;
const policy = policySchema.parse({
  id: "72Q-hip",
  commissioner: { code: "72Q", level: "ccg", vintage: "ccg-2021" },
  intervention: "hip-replacement",
  accessRoute: "criteria-based-access",
  criteria: [],
  departsFromGuidance: "unclear",
  source: { foiReference: "FOI test" },
  effectiveDate: "2021-04-01",
});

describe("policy impact: an interrupted series around the effective date", () => {
  it("the area's trauma and orthopaedics rate and its % of England's, before and after April 2021", async () => {
    const r = await policyImpact(store, {
      policy,
      intervention: hip,
      from: "2021-01",
      to: "2021-07",
    });
    // 72Q's C_110 counts by month (April also has 100 in C_100, which the proxy leaves out).
    const area = [2000, 2010, 1980, 1900, 2020, 2020, 2030];
    const england = [3650, 3700, 3750, 7 + 5 + 1788 + 1900, 3850, 3900, 3950];
    const relative = area.map((c, i) => (c / POP["72Q"] / (england[i]! / ENGLAND_POP)) * 100);
    expect(r.series.map((p) => p.month)).toEqual([
      "2021-01",
      "2021-02",
      "2021-03",
      "2021-04",
      "2021-05",
      "2021-06",
      "2021-07",
    ]);
    expect(r.series.map((p) => p.after)).toEqual([false, false, false, true, true, true, true]);
    r.series.forEach((p, i) => {
      expect(p.rate).toBeCloseTo((area[i]! / POP["72Q"]) * 1000, 12);
      expect(p.relative).toBeCloseTo(relative[i]!, 10);
    });
    const fit = segmentedRegression(relative, 3)!;
    expect(r.relativeFit?.levelChange).toBeCloseTo(fit.levelChange, 8);
    expect(r.effectiveMonth).toBe("2021-04");
    expect(r.finding).toMatch(
      /^From 2021-04 the area's rate relative to England's changed in level by /,
    );
    expect(r.proxyLimits).toBe(hip.proxyLimits);
    // Need-adjusted: the same counts per head of NHS England's general and acute weighted
    // population 2023/24 (72Q 1,747,788; England = 72Q + D9Y0V 1,763,615 + 10R 215,942), so each
    // month's value is 72Q's need-adjusted ratio × 100; its fit is computed independently here.
    const needPop = { "72Q": 1_747_788, england: 1_747_788 + 1_763_615 + 215_942 };
    const needRelative = area.map(
      (c, i) => (c / needPop["72Q"] / (england[i]! / needPop.england)) * 100,
    );
    r.series.forEach((p, i) => expect(p.needAdjustedRelative).toBeCloseTo(needRelative[i]!, 10));
    const needFit = segmentedRegression(needRelative, 3)!;
    expect(r.needAdjustedFit?.levelChange).toBeCloseTo(needFit.levelChange, 8);
    expect(r.needAdjustedFit?.levelChangeLower95).toBeCloseTo(needFit.levelChangeLower95, 8);
    expect(r.needAdjustedFinding).toMatch(
      /^Need-adjusted: From 2021-04 the area's rate per need-weighted head relative to England's changed in level by /,
    );
  });

  it("refuses an intervention with no RTT proxy and a policy with no effective date", async () => {
    const cgm = shippedRecords().interventions.find(
      (i) => i.slug === "continuous-glucose-monitoring",
    )!;
    await expect(
      policyImpact(store, { policy, intervention: cgm, from: "2021-01", to: "2021-07" }),
    ).rejects.toThrow(UsageError);
    const undated = { ...policy, effectiveDate: null };
    await expect(
      policyImpact(store, { policy: undated, intervention: hip, from: "2021-01", to: "2021-07" }),
    ).rejects.toThrow("policy 72Q-hip has no effective date: there is no before and after");
  });
});
