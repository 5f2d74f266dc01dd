/**
 * How much rates vary across areas (Ibáñez et al., BMC Health Serv Res 2009;9:60): extremal
 * quotients, coefficients of variation, McPherson's systematic component of variation, a χ²
 * heterogeneity test, and the "top to bottom ten" ratio.
 */
import { chiSquaredSurvival } from "./distributions.ts";
import { mean, sampleStandardDeviation } from "./mean.ts";
import { checkCount, checkDenominator } from "./poisson.ts";
import { quantileSorted, sortAscending } from "./quantiles.ts";

/**
 * Extremal quotient max/min; null with fewer than 2 rates or a minimum ≤ 0.
 * @example extremalQuotient([2, 5, 8]) // 4
 */
export function extremalQuotient(rates: readonly number[]): number | null {
  if (rates.length < 2) return null;
  const sorted = sortAscending(rates);
  return ratioOrNull(sorted[sorted.length - 1] as number, sorted[0] as number);
}

/**
 * Ratio of two type-7 percentiles, by default EQ5–95 = P95/P5; null with fewer than 2 rates or
 * a lower percentile ≤ 0.
 * @example percentileRatio([1, 2, 3, 4, 5]) // 4.8 / 1.2 = 4
 */
export function percentileRatio(rates: readonly number[], low = 0.05, high = 0.95): number | null {
  if (rates.length < 2) return null;
  const sorted = sortAscending(rates);
  return ratioOrNull(quantileSorted(sorted, high), quantileSorted(sorted, low));
}

/**
 * Extremal quotient after dropping the k highest and k lowest rates (the Atlas of Variation
 * convention, k = 5); null unless at least 2 rates remain and the minimum left is > 0.
 * @example trimmedExtremalQuotient([1, 2, 3, 4, 100], 1) // 4 / 2 = 2
 */
export function trimmedExtremalQuotient(rates: readonly number[], k = 5): number | null {
  if (rates.length - 2 * k < 2) return null;
  const sorted = sortAscending(rates);
  return ratioOrNull(sorted[sorted.length - 1 - k] as number, sorted[k] as number);
}

/**
 * Coefficient of variation 100 × sample SD / mean; null with fewer than 2 rates or mean 0.
 * @example coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9]) // 100 × 2.138089935299395 / 5
 */
export function coefficientOfVariation(rates: readonly number[]): number | null {
  if (rates.length < 2) return null;
  return ratioOrNull(100 * sampleStandardDeviation(rates), mean(rates), true);
}

/**
 * Weighted coefficient of variation 100 × √(Σwᵢ(rᵢ − r̄_w)²/Σwᵢ) / r̄_w, r̄_w = Σwᵢrᵢ/Σwᵢ
 * (weights = populations, so r̄_w is the pooled rate).
 * @example weightedCoefficientOfVariation([1, 3], [1, 1]) // 50
 */
export function weightedCoefficientOfVariation(
  rates: readonly number[],
  weights: readonly number[],
): number | null {
  if (rates.length !== weights.length) throw new RangeError("one weight per rate is needed");
  if (rates.length < 2) return null;
  let sw = 0;
  let swr = 0;
  rates.forEach((r, i) => {
    sw += weights[i] as number;
    swr += (weights[i] as number) * r;
  });
  const m = swr / sw;
  let ss = 0;
  rates.forEach((r, i) => (ss += (weights[i] as number) * (r - m) ** 2));
  return ratioOrNull(100 * Math.sqrt(ss / sw), m, true);
}

/**
 * Systematic component of variation (McPherson et al., NEJM 1982):
 * SCV = 100 × (1/k)[Σ((Oᵢ − Eᵢ)/Eᵢ)² − Σ1/Eᵢ]; can be slightly negative when there is less
 * variation than Poisson noise alone.
 * @example systematicComponentOfVariation([10, 30], [20, 20]) // 100 × ((0.25 + 0.25) − 0.1)/2 = 20
 */
