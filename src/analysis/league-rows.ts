/**
 * Every area of a variation result as one list for presenters (league tables, CSV, XLSX): the
 * ranked areas by rank, then the areas left out as incomplete (completeness.ts), each with no rank,
 * no comparison with England and the reason it has none.
 */
import { NO_NEED_FIGURES } from "./need-adjusted.ts";
import type {
  Comparison,
  MeasureBasis,
  NeedAdjustedFigures,
  RateWithInterval,
  VariationResult,
} from "./types.ts";

/** A row carries both bases: the crude rate and (null without one) the need-adjusted ratio. */
export interface LeagueRow extends RateWithInterval, NeedAdjustedFigures {
  code: string;
  name: string;
  icbCode: string | null;
  icbName: string | null;
  regionName: string | null;
  /** Null for an incomplete area: it is not ranked. */
  rank: number | null;
  rankLower95: number | null;
  rankUpper95: number | null;
  comparedToEngland: Comparison | null;
  comparedToEngland998: Comparison | null;
  poissonComparedToEngland: Comparison | null;
  poissonComparedToEngland998: Comparison | null;
  /** `incomplete` when providers that normally treat its patients submitted no data. */
  completeness: "complete" | "incomplete";
  /** Why the area has no rank (names the missing trusts); null when complete. */
  incompleteReason: string | null;
}

/**
 * Ranked areas (highest first on `order`: the crude rate by default, or the need-adjusted ratio,
 * areas without one after), then the incomplete ones by code.
 */
export function leagueRows(
  v: Pick<VariationResult, "areas" | "completeness">,
  order: MeasureBasis = "crude",
): LeagueRow[] {
  const byNeed = (a: { needAdjustedRank?: number | null }) =>
    order === "need-adjusted" ? (a.needAdjustedRank ?? Number.POSITIVE_INFINITY) : 0;
  const ranked = [...v.areas]
    .sort((a, b) => byNeed(a) - byNeed(b) || a.rank - b.rank || a.code.localeCompare(b.code))
    .map((a): LeagueRow => ({
      ...NO_NEED_FIGURES,
      ...needFiguresOf(a),
      ...areaFigures(a),
      rank: a.rank,
      rankLower95: a.rankLower95,
      rankUpper95: a.rankUpper95,
      comparedToEngland: a.comparedToEngland,
      comparedToEngland998: a.comparedToEngland998,
      poissonComparedToEngland: a.poissonComparedToEngland,
      poissonComparedToEngland998: a.poissonComparedToEngland998,
      completeness: "complete",
      incompleteReason: null,
    }));
  const incomplete = [...(v.completeness?.incomplete ?? [])]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a): LeagueRow => ({
      ...NO_NEED_FIGURES,
      ...areaFigures(a),
      rank: null,
      rankLower95: null,
      rankUpper95: null,
      comparedToEngland: null,
      comparedToEngland998: null,
      poissonComparedToEngland: null,
      poissonComparedToEngland998: null,
      completeness: "incomplete",
      incompleteReason: a.reason,
    }));
  return [...ranked, ...incomplete];
}

/** What every row shows, ranked or not: the area, its parents and its rate with intervals. */
function areaFigures(
  a: Pick<
    LeagueRow,
    "code" | "name" | "icbCode" | "icbName" | "regionName" | keyof RateWithInterval
  >,
): Pick<LeagueRow, "code" | "name" | "icbCode" | "icbName" | "regionName"> & RateWithInterval {
  return {
    code: a.code,
    name: a.name,
    icbCode: a.icbCode,
    icbName: a.icbName,
    regionName: a.regionName,
    count: a.count,
    population: a.population,
    rate: a.rate,
    lower95: a.lower95,
    upper95: a.upper95,
    lower998: a.lower998,
    upper998: a.upper998,
  };
}

/** The need-adjusted fields an area has (hand-built results may lack them). */
function needFiguresOf(a: Partial<NeedAdjustedFigures>): Partial<NeedAdjustedFigures> {
  const out: Partial<NeedAdjustedFigures> = {};
  for (const key of Object.keys(NO_NEED_FIGURES) as Array<keyof NeedAdjustedFigures>) {
    if (a[key] !== undefined) (out as Record<string, unknown>)[key] = a[key];
  }
  return out;
}

/** The words a table shows in place of an incomplete area's rank. */
export const NOT_RANKED = "not ranked (incomplete)";
