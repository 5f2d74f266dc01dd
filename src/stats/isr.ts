/**
 * Indirectly standardised ratios (SMR-style) and rates (PHEindicatormethods `calculate_ISRatio`,
 * `calculate_ISRate`): observed ÷ expected, limits from the Poisson interval on the observed count.
 */
import {
  checkCount,
  checkDenominator,
  scaledIntervals,
  type Intervals95And998,
  type PoissonMethod,
} from "./poisson.ts";

export interface ReferenceBands {
  /** Local population per band. */
  populations: readonly number[];
  /** Reference (e.g. England) events per band. */
  referenceCounts: readonly number[];
  /** Reference population per band. */
  referencePopulations: readonly number[];
}

/**
 * Expected events by indirect standardisation: E = Σ (x_refᵢ / n_refᵢ)·nᵢ.
 * @example expectedCount({ populations: [100, 200], referenceCounts: [1, 6], referencePopulations: [100, 200] }) // 7
 */
export function expectedCount(bands: ReferenceBands): number {
  const { populations, referenceCounts, referencePopulations } = bands;
  if (
    populations.length !== referenceCounts.length ||
    populations.length !== referencePopulations.length
  ) {
    throw new RangeError("expected count needs one population and reference pair per band");
  }
  let expected = 0;
  populations.forEach((n, i) => {
    const xRef = referenceCounts[i] as number;
    const nRef = referencePopulations[i] as number;
    checkCount(n, "population");
    checkCount(xRef, "reference count");
    checkDenominator(nRef, "reference population");
    expected += (xRef / nRef) * n;
  });
  return expected;
}

export interface StandardisedRatio extends Intervals95And998 {
  observed: number;
  expected: number;
  value: number;
  method: PoissonMethod;
}

/**
 * Standardised ratio O/E × refValue; limits = Poisson limits of O (exact below 10, Byar's
 * from 10) ÷ E × refValue (Breslow & Day 1987).
 * @example standardisedRatio(895, 835.8835612311743).value // 1.0707232939020275
 */
export function standardisedRatio(
  observed: number,
  expected: number,
  options: { refValue?: number } = {},
): StandardisedRatio {
  checkCount(observed, "observed count");
  checkDenominator(expected, "expected count");
  const scale = (options.refValue ?? 1) / expected;
  return { observed, expected, value: observed * scale, ...scaledIntervals(observed, scale) };
}

/**
 * Indirectly standardised ratio from band-level data: O = Σ counts, E = expectedCount(bands),
 * value = O/E × refValue (default 1; 100 gives an SMR-style index).
 * @example indirectlyStandardisedRatio({ counts: [3, 9], populations: [100, 200], referenceCounts: [1, 6], referencePopulations: [100, 200] }).value // 12/7
 */
export function indirectlyStandardisedRatio(
  options: ReferenceBands & { counts: readonly number[]; refValue?: number },
): StandardisedRatio {
  return standardisedRatio(sum(options.counts), expectedCount(options), {
    refValue: options.refValue ?? 1,
  });
}

/**
 * Indirectly standardised rate = O/E × reference rate, reference rate = Σx_ref/Σn_ref × multiplier
 * (default 100,000); limits = Poisson limits of O ÷ E × reference rate.
 * @example indirectlyStandardisedRate({ counts: [3, 9], populations: [100, 200], referenceCounts: [1, 6], referencePopulations: [100, 200] }).referenceRate // 7/300 × 1e5
 */
export function indirectlyStandardisedRate(
  options: ReferenceBands & { counts: readonly number[]; multiplier?: number },
): StandardisedRatio & { referenceRate: number } {
  const referencePopulation = sum(options.referencePopulations);
  checkDenominator(referencePopulation, "reference population");
  const referenceRate =
    (sum(options.referenceCounts) / referencePopulation) * (options.multiplier ?? 100_000);
  return {
    ...standardisedRatio(sum(options.counts), expectedCount(options), { refValue: referenceRate }),
    referenceRate,
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    checkCount(v);
    total += v;
  }
  return total;
}
