import { describe, expect, it } from "vitest";

import {
  byarsInterval,
  exactPoissonInterval,
  poissonInterval,
  poissonRate,
  rateInterval,
} from "../../src/stats/poisson.ts";

import { expectClose } from "./close.ts";

describe("Poisson intervals for a count", () => {
  // PHEindicatormethods tests/testthat/testdata_Byars_Wilson.xlsx (statistical-methods §9.1).
  it.each([
    [65, 0.95, 50.163187710459454, 82.849138545939837],
    [1045, 0.95, 982.59320180733255, 1110.3312129856499],
    [65, 0.998, 42.880261471480203, 94.000290844318016],
    [1045, 0.998, 947.94070356103737, 1148.8061609880331],
    [10, 0.998, 2.916318374695686, 24.193724927880535],
  ])("count %s at %s → [%s, %s]", (count, confidence, lower, upper) => {
    const interval = poissonInterval(count, confidence);
    expectClose(interval.lower, lower, 13);
    expectClose(interval.upper, upper, 13);
  });

  it("uses the exact interval below 10 and Byar's from 10", () => {
    // §9.1: x = 1 by Byar's would be [0.013072, 5.56376]; phe_rate uses exact: [0.0253178, 5.5716434].
    expect(byarsInterval(1, 0.95).lower).toBeCloseTo(0.013072, 6);
    expect(byarsInterval(1, 0.95).upper).toBeCloseTo(5.56376, 5);
    expect(poissonInterval(1, 0.95)).toEqual(exactPoissonInterval(1, 0.95));
    expect(poissonInterval(9, 0.95)).toEqual(exactPoissonInterval(9, 0.95));
    expect(poissonInterval(10, 0.95)).toEqual(byarsInterval(10, 0.95));
  });

  it("gives a zero count a zero lower limit and upper −ln(α/2)", () => {
    const interval = exactPoissonInterval(0, 0.95);
    expect(interval.lower).toBe(0);
    expectClose(interval.upper, -Math.log(0.025), 14);
  });

  it("works at any confidence level (90%: exact limits by the χ² definition)", () => {
    // χ²₀.₀₅(8)/2 and χ²₀.₉₅(10)/2 from scipy 1.17.1 stats.chi2.ppf.
    const interval = poissonInterval(4, 0.9);
    expectClose(interval.lower, 2.732636793499662 / 2, 12);
    expectClose(interval.upper, 18.307038053275146 / 2, 13);
  });

  it("rejects negative or non-finite counts", () => {
    expect(() => poissonInterval(-3, 0.95)).toThrow("invalid count: -3");
    expect(() => poissonInterval(Number.NaN, 0.95)).toThrow("invalid count: NaN");
  });
});

describe("crude rates", () => {
  // PHEindicatormethods tests/testthat/testdata_Rate.xlsx, per 100,000 (statistical-methods §9.3).
  it.each([
    [
      1,
      100,
      1000,
      25.317807984289896,
      5571.6433909388979,
      1.0005003335835343,
      9233.4134764515857,
      "exact",
    ],
    [
      5,
      100,
      5000,
      1623.4863901184199,
      11668.332079322669,
      739.37173191783893,
      16454.745203680104,
      "exact",
    ],
    [
      20,
      100,
      20000,
      12211.428834875936,
      30889.880369197064,
      8922.8023651441927,
      38085.035625041914,
      "byars",
    ],
    [
      222,
      3215,
      6905.1321928460338,
      6026.5748776526743,
      7875.7293708718507,
      5560.7376952598534,
      8461.0466817334109,
      "byars",
    ],
    [
      7776456,
      7564336677,
      102.80420256339154,
      102.73196005302074,
      102.87648334092832,
      102.690317308454,
      102.91817639509068,
      "byars",
    ],
    [
      250,
      220,
      113636.36363636365,
      99984.947385328764,
      128631.14487455782,
      92710.005544389525,
      137651.23772147458,
      "byars",
    ],
  ])("%s / %s", (count, population, value, l95, u95, l998, u998, method) => {
    const rate = poissonRate(count, population, { multiplier: 1e5 });
    expectClose(rate.rate, value, 14);
    expectClose(rate.lower95, l95, 12);
    expectClose(rate.upper95, u95, 12);
    expectClose(rate.lower998, l998, 12);
    expectClose(rate.upper998, u998, 12);
    expect(rate.method).toBe(method);
    expect(rate.count).toBe(count);
    expect(rate.population).toBe(population);
  });

  it("gives one interval at a chosen level", () => {
    const r = rateInterval(222, 3215, { confidence: 0.998, multiplier: 1e5 });
    expectClose(r.lower, 5560.7376952598534, 12);
    expectClose(r.upper, 8461.0466817334109, 12);
    expect(r.method).toBe("byars");
  });

  it("rejects a zero or negative population", () => {
    expect(() => poissonRate(3, 0)).toThrow("invalid population: 0");
    expect(() => poissonRate(3, -3)).toThrow("invalid population: -3");
  });
});
