import {
  compareWithReference,
  rankDescending,
  rankIntervals,
  rateFunnel,
  spread,
} from "../stats/index.ts";
import { commissionerCounts } from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";

import { regionCodes, unitCode } from "./area-codes.ts";
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
}

export const VARIATION_METHOD =
  "Count = sum of Total All over treatment-function rows (all providers) in the window; rate per 1,000 = count ÷ months ÷ population × 1,000 (per month) or count ÷ population × 1,000 (window); " +
  "95% and 99.8% intervals exact Poisson below 10 events, Byar's from 10; compared with England at 95% (higher/lower when the interval excludes England's rate); " +
  "rank 1 = highest, ties share the smaller rank; rank intervals from 1,000 Poisson simulations; funnel limits exact Poisson with Spiegelhalter's over-dispersion adjustment when needed.";

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
  const built = await buildUnits(store, { counts, lastMonth: window.to, level });
  // Regions are shown by their ODS code (Y56…), as in trend and waits.
  const regionCodeByName = level === "region" ? await regionCodes(store, window.to) : new Map();
  const units = built.units.map((u) => ({ ...u, code: unitCode(u, level, regionCodeByName) }));
  const totalCount = units.reduce((s, u) => s + u.count, 0);
  const totalPopulation = units.reduce((s, u) => s + u.population, 0);
  const england = rateOf(totalCount, totalPopulation, months, per);

  const rates = units.map((u) => rateOf(u.count, u.population, months, per));
  const ranks = rankDescending(rates.map((r) => r.rate));
  const rankCi =
    units.length > 0
      ? rankIntervals({
          counts: units.map((u) => u.count),
          populations: units.map((u) => u.population),
          seed: options.seed ?? 1,
          simulations: options.simulations ?? 1000,
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
        comparedToEngland: compare(r.lower95, r.upper95, england.rate),
        comparedToEngland998: compare(r.lower998, r.upper998, england.rate),
      };
    })
    .sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code));

  const regions: RegionRate[] = aggregate(built.commissioners, "region")
    .map((g) => {
      const r = rateOf(g.count, g.population, months, per);
      return { name: g.name, ...r, comparedToEngland: compare(r.lower95, r.upper95, england.rate) };
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
    funnel: funnelFor(units, months, per, totalCount, totalPopulation),
    excluded: built.excluded,
    headlines: [],
    source: sourceInfo(window, built.populationVintage, VARIATION_METHOD),
  };
  result.headlines = headlines(result);
  return result;
}

/** For each ICS with at least two areas: best and worst area by rate, their ranks, best ÷ worst. */
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
    const best = sorted[0] as AreaRate;
    const worst = sorted[sorted.length - 1] as AreaRate;
    out.push({
      icbCode,
      icbName: best.icbName ?? icbCode,
      areas: members.length,
      best: { code: best.code, name: best.name, rank: best.rank, rate: best.rate },
      worst: { code: worst.code, name: worst.name, rank: worst.rank, rate: worst.rate },
      ratio: worst.rate > 0 ? best.rate / worst.rate : null,
    });
  }
  return out.sort(byRatioDescending);
}

/** Widest gap first; an undefined ratio (worst rate 0) is the widest of all. */
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
  units: Unit[],
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
