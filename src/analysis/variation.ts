import { MissingDataError, UsageError } from "../errors.ts";
import { awaitedLater } from "../promises.ts";
import {
  compareWithReference,
  type FunnelPosition,
  rankDescending,
  rankIntervals,
  rateFunnel,
  spread,
} from "../stats/index.ts";
import { commissionerCounts } from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";

import { regionCodes, unitCode } from "./area-codes.ts";
import { splitIncomplete, variationCompleteness } from "./completeness-units.ts";
import { windowCompleteness } from "./completeness.ts";
import { populationByArea, type Denominator, type PopulationByArea } from "./denominators.ts";
import { deprivationGradient, loadImdScores } from "./deprivation.ts";
import { comparisonAt, EMPTY_FUNNEL, funnelResult, rankModel } from "./funnel-comparison.ts";
import { headlines } from "./headlines.ts";
import { NO_NEED_FIGURES, needAdjustedRatios, regionNeedRatios } from "./need-adjusted.ts";
import { MEASURE_PART, resolveSpecialty, unitLabel } from "./options.ts";
import { ratePer1000 } from "./rates.ts";
import type {
  AreaRate,
  Comparison,
  FunnelResult,
  Level,
  Measure,
  MeasureBasis,
  Per,
  RateWithInterval,
  RegionRate,
  VariationResult,
  WithinIcs,
} from "./types.ts";
import { aggregate, buildUnits, type Unit, type Units } from "./units.ts";
import { loadWindow, sourceInfo } from "./window.ts";

export interface VariationOptions {
  from: string;
  to: string;
  measure?: Measure;
  specialty?: string;
  level?: Level;
  per?: Per;
  /** Seed of the rank-interval simulation (same seed, same intervals). */
  seed?: number;
  /** Simulations for rank intervals; default 1,000. */
  simulations?: number;
  /** Which population divides (analysis/denominators.ts); default `resident`. */
  denominator?: Denominator;
  /** Which figure orders the areas and leads the headlines; default `crude`. Both are computed. */
  measureBasis?: MeasureBasis;
}

export { comparisonAt };

export const VARIATION_METHOD =
  "Count = sum of Total All over treatment-function rows (all providers) in the window; rate per 1,000 = count ÷ months ÷ population × 1,000 (per month) or count ÷ population × 1,000 (window); " +
  "95% and 99.8% intervals exact Poisson below 10 events, Byar's from 10; " +
  "compared with England (comparedToEngland, what headlines, colours and badges use): above or below the expected range when outside the funnel limits at 95% (99.8% for comparedToEngland998), the limits widened for over-dispersion (Spiegelhalter's random-effects τ², or √φ below 10 areas) when the areas vary more than chance allows; poissonComparedToEngland is Fingertips' Poisson-interval comparison, kept as a labelled column; " +
  "rank 1 = highest, ties share the smaller rank; rank intervals from 1,000 simulations of the same model (Poisson when not over-dispersed; 25th to 975th simulated rank); funnel limits exact Poisson, widened as above.";

/** Rate per 1,000 per month (exposure population × months) or over the window. */
const rateOf = (count: number, population: number, months: number, per: Per): RateWithInterval =>
  ratePer1000(count, population, per === "month" ? population * months : population);

const compare = (lower: number, upper: number, england: number): Comparison =>
  compareWithReference({ lower, upper }, england) ?? "similar";

/**
 * `rationwatch variation`: patients per 1,000 population by area over a window, ranked, with
 * intervals, comparison with England, regions, within-ICS gaps, spread, funnel and headlines
 * (docs/methodology.md).
 */
