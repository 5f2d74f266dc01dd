/**
 * Statistical process control: the XmR chart of NHS England's "Making Data Count" with its
 * special-cause rules, as implemented by NHSRplotthedots (`ptd_spc`).
 */

export type SpcSignal = "outside-limits" | "trend" | "two-of-three" | "run" | "common-cause";

/** Limit constant 2.66 = 3/d₂ (d₂ = 1.128 for ranges of 2) and the MR screening constant 3.267 = D₄. */
export const XMR_LIMIT = 2.66;
export const MR_SCREEN = 3.267;
/** Fewer points than this in the baseline give "trial limits" (MDC guidance). */
export const MIN_POINTS_FOR_LIMITS = 12;
/** Points in a trend (6 consecutive rises or falls) and in a run on one side of the mean. */
export const TREND_POINTS = 7;
export const RUN_POINTS = 7;

export interface XmrOptions {
  /** Drop moving ranges ≥ 3.267·MR̄ and recompute MR̄ (Nelson 1982); default true as in NHSRplotthedots. */
  screenOutliers?: boolean;
  /** Compute the mean and limits from the first N points only (fixed baseline); default all. */
  baseline?: number;
}

export interface XmrChart {
  mean: number;
  movingRangeMean: number;
  upperLimit: number;
  lowerLimit: number;
  /** mean ± (2/3)·2.66·MR̄: the "2σ" lines of the two-in-three rule. */
  upperNearLimit: number;
  lowerNearLimit: number;
  /** True when fewer than 12 points set the limits. */
  trialLimits: boolean;
  pointsInBaseline: number;
  /** Moving ranges removed by screening. */
  screenedMovingRanges: number;
  /** Highest-precedence signal per point. */
  signals: SpcSignal[];
  /** Which side a special-cause point is on ("high"/"low"); null for common cause. */
  sides: Array<"high" | "low" | null>;
}

/**
 * XmR chart: mean x̄, MR̄ = mean |xᵢ − xᵢ₋₁|, limits x̄ ± 2.66·MR̄, and per point the first signal
 * that applies in the order: outside limits → 7-point trend (6 rises or 6 falls in a row) → two
 * of three consecutive points beyond the 2σ line (but inside the limits), all three on the same
 * side of the mean → run of 7 on one side of the mean → common cause (NHS England, Making Data
 * Count, 2019; NHSRplotthedots `ptd_spc`).
 * @example xmrChart([1,2,1,2,10,1,2,1,2,1,2,1,2,1,2,1,2,1]).upperLimit // 4.604444…
 */
export function xmrChart(values: readonly number[], options: XmrOptions = {}): XmrChart {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`invalid value: ${v}`);
  const n = options.baseline ?? values.length;
  if (!(Number.isInteger(n) && n >= 2 && n <= values.length)) {
    throw new RangeError(`an XmR chart needs a baseline of 2 to ${values.length} points, got ${n}`);
  }
  const base = values.slice(0, n);
  const centre = base.reduce((a, b) => a + b, 0) / n;
  let ranges = base.slice(1).map((v, i) => Math.abs(v - (base[i] as number)));
  let mr = average(ranges);
  const before = ranges.length;
  if (options.screenOutliers ?? true) {
    const cut = MR_SCREEN * mr;
    ranges = ranges.filter((r) => r < cut);
    mr = average(ranges);
  }
  const chart = {
    mean: centre,
    movingRangeMean: mr,
    upperLimit: centre + XMR_LIMIT * mr,
    lowerLimit: centre - XMR_LIMIT * mr,
    upperNearLimit: centre + ((2 * XMR_LIMIT) / 3) * mr,
    lowerNearLimit: centre - ((2 * XMR_LIMIT) / 3) * mr,
    trialLimits: n < MIN_POINTS_FOR_LIMITS,
    pointsInBaseline: n,
    screenedMovingRanges: before - ranges.length,
  };
  const { signals, sides } = classify(values, chart);
  return { ...chart, signals, sides };
}

