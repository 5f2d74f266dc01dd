/**
 * Denominators (docs/methodology.md "Denominators"): which population a per-capita rate divides by.
 * `resident` — ONS mid-year estimates nearest the period on that period's boundaries (imported
 * estimates win a tie); `registered` — patients registered with the area's GP practices (RTT
 * activity follows the responsible commissioner, i.e. GP registration); `need-weighted` — NHS
 * England's general and acute weighted population (age, sex, morbidity and deprivation need), so
 * a rate per 1,000 weighted population asks whether an area is treated in line with its need.
 */
import { UsageError } from "../errors.ts";
import { areasInForce, populationVintage, type AreaLevel } from "../geo/areas.ts";
import type { Store } from "../store/db.ts";
import type { PopulationBasis } from "../store/geo-queries.ts";

export type Denominator = PopulationBasis;

export const DENOMINATORS: readonly Denominator[] = ["resident", "registered", "need-weighted"];

/** How each denominator is named in outputs ("per 1,000 need-weighted population"). */
export const DENOMINATOR_NOUN: Record<Denominator, string> = {
  resident: "resident population",
  registered: "registered patients",
  "need-weighted": "need-weighted population",
};

/** Parses `--denominator`; undefined → `resident`. */
export function parseDenominator(value: string | undefined): Denominator {
  if (value === undefined) return "resident";
  if ((DENOMINATORS as readonly string[]).includes(value)) return value as Denominator;
  throw new UsageError(`--denominator must be one of ${DENOMINATORS.join(", ")} (got "${value}")`);
}

export interface AreaPopulation {
  code: string;
  /** Null when no population of this basis is known for the area on the month's boundaries. */
  population: number | null;
  /** Mid-year, GP extract year, or first year of the allocation year (2024 = 2024/25). */
  year: number | null;
}

export interface PopulationByArea {
  basis: Denominator;
  month: string;
  level: AreaLevel;
  /** How the figures are cited, e.g. `NHS England general and acute weighted population 2024/25, sub-ICB location April 2026 geography`. */
  citation: string;
  areas: AreaPopulation[];
  /** Code → population, for the areas that have one. */
  byCode: Map<string, number>;
}

/**
 * The population of every area in force in `month` (at `level`, default commissioners) on one
 * basis, with its citation. ICB and region figures are sums of their areas (null when any area
 * has none).
 * @example (await populationByArea(store, { month: "2026-04", basis: "need-weighted" })).byCode.get("03R") // 436291
 */
export async function populationByArea(
  store: Store,
  options: { month: string; basis?: Denominator; level?: AreaLevel },
): Promise<PopulationByArea> {
  const basis = options.basis ?? "resident";
  const level = options.level ?? "commissioner";
  const areas = await areasInForce(store, { month: options.month, level, denominator: basis });
  const citation = await populationVintage(store, options.month, { denominator: basis });
  const out = areas.map((a) => ({
    code: a.code,
    population: a.population,
    year: a.populationYear,
  }));
  const byCode = new Map<string, number>();
  for (const a of out) if (a.population !== null) byCode.set(a.code, a.population);
  return { basis, month: options.month, level, citation, areas: out, byCode };
}