export async function variation(store: Store, options: VariationOptions): Promise<VariationResult> {
  const measure = options.measure ?? "admitted";
  const level = options.level ?? "commissioner";
  const per = options.per ?? "month";
  const specialty = resolveSpecialty(options.specialty);
  const window = await loadWindow(store, options.from, options.to);
  const months = window.months.length;
  // Reads that do not depend on each other start together (a read-only store answers them on two
  // connections side by side), and are awaited in the order they were written before, so the
  // first problem reported is the same.
  const completenessRead = awaitedLater(
    windowCompleteness(store, { from: window.from, to: window.to, part: MEASURE_PART[measure] }),
  );
  const weightedRead = awaitedLater(
    populationByArea(store, { month: window.to, basis: "need-weighted" }),
  );
  const built = await buildUnits(store, {
    counts: commissionerCounts(store, {
      from: window.from,
      to: window.to,
      part: MEASURE_PART[measure],
      tfCodes: specialty.tfCodes,
    }),
    lastMonth: window.to,
    level,
    denominator: options.denominator,
  });
  // Areas whose usual providers did not submit are kept aside, unranked (completeness.ts).
  const completeness = await completenessRead;
  const split = splitIncomplete(built, completeness, level);
  // Regions are shown by their ODS code (Y56…), as in trend and waits.
  const regionCodeByName = level === "region" ? await regionCodes(store, window.to) : new Map();
  const units = split.units.map((u) => ({ ...u, code: unitCode(u, level, regionCodeByName) }));
  if (units.length === 0) {
    const what = specialty.code === "all" ? "" : `${specialty.name} (${specialty.code}) `;
    throw new MissingDataError(
      `no ${what}${measure} activity for any area from ${window.from} to ${window.to}: nothing to compare (the store holds those months; try another specialty, measure or window)`,
    );
  }
  const totalCount = units.reduce((s, u) => s + u.count, 0);
  const totalPopulation = units.reduce((s, u) => s + u.population, 0);
  const england = rateOf(totalCount, totalPopulation, months, per);

  const rates = units.map((u) => rateOf(u.count, u.population, months, per));
  const ranks = rankDescending(rates.map((r) => r.rate));
  const funnel = funnelFor(units, months, per, totalCount, totalPopulation);
  const positionOf = new Map(funnel.points.map((p) => [p.code, p.positionAdjusted]));
  const rankCi =
    units.length > 0
      ? rankIntervals({
          counts: units.map((u) => u.count),
          populations: units.map((u) => u.population),
          seed: options.seed ?? 1,
          simulations: options.simulations ?? 1000,
          model: rankModel(funnel, totalCount, totalPopulation),
        })
      : [];
  const need = await needAdjustedFor(weightedRead, {
    built,
    units: split.units,
    level,
    seed: options.seed ?? 1,
    simulations: options.simulations,
    exposureFactor: per === "month" ? months : 1,
  });
  const measureBasis = options.measureBasis ?? "crude";
  if (measureBasis === "need-adjusted" && need.summary === null) {
    throw new UsageError(
      `--measure-basis need-adjusted: no area has a need-weighted population on the ${window.to} boundaries (${need.citation}); use --measure-basis crude`,
    );
  }
  const areas: AreaRate[] = units
    .map((u, i): AreaRate => {
      const r = rates[i] as RateWithInterval;
      return {
        code: u.code,
        name: u.name,
        icbCode: u.icbCode,
        icbName: u.icbName,
        regionName: u.regionName,
        ...r,
        rank: ranks[i] as number,
        rankLower95: rankCi[i]?.lower ?? (ranks[i] as number),
        rankUpper95: rankCi[i]?.upper ?? (ranks[i] as number),
        ...comparisonsFrom(positionOf.get(u.code) ?? "within", r, england.rate),
        ...(need.byCode.get(split.units[i]?.code ?? "") ?? NO_NEED_FIGURES),
      };
    })
    .sort(measureBasis === "need-adjusted" ? byNeedAdjustedRank : byRank);

  const regionGroups = aggregate(split.commissioners, "region");
  // Only the regions' positions and over-dispersion are used: no limits are drawn (each of the 100
  // grid points costs four exact Poisson quantiles, slowest at regions' large expected counts).
  const regionFunnel = funnelFor(
    regionGroups.map((g) => ({ ...g, code: g.name })),
    months,
    per,
    totalCount,
    totalPopulation,
    { limitPopulations: [] },
  );
  const regionPosition = new Map(regionFunnel.points.map((p) => [p.code, p.positionAdjusted]));
  const regionNeed = regionNeedRatios(
    regionGroups.map((g) => ({
      name: g.name,
      count: g.count,
      needWeightedPopulation: need.weightedPopulationOf(g.members),
    })),
    need.summary ? need.summary.observed / need.summary.needWeightedPopulation : 0,
  );
  const regions: RegionRate[] = regionGroups
    .map((g) => {
      const r = rateOf(g.count, g.population, months, per);
      const c = comparisonsFrom(regionPosition.get(g.name) ?? "within", r, england.rate);
      return {
        name: g.name,
        ...r,
        comparedToEngland: c.comparedToEngland,
        poissonComparedToEngland: c.poissonComparedToEngland,
        ...regionNeed.get(g.name),
      };
    })
    .sort((a, b) => b.rate - a.rate);

  const result: VariationResult = {
    measure,
    specialty: specialty.code,
    specialtyName: specialty.name,
    from: window.from,
    to: window.to,
    months,
    level,
    per,
    unit: unitLabel(per),
    england,
    areas,
    regions,
    spread: spread({
      counts: units.map((u) => u.count),
      populations: units.map((u) => u.population),
    }),
    withinIcs: level === "commissioner" ? withinIcs(areas) : [],
    funnel,
    comparison: comparisonMethod(funnel, regionFunnel),
    excluded: built.excluded,
    measureBasis,
    needAdjusted: need.summary,
    deprivation:
      level === "commissioner"
        ? deprivationGradient(areas, loadImdScores(), options.seed ?? 1)
        : null,
    headlines: [],
    source: sourceInfo(window, built.populationVintage, VARIATION_METHOD),
  };
  // Incomplete regions are shown by their ODS code too: a region's page and links use it.
  const shown = {
    ...split,
    incomplete: split.incomplete.map((x) => ({
      ...x,
      unit: { ...x.unit, code: unitCode(x.unit, level, regionCodeByName) },
    })),
  };
  result.completeness = variationCompleteness(shown, completeness, (u) =>
    rateOf(u.count, u.population, months, per),
  );
  // Missing submissions lead the headlines: they change what every other figure means.
  const note = result.completeness.note;
  result.headlines = [...(note ? [note] : []), ...headlines(result)];
  return result;
}

