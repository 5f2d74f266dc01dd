import { describe, expect, it } from "vitest";

import {
  chiSquareHeterogeneity,
  coefficientOfVariation,
  extremalQuotient,
  percentileRatio,
  spread,
  systematicComponentOfVariation,
  topToBottomRatio,
  trimmedExtremalQuotient,
  weightedCoefficientOfVariation,
} from "../../src/stats/variation.ts";

import { expectClose } from "./close.ts";

describe("variation statistics", () => {
  it("computes each statistic on small hand-checkable data", () => {
    expect(extremalQuotient([2, 5, 8])).toBe(4);
    expect(percentileRatio([1, 2, 3, 4, 5])).toBeCloseTo(4.8 / 1.2, 14);
    expect(trimmedExtremalQuotient([1, 2, 3, 4, 100], 1)).toBe(2);
    expectClose(
      coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9]),
      (100 * 2.138089935299395) / 5,
      14,
    );
    expect(weightedCoefficientOfVariation([1, 3], [1, 1])).toBe(50);
    // Hand: ((10 − 20)/20)² + ((30 − 20)/20)² − 2/20 = 0.4; × 100 / 2 = 20.
    expectClose(systematicComponentOfVariation([10, 30], [20, 20]), 20, 14);
    const chi = chiSquareHeterogeneity([10, 30], [20, 20]);
    expect(chi?.statistic).toBe(10);
    expect(chi?.df).toBe(1);
    expectClose(chi?.pValue, 0.001565402258002549, 12); // scipy chi2.sf(10, 1)
    expect(topToBottomRatio([1, 2, 3, 9], 2)).toBe(6);
  });

  it("returns null where a statistic is undefined", () => {
    expect(extremalQuotient([3])).toBeNull();
    expect(extremalQuotient([0, 3])).toBeNull();
    expect(percentileRatio([0, 0, 0, 5])).toBeNull();
    expect(
      trimmedExtremalQuotient(
        new Array(11).fill(1).map((v, i) => v + i),
        5,
      ),
    ).toBeNull();
    expect(coefficientOfVariation([4])).toBeNull();
    expect(topToBottomRatio(new Array(10).fill(1), 10)).toBeNull();
    expect(chiSquareHeterogeneity([3], [3])).toBeNull();
  });

  it("gives the whole Spread for areas (independent numpy computation)", () => {
    // numpy 2 / scipy 1.17.1: rates = count/population, np.quantile type 7, np.std(ddof=1),
    // E = population × pooled rate; see the funnel tests for the same 12 areas.
    const counts = [30, 45, 52, 61, 70, 85, 90, 120, 140, 160, 200, 420];
    const populations = [
      10000, 12000, 15000, 14000, 20000, 18000, 25000, 22000, 30000, 28000, 40000, 45000,
    ];
    const s = spread({ counts, populations });
    expectClose(s.eq, 3.111111111111111, 14);
    expectClose(s.eq5to95, 2.254715601696154, 13);
    expectClose(s.eqTrim5, 1.0710382513661203, 14);
    expectClose(s.cv, 35.74938805642529, 13);
    expectClose(s.cvWeighted, 36.578904085525586, 13);
    expectClose(s.scv, 9.494877582608142, 12);
    expectClose(s.chiSquare?.statistic, 197.08978980964721, 12);
    expect(s.chiSquare?.df).toBe(11);
    expectClose(s.chiSquare?.pValue, 2.9859016518915956e-36, 9);
    expectClose(s.topToBottomTenRatio, 2.248061880788073, 13);
  });

  it("rejects mismatched input", () => {
    expect(() => spread({ counts: [1, 2], populations: [3] })).toThrow(
      "2 counts but 1 populations",
    );
    expect(() => spread({ counts: [1], populations: [0] })).toThrow("invalid population: 0");
  });
});
