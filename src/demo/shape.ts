/**
 * Waiting-time band distributions. A month's national list shape is a survival curve S(w) (share
 * waiting more than w weeks) through calibrated knots — S(median) = ½, S(18) = 1 − %≤18,
 * S(52), S(78), S(104) — log-linear (geometric) between knots and beyond the last. Rows vary around
 * it by an exponential tilt towards shorter or longer waits whose volume-weighted mean is the
 * national shape, so national figures land on the calibration while providers differ.
 */
import type { Random } from "./random.ts";

/** Shares of a list (0–1) the survival curve passes through. */
export interface WaitTargets {
  median: number;
  pct18: number;
  over52: number;
  over78: number;
  over104: number;
  /** 92nd percentile in weeks, when known. */
  p92?: number;
}

/** A band distribution ready for sampling: cumulative probabilities and cumulative tilt terms. */
export interface BandShape {
  probs: Float64Array;
  cum: Float64Array;
  cumTilt: Float64Array;
}

const TAIL_WEEKS = 20;
const TILT_WIDTH = 10;

/** The survival function S(w) through the targets' knots. */
export function survivalCurve(t: WaitTargets): (weeks: number) => number {
  const raw: [number, number][] = [
    [0, 1],
    [t.median, 0.5],
    [18, 1 - t.pct18],
    [52, t.over52],
    [78, t.over78],
    [104, t.over104],
  ];
  if (t.p92 !== undefined) raw.push([t.p92, 0.08]);
  raw.sort((a, b) => a[0] - b[0]);
  const knots: [number, number][] = [];
  for (const [w, s] of raw) {
    const prev = knots[knots.length - 1];
    if (prev && (w <= prev[0] || s >= prev[1] || s <= 0)) continue;
    knots.push([w, s]);
  }
  const last = knots[knots.length - 1] as [number, number];
  return (weeks) => {
    if (weeks <= 0) return 1;
    if (weeks >= last[0]) return last[1] * Math.exp(-(weeks - last[0]) / TAIL_WEEKS);
    for (let i = 1; i < knots.length; i++) {
      const [w1, s1] = knots[i] as [number, number];
      if (weeks > w1) continue;
      const [w0, s0] = knots[i - 1] as [number, number];
      return s0 * Math.pow(s1 / s0, (weeks - w0) / (w1 - w0));
    }
    return last[1];
  };
}

/**
 * Band probabilities for a layout whose open top band starts at `topBandStart` weeks, of a curve
 * stretched in time by `weekScale` (S_k(w) = S(w / k)), with its tilt terms.
 */
export function bandShape(
  survival: (weeks: number) => number,
  topBandStart: number,
  weekScale = 1,
): BandShape {
  const count = topBandStart + 1;
  const probs = new Float64Array(count);
  let median = 0;
  for (let i = 0; i < count; i++) {
    const upper = i < topBandStart ? survival((i + 1) / weekScale) : 0;
    const lower = survival(i / weekScale);
    probs[i] = lower - upper;
    if (lower > 0.5 && upper <= 0.5) median = i + (lower - 0.5) / (lower - upper);
  }
  const z = new Float64Array(count);
  let mean = 0;
  for (let i = 0; i < count; i++) {
    z[i] = Math.tanh((i + 0.5 - median) / TILT_WIDTH);
    mean += (probs[i] ?? 0) * (z[i] ?? 0);
  }
  const cum = new Float64Array(count);
  const cumTilt = new Float64Array(count);
  let c = 0;
  let ct = 0;
  for (let i = 0; i < count; i++) {
    c += probs[i] ?? 0;
    ct += (probs[i] ?? 0) * ((z[i] ?? 0) - mean);
    cum[i] = c;
    cumTilt[i] = ct;
  }
  return { probs, cum, cumTilt };
}

/** Rows up to this size get independent draws per patient; larger ones systematic sampling. */
const SMALL_ROW = 200;

/**
 * Spreads `n` patients over the bands of `shape` tilted by `tilt` (−0.45…0.45) into `out` (length =
 * band count), always summing to `n`. Small rows draw each patient independently (inverse CDF);
 * large rows use systematic sampling, which gives each band its expected share give or take one.
 */
export function sampleBands(
  n: number,
  shape: BandShape,
  tilt: number,
  random: Random,
  out: Int32Array,
): void {
  const last = out.length - 1;
  const { cum, cumTilt } = shape;
  if (n <= SMALL_ROW) {
    out.fill(0);
    for (let k = 0; k < n; k++) {
      const u = random.next();
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cum[mid] as number) + tilt * (cumTilt[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      out[lo] = (out[lo] as number) + 1;
    }
    return;
  }
  const u = random.next();
  let prev = 0;
  for (let i = 0; i < last; i++) {
    let c = Math.floor(n * ((cum[i] as number) + tilt * (cumTilt[i] as number)) + u);
    if (c < prev) c = prev;
    else if (c > n) c = n;
    out[i] = c - prev;
    prev = c;
  }
  out[last] = n - prev;
}
