// An incomplete area (a usual provider did not submit) is left out of every statistic that pools
// the areas, not only the ranks: the funnel and its over-dispersion (φ, τ²), the rank simulation,
// the need-adjusted ratios' England rate and funnel, and the deprivation gradient. A generated
// store of 12 CCGs (all with an IMD 2025 score) in which provider RYY, 20% of Wakefield's (03R)
// usual activity, submits nothing in June 2021.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { VariationResult } from "../../src/analysis/types.ts";
import { variation } from "../../src/analysis/variation.ts";
import type { Store } from "../../src/store/db.ts";
import { buildRttStore, type RttRowSpec } from "../helpers/rtt-store.ts";

// [code, monthly count from RXX]; 03R also has 100 a month from RYY except in June.
const AREAS: Array<[string, number]> = [
  ["03R", 400],
  ["00L", 300],
  ["00N", 150],
  ["00P", 260],
  ["00Q", 140],
  ["00R", 180],
  ["00T", 330],
  ["00V", 170],
  ["00X", 210],
  ["00Y", 240],
  ["01A", 190],
  ["01D", 320],
];
const MONTHS = ["2021-05", "2021-06", "2021-07"] as const;

const ROWS: RttRowSpec[] = [
  ...AREAS.flatMap(([commissioner, n]) =>
    MONTHS.map((month, i): RttRowSpec => ({
      month,
      commissioner,
      provider: "RXX",
      part: "Part_1A",
      bands: { 5: n + 10 * i },
    })),
  ),
  ...["2021-05", "2021-07"].map((month): RttRowSpec => ({
    month,
    commissioner: "03R",
    provider: "RYY",
    part: "Part_1A",
    bands: { 5: 100 },
  })),
];

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
