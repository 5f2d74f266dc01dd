import { describe, expect, it } from "vitest";

import { benchmark, compareWithReference, judge } from "../../src/stats/benchmark.ts";
import { poissonRate } from "../../src/stats/poisson.ts";

describe("benchmarking against a reference value", () => {
  it("is higher only when the lower limit is above the reference", () => {
    expect(compareWithReference({ lower: 5.01, upper: 6 }, 5)).toBe("higher");
    expect(compareWithReference({ lower: 5, upper: 6 }, 5)).toBe("similar");
    expect(compareWithReference({ lower: 4, upper: 4.99 }, 5)).toBe("lower");
    expect(compareWithReference({ lower: 4, upper: 5 }, 5)).toBe("similar");
    expect(compareWithReference({ lower: null, upper: 5 }, 5)).toBeNull();
  });

  it("applies polarity", () => {
    expect(judge("higher", "higher-is-better")).toBe("better");
    expect(judge("higher", "lower-is-better")).toBe("worse");
    expect(judge("lower", "lower-is-better")).toBe("better");
    expect(judge("lower", "higher-is-better")).toBe("worse");
    expect(judge("similar", "lower-is-better")).toBe("similar");
    expect(judge("higher", "none")).toBeNull();
  });

  it("compares at 95% and 99.8% together", () => {
    // 222/3215 per 100,000: 95% [6026.57, 7875.73], 99.8% [5560.74, 8461.05] (§9.3).
    const rate = poissonRate(222, 3215, { multiplier: 1e5 });
    expect(benchmark(rate, 5800, "lower-is-better")).toEqual({
      comparedAt95: "higher",
      comparedAt998: "similar",
      judgedAt95: "worse",
      judgedAt998: "similar",
    });
    expect(benchmark(rate, 8500)).toEqual({
      comparedAt95: "lower",
      comparedAt998: "lower",
      judgedAt95: null,
      judgedAt998: null,
    });
  });
});