/**
 * An area's comparisons with England: the headline one from its position against the
 * over-dispersion-adjusted funnel limits (95% and 99.8%), and Fingertips' Poisson one from its own
 * confidence interval, kept as a labelled column.
 */
export function comparisonsFrom(
  position: FunnelPosition,
  r: RateWithInterval,
  englandRate: number,
): Pick<
  AreaRate,
  | "funnelPosition"
  | "comparedToEngland"
  | "comparedToEngland998"
  | "poissonComparedToEngland"
  | "poissonComparedToEngland998"
> {
  return {
    funnelPosition: position,
    comparedToEngland: comparisonAt(position, "95"),
    comparedToEngland998: comparisonAt(position, "998"),
    poissonComparedToEngland: compare(r.lower95, r.upper95, englandRate),
    poissonComparedToEngland998: compare(r.lower998, r.upper998, englandRate),
  };
}

/** Which test drives `comparedToEngland`, in words (the result's `comparison`). */
export function comparisonMethod(
  funnel: FunnelResult,
  regionFunnel: FunnelResult,
): VariationResult["comparison"] {
  const describe = (f: FunnelResult): string =>
    f.adjustment === "none"
      ? "Poisson funnel limits (no over-dispersion found, so these equal the Poisson confidence-interval comparison)"
      : f.adjustment === "additive"
        ? `funnel limits widened for over-dispersion by the random-effects variance τ² = ${Number(f.tau2.toPrecision(3))} (φ = ${Number(f.phi.toPrecision(3))})`
        : `funnel limits widened for over-dispersion by √φ = ${Number(Math.sqrt(f.phi).toPrecision(3))}`;
  return {
    basis: funnel.adjustment === "none" ? "poisson" : "overdispersed",
    adjustment: funnel.adjustment,
    method: `Compared with England: above or below the expected range when outside the ${describe(funnel)} at 95% (comparedToEngland) and 99.8% (comparedToEngland998); rank intervals simulated from the same model. poissonComparedToEngland is Fingertips' comparison of each area's own Poisson 95% interval with England's rate, which ignores the extra variation between areas.`,
    regionAdjustment: regionFunnel.adjustment,
    regionMethod: `Regions: ${describe(regionFunnel)}, from a funnel of the regions themselves.`,
  };
}

