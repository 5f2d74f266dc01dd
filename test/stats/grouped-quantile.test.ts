import { describe, expect, it } from "vitest";

import { groupedQuantile } from "../../src/stats/grouped-quantile.ts";

describe("grouped-data quantiles (waiting-time week bands)", () => {
  const bands = [
    { lower: 0, upper: 18, count: 900 },
    { lower: 18, upper: 52, count: 80 },
    { lower: 52, upper: null, count: 20 },
  ];

  it("interpolates within the band holding p·N", () => {
    // Hand: median at 500 of 1000 → 500/900 × 18 = 10 weeks; 92nd percentile at 920 → 18 + 20/80 × 34.
    expect(groupedQuantile(bands, 0.5)).toBe(10);
    expect(groupedQuantile(bands, 0.92)).toBe(26.5);
    expect(groupedQuantile(bands, 0.98)).toBe(52);
    expect(
      groupedQuantile(
        [
          { lower: 0, upper: 1, count: 10 },
          { lower: 1, upper: 2, count: 10 },
        ],
        0.5,
      ),
    ).toBe(1);
  });

  it("returns null (or the band start if asked) in the open top band", () => {
    expect(groupedQuantile(bands, 0.99)).toBeNull();
    expect(groupedQuantile(bands, 0.99, { openBand: "start" })).toBe(52);
  });

  it("returns null for no patients and skips empty bands", () => {
    expect(
      groupedQuantile(
        [
          { lower: 0, upper: 1, count: 0 },
          { lower: 1, upper: null, count: 0 },
        ],
        0.5,
      ),
    ).toBeNull();
    expect(groupedQuantile([], 0.5)).toBeNull();
    const gap = [
      { lower: 0, upper: 1, count: 0 },
      { lower: 1, upper: 2, count: 10 },
      { lower: 2, upper: 3, count: 0 },
      { lower: 3, upper: 4, count: 10 },
    ];
    expect(groupedQuantile(gap, 0)).toBe(1);
    expect(groupedQuantile(gap, 0.5)).toBe(2);
    expect(groupedQuantile(gap, 0.75)).toBe(3.5);
  });

  it("rejects malformed bands", () => {
    expect(() =>
      groupedQuantile(
        [
          { lower: 0, upper: null, count: 1 },
          { lower: 1, upper: 2, count: 1 },
        ],
        0.5,
      ),
    ).toThrow("invalid bounds in band 1: 0 to null");
    expect(() =>
      groupedQuantile(
        [
          { lower: 0, upper: 1, count: 1 },
          { lower: 2, upper: 3, count: 1 },
        ],
        0.5,
      ),
    ).toThrow("band 2 starts at 2, not at 1");
    expect(() => groupedQuantile([{ lower: 0, upper: 1, count: -1 }], 0.5)).toThrow(
      "invalid count in band 1: -1",
    );
    expect(() => groupedQuantile(bands, 1.5)).toThrow(
      "quantile probability must be in [0, 1], got 1.5",
    );
  });
});
