/**
 * Segmented regression for an interrupted time series (Wagner et al. 2002, J Clin Pharm Ther
 * 27:299–309): y = b0 + b1·t + b2·after + b3·(t − t0)·after, fitted by ordinary least squares, with
 * 95% intervals from Student's t on n − 4 degrees of freedom. Autocorrelation is not modelled.
 */
import { studentTQuantile } from "./distributions.ts";

export interface SegmentedFit {
  /** Level before the interruption at t = 0, and the slope before it (per step). */
  intercept: number;
  slopeBefore: number;
  /** Step change in level at the interruption, and the change in slope after it. */
  levelChange: number;
  slopeChange: number;
  levelChangeLower95: number;
  levelChangeUpper95: number;
  slopeChangeLower95: number;
  slopeChangeUpper95: number;
  residualSd: number;
  n: number;
}

/** Solves a small symmetric system A x = b by Gauss–Jordan elimination; null if singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-12) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * Fits the segmented model to `values` (one per equally spaced step) interrupted before index
 * `breakIndex` (the first "after" point). Needs at least 3 points on each side; null otherwise.
 * @example segmentedRegression([1, 2, 3, 10, 11, 12], 3) // levelChange 6, slopeChange 0
 */
export function segmentedRegression(
  values: readonly number[],
  breakIndex: number,
): SegmentedFit | null {
  const n = values.length;
  if (breakIndex < 3 || n - breakIndex < 3) return null;
  const rows = values.map((_, t) => {
    const after = t >= breakIndex ? 1 : 0;
    return [1, t, after, after * (t - breakIndex)];
  });
  const xtx = [0, 1, 2, 3].map((i) =>
    [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0)),
  );
  const xty = [0, 1, 2, 3].map((i) => rows.reduce((s, r, t) => s + r[i]! * values[t]!, 0));
  const beta = solve(xtx, xty);
  if (!beta) return null;
  const residuals = rows.map((r, t) => values[t]! - r.reduce((s, x, i) => s + x * beta[i]!, 0));
  const df = n - 4;
  const sigma2 = residuals.reduce((s, e) => s + e * e, 0) / df;
  const inv = [0, 1, 2, 3].map(
    (i) =>
      solve(
        xtx,
        [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)),
      ) as number[],
  );
  const se = (i: number) => Math.sqrt(sigma2 * inv[i]![i]!);
  const t = studentTQuantile(0.975, df);
  const [b0, b1, b2, b3] = beta as [number, number, number, number];
  return {
    intercept: b0,
    slopeBefore: b1,
    levelChange: b2,
    slopeChange: b3,
    levelChangeLower95: b2 - t * se(2),
    levelChangeUpper95: b2 + t * se(2),
    slopeChangeLower95: b3 - t * se(3),
    slopeChangeUpper95: b3 + t * se(3),
    residualSd: Math.sqrt(sigma2),
    n,
  };
}
