import { MissingDataError, UsageError } from "../errors.ts";
import { MONTH_NAMES, monthRange } from "../months.ts";
import {
  allHeldMonths,
  commissionerCounts,
  heldPeriods,
  monthlyCommissionerCounts,
  type ActivityFilter,
} from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";

import { findUnit, parentCode, regionCodes, unitCode } from "./area-codes.ts";
import type { Denominator } from "./denominators.ts";
import { MEASURE_PART, resolveSpecialty, unitLabel } from "./options.ts";
import { ratePer1000 } from "./rates.ts";
import {
  areaPoints,
  countOf,
  monthlyPositions,
  countsByMonth,
  month2019,
  seriesPoints,
  totalOf,
  type CountsByMonth,
  type MonthlyPosition,
} from "./trend-series.ts";
import type { Level, Measure, TrendOutput } from "./types.ts";
import { buildUnits, type Unit } from "./units.ts";
import { loadWindow, sourceInfo } from "./window.ts";

export interface TrendOptions {
  from: string;
  to: string;
  measure?: Measure;
  specialty?: string;
  level?: Level;
  /** One area at `level` (code; at region level the ODS code or name); null/undefined = England. */
  area?: string | null;
  /**
   * Months where the SPC chart is rebased (a new phase with its own limits starts); default
   * `DEFAULT_REBASE` (the March 2020 collapse); `[]` for one set of limits.
   */
  rebase?: readonly string[];
  /** Which population divides (analysis/denominators.ts); default `resident`. */
  denominator?: Denominator;
  /**
   * Where to keep each month's funnel positions of every area, which do not depend on `area`: a
   * caller asking for many areas' trends of one unchanged store (the web's policy pages) passes
   * one map, so they are worked out once per level, window, measure and specialty, not per area.
   */
  positionsMemo?: Map<string, Map<string, MonthlyPosition[]>>;
}

/** The documented break every trend is rebased at unless told otherwise: the March 2020 collapse. */
export const DEFAULT_REBASE: readonly string[] = ["2020-03"];

/**
 * Which 2019 months "% of 2019" can use, and why it is blank elsewhere: `missing` are the
 * calendar months of the window whose 2019 month the store does not hold.
 */
export function recoveryCoverage(
  months: readonly string[],
  held2019: ReadonlySet<string>,
): TrendOutput["recovery"] {
  const wanted = [...new Set(months.map(month2019))].sort();
  const missing = wanted.filter((m) => !held2019.has(m));
  const have = wanted.filter((m) => held2019.has(m));
  const names = (ms: string[]) => ms.map((m) => `${MONTH_NAMES[Number(m.slice(5)) - 1]} 2019`);
  const note =
    missing.length === 0
      ? null
      : have.length === 0
        ? `"% of 2019" is blank: the store holds none of ${names(missing).join(", ")}.`
        : `"% of 2019" is blank for ${names(missing)
            .map((n) => n.replace(" 2019", ""))
            .join(
              ", ",
            )}: the store does not hold ${names(missing).join(", ")} (it holds ${have.length === 1 ? `only ${names(have)[0]}` : `${names(have)[0]} to ${names(have)[have.length - 1]}`}).`;
  return { months2019: have, missing, note };
}

/** Why a store of one month has no trend (the web pages and the API say so instead of failing). */
export const TREND_NEEDS_TWO_MONTHS =
  "a trend needs two or more consecutive months, and the latest month held has none before it";