function average(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

type Side = "high" | "low";

function classify(
  y: readonly number[],
  c: {
    mean: number;
    upperLimit: number;
    lowerLimit: number;
    upperNearLimit: number;
    lowerNearLimit: number;
  },
): { signals: SpcSignal[]; sides: Array<Side | null> } {
  const signals: SpcSignal[] = y.map(() => "common-cause");
  const sides: Array<Side | null> = y.map(() => null);
  // Later rules never overwrite an earlier (higher-precedence) signal.
  const mark = (i: number, signal: SpcSignal, side: Side) => {
    if (signals[i] !== "common-cause") return;
    signals[i] = signal;
    sides[i] = side;
  };
  y.forEach((v, i) => {
    if (v > c.upperLimit) mark(i, "outside-limits", "high");
    else if (v < c.lowerLimit) mark(i, "outside-limits", "low");
  });
  for (let end = TREND_POINTS - 1; end < y.length; end++) {
    const start = end - TREND_POINTS + 1;
    let rising = true;
    let falling = true;
    for (let i = start + 1; i <= end; i++) {
      rising &&= (y[i] as number) > (y[i - 1] as number);
      falling &&= (y[i] as number) < (y[i - 1] as number);
    }
    if (rising || falling)
      for (let i = start; i <= end; i++) mark(i, "trend", rising ? "high" : "low");
  }
  // Two in three (NHSRplotthedots): a point counts as "close" only when it is beyond a 2σ line
  // but not beyond the process limit; a window of three qualifies when at least two are close and
  // all three lie on the same side of the mean; the close points of such a window are flagged.
  const position = y.map((v) => (v > c.mean ? 1 : v < c.mean ? -1 : 0));
  const close = y.map(
    (v) => v <= c.upperLimit && v >= c.lowerLimit && (v > c.upperNearLimit || v < c.lowerNearLimit),
  );
  for (let start = 0; start + 3 <= y.length; start++) {
    const window = [start, start + 1, start + 2];
    const side = position[start] as number;
    if (side === 0 || !window.every((i) => position[i] === side)) continue;
    const hits = window.filter((i) => close[i]);
    if (hits.length >= 2) for (const i of hits) mark(i, "two-of-three", side > 0 ? "high" : "low");
  }
  for (let end = RUN_POINTS - 1; end < y.length; end++) {
    const start = end - RUN_POINTS + 1;
    const first = position[start] as number;
    if (first === 0) continue;
    let same = true;
    for (let i = start + 1; i <= end && same; i++) same = position[i] === first;
    if (same) for (let i = start; i <= end; i++) mark(i, "run", first > 0 ? "high" : "low");
  }
  return { signals, sides };
}

/** One phase of a rebased XmR chart: its own mean and limits, from `start` to `end` inclusive. */
export interface XmrPhase extends Omit<XmrChart, "signals" | "sides"> {
  start: number;
  end: number;
}

export interface PhasedXmrChart {
  phases: XmrPhase[];
  signals: SpcSignal[];
  sides: Array<"high" | "low" | null>;
  /** Index of each point's phase. */
  phaseOf: number[];
}

/**
 * XmR chart rebased at documented breaks (NHSRplotthedots' `rebase`): `breaks` are the indices
 * where a new phase starts; each phase gets its own mean and limits from its own points, and the
 * special-cause rules run within each phase only (a trend or run never spans a break). A phase of
 * a single point cannot have limits: it is merged into the phase before it (or after it, at the
 * start).
 * @example xmrPhases([5, 6, 5, 6, 1, 2, 1, 2], [4]).phases.map((p) => p.mean) // [5.5, 1.5]
 */
export function xmrPhases(
  values: readonly number[],
  breaks: readonly number[],
  options: Omit<XmrOptions, "baseline"> = {},
): PhasedXmrChart {
  if (values.length < 2) {
    throw new RangeError(
      `an XmR chart needs a baseline of 2 to ${values.length} points, got ${values.length}`,
    );
  }
  const starts = [...new Set([0, ...breaks.filter((b) => b > 0 && b < values.length)])].sort(
    (a, b) => a - b,
  );
  const bounds: Array<[number, number]> = [];
  starts.forEach((s, i) => {
    const end = (starts[i + 1] ?? values.length) - 1;
    const last = bounds[bounds.length - 1];
    if (end - s + 1 < 2 && last) last[1] = end;
    else bounds.push([s, end]);
  });
  const first = bounds[0];
  if (first && first[1] - first[0] + 1 < 2 && bounds.length > 1) {
    const next = bounds[1] as [number, number];
    next[0] = first[0];
    bounds.shift();
  }
  const phases: XmrPhase[] = [];
  const signals: SpcSignal[] = [];
  const sides: Array<"high" | "low" | null> = [];
  const phaseOf: number[] = [];
  bounds.forEach(([start, end], p) => {
    const chart = xmrChart(values.slice(start, end + 1), options);
    const { signals: s, sides: d, ...limits } = chart;
    phases.push({ ...limits, start, end });
    signals.push(...s);
    sides.push(...d);
    for (let i = start; i <= end; i++) phaseOf.push(p);
  });
  return { phases, signals, sides, phaseOf };
}
