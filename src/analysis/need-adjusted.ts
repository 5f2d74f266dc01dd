/**
 * Need-adjusted ratios (docs/methodology.md "Need-adjusted ratio"): for every area, observed
 * activity ÷ the activity expected if it were treated at England's rate per head of NHS England's
 * need-weighted (general and acute) population — indirect standardisation on the need formula.
 * A ratio of 1.20 means 20% more activity than England's rate implies for the area's need.
 * Byar's 95%/99.8% limits on the observed count (exact Poisson below 10 events), the same
 * over-dispersion treatment as the crude rates (a funnel on the ratio scale around 1, widened by
 * the random-effects τ²), and ranks with intervals simulated from that model.
 */
import { UsageError } from "../errors.ts";
import {
  compareWithReference,
  rankDescending,
  rankIntervals,
  rateFunnel,
  standardisedRatio,
} from "../stats/index.ts";

import { comparisonAt, funnelResult, rankModel } from "./funnel-comparison.ts";
import type {
  FunnelResult,
  MeasureBasis,
  NeedAdjustedFigures,
  NeedAdjustedSummary,
  RegionNeedFigures,
} from "./types.ts";

export type { MeasureBasis, NeedAdjustedFigures, NeedAdjustedSummary };

export const MEASURE_BASES: readonly MeasureBasis[] = ["crude", "need-adjusted"];

/** How each basis is named in sentences and column headers. */
export const MEASURE_BASIS_LABEL: Record<MeasureBasis, string> = {
  crude: "crude rate",
  "need-adjusted": "need-adjusted ratio",
};

/** Parses `--measure-basis`; undefined → `crude`. */
export function parseMeasureBasis(value: string | undefined): MeasureBasis {
  if (value === undefined) return "crude";
  if ((MEASURE_BASES as readonly string[]).includes(value)) return value as MeasureBasis;
  throw new UsageError(
    `--measure-basis must be one of ${MEASURE_BASES.join(", ")} (got "${value}")`,
  );
}

export const NEED_ADJUSTED_METHOD =
  "Need-adjusted ratio = observed ÷ expected, expected = England's count per head of need-weighted population (the ranked areas' total count ÷ their total NHS England general and acute weighted population) × the area's need-weighted population (indirect standardisation on NHS England's need formula: age, sex, morbidity and unmet need); " +
  "95% and 99.8% limits = Poisson limits of the observed count (exact below 10 events, Byar's from 10) ÷ expected; " +
  "compared with England (needAdjustedComparedToEngland): above or below the expected range for the area's need when outside the funnel limits around a ratio of 1, widened for over-dispersion exactly as the crude rates' funnel (random-effects τ², or √φ below 10 areas); needAdjustedPoissonComparedToEngland is the ratio's own Poisson interval against 1; " +
  "ranks on the ratio (1 = highest), rank intervals from 1,000 simulations of the same model (25th to 975th simulated rank).";

export interface NeedAdjustedInput {
  code: string;
  name: string;
  count: number;
  /** Null when the area has no need-weighted population. */
  needWeightedPopulation: number | null;
}

/** Every field null: an area without a need-weighted population. */
export const NO_NEED_FIGURES: NeedAdjustedFigures = {
  needWeightedPopulation: null,
  needAdjustedExpected: null,
  needAdjustedRatio: null,
  needAdjustedLower95: null,
  needAdjustedUpper95: null,
  needAdjustedLower998: null,
  needAdjustedUpper998: null,
  needAdjustedRank: null,
  needAdjustedRankLower95: null,
  needAdjustedRankUpper95: null,
  needAdjustedFunnelPosition: null,
  needAdjustedComparedToEngland: null,
  needAdjustedComparedToEngland998: null,
  needAdjustedPoissonComparedToEngland: null,
};

/**
 * Need-adjusted figures for the ranked areas: England's rate is taken over the areas that have a
 * need-weighted population, so their expected counts sum to their observed total. Null summary
 * when no area has one or nothing happened (no ratio can be formed).
 * @example needAdjustedRatios([{ code: "A", name: "A", count: 120, needWeightedPopulation: 1e5 }, …], { citation, seed: 1, exposureFactor: 12 })
 */
