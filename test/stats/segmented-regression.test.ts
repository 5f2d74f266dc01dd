import { describe, expect, it } from "vitest";

import { segmentedRegression } from "../../src/stats/segmented-regression.ts";

describe("segmentedRegression (Wagner et al. 2002 segmented model)", () => {
  it("recovers an exact step change in level with no change in slope", () => {
    // Before: 1, 2, 3 (slope 1); the line predicts 4 at the break, observed 10: level change 6.
    const fit = segmentedRegression([1, 2, 3, 10, 11, 12], 3);
    expect(fit?.intercept).toBeCloseTo(1, 10);
    expect(fit?.slopeBefore).toBeCloseTo(1, 10);
    expect(fit?.levelChange).toBeCloseTo(6, 10);
    expect(fit?.slopeChange).toBeCloseTo(0, 10);
  });

  it("recovers an exact change in slope with no step", () => {
    const fit = segmentedRegression([5, 5, 5, 5, 5, 7, 9, 11], 4);
    expect(fit?.levelChange).toBeCloseTo(0, 10);
    expect(fit?.slopeChange).toBeCloseTo(2, 10);
  });

  it("gives intervals that contain the estimate, from the residuals on n − 4 df", () => {
    const values = [10, 11, 9, 10, 11, 10, 6, 5, 7, 6, 5, 6];
    const fit = segmentedRegression(values, 6);
    expect(fit).not.toBeNull();
    expect(fit!.levelChangeLower95).toBeLessThan(fit!.levelChange);
    expect(fit!.levelChangeUpper95).toBeGreaterThan(fit!.levelChange);
    expect(fit!.levelChangeUpper95).toBeLessThan(0);
    expect(fit!.n).toBe(12);
  });

  it("needs three points on each side", () => {
    expect(segmentedRegression([1, 2, 3, 4, 5], 2)).toBeNull();
    expect(segmentedRegression([1, 2, 3, 4, 5], 3)).toBeNull();
  });
});