export function systematicComponentOfVariation(
  observed: readonly number[],
  expected: readonly number[],
): number | null {
  if (observed.length !== expected.length) throw new RangeError("one expected per observed count");
  if (observed.length === 0) return null;
  let sum = 0;
  observed.forEach((o, i) => {
    const e = expected[i] as number;
    checkDenominator(e, "expected count");
    sum += ((o - e) / e) ** 2 - 1 / e;
  });
  return (100 * sum) / observed.length;
}

/**
 * χ² heterogeneity test Σ(Oᵢ − Eᵢ)²/Eᵢ on k − 1 df (expected counts from the pooled rate).
 * @example chiSquareHeterogeneity([10, 30], [20, 20]) // { statistic: 10, df: 1, pValue: 0.001565… }
 */
export function chiSquareHeterogeneity(
  observed: readonly number[],
  expected: readonly number[],
): { statistic: number; df: number; pValue: number } | null {
  if (observed.length !== expected.length) throw new RangeError("one expected per observed count");
  if (observed.length < 2) return null;
  let statistic = 0;
  observed.forEach((o, i) => {
    const e = expected[i] as number;
    checkDenominator(e, "expected count");
    statistic += (o - e) ** 2 / e;
  });
  const df = observed.length - 1;
  return { statistic, df, pValue: chiSquaredSurvival(statistic, df) };
}

/**
 * Highest rate ÷ mean of the `k` lowest rates (DESIGN §2 `topToBottomTenRatio`, k = 10); null
 * unless there are more than k rates and the bottom mean is > 0.
 * @example topToBottomRatio([1, 2, 3, 9], 2) // 9 / 1.5 = 6
 */
export function topToBottomRatio(rates: readonly number[], k = 10): number | null {
  if (rates.length <= k) return null;
  const sorted = sortAscending(rates);
  return ratioOrNull(sorted[sorted.length - 1] as number, mean(sorted.slice(0, k)));
}

/** The `Spread` of src/analysis/types.ts. */
export interface Spread {
  topToBottomTenRatio: number | null;
  eq: number | null;
  eq5to95: number | null;
  eqTrim5: number | null;
  cv: number | null;
  cvWeighted: number | null;
  scv: number | null;
  chiSquare: { statistic: number; df: number; pValue: number } | null;
}

/**
 * Every variation statistic for areas given as counts and populations. Rates are count ÷
 * population (the ratios and CVs do not depend on a multiplier); expected counts for SCV and χ²
 * are population × pooled rate (indirect standardisation with one band).
 * @example spread({ counts: [120, 80, 100], populations: [1e5, 1e5, 1e5] }).eq // 1.5
 */
export function spread(options: {
  counts: readonly number[];
  populations: readonly number[];
}): Spread {
  const { counts, populations } = options;
  if (counts.length !== populations.length) {
    throw new RangeError(`${counts.length} counts but ${populations.length} populations`);
  }
  counts.forEach((c, i) => {
    checkCount(c);
    checkDenominator(populations[i] as number, "population");
  });
  const rates = counts.map((c, i) => c / (populations[i] as number));
  const totalPopulation = populations.reduce((a, b) => a + b, 0);
  const pooled = counts.reduce((a, b) => a + b, 0) / totalPopulation;
  const expected = pooled > 0 ? populations.map((n) => n * pooled) : null;
  return {
    topToBottomTenRatio: topToBottomRatio(rates, 10),
    eq: extremalQuotient(rates),
    eq5to95: percentileRatio(rates, 0.05, 0.95),
    eqTrim5: trimmedExtremalQuotient(rates, 5),
    cv: coefficientOfVariation(rates),
    cvWeighted: weightedCoefficientOfVariation(rates, populations),
    scv: expected ? systematicComponentOfVariation(counts, expected) : null,
    chiSquare: expected ? chiSquareHeterogeneity(counts, expected) : null,
  };
}

function ratioOrNull(numerator: number, denominator: number, allowNegative = false): number | null {
  if (allowNegative ? denominator === 0 : !(denominator > 0)) return null;
  return numerator / denominator;
}
