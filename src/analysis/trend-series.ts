/**
 * The pure part of `trend`: monthly counts of a group of commissioner codes turned into rates per
 * 1,000 with intervals, month-on-month change, areas up, recovery against 2019 and SPC signals.
 */
import {
  compareWithReference,
  type FunnelPosition,
  rateFunnel,
  recentTrend,
  xmrPhases,
} from "../stats/index.ts";
import type { MonthlyCommissionerCount } from "../store/activity-queries.ts";

import { comparisonAt } from "./funnel-comparison.ts";
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

/** % change of `rate` on `before`; null without a positive earlier rate. */
export function percentChange(rate: number, before: number | undefined): number | null {
  return before === undefined || !(before > 0) ? null : ((rate - before) / before) * 100;
}

/**
 * Index of the same calendar month a year earlier in a consecutive run of months, or −1 (the
 * window holds every month from its first to its last, so it is 12 places back).
 */
const yearEarlier = (months: readonly string[], i: number): number =>
  i >= 12 && months[i - 12] === `${Number(months[i]?.slice(0, 4)) - 1}${months[i]?.slice(4)}`
    ? i - 12
    : -1;

/** The months (indices) where a new SPC phase starts: each `rebase` month inside the window. */
export function phaseBreaks(months: readonly string[], rebase: readonly string[]): number[] {
  return rebase.map((m) => months.indexOf(m)).filter((i) => i > 0);
}

/** Each month's over-dispersion-aware position of one area among its peers (`monthlyPositions`). */
export interface MonthlyPosition {
  position: FunnelPosition;
  basis: "funnel-overdispersed" | "funnel";
}

/**
 * For every month, a funnel of the peers' rates around their pooled rate that month (as
 * `variation` draws for a window), widened for over-dispersion when the peers vary more than
 * chance allows; each peer's position against it. A month with no events places everyone within.
 * @example monthlyPositions([{ key: "A", counts: [120], population: 1e5 }, …]).get("A")?.[0]?.position
 */
export function monthlyPositions(
  peers: ReadonlyArray<{ key: string; counts: readonly number[]; population: number }>,
  months: number,
): Map<string, MonthlyPosition[]> {
  const out = new Map<string, MonthlyPosition[]>(peers.map((p) => [p.key, []]));
  for (let i = 0; i < months; i++) {
    const points = peers.map((p) => ({
      code: p.key,
      count: p.counts[i] ?? 0,
      population: p.population,
    }));
    const total = points.reduce((s, p) => s + p.count, 0);
    if (points.length === 0 || total === 0) {
      for (const p of peers) out.get(p.key)?.push({ position: "within", basis: "funnel" });
      continue;
    }
    // Only positions are needed: no limit grid.
    const f = rateFunnel({ points, limitPopulations: [] });
    const basis = f.adjustment === "none" ? "funnel" : "funnel-overdispersed";
    for (const pt of f.points) out.get(pt.code)?.push({ position: pt.positionAdjusted, basis });
  }
  return out;
}

/** One area's points: rates, like-for-like changes, recovery, comparison with England's rate. */
export function areaPoints(options: {
  months: readonly string[];
  counts: readonly number[];
  population: number;
  counts2019: ReadonlyArray<number | null>;
  englandRates: readonly number[];
  /** Its position among its peers each month (`monthlyPositions`): drives `comparedToEngland`. */
  positions?: readonly MonthlyPosition[];
}): TrendAreaPoint[] {
  const rates = options.months.map((_, i) =>
    ratePer1000(options.counts[i] ?? 0, options.population),
  );
  return options.months.map((month, i) => {
    const r = rates[i] as RateWithInterval;
    const y = yearEarlier(options.months, i);
    return {
      month,
      ...r,
      changeOnPreviousMonth: percentChange(r.rate, rates[i - 1]?.rate),
      changeOnYearEarlier: y < 0 ? null : percentChange(r.rate, rates[y]?.rate),
      recoveryVs2019: recovery(r.count, options.counts2019[i] ?? null),
      ...comparisons(r, options.englandRates[i] ?? r.rate, options.positions?.[i]),
    };
  });
}

