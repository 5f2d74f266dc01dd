/**
 * The pure part of `trend`: monthly counts of a group of commissioner codes turned into rates per
 * 1,000 with intervals, month-on-month change, areas up, recovery against 2019 and SPC signals.
 */
import { compareWithReference, recentTrend, xmrChart } from "../stats/index.ts";
import type { MonthlyCommissionerCount } from "../store/activity-queries.ts";

import { ratePer1000 } from "./rates.ts";
import type {
  Comparison,
  RateWithInterval,
  TrendAreaPoint,
  TrendOutput,
  TrendPoint,
} from "./types.ts";

/** Counts by month, then by commissioner code as it appears on the rows. */
export type CountsByMonth = Map<string, Map<string, number>>;

/** Indexes monthly commissioner counts by month and code. */
export function countsByMonth(rows: readonly MonthlyCommissionerCount[]): CountsByMonth {
  const out: CountsByMonth = new Map();
  for (const r of rows) {
    const m = out.get(r.month) ?? new Map<string, number>();
    m.set(r.code, (m.get(r.code) ?? 0) + r.count);
    out.set(r.month, m);
  }
  return out;
}

/** Sum of the counts of `members` (commissioner codes) in `month`; 0 where they have no rows. */
export function countOf(counts: CountsByMonth, month: string, members: readonly string[]): number {
  const m = counts.get(month);
  if (!m) return 0;
  return members.reduce((s, code) => s + (m.get(code) ?? 0), 0);
}

/** Sum of every code's count in `month`. */
export function totalOf(counts: CountsByMonth, month: string): number {
  return [...(counts.get(month)?.values() ?? [])].reduce((s, n) => s + n, 0);
}

/** The same calendar month of 2019 (`2021-04` → `2019-04`). */
export const month2019 = (month: string): string => `2019-${month.slice(5)}`;

/** count ÷ count of the same month of 2019 × 100; null when 2019's count is unknown or 0. */
export function recovery(count: number, count2019: number | null): number | null {
  return count2019 === null || count2019 <= 0 ? null : (count / count2019) * 100;
}

const compare = (r: { lower95: number; upper95: number }, england: number): Comparison =>
  compareWithReference({ lower: r.lower95, upper: r.upper95 }, england) ?? "similar";

/** One area's points: rates, recovery, comparison with England's rate of the month. */
export function areaPoints(options: {
  months: readonly string[];
  counts: readonly number[];
  population: number;
  counts2019: ReadonlyArray<number | null>;
  englandRates: readonly number[];
}): TrendAreaPoint[] {
  return options.months.map((month, i) => {
    const r = ratePer1000(options.counts[i] ?? 0, options.population);
    return {
      month,
      ...r,
      recoveryVs2019: recovery(r.count, options.counts2019[i] ?? null),
      comparedToEngland: compare(r, options.englandRates[i] ?? r.rate),
    };
  });
}

/**
 * The headline series: each month's rate, its change on the month before (difference and %), how
 * many of `subAreas` rose (rate higher than the month before; of all of them, since every area is
 * in every month), recovery against 2019, and the XmR (Making Data Count) signal of each point on
 * the monthly rates with limits from every month of the window (trial limits under 12 points).
 */
export function seriesPoints(options: {
  months: readonly string[];
  counts: readonly number[];
  population: number;
  counts2019: ReadonlyArray<number | null>;
  excluded: readonly number[];
  /** England's rate each month, to compare an `--area` with; null for England itself. */
  englandRates: readonly number[] | null;
  subAreas: ReadonlyArray<{ points: readonly TrendAreaPoint[] }>;
}): { series: TrendPoint[]; spc: TrendOutput["spc"]; recentTrend: TrendOutput["recentTrend"] } {
  const rates = options.months.map((_, i) =>
    ratePer1000(options.counts[i] ?? 0, options.population),
  );
  const chart = xmrChart(rates.map((r) => r.rate));
  const series = options.months.map((month, i): TrendPoint => {
    const r = rates[i] as RateWithInterval;
    const previous = rates[i - 1];
    const up =
      i === 0 || options.subAreas.length === 0
        ? null
        : options.subAreas.filter(
            (a) => (a.points[i]?.rate ?? 0) > (a.points[i - 1]?.rate ?? Number.POSITIVE_INFINITY),
          ).length;
    const england = options.englandRates?.[i];
    return {
      month,
      ...r,
      changeOnPreviousMonth:
        previous && previous.rate > 0 ? ((r.rate - previous.rate) / previous.rate) * 100 : null,
      rateChangeOnPreviousMonth: previous ? r.rate - previous.rate : null,
      areasUp: up,
      areasCompared: up === null ? null : options.subAreas.length,
      recoveryVs2019: recovery(r.count, options.counts2019[i] ?? null),
      spc: chart.signals[i] ?? "common-cause",
      spcSide: chart.sides[i] ?? null,
      excluded: options.excluded[i] ?? 0,
      comparedToEngland: england === undefined ? null : compare(r, england),
    };
  });
  const marker = recentTrend(
    rates.map((r) => ({ value: r.rate, lower95: r.lower95, upper95: r.upper95 })),
  );
  return {
    series,
    spc: {
      mean: chart.mean,
      upperLimit: chart.upperLimit,
      lowerLimit: chart.lowerLimit,
      movingRangeMean: chart.movingRangeMean,
      trialLimits: chart.trialLimits,
    },
    recentTrend: { marker: marker.marker, slope: marker.slope, chiSquare: marker.chiSquare },
  };
}
