import { describe, expect, it } from "vitest";

import { chiSquaredSurvival } from "../../src/stats/distributions.ts";
import { createRandom, normalSample, poissonSample } from "../../src/stats/random.ts";
import {
  orderStatisticIndices,
  rankDescending,
  rankIntervals,
  rankScratch,
  tallyRanks,
} from "../../src/stats/ranks.ts";

function draws(mean: number, n: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => poissonSample(random, mean));
}

describe("seeded random numbers", () => {
  it("repeats with the same seed and differs with another", () => {
    const a = createRandom(2024);
    const b = createRandom(2024);
    const c = createRandom(2025);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it("is uniform on [0, 1)", () => {
    const random = createRandom(7);
    const values = Array.from({ length: 100_000 }, () => random());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(m - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / values.length));
    // Ten equal bins: Pearson χ² on 9 df should not be extreme.
    const bins = new Array(10).fill(0);
    for (const v of values) bins[Math.floor(v * 10)] += 1;
    const chi = bins.reduce((s, o) => s + (o - 10_000) ** 2 / 10_000, 0);
    expect(chiSquaredSurvival(chi, 9)).toBeGreaterThan(0.001);
  });
});

describe("Poisson sampler", () => {
  it.each([0.7, 4, 10, 37.5, 15000])("has mean and variance μ for μ = %s", (mu) => {
    const n = 100_000;
    const x = draws(mu, n, 99);
    const m = x.reduce((s, v) => s + v, 0) / n;
    const v = x.reduce((s, k) => s + (k - m) ** 2, 0) / (n - 1);
    expect(x.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
    expect(Math.abs(m - mu)).toBeLessThan(5 * Math.sqrt(mu / n));
    // SE of the sample variance of a Poisson: √((μ + 2μ²)/n).
    expect(Math.abs(v - mu)).toBeLessThan(5 * Math.sqrt((mu + 2 * mu * mu) / n));
  });

  it.each([
    [4, 1],
    [25, 2],
  ])("matches the Poisson pmf for μ = %s (inversion / PTRS)", (mu, seed) => {
    const n = 200_000;
    const x = draws(mu, n, seed);
    // pmf by the recurrence p₀ = e^−μ, p_k = p_{k−1}·μ/k; bins with expected ≥ 5, tails pooled.
    const pmf = [Math.exp(-mu)];
    for (let k = 1; k < 4 * mu + 30; k++) pmf.push(((pmf[k - 1] as number) * mu) / k);
    const lo = pmf.findIndex((p) => p * n >= 5);
    const hi = pmf.length - 1 - [...pmf].reverse().findIndex((p) => p * n >= 5);
    const observed = new Array(hi - lo + 1).fill(0);
    for (const k of x) observed[Math.min(hi, Math.max(lo, k)) - lo] += 1;
    const expected = observed.map((_, i) => {
      const k = i + lo;
      if (k === lo) return pmf.slice(0, lo + 1).reduce((s, p) => s + p, 0) * n;
      if (k === hi) return (1 - pmf.slice(0, hi).reduce((s, p) => s + p, 0)) * n;
      return (pmf[k] as number) * n;
    });
    const chi = observed.reduce(
      (s, o, i) => s + (o - (expected[i] as number)) ** 2 / (expected[i] as number),
      0,
    );
    expect(chiSquaredSurvival(chi, observed.length - 1)).toBeGreaterThan(0.001);
  });

  it("returns 0 for mean 0 and rejects a negative mean", () => {
    expect(poissonSample(createRandom(1), 0)).toBe(0);
    expect(() => poissonSample(createRandom(1), -1)).toThrow("invalid Poisson mean: -1");
  });
});

describe("ranks", () => {
  it("ranks 1 = highest with ties sharing the smaller rank", () => {
    expect(rankDescending([5, 9, 9, 1])).toEqual([3, 1, 1, 4]);
    expect(rankDescending([2, 2, 2])).toEqual([1, 1, 1]);
    expect(rankDescending([1, 3, 3, 2, 2, 0])).toEqual([5, 1, 1, 3, 3, 6]);
    expect(rankDescending([])).toEqual([]);
  });

  const options = {
    counts: [5000, 4000, 3000, 3000, 100, 3005],
    populations: [100000, 100000, 100000, 100000, 100000, 100000],
    seed: 42,
  };

  it("simulates rank intervals reproducibly from the seed", () => {
    const a = rankIntervals(options);
    expect(rankIntervals(options)).toEqual(a);
    expect(a.map((r) => r.rank)).toEqual([1, 2, 4, 4, 6, 3]);
    // Clear leaders and the clear last are certain; the three near-equal areas share 3–5.
    expect(a[0]).toEqual({ rank: 1, lower: 1, upper: 1 });
    expect(a[1]).toEqual({ rank: 2, lower: 2, upper: 2 });
    expect(a[4]).toEqual({ rank: 6, lower: 6, upper: 6 });
    for (const i of [2, 3, 5]) {
      expect(a[i]?.lower).toBe(3);
      expect(a[i]?.upper).toBe(5);
    }
  });

  it("uses the inverse empirical CDF of the simulated ranks", () => {
    // Two areas with identical rates: each is rank 1 in about half the simulations, so the
    // 2.5% and 97.5% points are ranks 1 and 2.
    const twins = rankIntervals({
      counts: [400, 400],
      populations: [1000, 1000],
      seed: 3,
      simulations: 200,
    });
    expect(twins).toEqual([
      { rank: 1, lower: 1, upper: 2 },
      { rank: 1, lower: 1, upper: 2 },
    ]);
  });

  it("takes the 25th and 975th of 1,000 simulated ranks (not the 26th: 1 − 0.95 is 0.050000000000000044)", () => {
    expect(orderStatisticIndices(1000, 0.95)).toEqual({ lower: 24, upper: 974 });
    expect(orderStatisticIndices(1000, 0.9)).toEqual({ lower: 49, upper: 949 });
    expect(orderStatisticIndices(100, 0.95)).toEqual({ lower: 2, upper: 97 }); // ⌈2.5⌉, ⌈97.5⌉
    expect(orderStatisticIndices(200, 0.95)).toEqual({ lower: 4, upper: 194 });
    // The same simulation done by hand: the interval is the 25th and 975th sorted rank.
    const counts = [52, 50, 48, 47, 45];
    const populations = [1000, 1000, 1000, 1000, 1000];
    const random = createRandom(11);
    const sims: number[][] = counts.map(() => []);
    for (let s = 0; s < 1000; s++) {
      const ranks = rankDescending(
        counts.map((c, i) => poissonSample(random, c) / populations[i]!),
      );
      ranks.forEach((r, i) => sims[i]!.push(r));
    }
    const got = rankIntervals({ counts, populations, seed: 11 });
    got.forEach((r, i) => {
      const sorted = [...sims[i]!].sort((a, b) => a - b);
      expect([r.lower, r.upper]).toEqual([sorted[24], sorted[974]]);
    });
  });

  it("tallies exactly rankDescending's ranks, including rates the borrowed index bits would swap", () => {
    const ranksOf = (values: number[]): number[] => {
      const k = values.length;
      const tally = new Int32Array(k * (k + 1));
      tallyRanks(Float64Array.from(values), tally, rankScratch(k));
      return values.map((_, i) => {
        const row = [...tally.subarray(i * (k + 1), (i + 1) * (k + 1))];
        expect(row.reduce((a, b) => a + b, 0)).toBe(1);
        return row.indexOf(1);
      });
    };
    expect(ranksOf([5, 9, 9, 1])).toEqual([3, 1, 1, 4]);
    expect(ranksOf([7])).toEqual([1]);
    // 1 + 2⁻⁵² and 1 differ only in the lowest bit, which carries the index: read back swapped.
    const justAbove = 1 + 2 ** -52;
    expect(ranksOf([justAbove, 1])).toEqual([1, 2]);
    expect(ranksOf([1, justAbove, 1, 0, 0, justAbove])).toEqual([3, 1, 3, 5, 5, 1]);
    // Random rates with many ties, zeros and neighbouring doubles, against rankDescending.
    const random = createRandom(5);
    for (let trial = 0; trial < 300; trial++) {
      const k = 1 + Math.floor(random() * 40);
      const values = Array.from({ length: k }, () => {
        const u = random();
        if (u < 0.2) return 0;
        if (u < 0.4) return 1 + Math.floor(random() * 4) * 2 ** -52;
        return Math.floor(random() * 10) / 7;
      });
      expect(ranksOf(values)).toEqual(rankDescending(values));
    }
  });

  it("takes the same order statistics as sorting by hand under the random-effects model, ties included", () => {
    // Three areas with no events: every draw below 0 gives each a rate of exactly 0, so they tie
    // in about half the data sets and share the smaller rank.
    const counts = [0, 0, 0, 40, 44, 38, 52];
    const populations = [1000, 1200, 900, 1000, 1000, 1000, 1100];
    const target = 0.04;
    const tau2 = 0.02;
    const random = createRandom(9);
    const sims: number[][] = counts.map(() => []);
    for (let s = 0; s < 1000; s++) {
      const rates = counts.map((c, i) => {
        const expected = populations[i]! * target;
        const y = normalSample(
          random,
          Math.sqrt(c / expected),
          Math.sqrt(1 / (4 * expected) + tau2),
        );
        return target * Math.max(0, y) ** 2;
      });
      rankDescending(rates).forEach((r, i) => sims[i]!.push(r));
    }
    const got = rankIntervals({
      counts,
      populations,
      seed: 9,
      model: { method: "additive", target, tau2 },
    });
    expect(sims[0]!.filter((r, s) => r === sims[1]![s]).length).toBeGreaterThan(100);
    got.forEach((r, i) => {
      const sorted = [...sims[i]!].sort((a, b) => a - b);
      expect([r.lower, r.upper]).toEqual([sorted[24], sorted[974]]);
    });
  });

  it("simulates from the funnel's random-effects model when asked", () => {
    const base = { counts: [1200, 1000, 800], populations: [1e6, 1e6, 1e6], seed: 5 };
    // Poisson: 1,200 v 1,000 v 800 events are ~4 SD apart, so the order is certain.
    expect(rankIntervals(base).map((r) => [r.lower, r.upper])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    // Add a between-area variance τ² = 0.01 on the √(O/E) scale (SD 0.1 against gaps of ~0.1):
    // every area can take every rank.
    const additive = rankIntervals({
      ...base,
      model: { method: "additive", target: 0.001, tau2: 0.01 },
    });
    expect(additive.map((r) => [r.rank, r.lower, r.upper])).toEqual([
      [1, 1, 3],
      [2, 1, 3],
      [3, 1, 3],
    ]);
    // Multiplicative φ = 1 is the normal approximation to Poisson: certain again.
    const phi1 = rankIntervals({
      ...base,
      model: { method: "multiplicative", target: 0.001, phi: 1 },
    });
    expect(phi1.map((r) => [r.lower, r.upper])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it("rejects bad options", () => {
    expect(() => rankIntervals({ ...options, simulations: 0 })).toThrow(
      "invalid number of simulations: 0",
    );
    expect(() => rankIntervals({ ...options, populations: [1] })).toThrow(
      "6 counts but 1 populations",
    );
  });
});
