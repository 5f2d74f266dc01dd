import { describe, expect, it } from "vitest";

import { createRandom } from "../../src/demo/random.ts";
import { bandShape, sampleBands, survivalCurve } from "../../src/demo/shape.ts";

const JULY_2019 = { median: 7.3, pct18: 0.858, over52: 1032 / 4.37e6, over78: 1e-5, over104: 1e-6 };

describe("survivalCurve", () => {
  it("passes through its knots: ½ at the median, 1 − %≤18 at 18 weeks, the 52-week share", () => {
    const s = survivalCurve(JULY_2019);
    expect(s(0)).toBe(1);
    expect(s(7.3)).toBeCloseTo(0.5, 12);
    expect(s(18)).toBeCloseTo(0.142, 12);
    expect(s(52)).toBeCloseTo(1032 / 4.37e6, 12);
    for (let w = 0; w < 120; w++) expect(s(w + 1)).toBeLessThanOrEqual(s(w));
  });

  it("handles a median beyond 18 weeks (summer 2020: under half within 18 weeks)", () => {
    const s = survivalCurve({ ...JULY_2019, median: 19.2, pct18: 0.468, over52: 0.02 });
    expect(s(18)).toBeCloseTo(0.532, 12);
    expect(s(19.2)).toBeCloseTo(0.5, 12);
  });
});

describe("bandShape and sampleBands", () => {
  const shape = bandShape(survivalCurve(JULY_2019), 104);

  it("has 105 band probabilities summing to 1 and a zero-sum tilt", () => {
    expect(shape.probs.length).toBe(105);
    expect(shape.cum[104]).toBeCloseTo(1, 12);
    expect(shape.cumTilt[104]).toBeCloseTo(0, 12);
    const within18 = shape.cum[17] as number;
    expect(within18).toBeCloseTo(0.858, 12);
  });

  it("keeps every band non-negative at the largest tilt", () => {
    for (const tilt of [-0.44, 0.44])
      for (let i = 0; i < 105; i++) {
        const prev =
          i === 0 ? 0 : (shape.cum[i - 1] as number) + tilt * (shape.cumTilt[i - 1] as number);
        expect(
          (shape.cum[i] as number) + tilt * (shape.cumTilt[i] as number),
        ).toBeGreaterThanOrEqual(prev - 1e-15);
      }
  });

  it.each([0, 1, 7, 200, 201, 5000, 123456])("puts exactly %d patients in the bands", (n) => {
    const out = new Int32Array(105);
    sampleBands(n, shape, 0.3, createRandom(n + 1), out);
    expect(out.reduce((a, b) => a + b, 0)).toBe(n);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
  });

  it("gives a large row each band's expected share within one patient", () => {
    const n = 100000;
    const out = new Int32Array(105);
    sampleBands(n, shape, 0, createRandom(3), out);
    out.forEach((k, i) =>
      expect(Math.abs(k - n * (shape.probs[i] as number))).toBeLessThan(1.0001),
    );
  });

  it("shifts waits longer with a positive tilt and shorter with a negative one", () => {
    const long = new Int32Array(105);
    const short = new Int32Array(105);
    sampleBands(100000, shape, 0.4, createRandom(1), long);
    sampleBands(100000, shape, -0.4, createRandom(1), short);
    const within18 = (a: Int32Array) => a.slice(0, 18).reduce((x, y) => x + y, 0);
    expect(within18(long)).toBeLessThan(within18(short));
  });

  it("stretches the weeks of completed pathways (shorter waits than the list)", () => {
    const s = survivalCurve(JULY_2019);
    const nonAdmitted = bandShape(s, 104, 0.55);
    expect(nonAdmitted.cum[17] as number).toBeGreaterThan(shape.cum[17] as number);
  });
});