export const TREND_METHOD =
  "Monthly count = sum of Total All over treatment-function rows (all providers); rate per 1,000 per month = count ÷ population × 1,000, with the areas, ICB/region grouping and populations of the window's last month for every month; England = sum of the areas' counts ÷ sum of their populations; " +
  "95% and 99.8% intervals exact Poisson below 10 events, Byar's from 10; areas up = areas whose rate is higher than the month before; recovery = count ÷ count of the same calendar month of 2019 × 100 (2019 counts grouped into the same areas); " +
  "change on the previous calendar month and on the same month a year earlier (within the window); " +
  "compared with England each month (comparedToEngland): above or below the expected range when outside the 95% limits of that month's funnel of every area at the same level, widened for over-dispersion as in variation (random-effects τ², or √φ below 10 areas); poissonComparedToEngland is the month's own Poisson 95% interval against England's rate (Fingertips), kept as a labelled column; " +
  "SPC: XmR chart of the monthly rates (NHS England Making Data Count, as NHSRplotthedots: limits mean ± 2.66 × mean moving range, moving ranges ≥ 3.267 × their mean screened out, trial limits under 12 points; rules: outside limits, 7-point trend, 2 of 3 beyond 2σ but inside the limits with all 3 on one side of the mean, run of 7), rebased at documented breaks (March 2020 by default): each phase has its own limits and rules never span a break.";

/** The 2019 comparison: counts of the held months of 2019 grouped into the window's areas. */
interface Base2019 {
  months: Set<string>;
  counts: CountsByMonth;
  units: Map<string, Unit>;
  all: Unit[];
}

async function base2019(
  store: Store,
  filter: ActivityFilter,
  months: readonly string[],
  level: Level,
  lastMonth: string,
): Promise<Base2019 | null> {
  const held = await held2019Months(store);
  const wanted = [...new Set(months.map(month2019))].filter((m) => held.has(m)).sort();
  const first = wanted[0];
  const last = wanted[wanted.length - 1];
  if (first === undefined || last === undefined) return null;
  const range = { ...filter, from: first, to: last };
  const rows = (await monthlyCommissionerCounts(store, range)).filter((r) =>
    wanted.includes(r.month),
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.code, (totals.get(r.code) ?? 0) + r.count);
  const built = await buildUnits(store, {
    counts: [...totals].map(([code, count]) => ({ code, name: null, count })),
    lastMonth,
    level,
  });
  return {
    months: new Set(wanted),
    counts: countsByMonth(rows),
    units: new Map(built.units.map((u) => [u.code, u])),
    all: built.units,
  };
}

const members = (units: readonly Unit[]) => units.flatMap((u) => u.members);

async function held2019Months(store: Store): Promise<Set<string>> {
  return new Set((await allHeldMonths(store)).filter((m) => m.startsWith("2019-")));
}

/**
 * `rationwatch trend`: month-by-month rates per 1,000 for England (or one `--area`) with the change
 * on the previous month, areas up, recovery against 2019 and XmR signals, plus each area's series.
 * Areas, their ICB/region and their populations are those of the window's last month for every
 * month (as `variation` over the window), so a month's England is the sum of the same areas and
 * rates move only with counts; commissioner codes of earlier months roll up through the crosswalk.
 * An area with no rows in a month counts 0 that month.
 */
