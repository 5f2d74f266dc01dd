import { describe, expect, it } from "vitest";

import {
  chooseAdjustment,
  dispersionFactor,
  dispersionTest,
  tau2,
  winsorise,
} from "../../src/stats/overdispersion.ts";

import { expectClose } from "./close.ts";

describe("over-dispersion", () => {
  const z = [-9, 0, 1, 2, 3, 4, 5, 6, 7, 30];

  it("winsorises at the 10th and 90th type-7 percentiles", () => {
    // Hand: h = 9 × 0.1 = 0.9 → −9 + 0.9 × 9 = −0.9; h = 8.1 → 7 + 0.1 × 23 = 9.3 (numpy agrees).
    const w = winsorise(z, 0.1);
    expect(w[0]).toBeCloseTo(-0.9, 14);
    expect(w[9]).toBeCloseTo(9.3, 13);
    expect(w.slice(1, 9)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(winsorise(z, 0)).toEqual(z);
    expect(() => winsorise(z, 0.5)).toThrow("trim must be in [0, 0.5), got 0.5");
  });

  it("computes φ as the mean squared winsorised z", () => {
    // (0.81 + 0 + 1 + 4 + 9 + 16 + 25 + 36 + 49 + 86.49)/10 = 22.73
    expectClose(dispersionFactor(z, 0.1), 22.73, 13);
    expect(dispersionFactor([1, -1, 2, -2], 0)).toBe(2.5);
  });

  it("tests nφ on n − 1 df", () => {
    const test = dispersionTest(2, 30);
    expect(test.statistic).toBe(60);
    expect(test.df).toBe(29);
    expectClose(test.pValue, 0.0006176559733061958, 12); // scipy chi2.sf(60, 29)
    expect(() => dispersionTest(2, 1)).toThrow("dispersion test needs at least 2 areas, got 1");
  });

  it("computes the DerSimonian–Laird τ²", () => {
    // Hand: (4 × 2 − 3)/(16 − 64/16) = 5/12.
    expectClose(tau2(2, [4, 4, 4, 4]), 5 / 12, 15);
    // Hand: w = [1, 3], Σw = 4, Σw² = 10: (2 × 3 − 1)/(4 − 2.5) = 10/3.
    expectClose(tau2(3, [1, 3]), 10 / 3, 15);
    expect(tau2(0.5, [4, 4, 4, 4])).toBe(0);
  });

  it("chooses none, multiplicative or additive by the documented rule", () => {
    expect(chooseAdjustment({ phi: 1.1, tau2: 0, n: 100 }).adjustment).toBe("none");
    expect(chooseAdjustment({ phi: 3, tau2: 0.2, n: 9 }).adjustment).toBe("multiplicative");
    expect(chooseAdjustment({ phi: 3, tau2: 0.2, n: 10 }).adjustment).toBe("additive");
    expect(chooseAdjustment({ phi: 3, tau2: 0.2, n: 1 })).toEqual({
      adjustment: "none",
      reason: "none: fewer than 2 areas to test",
      test: null,
    });
  });
});