export function needAdjustedRatios(
  inputs: readonly NeedAdjustedInput[],
  options: {
    citation: string;
    seed: number;
    simulations?: number;
    /** Months for a per-month England rate, 1 for a per-window one. */
    exposureFactor: number;
  },
): { byCode: Map<string, NeedAdjustedFigures>; summary: NeedAdjustedSummary | null } {
  const byCode = new Map<string, NeedAdjustedFigures>();
  for (const a of inputs)
    byCode.set(a.code, { ...NO_NEED_FIGURES, needWeightedPopulation: a.needWeightedPopulation });
  const eligible = inputs.filter(
    (a): a is NeedAdjustedInput & { needWeightedPopulation: number } =>
      a.needWeightedPopulation !== null && a.needWeightedPopulation > 0,
  );
  const observed = eligible.reduce((s, a) => s + a.count, 0);
  const population = eligible.reduce((s, a) => s + a.needWeightedPopulation, 0);
  if (eligible.length === 0 || observed === 0) return { byCode, summary: null };
  const perHead = observed / population;
  const expecteds = eligible.map((a) => perHead * a.needWeightedPopulation);
  const ratios = eligible.map((a, i) => standardisedRatio(a.count, expecteds[i] as number));
  const f = ratioFunnel(eligible.map((a, i) => [a.code, a.count, expecteds[i] as number]));
  const positionOf = new Map(f.points.map((p) => [p.code, p.positionAdjusted]));
  const ranks = rankDescending(ratios.map((r) => r.value));
  const expectedTotal = expecteds.reduce((s, e) => s + e, 0);
  const rankCi = rankIntervals({
    counts: eligible.map((a) => a.count),
    populations: expecteds,
    seed: options.seed,
    simulations: options.simulations ?? 1000,
    model: rankModel(f, observed, expectedTotal),
  });
  eligible.forEach((a, i) => {
    const r = ratios[i] as (typeof ratios)[number];
    const position = positionOf.get(a.code) ?? "within";
    byCode.set(a.code, {
      needWeightedPopulation: a.needWeightedPopulation,
      needAdjustedExpected: r.expected,
      needAdjustedRatio: r.value,
      needAdjustedLower95: r.lower95,
      needAdjustedUpper95: r.upper95,
      needAdjustedLower998: r.lower998,
      needAdjustedUpper998: r.upper998,
      needAdjustedRank: ranks[i] as number,
      needAdjustedRankLower95: rankCi[i]?.lower ?? (ranks[i] as number),
      needAdjustedRankUpper95: rankCi[i]?.upper ?? (ranks[i] as number),
      needAdjustedFunnelPosition: position,
      needAdjustedComparedToEngland: comparisonAt(position, "95"),
      needAdjustedComparedToEngland998: comparisonAt(position, "998"),
      needAdjustedPoissonComparedToEngland:
        compareWithReference({ lower: r.lower95, upper: r.upper95 }, 1) ?? "similar",
    });
  });
  const eligibleCodes = new Set(eligible.map((a) => a.code));
  return {
    byCode,
    summary: {
      citation: options.citation,
      areas: eligible.length,
      observed,
      expected: expectedTotal,
      needWeightedPopulation: population,
      englandRate: (perHead / options.exposureFactor) * 1000,
      areasWithout: inputs
        .filter((a) => !eligibleCodes.has(a.code))
        .map((a) => ({ code: a.code, name: a.name })),
      funnel: f,
      comparison: { adjustment: f.adjustment, method: ratioComparisonMethod(f) },
      method: NEED_ADJUSTED_METHOD,
    },
  };
}

/** Every field null: a region with an area that has no need-weighted population. */
export const NO_REGION_NEED_FIGURES: RegionNeedFigures = {
  needWeightedPopulation: null,
  needAdjustedExpected: null,
  needAdjustedRatio: null,
  needAdjustedLower95: null,
  needAdjustedUpper95: null,
  needAdjustedLower998: null,
  needAdjustedUpper998: null,
  needAdjustedComparedToEngland: null,
  needAdjustedPoissonComparedToEngland: null,
};

