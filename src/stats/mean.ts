/** Means, standard deviations and Student's t confidence intervals (PHEindicatormethods `phe_mean`). */
import { studentTQuantile } from "./distributions.ts";

function checkValues(values: readonly number[], min: number): void {
  if (values.length < min)
    throw new RangeError(`need at least ${min} values, got ${values.length}`);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`invalid value: ${v}`);
}

/**
 * Arithmetic mean Σx/n.
 * @example mean([1, 2, 3, 4]) // 2.5
 */
export function mean(values: readonly number[]): number {
  checkValues(values, 1);
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Sample standard deviation √(Σ(x − x̄)²/(n − 1)) (two-pass).
 * @example sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138089935299395
 */
export function sampleStandardDeviation(values: readonly number[]): number {
  checkValues(values, 2);
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

export interface MeanWithIntervals {
  n: number;
  mean: number;
  sd: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * Mean with Student's t limits x̄ ± t_{1−α/2, n−1}·s/√n at 95% and 99.8% (PHE `phe_mean`).
 * Needs at least 2 values.
 * @example meanWithIntervals([33.09375, 48.38596, 64.83495, 67.98475, 22.93556, 71.23587, 38.78465, 82.37927]).lower95
 * // 36.168325241336504
 */
export function meanWithIntervals(values: readonly number[]): MeanWithIntervals {
  const sd = sampleStandardDeviation(values);
  const m = mean(values);
  const n = values.length;
  const se = sd / Math.sqrt(n);
  const t95 = studentTQuantile(0.975, n - 1);
  const t998 = studentTQuantile(0.999, n - 1);
  return {
    n,
    mean: m,
    sd,
    lower95: m - t95 * se,
    upper95: m + t95 * se,
    lower998: m - t998 * se,
    upper998: m + t998 * se,
  };
}
