/**
 * Results → the tidy shape of DESIGN §3 (`IndicatorValue`, like Fingertips' download): one row per
 * area per period. CSV output and the report's tables are written from these rows.
 */
import type { IndicatorValue, VariationResult } from "./types.ts";

/** `admitted-per-1000-per-month:C_110` style indicator id. */
export function indicatorId(measure: string, per: string, specialty: string): string {
  return `${measure}-per-1000-per-${per}${specialty === "all" ? "" : `:${specialty}`}`;
}

/** A variation result as tidy rows: England first, then the areas by rank. */
export function variationToTidy(r: VariationResult): IndicatorValue[] {
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
  };
  return [
    england,
    ...r.areas.map((a): IndicatorValue => ({
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
    })),
  ];
}
