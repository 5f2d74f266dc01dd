/** The names and phrases the report uses for measures, units, areas and sources. */
import type { Measure, VariationResult } from "../analysis/types.ts";

import { formatPeriod } from "./format.ts";
import { NEED_UNIT } from "./need-view.ts";

export const MEASURE_NAMES: Record<Measure, { title: string; noun: string; definition: string }> = {
  admitted: {
    title: "Patients treated",
    noun: "patients treated",
    definition:
      "completed admitted pathways: patients whose referral-to-treatment clock stopped when they were admitted to hospital for treatment (RTT Part 1A)",
  },
  "non-admitted": {
    title: "Non-admitted pathways completed",
    noun: "non-admitted pathways completed",
    definition:
      "completed non-admitted pathways: treatment that started without a hospital admission, or the clock stopped for another reason (RTT Part 1B)",
  },
  "clock-starts": {
    title: "New referral-to-treatment pathways",
    noun: "new pathways",
    definition: "new referral-to-treatment periods, or clock starts (RTT Part 3)",
  },
};

/** The one specialty a result is about (`Cardiology`), or null for all specialties. */
export function specialtyOf(r: { specialty: string; specialtyName?: string }): string | null {
  return r.specialty === "all" ? null : r.specialtyName || r.specialty;
}

/** ` (Cardiology)` for a one-specialty result, `` for all specialties. */
export function specialtySuffix(r: { specialty?: string; specialtyName?: string }): string {
  const name = r.specialty === undefined ? null : specialtyOf({ ...r, specialty: r.specialty });
  return name === null ? "" : ` (${name})`;
}

/**
 * `Patients treated per 1,000 population per month`; a one-specialty result names it:
 * `Patients treated (Cardiology) per 1,000 population per month`.
 */
export function measureWithUnit(v: {
  measure: Measure;
  unit: string;
  specialty?: string;
  specialtyName?: string;
}): string {
  // The need-adjusted view's unit is a measure of its own: "Patients treated, need-adjusted ratio (…)".
  const sep = v.unit === NEED_UNIT ? ", " : " ";
  return `${MEASURE_NAMES[v.measure].title}${specialtySuffix(v)}${sep}${v.unit}`;
}

/** `General Surgery`, or `All specialties` for the total. */
export function specialtyLabel(v: VariationResult): string {
  return v.specialtyName || v.specialty;
}

export function periodOf(v: { from: string; to: string }): string {
  return formatPeriod(v.from, v.to);
}

export const OGL =
  "Contains public sector information licensed under the Open Government Licence v3.0.";
export const OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
export const OS_ATTRIBUTION = "Contains OS data © Crown copyright and database right 2022.";
export const RTT_SOURCE = "NHS England, Referral to Treatment (RTT) waiting times, full CSV data";
export const RTT_URL =
  "https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/";
export const ONS_SOURCE = "Office for National Statistics, mid-year population estimates";
export const ONS_URL =
  "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates";

/** The source line under a chart of activity rates. */
export function rateSource(populationVintage: string): string {
  return `Source: ${RTT_SOURCE}; ${ONS_SOURCE} (${populationVintage}). ${OGL}`;
}

/**
 * The source line under a chart of need-adjusted ratios: the activity, and the need-weighted
 * populations the expected counts come from (`citation` names their vintage and boundaries).
 */
export function needSource(citation: string): string {
  return `Source: ${RTT_SOURCE}; expected counts from ${citation}. ${OGL}`;
}

/** The source line under a chart of waiting times. */
export function waitsSource(): string {
  return `Source: ${RTT_SOURCE} (incomplete pathways, Part 2). ${OGL}`;
}
