/**
 * Poisson confidence intervals for counts and rates: exact (chi-squared) below 10 events,
 * Byar's approximation from 10 upwards, as PHEindicatormethods `phe_rate` and Fingertips do.
 */
import { checkConfidence, confidenceZ, gammaQuantile } from "./distributions.ts";

export interface Interval {
  lower: number;
  upper: number;
}

export type PoissonMethod = "exact" | "byars";

/** Counts below this use the exact interval, from it upwards Byar's (PHE convention). */
export const EXACT_BELOW = 10;

/** Confidence intervals at 95% and 99.8%, the pair Fingertips publishes. */
export interface Intervals95And998 {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * Validates a count: finite and ≥ 0 (non-integers are allowed, e.g. expected counts).
 * @example checkCount(-3) // throws "invalid count: -3"
 */
export function checkCount(count: number, label = "count"): void {
  if (!(count >= 0) || !Number.isFinite(count)) throw new RangeError(`invalid ${label}: ${count}`);
}

/**
 * Validates a denominator: finite and > 0.
 * @example checkDenominator(0, "population") // throws "invalid population: 0"
 */
export function checkDenominator(denominator: number, label = "denominator"): void {
  if (!(denominator > 0) || !Number.isFinite(denominator)) {
    throw new RangeError(`invalid ${label}: ${denominator}`);
  }
}

/**
 * Exact Poisson interval for a count x: lower = χ²_{α/2}(2x)/2 (0 when x = 0),
 * upper = χ²_{1−α/2}(2x + 2)/2, α = 1 − confidence (Garwood 1936; Ulm 1990).
 * @example exactPoissonInterval(1, 0.95) // { lower: 0.025317807984289946, upper: 5.571643390938895 }
 */
export function exactPoissonInterval(count: number, confidence: number): Interval {
  checkCount(count);
  checkConfidence(confidence);
  const alpha = 1 - confidence;
  return {
    lower: count === 0 ? 0 : gammaQuantile(alpha / 2, count),
    upper: gammaQuantile(1 - alpha / 2, count + 1),
  };
}

/**
 * Byar's approximation to the exact Poisson interval (Breslow & Day 1987, p. 69):
 * lower = x(1 − 1/(9x) − z/(3√x))³, upper = (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³.
 * @example byarsInterval(65, 0.95) // { lower: 50.16318771045945, upper: 82.84913854593984 }
 */
export function byarsInterval(count: number, confidence: number): Interval {
  checkCount(count);
  const z = confidenceZ(confidence);
  const x1 = count + 1;
  const lower = count === 0 ? 0 : count * (1 - 1 / (9 * count) - z / (3 * Math.sqrt(count))) ** 3;
  return {
    lower: Math.max(0, lower),
    upper: x1 * (1 - 1 / (9 * x1) + z / (3 * Math.sqrt(x1))) ** 3,
  };
}

/**
 * The method `poissonInterval` uses for a count: exact below 10, Byar's from 10.
 * @example poissonMethod(9) // 'exact'
 */
export function poissonMethod(count: number): PoissonMethod {
  return count < EXACT_BELOW ? "exact" : "byars";
}

/**
 * Confidence interval for a Poisson count at any level: exact below 10 events, Byar's from 10
 * (PHEindicatormethods `phe_rate`; Fingertips technical guidance).
 * @example poissonInterval(10, 0.998) // { lower: 2.916318374695686, upper: 24.19372492788055 }
 */
export function poissonInterval(count: number, confidence: number): Interval {
  return poissonMethod(count) === "exact"
    ? exactPoissonInterval(count, confidence)
    : byarsInterval(count, confidence);
}

/** A rate with its 95% and 99.8% limits; the shape of `RateWithInterval` in analysis/types. */
export interface PoissonRate extends Intervals95And998 {
  count: number;
  population: number;
  rate: number;
  method: PoissonMethod;
}

/**
 * Crude rate = count / population × multiplier with Poisson limits at 95% and 99.8%, computed
 * on the count and scaled like the rate (exact below 10 events, Byar's from 10).
 * @example poissonRate(222, 3215, { multiplier: 1e5 })
 * // { rate: 6905.132192846034, lower95: 6026.574877652674, upper95: 7875.729370871853, … }
 */
export function poissonRate(
  count: number,
  population: number,
  options: { multiplier?: number } = {},
): PoissonRate {
  checkCount(count);
  checkDenominator(population, "population");
  const scale = (options.multiplier ?? 1) / population;
  return { count, population, rate: count * scale, ...scaledIntervals(count, scale) };
}

/**
 * A count's exact/Byar 95% and 99.8% Poisson limits multiplied by `scale` (1/population for a
 * rate, refValue/expected for a standardised ratio), with the method that gave them.
 * @example scaledIntervals(4, 0.5) // 4 observed, scaled by 1/2: { lower95: 0.545, upper95: 5.121, …, method: 'exact' }
 */
export function scaledIntervals(
  count: number,
  scale: number,
): Intervals95And998 & { method: PoissonMethod } {
  const i95 = poissonInterval(count, 0.95);
  const i998 = poissonInterval(count, 0.998);
  return {
    lower95: i95.lower * scale,
    upper95: i95.upper * scale,
    lower998: i998.lower * scale,
    upper998: i998.upper * scale,
    method: poissonMethod(count),
  };
}

/**
 * Crude rate with its Poisson interval at one confidence level.
 * @example rateInterval(1, 100, { confidence: 0.95, multiplier: 1e5 })
 * // { value: 1000, lower: 25.317807984289946, upper: 5571.643390938895, method: 'exact' }
 */
export function rateInterval(
  count: number,
  population: number,
  options: { confidence?: number; multiplier?: number } = {},
): Interval & { value: number; method: PoissonMethod } {
  checkCount(count);
  checkDenominator(population, "population");
  const scale = (options.multiplier ?? 1) / population;
  const interval = poissonInterval(count, options.confidence ?? 0.95);
  return {
    value: count * scale,
    lower: interval.lower * scale,
    upper: interval.upper * scale,
    method: poissonMethod(count),
  };
}