/**
 * Need-adjusted ratios of regions (or any groups compared among themselves): expected = `perHead`
 * (England's count per need-weighted head, from the ranked areas) × the group's need-weighted
 * population; Byar's limits as for areas; compared with 1 on the groups' own ratio funnel (the
 * same over-dispersion treatment as the crude regions'), plus the Poisson-interval column.
 * @example regionNeedRatios([{ name: "London", count: 900, needWeightedPopulation: 1e6 }], 0.001)
 */
export function regionNeedRatios(
  regions: ReadonlyArray<{ name: string; count: number; needWeightedPopulation: number | null }>,
  perHead: number,
): Map<string, RegionNeedFigures> {
  const out = new Map<string, RegionNeedFigures>();
  for (const r of regions) out.set(r.name, NO_REGION_NEED_FIGURES);
  const eligible = regions.filter(
    (r): r is { name: string; count: number; needWeightedPopulation: number } =>
      r.needWeightedPopulation !== null && r.needWeightedPopulation > 0,
  );
  if (eligible.length === 0 || !(perHead > 0)) return out;
  const expecteds = eligible.map((r) => perHead * r.needWeightedPopulation);
  // Only positions are used: no limits drawn.
  const f = ratioFunnel(
    eligible.map((r, i) => [r.name, r.count, expecteds[i] as number]),
    { limitPopulations: [] },
  );
  const positionOf = new Map(f.points.map((p) => [p.code, p.positionAdjusted]));
  eligible.forEach((r, i) => {
    const s = standardisedRatio(r.count, expecteds[i] as number);
    out.set(r.name, {
      needWeightedPopulation: r.needWeightedPopulation,
      needAdjustedExpected: s.expected,
      needAdjustedRatio: s.value,
      needAdjustedLower95: s.lower95,
      needAdjustedUpper95: s.upper95,
      needAdjustedLower998: s.lower998,
      needAdjustedUpper998: s.upper998,
      needAdjustedComparedToEngland: comparisonAt(positionOf.get(r.name) ?? "within", "95"),
      needAdjustedPoissonComparedToEngland:
        compareWithReference({ lower: s.lower95, upper: s.upper95 }, 1) ?? "similar",
    });
  });
  return out;
}

/**
 * The funnel of observed ÷ expected ratios around 1: each point is [code, observed, expected];
 * `limitPopulations: []` for the points and the over-dispersion only (no limits).
 */
function ratioFunnel(
  points: Array<[string, number, number]>,
  options: { limitPopulations?: readonly number[] } = {},
): FunnelResult {
  return funnelResult(
    rateFunnel({
      points: points.map(([code, count, expected]) => ({ code, count, population: expected })),
      target: 1,
      multiplier: 1,
      limitPopulations: options.limitPopulations,
    }),
  );
}

/** Which test drives the need-adjusted comparison, in words. */
function ratioComparisonMethod(f: FunnelResult): string {
  const how =
    f.adjustment === "none"
      ? "Poisson funnel limits around a ratio of 1 (no over-dispersion found)"
      : f.adjustment === "additive"
        ? `funnel limits around a ratio of 1 widened for over-dispersion by the random-effects variance τ² = ${Number(f.tau2.toPrecision(3))} (φ = ${Number(f.phi.toPrecision(3))})`
        : `funnel limits around a ratio of 1 widened for over-dispersion by √φ = ${Number(Math.sqrt(f.phi).toPrecision(3))}`;
  return `Need-adjusted ratio compared with England: above or below the expected range for the area's need when outside the ${how} at 95% (needAdjustedComparedToEngland) and 99.8% (needAdjustedComparedToEngland998); needAdjustedPoissonComparedToEngland compares the ratio's own Poisson 95% interval with 1, ignoring the extra variation between areas.`;
}
