import { describe, expect, it } from "vitest";

import type { FunnelResult } from "../../src/analysis/types.ts";
import {
  funnelGrid,
  poissonCountLimits,
  positionFromIntervals,
  proportionFunnelLimits,
} from "../../src/stats/funnel-limits.ts";
import { proportionFunnel, rateFunnel } from "../../src/stats/funnel.ts";
import { exactPoissonInterval } from "../../src/stats/poisson.ts";

import { expectClose } from "./close.ts";

describe("unadjusted funnel limits", () => {
  // FunnelPlotR tests/testthat/test-poisson_limits.R, target 1 (statistical-methods §9.7).
  it.each([
    [15, 0.5596924, 1.649348, 0.386265, 2.082907],
    [20, 0.610826, 1.544419, 0.4479107, 1.902094],
    [30, 0.6746958, 1.427562, 0.5289724, 1.702771],
  ])("Poisson ratio limits for E = %s", (expected, ll95, ul95, ll998, ul998) => {
    const i95 = poissonCountLimits(expected, 0.95);
    const i998 = poissonCountLimits(expected, 0.998);
    expectClose(i95.lower / expected, ll95, 7);
    expectClose(i95.upper / expected, ul95, 7);
    expectClose(i998.lower / expected, ll998, 7);
    expectClose(i998.upper / expected, ul998, 7);
  });

  // PHEindicatormethods testdata_funnel_prop_outputs.csv, baseline 80.642448% (§9.7).
  it.each([
    [1, 0.95, 3.204264],
    [2, 0.95, 25.885383],
    [3, 0.998, 10.150815],
  ])("PHE proportion funnel lower limit at denominator %s (%s)", (n, confidence, lower) => {
    const limits = proportionFunnelLimits(0.80642448, n, confidence);
    expect(limits.lower * 100).toBeCloseTo(lower, 6);
    expect(limits.upper).toBe(1); // capped at 100%
  });

  // PHEindicatormethods testdata_funnel_ratio_outputs.csv: the expected counts at which an
  // observed count sits on the 95% lines: O = 1 → 5.571644585 / 0.025317898, O = 2 → 7.224687515 / 0.242209467.
  it.each([
    [1, 5.571644585, 0.025317898],
    [2, 7.224687515, 0.242209467],
  ])("a count of %s is placed by its own exact interval", (count, lowerAt, upperAt) => {
    const i95 = exactPoissonInterval(count, 0.95);
    const i998 = exactPoissonInterval(count, 0.998);
    // PHE finds these by bisection with tolerance 1e-7, so they agree to about 6 digits.
    expect(i95.upper).toBeCloseTo(lowerAt, 5);
    expect(i95.lower).toBeCloseTo(upperAt, 6);
    expect(positionFromIntervals(i95, i998, lowerAt * 1.001)).toBe("below95");
    expect(positionFromIntervals(i95, i998, lowerAt * 0.999)).toBe("within");
    expect(positionFromIntervals(i95, i998, upperAt * 0.999)).toBe("above95");
    expect(positionFromIntervals(i95, i998, upperAt * 1.001)).toBe("within");
  });

  it("spaces limit populations geometrically", () => {
    expect(funnelGrid(100, 10000, 3)).toEqual([100, expect.closeTo(1000, 9), 10000]);
    expect(funnelGrid(5, 5)).toEqual([5]);
    expect(() => funnelGrid(0, 5)).toThrow("invalid funnel range: 0 to 5");
  });
});

// A small over-dispersed data set; every expected value below was computed independently with
// numpy 2 / scipy 1.17.1 (np.quantile type 7 for winsorising, chi2.ppf for exact limits,
// Byar's/normal formulas written out by hand), not with this library.
const AREAS = [
  [30, 10000],
  [45, 12000],
  [52, 15000],
  [61, 14000],
  [70, 20000],
  [85, 18000],
  [90, 25000],
  [120, 22000],
  [140, 30000],
  [160, 28000],
  [200, 40000],
  [420, 45000],
].map(([count, population], i) => ({
  code: `A${i + 1}`,
  count: count as number,
  population: population as number,
}));

