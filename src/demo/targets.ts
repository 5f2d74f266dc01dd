/** National targets of one demo month, read off the calibration knots (see calibration.ts). */
import {
  ADMITTED_KNOTS,
  CLOCK_START_KNOTS,
  interpolate,
  LIST_KNOTS,
  MEDIAN_KNOTS,
  NON_ADMITTED_KNOTS,
  OVER104_KNOTS,
  OVER52_KNOTS,
  OVER78_KNOTS,
  PCT18_KNOTS,
  seasonality,
  TAIL_RATIO_BEFORE_2021,
} from "./calibration.ts";
import type { WaitTargets } from "./shape.ts";

export interface MonthTargets {
  /** England totals for the month (all commissioners). */
  admitted: number;
  nonAdmitted: number;
  clockStarts: number;
  list: number;
  /** Shape of the waiting list (Part_2). */
  waits: WaitTargets;
}

/** England targets for a month: flows with seasonality, the list and its wait shape. */
export function monthTargets(month: string): MonthTargets {
  const season = seasonality(month);
  const list = interpolate(LIST_KNOTS, month) * 1e6;
  const over52 = interpolate(OVER52_KNOTS, month, true) / list;
  const modern = month >= "2021-04";
  const median = interpolate(MEDIAN_KNOTS, month);
  const waits: WaitTargets = {
    median,
    pct18: interpolate(PCT18_KNOTS, month) / 100,
    over52,
    over78: modern
      ? interpolate(OVER78_KNOTS, month, true) / list
      : over52 * TAIL_RATIO_BEFORE_2021.over78,
    over104: modern
      ? interpolate(OVER104_KNOTS, month, true) / list
      : over52 * TAIL_RATIO_BEFORE_2021.over104,
  };
  // Before the pandemic the 92nd percentile ran at about 3 × the median (Sep 2018 22.2 vs 7.6,
  // Jul 2019 22.7 vs 7.3, Dec 2019 24.9 vs 8.3).
  if (month < "2020-03") waits.p92 = 3.02 * median;
  return {
    admitted: interpolate(ADMITTED_KNOTS, month) * 1e3 * season,
    nonAdmitted: interpolate(NON_ADMITTED_KNOTS, month) * 1e3 * season,
    clockStarts: interpolate(CLOCK_START_KNOTS, month) * 1e3 * season,
    list,
    waits,
  };
}
