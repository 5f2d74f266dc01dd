import { describe, expect, it } from "vitest";

import { createRandom, hashString, mixSeed } from "../../src/demo/random.ts";

describe("createRandom (mulberry32)", () => {
  it("reproduces mulberry32's sequence (values computed independently in Python)", () => {
    const r = createRandom(1);
    const got = Array.from({ length: 5 }, () => r.next());
    const expected = [
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741,
      0.9683778982143849,
    ];
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 15));
    const r2 = createRandom(12345);
    expect(r2.next()).toBeCloseTo(0.9797282677609473, 15);
    expect(r2.next()).toBeCloseTo(0.3067522644996643, 15);
  });

  it("gives the same stream for the same seed and another for another seed", () => {
    const a = createRandom(mixSeed(7, 2021));
    const b = createRandom(mixSeed(7, 2021));
    const c = createRandom(mixSeed(8, 2021));
    const sa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa);
  });

  it.each([0.3, 4, 25, 400, 12000])("draws Poisson counts with mean and variance %d", (mean) => {
    const r = createRandom(99);
    const n = 20000;
    let sum = 0;
    let sq = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const k = r.poisson(mean);
      if (!Number.isInteger(k) || k < 0) bad++;
      sum += k;
      sq += k * k;
    }
    expect(bad).toBe(0);
    const m = sum / n;
    const variance = sq / n - m * m;
    // Standard error of the mean is sqrt(mean / n); allow 5 of them, and 10% on the variance.
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
    expect(variance / mean).toBeGreaterThan(0.9);
    expect(variance / mean).toBeLessThan(1.1);
  });

  it("hashes strings to distinct 32-bit seeds", () => {
    expect(hashString("03R")).not.toBe(hashString("15F"));
    expect(hashString("03R")).toBe(hashString("03R"));
    expect(hashString("03R")).toBeLessThan(2 ** 32);
  });
});
