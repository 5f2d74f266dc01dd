/** A robust root finder for the monotone functions behind every quantile in this folder. */

export interface MonotoneRootOptions {
  /** Increasing function whose root is wanted. */
  f: (x: number) => number;
  /** Its derivative (≥ 0); a zero or non-finite value falls back to bisection. */
  derivative: (x: number) => number;
  /** Bracket: f(lower) ≤ 0 ≤ f(upper). */
  lower: number;
  upper: number;
  /** Starting point (clamped into the bracket); defaults to the midpoint. */
  start?: number;
  /** Relative tolerance on x; default 1e-15. */
  tolerance?: number;
}

/**
 * Root of an increasing function by Newton's method safeguarded with bisection (Press et al.,
 * Numerical Recipes, `rtsafe`): every evaluation shrinks the bracket, and any Newton step that
 * leaves it is replaced by a bisection, so it converges for any start inside the bracket.
 * @example solveIncreasing({ f: (x) => x * x - 2, derivative: (x) => 2 * x, lower: 0, upper: 2 })
 * // 1.4142135623730951
 */
export function solveIncreasing(options: MonotoneRootOptions): number {
  const { f, derivative } = options;
  const tolerance = options.tolerance ?? 1e-15;
  let lower = options.lower;
  let upper = options.upper;
  if (!(lower <= upper)) throw new RangeError(`empty bracket [${lower}, ${upper}]`);
  let x = Math.min(upper, Math.max(lower, options.start ?? (lower + upper) / 2));
  for (let iteration = 0; iteration < 500; iteration++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0) lower = x;
    else upper = x;
    const slope = derivative(x);
    let next = x - fx / slope;
    if (!(next > lower && next < upper)) next = lower + (upper - lower) / 2;
    const scale = tolerance * Math.max(Math.abs(next), Number.MIN_VALUE);
    if (Math.abs(next - x) <= scale || upper - lower <= scale) return next;
    x = next;
  }
  return x;
}
