import { describe, expect, it } from "vitest";

import { deprivationGradient, loadImdScores } from "../../src/analysis/deprivation.ts";
import type { AreaRate } from "../../src/analysis/types.ts";
import { quantileGroups, slopeIndex } from "../../src/stats/inequality.ts";

describe("deprivation quantiles (OHID / phe_quantile, highest value = 1)", () => {
  it("splits ten values into five pairs, the highest in quintile 1", () => {
    expect(quantileGroups([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it("gives 106 areas quintiles of 21 or 22 and keeps ties together", () => {
    const g = quantileGroups(Array.from({ length: 106 }, (_, i) => i));
    const sizes = [1, 2, 3, 4, 5].map((q) => g.filter((x) => x === q).length);
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(106);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(21);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(22);
    // Ties take the "min" rank: five 5s rank 6th → ⌊6 − ⌈5/2⌉⌋ = 3 → quintile 3; the 1s → 5.
    expect(quantileGroups([5, 5, 5, 5, 5, 1, 1, 1, 1, 1])).toEqual([3, 3, 3, 3, 3, 5, 5, 5, 5, 5]);
    expect(() => quantileGroups([1, 2, 3])).toThrow("5 quantiles need at least 5 values, got 3");
  });
});

describe("slope and relative index of inequality", () => {
  it("fits the population-weighted regression on the cumulative-population midpoint rank", () => {
    // Equal fifths: ranks 0.1 … 0.9, values 1 … 5 → Y = 0.5 + 5b: SII 5, RII (0.5 + 5)/0.5 = 11.
    const even = slopeIndex({
      values: [1, 2, 3, 4, 5],
      populations: [1, 1, 1, 1, 1],
      standardErrors: [0, 0, 0, 0, 0],
      simulations: 10,
    });
    expect(even.ranks.map((b) => Number(b.toFixed(12)))).toEqual([0.1, 0.3, 0.5, 0.7, 0.9]);
    expect(even.sii).toBeCloseTo(5, 12);
    expect(even.intercept).toBeCloseTo(0.5, 12);
    expect(even.rii).toBeCloseTo(11, 12);
    expect([even.siiLower, even.siiUpper]).toEqual([even.sii, even.sii]); // no uncertainty
    // Unequal populations, checked with numpy's weighted least squares (X'WX)⁻¹X'Wy:
    // slope −1.0968329520188405, intercept 4.347540819266863, RII 0.7477118680155825.
    const uneven = slopeIndex({
      values: [4.2, 4.0, 3.9, 3.6, 3.3],
      populations: [11e6, 12e6, 11.5e6, 11e6, 11.6e6],
      standardErrors: [0.1, 0.1, 0.1, 0.1, 0.1],
      seed: 3,
    });
    expect(uneven.sii).toBeCloseTo(-1.0968329520188405, 12);
    expect(uneven.intercept).toBeCloseTo(4.347540819266863, 12);
    expect(uneven.rii).toBeCloseTo(0.7477118680155825, 12);
    // Var(β) = Σa²(b − b̄)²σ² / (Σa(b − b̄)²)² ≈ 0.2 × 0.08 × 0.01 / 0.0064 = 0.025 (SE 0.158) for
    // near-equal fifths: the simulated 95% interval is about β ± 1.96 × 0.158 = β ± 0.31.
    expect(uneven.siiLower).toBeGreaterThan(-1.0968 - 0.37);
    expect(uneven.siiLower).toBeLessThan(-1.0968 - 0.25);
    expect(uneven.siiUpper).toBeGreaterThan(-1.0968 + 0.25);
    expect(uneven.siiUpper).toBeLessThan(-1.0968 + 0.37);
    expect(
      slopeIndex({
        ...uneven,
        values: [4.2, 4.0, 3.9, 3.6, 3.3],
        populations: [11e6, 12e6, 11.5e6, 11e6, 11.6e6],
        standardErrors: [0.1, 0.1, 0.1, 0.1, 0.1],
        seed: 3,
      }),
    ).toEqual(uneven);
  });
});

const area = (code: string, rate: number, population: number): AreaRate => ({
  code,
  name: code,
  icbCode: null,
  icbName: null,
  regionName: null,
  count: Math.round((rate * population) / 1000),
  population,
  rate,
  lower95: rate,
  upper95: rate,
  lower998: rate,
  upper998: rate,
  rank: 1,
  rankLower95: 1,
  rankUpper95: 1,
  funnelPosition: "within",
  comparedToEngland: "similar",
  comparedToEngland998: "similar",
  poissonComparedToEngland: "similar",
  poissonComparedToEngland998: "similar",
});

describe("deprivation gradient of areas", () => {
  it("groups areas by IMD quintile, with rates Σ counts ÷ Σ exposure and SEs from their spread", () => {
    // Ten areas, scores 10 … 100; rate falls with deprivation: more deprived, less treated.
    const scores = new Map(Array.from({ length: 10 }, (_, i) => [`A${i}`, 10 * (i + 1)]));
    const areas = Array.from({ length: 10 }, (_, i) =>
      area(`A${i}`, 3 + 0.1 * i, 100_000 * (1 + (i % 2))),
    );
    // Put a few more areas with no score: they are listed, not used.
    const g = deprivationGradient([...areas, area("X99", 9, 1000)], scores);
    expect(g).not.toBeNull();
    if (!g) return;
    expect(g.areasMatched).toBe(10);
    expect(g.areasUnmatched).toEqual(["X99"]);
    // Quintile 1 = scores 100 and 90 = A9 (rate 3.9, pop 200k) and A8 (3.8, 100k).
    const q1 = g.quintiles[0];
    expect(q1?.codes.sort()).toEqual(["A8", "A9"]);
    expect(q1?.rate).toBeCloseTo((3.9 * 200_000 + 3.8 * 100_000) / 300_000, 12);
    // SE: √(2/1 · Σ (pⱼ/P)²(rⱼ − r)²)
    const r = (3.9 * 2 + 3.8) / 3;
    const se = Math.sqrt(2 * ((2 / 3) ** 2 * (3.9 - r) ** 2 + (1 / 3) ** 2 * (3.8 - r) ** 2));
    expect(q1?.standardError).toBeCloseTo(se, 12);
    // Most deprived fifth treats more here, so the SII (least − most deprived) is negative.
    expect(g.sii).toBeLessThan(0);
    expect(g.quintiles.map((q) => q.label)).toEqual([
      "1 (most deprived)",
      "2",
      "3",
      "4",
      "5 (least deprived)",
    ]);
    expect(deprivationGradient(areas.slice(0, 9), scores)).toBeNull(); // fewer than 10 areas
  });

  it("ships IMD 2025 scores for the 106 sub-ICB locations (Wakefield 03R among them)", () => {
    const scores = loadImdScores();
    expect(scores.size).toBe(106);
    expect(scores.get("03R")).toBeGreaterThan(0);
    expect([...scores.values()].every((s) => s > 0 && s < 100)).toBe(true);
  });
});