/** For each ICS with at least two areas: highest and lowest area by rate, their ranks, highest ÷ lowest. */
export function withinIcs(areas: AreaRate[]): WithinIcs[] {
  const groups = new Map<string, AreaRate[]>();
  for (const a of areas) {
    if (a.icbCode === null) continue;
    groups.set(a.icbCode, [...(groups.get(a.icbCode) ?? []), a]);
  }
  const out: WithinIcs[] = [];
  for (const [icbCode, members] of groups) {
    if (members.length < 2) continue;
    const sorted = [...members].sort((a, b) => b.rate - a.rate || a.code.localeCompare(b.code));
    const highest = sorted[0] as AreaRate;
    const lowest = sorted[sorted.length - 1] as AreaRate;
    out.push({
      icbCode,
      icbName: highest.icbName ?? icbCode,
      areas: members.length,
      highest: { code: highest.code, name: highest.name, rank: highest.rank, rate: highest.rate },
      lowest: { code: lowest.code, name: lowest.name, rank: lowest.rank, rate: lowest.rate },
      ratio: lowest.rate > 0 ? highest.rate / lowest.rate : null,
    });
  }
  return out.sort(byRatioDescending);
}

/** Widest gap first; an undefined ratio (lowest rate 0) is the widest of all. */
export function byRatioDescending(a: WithinIcs, b: WithinIcs): number {
  const ra = a.ratio ?? Number.POSITIVE_INFINITY;
  const rb = b.ratio ?? Number.POSITIVE_INFINITY;
  return rb - ra || a.icbCode.localeCompare(b.icbCode);
}

/**
 * Funnel of the areas' rates around England's: the exposure is population × months for per-month
 * rates, so limits and points are in the same unit as the league table; limit populations are
 * reported as people. `limitPopulations: []` for the points and the over-dispersion only.
 */
function funnelFor(
  units: Array<Pick<Unit, "code" | "count" | "population">>,
  months: number,
  per: Per,
  totalCount: number,
  totalPopulation: number,
  options: { limitPopulations?: readonly number[] } = {},
): FunnelResult {
  const factor = per === "month" ? months : 1;
  if (units.length === 0 || totalCount === 0) return EMPTY_FUNNEL;
  const f = rateFunnel({
    points: units.map((u) => ({ code: u.code, count: u.count, population: u.population * factor })),
    target: totalCount / (totalPopulation * factor),
    multiplier: 1000,
    limitPopulations: options.limitPopulations,
  });
  return funnelResult(f, factor);
}

const byRank = (a: AreaRate, b: AreaRate): number =>
  a.rank - b.rank || a.code.localeCompare(b.code);

/** By need-adjusted rank; areas without a ratio last, by crude rank. */
const byNeedAdjustedRank = (a: AreaRate, b: AreaRate): number =>
  (a.needAdjustedRank ?? Number.POSITIVE_INFINITY) -
    (b.needAdjustedRank ?? Number.POSITIVE_INFINITY) || byRank(a, b);

/**
 * Need-adjusted figures of the ranked units, keyed by their unit code (before region codes are
 * shown as ODS codes). A unit's need-weighted population is the sum of its commissioners' (none
 * when any of them has none), from the allocation year nearest the window's last month.
 */
async function needAdjustedFor(
  weightedRead: Promise<PopulationByArea>,
  options: {
    built: Units;
    units: Unit[];
    level: Level;
    seed: number;
    simulations: number | undefined;
    exposureFactor: number;
  },
): Promise<
  ReturnType<typeof needAdjustedRatios> & {
    citation: string;
    weightedPopulationOf: (members: readonly string[]) => number | null;
  }
> {
  const weighted = await weightedRead;
  const areaOf = new Map<string, string>();
  for (const c of options.built.commissioners) for (const m of c.members) areaOf.set(m, c.code);
  /** The members' need-weighted population: the sum over their areas, null when one has none. */
  const weightedPopulationOf = (members: readonly string[]): number | null => {
    const areaCodes = [...new Set(members.map((m) => areaOf.get(m) ?? m))];
    const pops = areaCodes.map((c) => weighted.byCode.get(c));
    return pops.every((p): p is number => p !== undefined && p > 0)
      ? pops.reduce((s, p) => s + p, 0)
      : null;
  };
  const inputs = options.units.map((u) => ({
    code: u.code,
    name: u.name,
    count: u.count,
    needWeightedPopulation: weightedPopulationOf(u.members),
  }));
  const result = needAdjustedRatios(inputs, {
    citation: weighted.citation,
    seed: options.seed,
    simulations: options.simulations,
    exposureFactor: options.exposureFactor,
  });
  return { ...result, citation: weighted.citation, weightedPopulationOf };
}
