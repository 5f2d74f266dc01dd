import { describe, expect, it } from "vitest";

import { mean, meanWithIntervals, sampleStandardDeviation } from "../../src/stats/mean.ts";
import { quantile, quantiles, quantileSorted } from "../../src/stats/quantiles.ts";

import { expectClose } from "./close.ts";

describe("type-7 quantiles", () => {
  it("interpolates between order statistics like R's default", () => {
    // By hand (numpy's default "linear" method, = R type 7, agrees): h = (n − 1)p;
    // [1, 4, 7, 10] at 0.95: h = 2.85 → 7 + 0.85 × 3 = 9.55; 1:5 at 0.05/0.95 → 1.2 and 4.8.
    expect(quantile([10, 1, 4, 7], 0.95)).toBeCloseTo(9.55, 14);
    const [p5, p95] = quantiles([5, 4, 3, 2, 1], [0.05, 0.95]);
    expect(p5).toBeCloseTo(1.2, 14);
    expect(p95).toBeCloseTo(4.8, 14);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([7], 0.3)).toBe(7);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
  });

  it("does not modify its input and rejects empty lists", () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
    expect(() => quantile([], 0.5)).toThrow("quantile of an empty list");
    expect(() => quantile([1], 1.5)).toThrow("quantile probability must be in [0, 1], got 1.5");
  });
});

describe("mean with a t interval", () => {
  // PHEindicatormethods testdata_Mean.xlsx, Area1 (statistical-methods §9.4).
  const area1 = [33.09375, 48.38596, 64.83495, 67.98475, 22.93556, 71.23587, 38.78465, 82.37927];

  it("reproduces phe_mean", () => {
    const m = meanWithIntervals(area1);
    expect(m.n).toBe(8);
    expectClose(m.mean, 53.704345, 14);
    expectClose(m.sd, 20.975575257709309, 13);
    expectClose(m.lower95, 36.168325241336504, 13);
    expectClose(m.upper95, 71.240364758663517, 13);
    expectClose(m.lower998, 18.216705294788838, 12);
    expectClose(m.upper998, 89.191984705211183, 12);
  });

  it("has the basic summaries", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expectClose(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]), 2.138089935299395, 15);
    expect(() => meanWithIntervals([1])).toThrow("need at least 2 values, got 1");
  });
});
