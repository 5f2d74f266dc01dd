/**
 * Waiting-time figures from Part_2 week bands (DESIGN §2 "Waiting times"): pure functions over the
 * band counts of one month, where band i holds patients waiting i to i+1 weeks and the last band is
 * open-ended from `topBandStart` weeks (52 before April 2021, 104 from then).
 */
import { groupedQuantile, type Band } from "../stats/index.ts";

import type { WaitChange, WaitFigures } from "./types.ts";

/** The 18-week standard: patients in bands 0–1 … 17–18 weeks are within it. */
export const WITHIN_WEEKS = 18;
/** Long-wait thresholds reported (weeks); a threshold above the month's open band gives null. */
export const LONG_WAITS = [52, 65, 78, 104] as const;

/** Adds band arrays element by element (arrays of one month have one length). */
export function sumBands(lists: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const list of lists) list.forEach((n, i) => (out[i] = (out[i] ?? 0) + n));
  return out;
}

/** Patients in bands from week `from` up (inclusive) to `to` (exclusive). */
function bandSum(bands: readonly number[], from: number, to = bands.length): number {
  let s = 0;
  for (let i = from; i < to && i < bands.length; i++) s += bands[i] ?? 0;
  return s;
}

/**
 * The waiting-time figures of one area from its summed bands:
 * waiting = the count (sum of Total All; the sum of the bands when not given);
 * within18 = Σ bands 0…17; pctWithin18 = within18 ÷ waiting × 100 (null when nobody waits);
 * overN = Σ bands from week N up, null when N is above `topBandStart` (the band does not exist);
 * median and 92nd-percentile waits by linear interpolation within the band holding the quantile
 * (`groupedQuantile`). When the quantile falls in the open top band the wait is only known to
 * exceed `topBandStart` weeks, so it is null (as NHS England reports "more than 52/104 weeks").
 * @example waitFigures([4, 4], 52).medianWeeks // 1
 */
export function waitFigures(
  bands: readonly number[],
  topBandStart: number,
  waiting = bandSum(bands, 0),
): WaitFigures {
  const within18 = bandSum(bands, 0, WITHIN_WEEKS);
  const over = (weeks: number) => (weeks <= topBandStart ? bandSum(bands, weeks) : null);
  const grouped: Band[] = bands.map((count, i) => ({
    lower: i,
    upper: i === bands.length - 1 ? null : i + 1,
    count,
  }));
  return {
    waiting,
    within18,
    pctWithin18: waiting > 0 ? (within18 / waiting) * 100 : null,
    over52: over(52),
    over65: over(65),
    over78: over(78),
    over104: over(104),
    medianWeeks: grouped.length > 0 ? groupedQuantile(grouped, 0.5) : null,
    p92Weeks: grouped.length > 0 ? groupedQuantile(grouped, 0.92) : null,
  };
}

const FIGURES: ReadonlyArray<keyof WaitFigures> = [
  "waiting",
  "within18",
  "pctWithin18",
  "over52",
  "over65",
  "over78",
  "over104",
  "medianWeeks",
  "p92Weeks",
];

/** This month minus the baseline for every figure (percentage points for pctWithin18, weeks for the waits); null where either side is null. */
export function waitChange(now: WaitFigures, baseline: WaitFigures): WaitChange {
  const out = {} as WaitChange;
  for (const k of FIGURES) {
    const a = now[k];
    const b = baseline[k];
    out[k] = a === null || b === null ? null : a - b;
  }
  return out;
}
