/**
 * Funnel-plot control limits: exact Poisson limits for counts and rates, the PHE closed form
 * for proportions, and over-dispersion-adjusted limits on the variance-stabilising scales
 * (square root for counts, arcsine-square-root for proportions; Spiegelhalter 2005).
 */
import { confidenceZ, gammaQuantile } from "./distributions.ts";
import type { Interval } from "./poisson.ts";

export type FunnelPosition = "above998" | "above95" | "within" | "below95" | "below998";

/** z for the two funnel levels: 95% (1.959964) and 99.8% (3.090232). */
export const Z95 = confidenceZ(0.95);
export const Z998 = confidenceZ(0.998);

/** How adjusted limits widen the transformed-scale standard error s: ×√φ or √(s² + τ²). */
export type OverdispersionSpec =
  | { method: "none" }
  | { method: "multiplicative"; phi: number }
  | { method: "additive"; tau2: number };

/**
 * Exact Poisson limits for the count expected to be E: lower = χ²_{α/2}(2E)/2,
 * upper = χ²_{1−α/2}(2(E + 1))/2 (Spiegelhalter 2005; FunnelPlotR). Divide by E for ratio
 * limits, multiply by rate/E for rate limits.
 * @example poissonCountLimits(15, 0.95) // { lower: 8.395386…, upper: 24.74022… } (÷15 = 0.5596924, 1.649348)
 */
export function poissonCountLimits(expected: number, confidence: number): Interval {
  if (!(expected > 0)) throw new RangeError(`invalid expected count: ${expected}`);
  const alpha = 1 - confidence;
  return {
    lower: gammaQuantile(alpha / 2, expected),
    upper: gammaQuantile(1 - alpha / 2, expected + 1),
  };
}

/**
 * Proportion funnel limits around target P for denominator n: P ± z·√(P(1 − P)/n), clipped to
 * [0, 1]. This is exactly the closed form PHEindicatormethods derives by inverting the Wilson
 * score interval (its `sigma_adjustment` reduces algebraically to it), so a point lies outside
 * these limits exactly when its Wilson interval excludes P.
 * @example proportionFunnelLimits(0.80642448, 1, 0.95).lower // 0.03204264…
 */
export function proportionFunnelLimits(target: number, n: number, confidence: number): Interval {
  checkProportionTarget(target);
  if (!(n > 0)) throw new RangeError(`invalid denominator: ${n}`);
  const half = confidenceZ(confidence) * Math.sqrt((target * (1 - target)) / n);
  return { lower: Math.max(0, target - half), upper: Math.min(1, target + half) };
}

/**
 * Throws a RangeError unless the funnel target proportion is strictly between 0 and 1.
 * @example checkProportionTarget(0) // throws "invalid proportion target: 0"
 */
export function checkProportionTarget(target: number): void {
  if (!(target > 0 && target < 1)) throw new RangeError(`invalid proportion target: ${target}`);
}

function widenedSe(s: number, spec: OverdispersionSpec): number {
  if (spec.method === "multiplicative") return Math.sqrt(spec.phi) * s;
  if (spec.method === "additive") return Math.sqrt(s * s + spec.tau2);
  return s;
}

/**
 * z-score of an observed count O against expected E on the square-root scale:
 * Y = √(O/E), target 1, s = 1/(2√E), so z = 2(√O − √E) (Spiegelhalter 2005; CQC method).
 * @example poissonZScore(25, 16) // 2
 */
export function poissonZScore(observed: number, expected: number): number {
  return 2 * (Math.sqrt(observed) - Math.sqrt(expected));
}

/**
 * Over-dispersion-adjusted limits for the ratio O/E on the square-root scale:
 * (1 ± z·σ)² with σ = √φ/(2√E) (multiplicative) or √(1/(4E) + τ²) (additive); lower limit ≥ 0.
 * @example poissonAdjustedRatioLimits(100, 0.95, { method: 'additive', tau2: 0.01 })
 */
export function poissonAdjustedRatioLimits(
  expected: number,
  confidence: number,
  spec: OverdispersionSpec,
): Interval {
  const sigma = widenedSe(1 / (2 * Math.sqrt(expected)), spec);
  const z = confidenceZ(confidence);
  return { lower: Math.max(0, 1 - z * sigma) ** 2, upper: (1 + z * sigma) ** 2 };
}

/**
 * z-score of a proportion O/n against target P on the arcsine-square-root scale:
 * z = (asin√(O/n) − asin√P)·2√n (Spiegelhalter 2005; FunnelPlotR "PR").
 * @example proportionZScore(50, 100, 0.5) // 0
 */
export function proportionZScore(observed: number, n: number, target: number): number {
  return (Math.asin(Math.sqrt(observed / n)) - Math.asin(Math.sqrt(target))) * 2 * Math.sqrt(n);
}

/**
 * Over-dispersion-adjusted proportion limits: sin²(asin√P ± z·σ) with σ = √φ/(2√n) or
 * √(1/(4n) + τ²), the angle clipped to [0, π/2].
 * @example proportionAdjustedLimits(0.8, 100, 0.95, { method: 'multiplicative', phi: 2 })
 */
export function proportionAdjustedLimits(
  target: number,
  n: number,
  confidence: number,
  spec: OverdispersionSpec,
): Interval {
  checkProportionTarget(target);
  const sigma = widenedSe(1 / (2 * Math.sqrt(n)), spec);
  const z = confidenceZ(confidence);
  const centre = Math.asin(Math.sqrt(target));
  return {
    lower: Math.sin(Math.max(0, centre - z * sigma)) ** 2,
    upper: Math.sin(Math.min(Math.PI / 2, centre + z * sigma)) ** 2,
  };
}

/**
 * Funnel position from a standardised score compared with ±1.959964 and ±3.090232.
 * @example positionFromZ(2.5) // 'above95'
 */
export function positionFromZ(z: number): FunnelPosition {
  if (z > Z998) return "above998";
  if (z > Z95) return "above95";
  if (z < -Z998) return "below998";
  if (z < -Z95) return "below95";
  return "within";
}

/**
 * Funnel position from a point's own 95% and 99.8% intervals compared with the expected value
 * (the benchmarking rule: above if the lower limit exceeds it, below if the upper limit is under it).
 * @example positionFromIntervals({ lower: 11, upper: 15 }, { lower: 9, upper: 17 }, 10) // 'above95'
 */
export function positionFromIntervals(
  i95: Interval,
  i998: Interval,
  expected: number,
): FunnelPosition {
  if (i998.lower > expected) return "above998";
  if (i95.lower > expected) return "above95";
  if (i998.upper < expected) return "below998";
  if (i95.upper < expected) return "below95";
  return "within";
}

/**
 * Populations (or denominators) for drawing limits: `count` values spaced geometrically from
 * `min` to `max` inclusive.
 * @example funnelGrid(100, 10000, 3) // [100, 1000, 10000]
 */
export function funnelGrid(min: number, max: number, count = 100): number[] {
  if (!(min > 0) || !(max >= min)) throw new RangeError(`invalid funnel range: ${min} to ${max}`);
  if (count < 2 || min === max) return [min];
  const step = Math.log(max / min) / (count - 1);
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? max : min * Math.exp(i * step),
  );
}