export async function trend(store: Store, options: TrendOptions): Promise<TrendOutput> {
  const measure = options.measure ?? "admitted";
  const level = options.level ?? "commissioner";
  const specialty = resolveSpecialty(options.specialty);
  if (monthRange(options.from, options.to).length < 2) {
    throw new UsageError(
      `a trend needs at least two months (--from ${options.from} --to ${options.to} is one)`,
    );
  }
  const window = await loadWindow(store, options.from, options.to);
  const filter: ActivityFilter = {
    from: window.from,
    to: window.to,
    part: MEASURE_PART[measure],
    tfCodes: specialty.tfCodes,
  };
  const totals = await commissionerCounts(store, filter);
  const monthly = await monthlyCommissionerCounts(store, filter);
  const built = await buildUnits(store, {
    counts: totals,
    lastMonth: window.to,
    level,
    denominator: options.denominator,
  });
  if (built.units.length === 0) {
    throw new MissingDataError(
      `no area has ${measure} activity for ${specialty.name} in ${window.from} to ${window.to}`,
    );
  }
  const regions = await regionCodes(store, window.to);
  const scope = options.area ? findUnit(built.units, options.area, level, regions) : undefined;
  if (options.area && !scope) {
    throw new UsageError(
      `--area: no ${level} "${options.area}" in the data for ${window.from} to ${window.to}`,
    );
  }
  const counts = countsByMonth(monthly);
  const base = await base2019(store, filter, window.months, level, window.to);
  const months = window.months;
  const in2019 = (month: string, units: readonly Unit[]): number | null =>
    base?.months.has(month2019(month))
      ? countOf(base.counts, month2019(month), members(units))
      : null;

  const englandPopulation = built.units.reduce((s, u) => s + u.population, 0);
  const englandCounts = months.map((m) => countOf(counts, m, members(built.units)));
  const englandRates = englandCounts.map((c) => ratePer1000(c, englandPopulation).rate);
  const subAreas =
    scope === undefined
      ? built.units
      : level === "commissioner"
        ? []
        : built.commissioners.filter((c) => c.members.every((m) => scope.members.includes(m)));
  const subLevel: Level = scope === undefined ? level : "commissioner";
  // Each month, areas are judged against a funnel of their peers (every area at their level).
  const peersOf = (units: readonly Unit[]) =>
    monthlyPositions(
      units.map((u) => ({
        key: u.code,
        counts: months.map((m) => countOf(counts, m, u.members)),
        population: u.population,
      })),
      months.length,
    );
  const memoKey = [measure, specialty.code, window.from, window.to, options.denominator ?? ""];
  const memoPeers = (name: string, units: readonly Unit[]) => {
    const key = [...memoKey, name].join("|");
    const held = options.positionsMemo?.get(key);
    if (held) return held;
    const made = peersOf(units);
    options.positionsMemo?.set(key, made);
    return made;
  };
  const levelPositions = memoPeers(level, built.units);
  const subPositions =
    scope === undefined ? levelPositions : memoPeers("commissioner", built.commissioners);
  const areas = subAreas.map((u) => {
    const code = unitCode(u, subLevel, regions);
    const base2019Unit = base?.units.get(u.code);
    return {
      code,
      name: u.name,
      parentCode: parentCode(u, subLevel, regions),
      points: areaPoints({
        months,
        counts: months.map((m) => countOf(counts, m, u.members)),
        population: u.population,
        counts2019: months.map((m) => (base2019Unit ? in2019(m, [base2019Unit]) : null)),
        englandRates,
        positions: subPositions.get(u.code),
      }),
    };
  });
  const scopeUnits = scope === undefined ? built.units : [scope];
  const scope2019 =
    scope === undefined ? (base?.all ?? []) : [base?.units.get(scope.code)].filter((u) => !!u);
  const { series, spc, recentTrend } = seriesPoints({
    months,
    counts: months.map((m) => countOf(counts, m, members(scopeUnits))),
    population: scopeUnits.reduce((s, u) => s + u.population, 0),
    counts2019: months.map((m) => (scope2019.length > 0 ? in2019(m, scope2019) : null)),
    excluded: months.map((m, i) => totalOf(counts, m) - (englandCounts[i] ?? 0)),
    englandRates: scope === undefined ? null : englandRates,
    positions: scope === undefined ? undefined : levelPositions.get(scope.code),
    subAreas: areas,
    rebase: options.rebase ?? DEFAULT_REBASE,
  });
  const recovery = recoveryCoverage(months, await held2019Months(store));
  const source = sourceInfo(window, built.populationVintage, TREND_METHOD);
  if (base) {
    const periods = await heldPeriods(store, [...base.months][0] ?? "", "2019-12");
    const cited = new Set(window.months);
    for (const p of periods.filter((x) => base.months.has(x.month) && !cited.has(x.month))) {
      source.files.push({ month: p.month, file: p.sourceFile, checksum: p.checksum });
      source.synthetic ||= p.synthetic;
    }
  }
  return {
    measure,
    specialty: specialty.code,
    specialtyName: specialty.name,
    from: window.from,
    to: window.to,
    months: months.length,
    level,
    area: scope === undefined ? null : unitCode(scope, level, regions),
    areaName: scope === undefined ? "England" : scope.name,
    areaParentCode: scope === undefined ? null : parentCode(scope, level, regions),
    per: "month",
    unit: unitLabel("month"),
    series,
    spc,
    recentTrend,
    recovery,
    areas,
    excluded: built.excluded,
    source,
  };
}
