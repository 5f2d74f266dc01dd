/**
 * Results → the tidy shape of DESIGN §3 (`IndicatorValue`, like Fingertips' download): one row per
 * area per period. CSV output and the report's tables are written from these rows.
 */
import { leagueRows } from "./league-rows.ts";
import type {
  IndicatorValue,
  SpcSignal,
  TrendAreaPoint,
  TrendOutput,
  TrendPoint,
  VariationResult,
  WaitChange,
  WaitFigures,
  WaitsOutput,
} from "./types.ts";

/** The interval and comparison columns of a row that has neither (England's own row, a waits row). */
const NOT_COMPARED = {
  lower95: null,
  upper95: null,
  lower998: null,
  upper998: null,
  comparedToEngland: null,
  comparisonBasis: null,
  poissonComparedToEngland: null,
} as const;

/** `admitted-per-1000-per-month:C_110` style indicator id. */
export function indicatorId(measure: string, per: string, specialty: string): string {
  return `${measure}-per-1000-per-${per}${specialty === "all" ? "" : `:${specialty}`}`;
}

/**
 * A variation result as tidy rows: England first, then the areas by rank, then the incomplete
 * areas (no rank, no comparison, `incompleteReason` saying why). `keep` chooses which incomplete
 * areas to show when the caller shows only some areas.
 */
export function variationToTidy(
  r: VariationResult,
  keep: (code: string) => boolean = () => true,
): IndicatorValue[] {
  const indicator = indicatorId(r.measure, r.per, r.specialty);
  const period = r.from === r.to ? r.from : `${r.from}/${r.to}`;
  const england: IndicatorValue = {
    indicator,
    areaCode: "E92000001",
    areaName: "England",
    areaType: "england",
    parentCode: null,
    period,
    count: r.england.count,
    denominator: r.england.population,
    value: r.england.rate,
    lower95: r.england.lower95,
    upper95: r.england.upper95,
    lower998: r.england.lower998,
    upper998: r.england.upper998,
    comparedToEngland: null,
    comparisonBasis: null,
    poissonComparedToEngland: null,
    completeness: null,
    incompleteReason: null,
  };
  const basis = r.funnel.adjustment === "none" ? "funnel" : "funnel-overdispersed";
  const rows = leagueRows(r).filter((a) => a.completeness === "complete" || keep(a.code));
  return [
    england,
    ...rows.map((a): IndicatorValue => ({
      indicator,
      areaCode: a.code,
      areaName: a.name,
      areaType: r.level,
      parentCode: r.level === "commissioner" ? a.icbCode : null,
      period,
      count: a.count,
      denominator: a.population,
      value: a.rate,
      lower95: a.lower95,
      upper95: a.upper95,
      lower998: a.lower998,
      upper998: a.upper998,
      comparedToEngland: a.comparedToEngland,
      comparisonBasis: a.comparedToEngland === null ? null : basis,
      poissonComparedToEngland: a.poissonComparedToEngland,
      completeness: a.completeness,
      incompleteReason: a.incompleteReason,
    })),
  ];
}

/** `admitted-need-adjusted-ratio:C_110` style indicator id (observed ÷ expected for need). */
export function needAdjustedIndicatorId(measure: string, specialty: string): string {
  return `${measure}-need-adjusted-ratio${specialty === "all" ? "" : `:${specialty}`}`;
}

/**
 * The need-adjusted ratios as tidy rows (count = observed, denominator = expected count, value =
 * observed ÷ expected): England first (1 by construction, no interval), then the areas by
 * need-adjusted rank; areas with no need-weighted population have a null value. Empty when the
 * result has no need-adjusted basis.
 */
export function needAdjustedToTidy(r: VariationResult): IndicatorValue[] {
  const n = r.needAdjusted;
  if (!n) return [];
  const indicator = needAdjustedIndicatorId(r.measure, r.specialty);
  const period = r.from === r.to ? r.from : `${r.from}/${r.to}`;
  const basis = n.funnel.adjustment === "none" ? "funnel" : "funnel-overdispersed";
  const areas = leagueRows(r, "need-adjusted");
  return [
    {
      indicator,
      areaCode: "E92000001",
      areaName: "England",
      areaType: "england",
      parentCode: null,
      period,
      count: n.observed,
      denominator: n.expected,
      value: 1,
      ...NOT_COMPARED,
      completeness: null,
      incompleteReason: null,
    },
    ...areas.map((a): IndicatorValue => {
      const has = a.needAdjustedRatio !== null && a.needAdjustedRatio !== undefined;
      return {
        indicator,
        areaCode: a.code,
        areaName: a.name,
        areaType: r.level,
        parentCode: r.level === "commissioner" ? a.icbCode : null,
        period,
        count: a.count,
        denominator: a.needAdjustedExpected ?? 0,
        value: a.needAdjustedRatio ?? null,
        lower95: a.needAdjustedLower95 ?? null,
        upper95: a.needAdjustedUpper95 ?? null,
        lower998: a.needAdjustedLower998 ?? null,
        upper998: a.needAdjustedUpper998 ?? null,
        comparedToEngland: a.needAdjustedComparedToEngland ?? null,
        comparisonBasis: has ? basis : null,
        poissonComparedToEngland: a.needAdjustedPoissonComparedToEngland ?? null,
        completeness: a.completeness,
        incompleteReason: a.incompleteReason,
      };
    }),
  ];
}