/**
 * The headline comparison from the month's over-dispersion-aware funnel when there is one, and
 * Fingertips' Poisson-interval comparison beside it (the headline one without a funnel).
 */
function comparisons(
  r: RateWithInterval,
  england: number,
  position: MonthlyPosition | undefined,
): Pick<TrendAreaPoint, "comparedToEngland" | "poissonComparedToEngland" | "comparisonBasis"> {
  const poisson = compare(r, england);
  if (!position) {
    return {
      comparedToEngland: poisson,
      poissonComparedToEngland: poisson,
      comparisonBasis: "poisson-ci",
    };
  }
  return {
    comparedToEngland: comparisonAt(position.position, "95"),
    poissonComparedToEngland: poisson,
    comparisonBasis: position.basis,
  };
}

/**
 * The headline series: each month's rate, its change on the month before (difference and %), how
 * many of `subAreas` rose (rate higher than the month before; of all of them, since every area is
 * in every month), the change on the same month a year earlier, recovery against 2019, and the
 * XmR (Making Data Count) signal of each point on the monthly rates, the chart rebased at the
 * `rebase` months (each phase its own limits; trial limits under 12 points).
 */
export function seriesPoints(options: {
  months: readonly string[];
  counts: readonly number[];
  population: number;
  counts2019: ReadonlyArray<number | null>;
  excluded: readonly number[];
  /** England's rate each month, to compare an `--area` with; null for England itself. */
  englandRates: readonly number[] | null;
  /** The `--area`'s position among its peers each month (`monthlyPositions`). */
  positions?: readonly MonthlyPosition[];
  subAreas: ReadonlyArray<{ points: readonly TrendAreaPoint[] }>;
  /** Months where the SPC chart is rebased (a new phase starts); those outside the window are ignored. */
  rebase?: readonly string[];
}): { series: TrendPoint[]; spc: TrendOutput["spc"]; recentTrend: TrendOutput["recentTrend"] } {
  const rates = options.months.map((_, i) =>
    ratePer1000(options.counts[i] ?? 0, options.population),
  );
  const rebase = options.rebase ?? [];
  const chart = xmrPhases(
    rates.map((r) => r.rate),
    phaseBreaks(options.months, rebase),
  );
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
      changeOnPreviousMonth: percentChange(r.rate, previous?.rate),
      rateChangeOnPreviousMonth: previous ? r.rate - previous.rate : null,
      changeOnYearEarlier: (() => {
        const y = yearEarlier(options.months, i);
        return y < 0 ? null : percentChange(r.rate, rates[y]?.rate);
      })(),
      areasUp: up,
      areasCompared: up === null ? null : options.subAreas.length,
      recoveryVs2019: recovery(r.count, options.counts2019[i] ?? null),
      spc: chart.signals[i] ?? "common-cause",
      spcPhase: chart.phaseOf[i] ?? 0,
      spcSide: chart.sides[i] ?? null,
      excluded: options.excluded[i] ?? 0,
      ...(england === undefined
        ? { comparedToEngland: null, poissonComparedToEngland: null, comparisonBasis: null }
        : comparisons(r, england, options.positions?.[i])),
    };
  });
  const marker = recentTrend(
    rates.map((r) => ({ value: r.rate, lower95: r.lower95, upper95: r.upper95 })),
  );
  const phases = chart.phases.map((p) => ({
    from: options.months[p.start] as string,
    to: options.months[p.end] as string,
    mean: p.mean,
    upperLimit: p.upperLimit,
    lowerLimit: p.lowerLimit,
    movingRangeMean: p.movingRangeMean,
    trialLimits: p.trialLimits,
  }));
  const current = phases[phases.length - 1] as (typeof phases)[number];
  return {
    series,
    spc: {
      mean: current.mean,
      upperLimit: current.upperLimit,
      lowerLimit: current.lowerLimit,
      movingRangeMean: current.movingRangeMean,
      trialLimits: current.trialLimits,
      phases,
      rebase: phases.slice(1).map((p) => p.from),
    },
    recentTrend: { marker: marker.marker, slope: marker.slope, chiSquare: marker.chiSquare },
  };
}
