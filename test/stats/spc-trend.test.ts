import { describe, expect, it } from "vitest";

import { xmrChart, xmrPhases } from "../../src/stats/spc.ts";
import { recentTrend, TREND_CRITICAL_998 } from "../../src/stats/trend.ts";

import { expectClose } from "./close.ts";

describe("XmR chart (Making Data Count)", () => {
  // NHSRplotthedots vignettes/deviations.Rmd (statistical-methods §9.8): 18 daily points.
  const data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1];

  it("screens moving-range outliers by default", () => {
    const chart = xmrChart(data);
    expectClose(chart.mean, 35 / 18, 15);
    expect(chart.upperLimit).toBeCloseTo(4.604444, 6);
    expect(chart.lowerLimit).toBeCloseTo(-0.715556, 6);
    expect(chart.screenedMovingRanges).toBe(2); // MRs 8 and 9 are ≥ 3.267 × 32/17
    expect(chart.movingRangeMean).toBe(1);
    expect(chart.signals[4]).toBe("outside-limits");
    expect(chart.sides[4]).toBe("high");
    expect(chart.trialLimits).toBe(false);
  });

  it("matches the MDC Excel tool without screening", () => {
    const chart = xmrChart(data, { screenOutliers: false });
    expect(chart.upperLimit).toBeCloseTo(6.951503, 6);
    expect(chart.lowerLimit).toBeCloseTo(-3.062614, 6);
    expect(chart.signals[4]).toBe("outside-limits");
    expect(chart.signals.filter((s) => s !== "common-cause")).toHaveLength(1);
  });

  it("flags a 7-point trend (6 rises in a row)", () => {
    // Hand: mean 161.5/15, MR̄ 20/14, limits 6.97–14.57, 2σ lines 8.23–13.30; no run of 7.
    const values = [10, 12, 10, 12, 10, 12, 9, 9.5, 10, 10.5, 11, 11.5, 12, 10, 12];
    const chart = xmrChart(values);
    expect(chart.signals).toEqual([
      ...new Array(6).fill("common-cause"),
      ...new Array(7).fill("trend"),
      "common-cause",
      "common-cause",
    ]);
    expect(chart.sides[6]).toBe("high");
  });

  it("flags two of three beyond 2σ on the same side, with a fixed baseline", () => {
    // Baseline of 8: mean 10.5, MR̄ 1 → limits 7.84–13.16, 2σ lines 8.7267–12.2733.
    const values = [10, 11, 10, 11, 10, 11, 10, 11, 12.5, 10.6, 12.6, 10.4, 10.6, 10.4];
    const chart = xmrChart(values, { baseline: 8 });
    expect(chart.mean).toBe(10.5);
    expectClose(chart.upperNearLimit, 10.5 + (2 * 2.66) / 3, 15);
    expect(chart.trialLimits).toBe(true);
    expect(chart.pointsInBaseline).toBe(8);
    const flagged = chart.signals.flatMap((s, i) => (s === "common-cause" ? [] : [[i, s]]));
    expect(flagged).toEqual([
      [8, "two-of-three"],
      [10, "two-of-three"],
    ]);
  });

  // NHSRplotthedots' two-in-three rule (R/ptd_calculate_point_type.R and its tests): a window of
  // three counts when ≥ 2 points are between a 2σ line and the process limit AND all three lie on
  // one side of the mean; only those close points are flagged. Baseline of 12 alternating 10/12:
  // mean 11, MR̄ 2, limits 5.68–16.32, 2σ lines 7.453–14.547.
  const base = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12];
  const flaggedAfterBase = (tail: number[]) => {
    const chart = xmrChart([...base, ...tail], { baseline: 12 });
    expect(chart.signals.slice(0, 12).every((s) => s === "common-cause")).toBe(true);
    return chart.signals.slice(12);
  };

  it("two in three: flags the close points of a same-side window, not the point between them", () => {
    // As ptd_part_of_two_in_three(c(0, 0, 1, 0, 1, 0, 0)) → the two close points only.
    expect(flaggedAfterBase([10, 15, 12, 15, 10])).toEqual([
      "common-cause",
      "two-of-three",
      "common-cause",
      "two-of-three",
      "common-cause",
    ]);
    // As c(1, 0, 0, 1): two close points three apart are never in one window.
    expect(flaggedAfterBase([15, 12, 12, 15, 10])).toEqual(new Array(5).fill("common-cause"));
    // As c(1, 0, 0, 1, 1): only the last two.
    expect(flaggedAfterBase([15, 12, 12, 15, 15, 10])).toEqual([
      ...new Array(3).fill("common-cause"),
      "two-of-three",
      "two-of-three",
      "common-cause",
    ]);
  });

  it("two in three: all three points on one side of the mean, and points beyond the limits ignored", () => {
    // 15, 10, 15: two close points, but the middle one is below the mean → no signal.
    expect(flaggedAfterBase([10, 15, 10, 15, 10])).toEqual(new Array(5).fill("common-cause"));
    // 17 is beyond the process limit (outside-limits), so the window 17, 15, 12 has one close point.
    expect(flaggedAfterBase([10, 17, 15, 12, 10])).toEqual([
      "common-cause",
      "outside-limits",
      "common-cause",
      "common-cause",
      "common-cause",
    ]);
    // Low side: 7, 10.5, 7 (10.5 < 11, all below) → both 7s.
    expect(flaggedAfterBase([12, 7, 10.5, 7, 12])).toEqual([
      "common-cause",
      "two-of-three",
      "common-cause",
      "two-of-three",
      "common-cause",
    ]);
  });

  it("rebases at breaks: limits per phase, rules never span a break", () => {
    // A collapse after 12 stable months, then 12 recovered months at a lower level.
    const before = [100, 102, 99, 101, 100, 103, 98, 100, 101, 99, 102, 100];
    const after = [60, 62, 59, 61, 60, 63, 58, 60, 61, 59, 62, 60];
    const single = xmrChart([...before, ...after]);
    expect(single.signals.filter((s) => s !== "common-cause").length).toBeGreaterThan(20);
    const phased = xmrPhases([...before, ...after], [12]);
    expect(phased.phases.map((p) => [p.start, p.end])).toEqual([
      [0, 11],
      [12, 23],
    ]);
    expectClose(phased.phases[0]!.mean, 1205 / 12, 14);
    expectClose(phased.phases[1]!.mean, 725 / 12, 14);
    // MR̄ of the first phase: |Δ| = 2,3,2,1,3,5,2,1,2,3,2 → 26/11; limits mean ± 2.66 × MR̄.
    expectClose(phased.phases[0]!.upperLimit, 1205 / 12 + (2.66 * 26) / 11, 13);
    expect(phased.signals.every((s) => s === "common-cause")).toBe(true);
    expect(phased.phaseOf.slice(10, 14)).toEqual([0, 0, 1, 1]);
    // A break leaving one point merges it into the phase before.
    expect(xmrPhases([1, 2, 1, 2, 5], [4]).phases.map((p) => [p.start, p.end])).toEqual([[0, 4]]);
  });

  it("flags runs of 7 on one side of the mean", () => {
    // Hand: mean 146/14 = 10.43, MR̄ 14/13, 2σ lines 8.52–12.34: only the run rule applies.
    const chart = xmrChart([9, 10, 9, 10, 9, 10, 9, 11, 12, 11, 12, 11, 12, 11]);
    expect(chart.signals.every((s) => s === "run")).toBe(true);
    expect(chart.sides).toEqual([...new Array(7).fill("low"), ...new Array(7).fill("high")]);
  });

  it("applies the rules in order of precedence", () => {
    // Baseline limits 7.84–13.16; 9 → 14 rises 6 times; 14 is outside; 12.5 and 13 are also
    // beyond 2σ, but the trend outranks two-in-three.
    const chart = xmrChart([10, 11, 10, 11, 10, 11, 10, 11, 9, 10, 11, 12, 12.5, 13, 14], {
      baseline: 8,
    });
    expect(chart.signals.slice(8)).toEqual([...new Array(6).fill("trend"), "outside-limits"]);
    expect(chart.signals.slice(0, 8).every((s) => s === "common-cause")).toBe(true);
  });

  it("needs at least two points", () => {
    expect(() => xmrChart([3])).toThrow("an XmR chart needs a baseline of 2 to 1 points, got 1");
    expect(() => xmrChart([1, 2, 3], { baseline: 5 })).toThrow(
      "an XmR chart needs a baseline of 2 to 3 points, got 5",
    );
  });
});