/** Both bases as tidy rows, the result's `measureBasis` first (the CLI's CSV). */
export function variationBothToTidy(r: VariationResult): IndicatorValue[] {
  const crude = variationToTidy(r);
  const need = needAdjustedToTidy(r);
  return r.measureBasis === "need-adjusted" ? [...need, ...crude] : [...crude, ...need];
}

/** England's row identity in the tidy shape. */
const ENGLAND = { areaCode: "E92000001", areaName: "England", areaType: "england" } as const;

/** A trend row: the tidy shape plus the month's SPC signal (series rows), change and recovery. */
export interface TrendTidyRow extends IndicatorValue {
  /** XmR signal of the headline series (England or the `--area`); null on the per-area rows. */
  signal: SpcSignal | null;
  changeOnPreviousMonth: number | null;
  changeOnYearEarlier: number | null;
  recoveryVs2019: number | null;
}

/**
 * A trend as tidy rows, one per area per month: the headline series first (England, or the
 * `--area` compared with England), then each area of the small multiples month by month.
 */
export function trendToTidy(r: TrendOutput): TrendTidyRow[] {
  const indicator = indicatorId(r.measure, r.per, r.specialty);
  const head =
    r.area === null ? ENGLAND : { areaCode: r.area, areaName: r.areaName, areaType: r.level };
  const series = r.series.map((p) => monthRow(indicator, head, r.areaParentCode, p, p.spc));
  const areaType = r.area === null ? r.level : "commissioner";
  const areas = r.areas.flatMap((a) =>
    a.points.map((p) =>
      monthRow(indicator, { areaCode: a.code, areaName: a.name, areaType }, a.parentCode, p, null),
    ),
  );
  return [...series, ...areas];
}

/** One month of a trend as a tidy row: the headline series' points and the small multiples' alike. */
function monthRow(
  indicator: string,
  area: Pick<TrendTidyRow, "areaCode" | "areaName" | "areaType">,
  parentCode: string | null,
  p: TrendAreaPoint | TrendPoint,
  signal: SpcSignal | null,
): TrendTidyRow {
  return {
    indicator,
    ...area,
    parentCode,
    period: p.month,
    count: p.count,
    denominator: p.population,
    value: p.rate,
    lower95: p.lower95,
    upper95: p.upper95,
    lower998: p.lower998,
    upper998: p.upper998,
    comparedToEngland: p.comparedToEngland,
    comparisonBasis: p.comparedToEngland === null ? null : (p.comparisonBasis ?? "poisson-ci"),
    poissonComparedToEngland: p.poissonComparedToEngland ?? p.comparedToEngland,
    signal,
    changeOnPreviousMonth: p.changeOnPreviousMonth,
    changeOnYearEarlier: p.changeOnYearEarlier,
    recoveryVs2019: p.recoveryVs2019,
  };
}

/** A waits row: % within 18 weeks in the tidy shape, with every other waiting figure and its change. */
export interface WaitsTidyRow extends IndicatorValue {
  figures: WaitFigures;
  change: WaitChange | null;
}

/**
 * Waiting times as tidy rows (England first, then the areas worst first): value = pctWithin18,
 * count = within18, denominator = waiting; no intervals (the list is a count of everyone waiting).
 */
export function waitsToTidy(r: WaitsOutput): WaitsTidyRow[] {
  const indicator = `waiting-pct-within-18-weeks${r.specialty === "all" ? "" : `:${r.specialty}`}`;
  const row = (
    identity: Pick<IndicatorValue, "areaCode" | "areaName" | "areaType" | "parentCode">,
    figures: WaitFigures,
    change: WaitChange | null,
    incompleteReason: string | null = null,
  ): WaitsTidyRow => ({
    indicator,
    ...identity,
    period: r.month,
    count: figures.within18,
    denominator: figures.waiting,
    value: figures.pctWithin18,
    ...NOT_COMPARED,
    completeness:
      // Not checked for England or providers (a provider's own rows are what it sent).
      identity.areaType === "england" || identity.areaType === "provider"
        ? null
        : incompleteReason
          ? "incomplete"
          : "complete",
    incompleteReason: incompleteReason ?? null,
    figures,
    change,
  });
  return [
    row({ ...ENGLAND, parentCode: null }, r.england, r.englandChange),
    ...r.areas.map((a) =>
      row(
        { areaCode: a.code, areaName: a.name, areaType: r.level, parentCode: a.parentCode },
        a,
        a.change,
        a.incompleteReason ?? null,
      ),
    ),
  ];
}
