import {
  compareWithReference,
  type FunnelPosition,
  type RankModel,
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
import type { Denominator } from "./denominators.ts";
import { deprivationGradient, loadImdScores } from "./deprivation.ts";
import { headlines } from "./headlines.ts";
import { MEASURE_PART, resolveSpecialty, unitLabel } from "./options.ts";
import { ratePer1000 } from "./rates.ts";
import type {
  AreaRate,
  Comparison,
  FunnelResult,
  Level,
  Measure,
  Per,
  RateWithInterval,
  RegionRate,
  VariationResult,
  WithinIcs,
} from "./types.ts";
import { aggregate, buildUnits, type Unit } from "./units.ts";
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
}

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
  const counts = await commissionerCounts(store, {
    from: window.from,
    to: window.to,
    part: MEASURE_PART[measure],
    tfCodes: specialty.tfCodes,
  });
  const built = await buildUnits(store, {
    counts,
    lastMonth: window.to,
    level,
    denominator: options.denominator,
  });
  // Areas whose usual providers did not submit are kept aside, unranked (completeness.ts).
  const completeness = await windowCompleteness(store, { from: window.from, to: window.to });
  const split = splitIncomplete(built, completeness, level);
  // Regions are shown by their ODS code (Y56…), as in trend and waits.
  const regionCodeByName = level === "region" ? await regionCodes(store, window.to) : new Map();
  const units = split.units.map((u) => ({ ...u, code: unitCode(u, level, regionCodeByName) }));
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
      };
    })
    .sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code));

  const regionGroups = aggregate(split.commissioners, "region");
  const regionFunnel = funnelFor(
    regionGroups.map((g) => ({ ...g, code: g.name })),
    months,
    per,
    totalCount,
    totalPopulation,
  );
  const regionPosition = new Map(regionFunnel.points.map((p) => [p.code, p.positionAdjusted]));
  const regions: RegionRate[] = regionGroups
    .map((g) => {
      const r = rateOf(g.count, g.population, months, per);
      const c = comparisonsFrom(regionPosition.get(g.name) ?? "within", r, england.rate);
      return {
        name: g.name,
        ...r,
        comparedToEngland: c.comparedToEngland,
        poissonComparedToEngland: c.poissonComparedToEngland,
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
    deprivation:
      level === "commissioner"
        ? deprivationGradient(areas, loadImdScores(), options.seed ?? 1)
        : null,
    headlines: [],
    source: sourceInfo(window, built.populationVintage, VARIATION_METHOD),
  };
  result.completeness = variationCompleteness(split, completeness, (u) =>
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

/** `higher` / `lower` when the point is outside the funnel's 95% (or 99.8%) limits. */
export function comparisonAt(position: FunnelPosition, level: "95" | "998"): Comparison {
  if (position === "above998" || (level === "95" && position === "above95")) return "higher";
  if (position === "below998" || (level === "95" && position === "below95")) return "lower";
  return "similar";
}

/** The rank simulation follows the funnel's model: Poisson when not over-dispersed. */
function rankModel(funnel: FunnelResult, totalCount: number, totalPopulation: number): RankModel {
  const target = totalCount / totalPopulation;
  if (funnel.adjustment === "additive" && target > 0) {
    return { method: "additive", target, tau2: funnel.tau2 };
  }
  if (funnel.adjustment === "multiplicative" && target > 0) {
    return { method: "multiplicative", target, phi: funnel.phi };
  }
  return { method: "poisson" };
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
 * reported as people.
 */
function funnelFor(
  units: Array<Pick<Unit, "code" | "count" | "population">>,
  months: number,
  per: Per,
  totalCount: number,
  totalPopulation: number,
): FunnelResult {
  const factor = per === "month" ? months : 1;
  if (units.length === 0 || totalCount === 0) {
    return {
      target: 0,
      phi: 1,
      tau2: 0,
      adjustment: "none",
      adjustmentReason: "no events: no funnel can be drawn",
      limits: [],
      points: [],
    };
  }
  const f = rateFunnel({
    points: units.map((u) => ({ code: u.code, count: u.count, population: u.population * factor })),
    target: totalCount / (totalPopulation * factor),
    multiplier: 1000,
  });
  return {
    target: f.target,
    phi: f.phi,
    tau2: f.tau2,
    adjustment: f.adjustment,
    adjustmentReason: f.adjustmentReason,
    limits: f.limits.map((l) => ({
      population: l.population / factor,
      lower95: l.lower95,
      upper95: l.upper95,
      lower998: l.lower998,
      upper998: l.upper998,
      lower95Adjusted: l.lower95Adjusted,
      upper95Adjusted: l.upper95Adjusted,
      lower998Adjusted: l.lower998Adjusted,
      upper998Adjusted: l.upper998Adjusted,
    })),
    points: f.points.map((p) => ({
      code: p.code,
      population: p.population / factor,
      rate: p.rate,
      z: p.z,
      position: p.position,
      positionAdjusted: p.positionAdjusted,
    })),
  };
}
