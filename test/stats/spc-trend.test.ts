import { describe, expect, it } from "vitest";

import { xmrChart } from "../../src/stats/spc.ts";
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
