import { describe, expect, it } from "vitest";

import {
  chiSquaredCdf,
  chiSquaredQuantile,
  chiSquaredSurvival,
  confidenceZ,
  gammaQuantile,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from "../../src/stats/distributions.ts";
import { solveIncreasing } from "../../src/stats/root.ts";
import {
  logGamma,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from "../../src/stats/special.ts";

import { expectClose } from "./close.ts";

describe("chi-squared quantiles", () => {
  // Published anchors: χ²₁ 99.8% = Fingertips TrendMarkerCalculator.ChiSquareConfidence
  // (statistical-methods §9.9); the other two from the issue, re-verified with scipy.stats.chi2.ppf.
  it.each([
    [0.998, 1, 9.549535706083237],
    [0.025, 2, 0.05063561596857975],
    [0.975, 4, 11.143286781877793],
  ])("χ²(%s, %s) = %s", (p, df, expected) => {
    expectClose(chiSquaredQuantile(p, df), expected, 14);
  });

  // χ²(p, 2) = −2 ln(1 − p) in closed form.
  it.each([0.001, 0.3, 0.999])("matches the closed form for 2 df at p = %s", (p) => {
    expectClose(chiSquaredQuantile(p, 2), -2 * Math.log1p(-p), 14);
  });

  // scipy 1.17.1 stats.chi2.ppf: large and fractional degrees of freedom.
  it.each([
    [0.999, 2000, 2201.156196586629],
    [0.025, 200000, 198762.30532748945],
    [0.5, 0.2, 0.0011867822089204568],
  ])("χ²(%s, %s) = %s (scipy)", (p, df, expected) => {
    expectClose(chiSquaredQuantile(p, df), expected, 13);
  });

  it("inverts its own CDF and survival function", () => {
    for (const df of [1, 3, 17, 250]) {
      for (const p of [0.001, 0.025, 0.5, 0.975, 0.999]) {
        const x = chiSquaredQuantile(p, df);
        expectClose(p < 0.5 ? chiSquaredCdf(x, df) : 1 - chiSquaredSurvival(x, df), p, 13);
      }
    }
  });

  it("gives 0 and ∞ at the ends and rejects bad input", () => {
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(gammaQuantile(1, 3)).toBe(Infinity);
    expect(() => gammaQuantile(1.2, 3)).toThrow("probability must be in [0, 1], got 1.2");
    expect(() => gammaQuantile(0.5, 0)).toThrow("gamma shape must be > 0, got 0");
  });
});

describe("normal distribution", () => {
  // scipy 1.17.1 stats.norm.ppf / norm.cdf.
  it.each([
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
    [0.025, -1.959963984540054],
    [1e-10, -6.361340902404056],
    [1e-300, -37.0470962993612],
    [0.3, -0.5244005127080409],
  ])("Φ⁻¹(%s) = %s", (p, expected) => {
    expectClose(normalQuantile(p), expected, 15);
  });

  it.each([
    [-3, 0.0013498980316300933],
    [-10, 7.61985302416047e-24],
    [0.5, 0.6914624612740131],
    [2, 0.9772498680518208],
  ])("Φ(%s) = %s", (x, expected) => {
    expectClose(normalCdf(x), expected, 14);
  });

  it("turns a confidence level into z", () => {
    expectClose(confidenceZ(0.95), 1.959963984540054, 15);
    expectClose(confidenceZ(0.998), 3.090232306167813, 15);
    expect(() => confidenceZ(95)).toThrow("confidence must be a proportion in (0, 1), got 95");
  });
});

describe("Student's t", () => {
  // scipy 1.17.1 stats.t.ppf.
  it.each([
    [0.975, 7, 2.364624251592784],
    [0.999, 7, 4.785289628638333],
    [0.975, 1, 12.706204736174694],
    [0.6, 3, 0.2766706623326898],
    [0.025, 7, -2.364624251592784],
  ])("t(%s, %s) = %s", (p, df, expected) => {
    expectClose(studentTQuantile(p, df), expected, 13);
  });

  it("inverts its CDF", () => {
    expectClose(studentTCdf(studentTQuantile(0.9, 12), 12), 0.9, 13);
    expect(studentTQuantile(0.5, 4)).toBe(0);
  });
});

describe("special functions", () => {
  // scipy 1.17.1 special.gammaln / gammainc / gammaincc.
  it.each([
    [0.1, 2.252712651734206],
    [1.5, -0.12078223763524526],
    [7.3, 7.147892523022249],
    [100.5, 361.43554046777757],
    [1e6, 12815504.569147611],
  ])("lnΓ(%s) = %s", (x, expected) => {
    expectClose(logGamma(x), expected, 14);
  });

  it.each([
    [0.5, 0.1, 0.34527915398142317],
    [5, 3, 0.18473675547622787],
    [1e4, 1e4 + 50, 0.6923424407025657],
    [1e5, 1e5 - 900, 0.0021614938932147483],
  ])("P(%s, %s) = %s", (a, x, expected) => {
    expectClose(regularizedGammaP(a, x), expected, 12);
  });

  it.each([
    [0.5, 10, 7.744216431044088e-6],
    [5, 30, 3.6243009520614924e-9],
    [1e4, 1e4 + 400, 3.8880170573988264e-5],
  ])("Q(%s, %s) = %s", (a, x, expected) => {
    expectClose(regularizedGammaQ(a, x), expected, 12);
  });

  it("regularised incomplete beta: I_x(1, 1) = x and I_x(2, 2) = 3x² − 2x³", () => {
    expectClose(regularizedBeta(0.3, 1, 1), 0.3, 14);
    expectClose(regularizedBeta(0.3, 2, 2), 3 * 0.09 - 2 * 0.027, 14);
  });
});

describe("solveIncreasing", () => {
  it("finds √2 and survives a start far outside the bracket", () => {
    const f = (x: number) => x * x - 2;
    const derivative = (x: number) => 2 * x;
    expectClose(solveIncreasing({ f, derivative, lower: 0, upper: 2 }), Math.SQRT2, 15);
    expectClose(solveIncreasing({ f, derivative, lower: 0, upper: 2, start: 1e9 }), Math.SQRT2, 15);
  });

  it("falls back to bisection when the derivative is useless", () => {
    const root = solveIncreasing({
      f: (x) => Math.cbrt(x - 1),
      derivative: () => 0,
      lower: -5,
      upper: 5,
    });
    expect(root).toBeCloseTo(1, 12);
  });
});