describe("rateFunnel", () => {
  const funnel = rateFunnel({ points: AREAS, multiplier: 1000, limitPopulations: [20000] });

  it("centres on the pooled rate and scores z = 2(√O − √E)", () => {
    expectClose(funnel.target, 0.005279569892473118 * 1000, 14);
    expectClose(funnel.points[0]?.z, -3.577678621507056, 13);
    expectClose(funnel.points[11]?.z, 10.160500544072551, 13);
    expectClose(funnel.points[11]?.rate, (420 / 45000) * 1000, 14);
  });

  it("estimates φ from 10%-winsorised z-scores, τ² by DerSimonian–Laird, and tests nφ", () => {
    expectClose(funnel.phi, 5.628350256134816, 13);
    expectClose(funnel.tau2, 0.010665816326739354, 12);
    expectClose(funnel.dispersionTest?.statistic, 67.54020307361779, 13);
    expect(funnel.dispersionTest?.df).toBe(11);
    expectClose(funnel.dispersionTest?.pValue, 3.5757108271909497e-10, 10);
  });

  it("chooses the additive adjustment for 12 over-dispersed areas and says why", () => {
    expect(funnel.adjustment).toBe("additive");
    expect(funnel.adjustmentReason).toBe(
      "additive: over-dispersed (nφ = 67.54 on 11 df, p < 0.0001, φ = 5.628); random-effects τ² = 0.01067 (DerSimonian–Laird) added to each area's variance, which keeps limits from collapsing for large populations (Spiegelhalter 2005)",
    );
  });

  it("draws exact, multiplicative and additive limits per 1,000", () => {
    const row = funnel.limits[0];
    expect(row?.population).toBe(20000);
    expectClose(row?.lower95, 4.320723613093991, 12);
    expectClose(row?.upper95, 6.3878281457005475, 12);
    expectClose(row?.lower998, 3.833071383934142, 12);
    expectClose(row?.upper998, 7.0681699453743105, 12);
    expectClose(row?.multiplicative.lower95, 3.1607960801048867, 12);
    expectClose(row?.multiplicative.upper998, 9.718164283902256, 12);
    expectClose(row?.additive.lower95, 3.1812179931273943, 12);
    expectClose(row?.additive.upper95, 7.906590444191119, 12);
    expectClose(row?.additive.lower998, 2.2114866093171632, 12);
    expectClose(row?.additive.upper998, 9.661877903307845, 12);
    expect(row?.lower95Adjusted).toBe(row?.additive.lower95);
    expect(row?.upper998Adjusted).toBe(row?.additive.upper998);
  });

  it("places every point unadjusted, multiplicative and additive", () => {
    const positions = (key: "position" | "positionMultiplicative" | "positionAdditive") =>
      funnel.points.map((p) => p[key]);
    expect(positions("position")).toEqual([
      "below998",
      "below95",
      "below998",
      "within",
      "below998",
      "within",
      "below998",
      "within",
      "within",
      "within",
      "within",
      "above998",
    ]);
    expect(positions("positionAdditive")).toEqual([
      "below95",
      ...new Array(10).fill("within"),
      "above95",
    ]);
    expect(positions("positionMultiplicative")).toEqual([
      ...new Array(11).fill("within"),
      "above998",
    ]);
    expect(funnel.points.map((p) => p.positionAdjusted)).toEqual(positions("positionAdditive"));
  });

  it("maps directly onto the analysis FunnelResult", () => {
    const result: FunnelResult = funnel;
    expect(result.points[0]?.code).toBe("A1");
    expect(result.limits).toHaveLength(1);
  });

  it("uses the multiplicative adjustment below 10 areas and honours a forced choice", () => {
    const few = rateFunnel({ points: AREAS.slice(0, 9).concat(AREAS[11]!), multiplier: 1000 });
    expect(few.points).toHaveLength(10);
    expect(few.adjustment).toBe("additive"); // 10 areas: the additive rule applies
    const nine = rateFunnel({ points: [...AREAS.slice(0, 8), AREAS[11]!], multiplier: 1000 });
    expect(nine.adjustment).toBe("multiplicative");
    expect(nine.adjustmentReason).toMatch(
      /^multiplicative: over-dispersed \(nφ = [\d.]+ on 8 df, p /,
    );
    expect(nine.points.map((p) => p.positionAdjusted)).toEqual(
      nine.points.map((p) => p.positionMultiplicative),
    );
    const forced = rateFunnel({ points: AREAS, multiplier: 1000, adjustment: "none" });
    expect(forced.adjustment).toBe("none");
    expect(forced.adjustmentReason).toBe(
      "none: chosen by the caller (nφ = 67.54 on 11 df, p < 0.0001)",
    );
    expect(forced.points.map((p) => p.positionAdjusted)).toEqual(
      forced.points.map((p) => p.position),
    );
  });

  it("makes no adjustment when the data are not over-dispersed", () => {
    // Counts exactly at the expected value: every z is 0, so φ = 0 and τ² = 0.
    const points = [1000, 2000, 4000, 8000].map((population, i) => ({
      code: `B${i}`,
      count: population / 100,
      population,
    }));
    const flat = rateFunnel({ points, target: 0.01, multiplier: 1000 });
    expect(flat.phi).toBe(0);
    expect(flat.tau2).toBe(0);
    expect(flat.adjustment).toBe("none");
    expect(flat.adjustmentReason).toBe(
      "none: no evidence of over-dispersion (nφ = 0 on 3 df, p = 1 ≥ 0.05, φ = 0)",
    );
    for (const row of flat.limits) {
      expect(row.lower95Adjusted).toBe(row.lower95);
      expect(row.upper998Adjusted).toBe(row.upper998);
    }
    expect(flat.limits).toHaveLength(100);
    expect(flat.limits[0]?.population).toBeCloseTo(1000 / 1.1, 9);
    expect(flat.limits[99]?.population).toBeCloseTo(8800, 9);
    expect(flat.points.every((p) => p.position === "within")).toBe(true);
  });

  it("rejects bad input", () => {
    expect(() => rateFunnel({ points: [] })).toThrow("a funnel needs at least one point");
    expect(() => rateFunnel({ points: [{ code: "X", count: 3, population: 0 }] })).toThrow(
      "invalid population for X: 0",
    );
    expect(() => rateFunnel({ points: [{ code: "X", count: 0, population: 10 }] })).toThrow(
      "invalid funnel target: 0",
    );
  });
});

describe("proportionFunnel", () => {
  const data = [
    [45, 100],
    [60, 100],
    [70, 120],
    [82, 100],
    [90, 150],
    [150, 200],
    [160, 250],
    [300, 350],
    [310, 400],
    [400, 500],
  ].map(([numerator, denominator], i) => ({
    code: `P${i}`,
    numerator: numerator as number,
    denominator: denominator as number,
  }));
  const funnel = proportionFunnel({ points: data, multiplier: 100, limitPopulations: [200] });

  it("uses arcsine z-scores, φ and τ² (independent numpy computation)", () => {
    expectClose(funnel.target, 73.43612334801762, 13);
    expectClose(funnel.points[0]?.z, -5.880113993940874, 13);
    expectClose(funnel.phi, 9.125055985408755, 13);
    expectClose(funnel.tau2, 0.010486900183597998, 12);
    expectClose(funnel.dispersionTest?.pValue, 9.133044866980261e-16, 8);
    expect(funnel.adjustment).toBe("additive");
  });

  it("draws PHE limits and additive limits", () => {
    const row = funnel.limits[0];
    expectClose(row?.lower95, 67.31496390645371, 13);
    expectClose(row?.upper998, 83.08722143284487, 13);
    expectClose(row?.additive.lower95, 53.156441660354346, 12);
    expectClose(row?.additive.upper95, 89.55230534679357, 12);
  });

  it("places points by their Wilson interval and by the adjusted z", () => {
    expect(funnel.points.map((p) => p.position)).toEqual([
      "below998",
      "below95",
      "below998",
      "within",
      "below998",
      "within",
      "below998",
      "above998",
      "within",
      "above998",
    ]);
    expect(funnel.points.map((p) => p.positionAdditive)).toEqual([
      "below95",
      ...new Array(9).fill("within"),
    ]);
    expect(funnel.points.every((p) => p.positionMultiplicative === "within")).toBe(true);
  });

  it("rejects a numerator above its denominator", () => {
    expect(() =>
      proportionFunnel({ points: [{ code: "Q", numerator: 5, denominator: 4 }] }),
    ).toThrow("invalid numerator for Q: 5");
  });
});
