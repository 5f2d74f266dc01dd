import { describe, expect, it } from "vitest";

import { proportion, wilsonInterval } from "../../src/stats/wilson.ts";

import { expectClose } from "./close.ts";

describe("Wilson score intervals", () => {
  // PHEindicatormethods testdata_Byars_Wilson.xlsx and testdata_Proportion.xlsx (statistical-methods §9.2).
  it.each([
    [65, 100, 0.95, 0.55254443296887967, 0.73635751756902468],
    [1045, 5000, 0.95, 0.19795549880013297, 0.22049130373189027],
    [65, 100, 0.998, 0.49549465740704313, 0.77835406140896968],
    [1045, 5000, 0.998, 0.19179381799015244, 0.22731562902525818],
    [1, 100, 0.95, 0.0017674320641406511, 0.054486196178705294],
    [9856, 12345, 0.95, 0.79121017529090687, 0.80536400736149094],
    [222, 3215, 0.95, 0.060791690363636595, 0.078339566813836331],
  ])("%s / %s at %s → [%s, %s]", (x, n, confidence, lower, upper) => {
    const interval = wilsonInterval(x, n, confidence);
    expectClose(interval.lower, lower, 13);
    expectClose(interval.upper, upper, 13);
  });

  it("gives both levels scaled by the multiplier", () => {
    const p = proportion(65, 100, { multiplier: 100 });
    expect(p.value).toBe(65);
    expectClose(p.lower95, 55.25444329688797, 13);
    expectClose(p.upper998, 77.83540614089696, 13);
  });

  it("has limits 0 and z²/(n + z²) for zero successes", () => {
    const z2 = 1.959963984540054 ** 2;
    const interval = wilsonInterval(0, 50, 0.95);
    expect(interval.lower).toBe(0);
    expectClose(interval.upper, z2 / (50 + z2), 14);
  });

  it("rejects a numerator above the denominator", () => {
    expect(() => wilsonInterval(6, 5, 0.95)).toThrow("invalid numerator: 6 (denominator 5)");
    expect(() => wilsonInterval(1, 0, 0.95)).toThrow("invalid denominator: 0");
  });
});
