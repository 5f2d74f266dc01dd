/** Wilson score intervals for proportions (PHEindicatormethods `phe_proportion`). */
import { confidenceZ } from "./distributions.ts";
import type { Interval, Intervals95And998 } from "./poisson.ts";

function checkProportionInputs(successes: number, trials: number): void {
  if (!(trials > 0) || !Number.isFinite(trials))
    throw new RangeError(`invalid denominator: ${trials}`);
  if (!(successes >= 0 && successes <= trials)) {
    throw new RangeError(`invalid numerator: ${successes} (denominator ${trials})`);
  }
}

/**
 * Wilson score interval for x successes out of n (Wilson 1927; Newcombe 1998, method 3):
 * (2x + z² ± z√(z² + 4x(1 − x/n))) / (2(n + z²)).
 * @example wilsonInterval(65, 100, 0.95) // { lower: 0.5525444329688797, upper: 0.7363575175690247 }
 */
export function wilsonInterval(successes: number, trials: number, confidence: number): Interval {
  checkProportionInputs(successes, trials);
  const z = confidenceZ(confidence);
  const z2 = z * z;
  const centre = 2 * successes + z2;
  const spread = z * Math.sqrt(z2 + 4 * successes * (1 - successes / trials));
  const denominator = 2 * (trials + z2);
  return {
    lower: Math.max(0, (centre - spread) / denominator),
    upper: Math.min(1, (centre + spread) / denominator),
  };
}

export interface ProportionWithIntervals extends Intervals95And998 {
  numerator: number;
  denominator: number;
  value: number;
}

/**
 * Proportion x/n × multiplier with Wilson limits at 95% and 99.8%, scaled like the value.
 * @example proportion(1045, 5000, { multiplier: 100 }).value // 20.9
 */
export function proportion(
  numerator: number,
  denominator: number,
  options: { multiplier?: number } = {},
): ProportionWithIntervals {
  const multiplier = options.multiplier ?? 1;
  const i95 = wilsonInterval(numerator, denominator, 0.95);
  const i998 = wilsonInterval(numerator, denominator, 0.998);
  return {
    numerator,
    denominator,
    value: (numerator / denominator) * multiplier,
    lower95: i95.lower * multiplier,
    upper95: i95.upper * multiplier,
    lower998: i998.lower * multiplier,
    upper998: i998.upper * multiplier,
  };
}
