/** Sample quantiles by linear interpolation between order statistics (R's default, type 7). */

function checkValues(values: readonly number[]): void {
  if (values.length === 0) throw new RangeError("quantile of an empty list");
  for (const v of values) if (Number.isNaN(v)) throw new RangeError("quantile of a list with NaN");
}

/**
 * Type-7 quantile of values already sorted ascending: with h = (n − 1)p, j = ⌊h⌋,
 * Q(p) = x₍ⱼ₊₁₎ + (h − j)(x₍ⱼ₊₂₎ − x₍ⱼ₊₁₎) (Hyndman & Fan 1996, definition 7; R `quantile`).
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  checkValues(sorted);
  const h = (sorted.length - 1) * p;
  const j = Math.floor(h);
  const low = sorted[j] as number;
  if (j + 1 >= sorted.length) return low;
  return low + (h - j) * ((sorted[j + 1] as number) - low);
}

/**
 * Type-7 quantile (R's default) of unsorted values; the input is not modified.
 * @example quantile([10, 1, 4, 7], 0.95) // 9.55
 */
export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(sortAscending(values), p);
}

/**
 * Several type-7 quantiles with one sort.
 * @example quantiles([1, 2, 3, 4, 5], [0.05, 0.95]) // [1.2, 4.8]
 */
export function quantiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = sortAscending(values);
  return ps.map((p) => quantileSorted(sorted, p));
}

/**
 * A sorted copy (ascending, numeric).
 * @example sortAscending([3, 10, 2]) // [2, 3, 10]
 */
export function sortAscending(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}
