import { describe, expect, it } from "vitest";

import { directlyStandardisedRate, ESP2013 } from "../../src/stats/dsr.ts";
import {
  expectedCount,
  indirectlyStandardisedRate,
  indirectlyStandardisedRatio,
  standardisedRatio,
} from "../../src/stats/isr.ts";

import { expectClose } from "./close.ts";

// PHEindicatormethods tests/testthat/testdata_DSR_ISR.xlsx, "testdata_big" (statistical-methods §9.5).
const BIG_COUNTS = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91];
const BIG_POPULATIONS = [
  636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207,
];

describe("directly standardised rates (Dobson)", () => {
  it("has the 2013 European Standard Population built in", () => {
    expect(ESP2013).toHaveLength(19);
    expect(ESP2013.reduce((a, b) => a + b, 0)).toBe(100_000);
  });

  it("reproduces the PHE DSR for testdata_big", () => {
    const dsr = directlyStandardisedRate({ counts: BIG_COUNTS, populations: BIG_POPULATIONS });
    expect(dsr?.count).toBe(895);
    expectClose(dsr?.value, 10430.247991469423, 13);
    expectClose(dsr?.lower95, 9717.709067985681, 13);
    expectClose(dsr?.upper95, 11178.94091547925, 13);
    expectClose(dsr?.lower998, 9323.2878802199029, 13);
    expectClose(dsr?.upper998, 11620.595999522058, 13);
  });

  it("is not given below 10 events (O = 9, like PHE testdata_tiny)", () => {
    const counts = new Array(19).fill(0);
    counts[3] = 4;
    counts[17] = 5;
    expect(directlyStandardisedRate({ counts, populations: BIG_POPULATIONS })).toBeNull();
    counts[0] = 1;
    expect(directlyStandardisedRate({ counts, populations: BIG_POPULATIONS })).not.toBeNull();
  });

  it("checks band lengths and populations", () => {
    expect(() => directlyStandardisedRate({ counts: [1, 2], populations: [3, 4] })).toThrow(
      "DSR needs one count, population and standard weight per band: got 2, 2, 19",
    );
    const populations = [...BIG_POPULATIONS];
    populations[4] = 0;
    expect(() => directlyStandardisedRate({ counts: BIG_COUNTS, populations })).toThrow(
      "invalid population: 0",
    );
  });

  it("equals the crude rate with one band (hand check)", () => {
    const dsr = directlyStandardisedRate({
      counts: [50],
      populations: [2000],
      standard: [1],
      multiplier: 1000,
    });
    expect(dsr?.value).toBe(25);
  });
});

describe("indirectly standardised ratios and rates", () => {
  // PHEindicatormethods testdata_DSR_ISR.xlsx, E = 835.88356123117433 for all areas (§9.6).
  const E = 835.88356123117433;
  it.each([
    [
      895,
      1.0707232939020275,
      1.0017147712553987,
      1.1432332872498949,
      0.96351556196144372,
      1.1860070415876287,
      "byars",
    ],
    [
      91,
      0.10886683770400503,
      0.08765040101829405,
      0.13366576328418911,
      0.076954255283921108,
      0.14897920510466744,
      "byars",
    ],
    [
      9,
      0.010767049882813684,
      0.0049233808250957762,
      0.02043921455549973,
      0.0029339306550682617,
      0.027105896514690211,
      "exact",
    ],
  ])("O = %s", (observed, value, l95, u95, l998, u998, method) => {
    const ratio = standardisedRatio(observed, E);
    expectClose(ratio.value, value, 14);
    expectClose(ratio.lower95, l95, 13);
    expectClose(ratio.upper95, u95, 13);
    expectClose(ratio.lower998, l998, 13);
    expectClose(ratio.upper998, u998, 13);
    expect(ratio.method).toBe(method);
  });

  it("gives the ISRate per 100,000 with the reference rate (§9.6)", () => {
    const rate = standardisedRatio(895, E, { refValue: 9349.8830922110192 });
    expectClose(rate.value, 10011.137622091057, 13);
    expectClose(rate.lower95, 9365.91600297888, 13);
    expectClose(rate.upper95, 10689.097582910616, 13);
  });

  // Hand computation: E = 1/100·100 + 6/200·200 = 7; O = 12; reference rate = 7/300 per person.
  const bands = {
    counts: [3, 9],
    populations: [100, 200],
    referenceCounts: [1, 6],
    referencePopulations: [100, 200],
  };

  it("computes expected counts and the ratio from bands", () => {
    expect(expectedCount(bands)).toBe(7);
    const ratio = indirectlyStandardisedRatio(bands);
    expect(ratio.observed).toBe(12);
    expectClose(ratio.value, 12 / 7, 15);
    expect(indirectlyStandardisedRatio({ ...bands, refValue: 100 }).value).toBeCloseTo(
      1200 / 7,
      12,
    );
  });

  it("computes the rate from bands against the reference rate", () => {
    const rate = indirectlyStandardisedRate(bands);
    expectClose(rate.referenceRate, (7 / 300) * 1e5, 15);
    expectClose(rate.value, (12 / 7) * (7 / 300) * 1e5, 15);
    expectClose(rate.lower95, standardisedRatio(12, 7, { refValue: (7 / 300) * 1e5 }).lower95, 15);
  });

  it("rejects a zero expected count", () => {
    expect(() => standardisedRatio(3, 0)).toThrow("invalid expected count: 0");
  });
});
