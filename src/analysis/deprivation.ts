/**
 * The deprivation gradient ("levelling up or levelling down"): area rates grouped into quintiles
 * of the English Indices of Deprivation 2025 score of each sub-ICB location, with the slope and
 * relative indices of inequality (OHID/PHE methods) across them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { parseCsvRecords } from "../csv.ts";
import { defaultReferenceDir } from "../geo/vintages.ts";
import { quantileGroups, slopeIndex } from "../stats/index.ts";

import type { AreaRate, DeprivationGradient } from "./types.ts";

export const IMD_FILE = "imd2025-subicb.csv";
export const IMD_SOURCE =
  "MHCLG, English Indices of Deprivation 2025, population-weighted average IMD score of each sub-ICB location (2023 boundaries; data/reference/imd2025-subicb.csv)";
/** Fewer matched areas than this give no gradient (each quintile needs a few areas). */
export const MIN_AREAS_FOR_GRADIENT = 10;

/** IMD 2025 score by sub-ICB (= April 2021 CCG) ODS code, from the shipped reference file. */
export function loadImdScores(referenceDir = defaultReferenceDir()): Map<string, number> {
  const text = readFileSync(join(referenceDir, IMD_FILE), "utf8");
  return new Map(parseCsvRecords(text).map((r) => [r.code ?? "", Number(r.imd2025_score)]));
}

const LABELS = ["1 (most deprived)", "2", "3", "4", "5 (least deprived)"];

/**
 * Rate by IMD quintile of areas (quintile 1 = the fifth of areas with the highest IMD score, by
 * `quantileGroups`): Σ(rate × population) ÷ Σ population, i.e. Σ counts over Σ exposure, in the
 * areas' unit. Its standard error is the ratio estimator's, from the spread of the quintile's own
 * area rates: √(k/(k − 1) · Σ wⱼ²(rⱼ − r)²), wⱼ = populationⱼ ÷ Σ population. That includes the
 * real variation between areas (over-dispersion), not only Poisson noise, so the intervals do not
 * claim more certainty than the areas show. SII and RII from `slopeIndex` with 10,000 seeded
 * simulations. Null when fewer than 10 areas have an IMD score (other levels, other geographies).
 */
export function deprivationGradient(
  areas: readonly AreaRate[],
  scores: ReadonlyMap<string, number>,
  seed = 1,
): DeprivationGradient | null {
  const matched = areas.filter((a) => scores.has(a.code) && a.population > 0);
  const unmatched = areas.filter((a) => !scores.has(a.code)).map((a) => a.code);
  if (matched.length < MIN_AREAS_FOR_GRADIENT) return null;
  const groups = quantileGroups(matched.map((a) => scores.get(a.code) as number));
  const quintiles = [1, 2, 3, 4, 5].map((q) => {
    const members = matched.filter((_, i) => groups[i] === q);
    const population = members.reduce((s, a) => s + a.population, 0);
    const rate = members.reduce((s, a) => s + a.rate * a.population, 0) / population;
    const k = members.length;
    const spread = members.reduce(
      (s, a) => s + (a.population / population) ** 2 * (a.rate - rate) ** 2,
      0,
    );
    const se = k > 1 ? Math.sqrt((k / (k - 1)) * spread) : 0;
    return {
      quintile: q,
      label: LABELS[q - 1] as string,
      areas: k,
      codes: members.map((a) => a.code),
      count: members.reduce((s, a) => s + a.count, 0),
      population,
      rate,
      standardError: se,
      lower95: rate - 1.959963984540054 * se,
      upper95: rate + 1.959963984540054 * se,
    };
  });
  const index = slopeIndex({
    values: quintiles.map((q) => q.rate),
    populations: quintiles.map((q) => q.population),
    standardErrors: quintiles.map((q) => q.standardError),
    seed,
  });
  return {
    source: IMD_SOURCE,
    areasMatched: matched.length,
    areasUnmatched: unmatched,
    quintiles,
    sii: index.sii,
    siiLower95: index.siiLower,
    siiUpper95: index.siiUpper,
    rii: index.rii,
    riiLower95: index.riiLower,
    riiUpper95: index.riiUpper,
    method:
      "Quintiles of areas by IMD 2025 score (1 = most deprived, OHID's method); quintile rate = Σ counts ÷ Σ exposure; its SE from the spread of its areas' rates (so between-area variation is included); slope index of inequality = weighted regression of the quintile rates on the midpoint of cumulative population share (most deprived = 0), weights the population shares: the modelled gap from the most to the least deprived end (positive = more activity in less deprived areas); relative index = least ÷ most deprived end; 95% intervals from 10,000 simulations (PHEindicatormethods phe_sii).",
  };
}