describe("Fingertips recent trend", () => {
  it("uses χ²₁ at 99.8% = 9.549535706083237 (TrendMarkerCalculator.ChiSquareConfidence)", () => {
    expectClose(TREND_CRITICAL_998, 9.549535706083237, 14);
  });

  const series = [
    [10.0, 9.5, 10.5],
    [10.4, 9.9, 10.9],
    [10.9, 10.3, 11.5],
    [11.1, 10.6, 11.6],
    [11.8, 11.2, 12.4],
    [12.3, 11.7, 12.9],
  ].map(([value, lower95, upper95]) => ({ value: value!, lower95: lower95!, upper95: upper95! }));

  it("tests the weighted slope of the last five points", () => {
    // numpy weighted least squares (β = (XᵀWX)⁻¹XᵀWy, var = (XᵀWX)⁻¹₂₂) on the last 5 points,
    // SE = (upper − lower)/3.92: slope 0.46606683203070204, χ² 26.95393883595508.
    const trend = recentTrend(series);
    expectClose(trend.slope, 0.46606683203070204, 13);
    expectClose(trend.chiSquare, 26.95393883595508, 13);
    expect(trend.consistent).toBe(true);
    expect(trend.pointsUsed).toBe(5);
    expect(trend.marker).toBe("increasing");
    const falling = recentTrend([...series].reverse());
    expect(falling.marker).toBe("decreasing");
  });

  it("ignores a significant slope that one point alone creates", () => {
    const spike = [10.2, 10, 10.1, 9.9, 30].map((value) => ({
      value,
      lower95: value - 0.2,
      upper95: value + 0.2,
    }));
    const trend = recentTrend(spike);
    expect(trend.chiSquare).toBeGreaterThan(TREND_CRITICAL_998);
    expect(trend.consistent).toBe(false);
    expect(trend.marker).toBe("no-significant-change");
  });

  it("needs five usable points", () => {
    expect(recentTrend(series.slice(0, 4))).toEqual({
      marker: "cannot-be-calculated",
      slope: null,
      chiSquare: null,
      consistent: false,
      pointsUsed: 4,
    });
    const wide = series.map((p) => ({ ...p, lower95: p.value - 5, upper95: p.value + 5 }));
    expect(recentTrend(wide).marker).toBe("no-significant-change");
  });
});
