// An incomplete area (a usual provider did not submit) is left out of every statistic that pools
// the areas, not only the ranks: the funnel and its over-dispersion (φ, τ²), the rank simulation,
// the need-adjusted ratios' England rate and funnel, and the deprivation gradient. A generated
// store of 12 CCGs (all with an IMD 2025 score) in which provider RYY, 20% of Wakefield's (03R)
// usual activity, submits nothing in June 2021.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { VariationResult } from "../../src/analysis/types.ts";
import { variation } from "../../src/analysis/variation.ts";
import type { Store } from "../../src/store/db.ts";
import { rowsWithRyyIn } from "../helpers/incomplete-area.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

// Each area's RXX count rises 10 a month; 03R also has 100 a month from RYY except in June.
const MONTHS = ["2021-05", "2021-06", "2021-07"] as const;
const ROWS = rowsWithRyyIn(MONTHS, ["2021-05", "2021-07"], 10);

let store: Store;
let r: VariationResult;
let all: VariationResult;
beforeAll(async () => {
  store = await buildRttStore(ROWS);
  r = await variation(store, { from: "2021-06", to: "2021-06" });
  // May, before the gap: all 12 are ranked.
  all = await variation(store, { from: "2021-05", to: "2021-05" });
});
afterAll(() => store.close());

describe("an incomplete area in the pooled statistics", () => {
  it("is flagged and unranked", () => {
    expect(r.completeness?.incomplete.map((a) => a.code)).toEqual(["03R"]);
    expect(r.areas).toHaveLength(11);
    expect(all.areas).toHaveLength(12);
  });

  it("is not a point of the funnel, whose φ and τ² are estimated from its points", () => {
    expect(r.funnel.points.map((p) => p.code)).not.toContain("03R");
    expect(r.funnel.points).toHaveLength(11);
    expect(all.funnel.points).toHaveLength(12);
  });

  it("is not in the rank simulation: every rank interval lies within 1–11", () => {
    for (const a of r.areas) {
      expect(a.rankLower95).toBeGreaterThanOrEqual(1);
      expect(a.rankUpper95).toBeLessThanOrEqual(11);
    }
  });

  it("is not in the need-adjusted England rate, funnel or ranks", () => {
    const n = r.needAdjusted;
    expect(n?.areas).toBe(11);
    expect(n?.observed).toBe(r.areas.reduce((s, a) => s + a.count, 0));
    expect(n?.funnel.points.map((p) => p.code)).not.toContain("03R");
    expect(
      Math.max(...r.areas.map((a) => a.needAdjustedRankUpper95 as number)),
    ).toBeLessThanOrEqual(11);
  });

  it("is not in the deprivation gradient", () => {
    const codes = r.deprivation?.quintiles.flatMap((q) => q.codes) ?? [];
    expect(r.deprivation?.areasMatched).toBe(11);
    expect(codes).toHaveLength(11);
    expect(codes).not.toContain("03R");
    expect(all.deprivation?.quintiles.flatMap((q) => q.codes)).toContain("03R");
  });
});

describe("an incomplete region", () => {
  it("is named by its ODS code, as the ranked regions are (its page and links use it)", async () => {
    const regions = await variation(store, { from: "2021-06", to: "2021-06", level: "region" });
    const codes = [...regions.areas, ...(regions.completeness?.incomplete ?? [])].map(
      (a) => a.code,
    );
    for (const c of codes) expect(c, c).toMatch(/^Y\d\d$/);
    expect(regions.completeness?.incomplete.map((a) => [a.code, a.name])).toEqual([
      ["Y63", "North East and Yorkshire"],
    ]);
  });
});

describe("the regions beside an incomplete area", () => {
  it("are summed from their complete areas, and the note says so", () => {
    const ney = r.regions.find((g) => g.name === "North East and Yorkshire");
    const complete = r.areas.filter((a) => a.regionName === "North East and Yorkshire");
    expect(ney?.count).toBe(complete.reduce((s, a) => s + a.count, 0));
    expect(r.completeness?.note).toMatch(
      /left out of England's rate, the spread, the funnel and the headlines; the rate of North East and Yorkshire is that of its other areas\.$/,
    );
  });

  it("are marked in the regional headline when they leave an area out, and only then", () => {
    const line = r.headlines.find((h) => h.includes("regional rate"));
    expect(line).toMatch(
      /^North West had the highest regional rate .* and North East and Yorkshire \(without 1 incomplete area\) the lowest /,
    );
    const before = all.headlines.find((h) => h.includes("regional rate"));
    expect(before).toMatch(/^North East and Yorkshire had the highest regional rate /);
  });
});
