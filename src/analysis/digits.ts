/**
 * How many decimals a rate and its interval need: enough significant figures that a small rate
 * (a specialty's 0.14 per 1,000) is not rounded flat, and enough that an interval's two ends never
 * print the same ("0.14 (95% CI 0.14 to 0.14)" must not happen).
 */

/** Largest number of decimals ever used for a rate. */
export const MAX_DECIMALS = 6;

/**
 * Decimals that show `reference` to `figures` significant figures, at least `min`.
 * @example decimalsFor(4.71) // 2
 * @example decimalsFor(0.0711) // 3
 */
export function decimalsFor(reference: number, figures = 2, min = 2): number {
  if (!Number.isFinite(reference) || reference === 0) return min;
  const magnitude = Math.floor(Math.log10(Math.abs(reference)));
  return Math.min(MAX_DECIMALS, Math.max(min, figures - 1 - magnitude));
}

/**
 * Decimals, starting from `start`, at which an interval's distinct ends also print differently
 * from each other and from the value inside it.
 * @example intervalDecimals(0.1381, 0.1429, 2) // 3 (0.138 to 0.143, not 0.14 to 0.14)
 */
export function intervalDecimals(lower: number, upper: number, start = 2, value?: number): number {
  const distinct = (d: number, a: number, b: number) => a === b || a.toFixed(d) !== b.toFixed(d);
  for (let d = start; d < MAX_DECIMALS; d++) {
    const ends = distinct(d, lower, upper);
    const inside = value === undefined || (distinct(d, lower, value) && distinct(d, value, upper));
    if (ends && (inside || lower === upper)) return d;
  }
  return MAX_DECIMALS;
}
