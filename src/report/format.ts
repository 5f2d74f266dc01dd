/**
 * Number and date formatting for every output of the report, in British English. Rates keep two
 * decimals (as the headline sentences and the published Ration Watch tables do); percentages, weeks
 * and ratios one. Missing values print as an en dash.
 */
import { intervalDecimals } from "../analysis/digits.ts";
import { monthLabel, splitMonth } from "../months.ts";

const DASH = "–";
const cache = new Map<string, Intl.NumberFormat>();

function nf(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en-GB", { minimumFractionDigits: min, maximumFractionDigits: max });
    cache.set(key, f);
  }
  return f;
}

const missing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || !Number.isFinite(v);

/** Fixed decimals with thousands separators: `formatNumber(1234.5, 1)` → `1,234.5`. */
export function formatNumber(v: number | null | undefined, digits = 0): string {
  if (missing(v)) return DASH;
  // Avoid "-0.0" for tiny negatives.
  const rounded = Number(v.toFixed(digits));
  return nf(digits, digits).format(rounded === 0 ? 0 : rounded);
}

/** A count: `formatCount(56550138)` → `56,550,138`. */
export function formatCount(v: number | null | undefined): string {
  return formatNumber(v, 0);
}

/** Decimals a rate needs: two, or three when rates are below 0.1 (rare specialties). */
export function rateDigits(reference: number): number {
  return Math.abs(reference) < 0.1 ? 3 : 2;
}

/** A rate per 1,000: `formatRate(4.4312)` → `4.43`. */
export function formatRate(v: number | null | undefined, digits = 2): string {
  return formatNumber(v, digits);
}

/**
 * An interval: `formatInterval(4.1, 4.73)` → `4.10 to 4.73`; more decimals when the two ends would
 * otherwise print the same (`0.1381, 0.1429` → `0.138 to 0.143`, never `0.14 to 0.14`).
 */
export function formatInterval(lower: number | null, upper: number | null, digits = 2): string {
  if (missing(lower) || missing(upper)) return DASH;
  const d = intervalDecimals(lower, upper, digits);
  return `${formatRate(lower, d)} to ${formatRate(upper, d)}`;
}

/** A percentage given as 0–100: `formatPercent(58.34)` → `58.3%`. */
export function formatPercent(v: number | null | undefined, digits = 1): string {
  return missing(v) ? DASH : `${formatNumber(v, digits)}%`;
}

/** A signed change: `formatChange(3.21, 1, '%')` → `+3.2%`, `formatChange(-1200)` → `−1,200`. */
export function formatChange(v: number | null | undefined, digits = 0, suffix = ""): string {
  if (missing(v)) return DASH;
  const text = formatNumber(Math.abs(v), digits);
  if (text === formatNumber(0, digits)) return `${text}${suffix}`;
  return `${v > 0 ? "+" : "−"}${text}${suffix}`;
}

/** Weeks with one decimal: `formatWeeks(14.25)` → `14.3 weeks`. */
export function formatWeeks(v: number | null | undefined): string {
  return missing(v) ? DASH : `${formatNumber(v, 1)} weeks`;
}

/** A ratio: `formatRatio(2.871)` → `2.9`. */
export function formatRatio(v: number | null | undefined): string {
  return formatNumber(v, 1);
}

/** `2023-03` → `March 2023`. */
export const formatMonth = monthLabel;

/** `2023-03` → `Mar 2023`. */
export function formatMonthShort(month: string): string {
  return monthLabel(month).replace(/^(\w{3})\w*/, "$1");
}

/**
 * A window as the start of a sentence: `From April 2022 to March 2023`, or `In April 2026` for one
 * month (never "from April 2026 to April 2026").
 */
export function periodPhrase(from: string, to: string): string {
  return from === to ? `In ${monthLabel(from)}` : `From ${monthLabel(from)} to ${monthLabel(to)}`;
}

/** A window in short months: `Apr 2022 to Mar 2023`, or `Apr 2026` for one month. */
export function formatPeriodShort(from: string, to: string): string {
  return from === to
    ? formatMonthShort(from)
    : `${formatMonthShort(from)} to ${formatMonthShort(to)}`;
}

/** A window: `formatPeriod('2022-04', '2023-03')` → `April 2022 to March 2023`. */
export function formatPeriod(from: string, to: string): string {
  return from === to ? monthLabel(from) : `${monthLabel(from)} to ${monthLabel(to)}`;
}

/** `2023-03` as a UTC Date on the first of the month (for time scales). */
export function monthDate(month: string): Date {
  const { year, month: m } = splitMonth(month);
  return new Date(Date.UTC(year, m - 1, 1));
}

/** The clock as a date in words, UTC: `formatDate(new Date('2025-05-01'))` → `1 May 2025`. */
export function formatDate(d: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(d);
}

// The one label style lives in analysis/labels.ts; the report's modules import it from here.
export { areaLabel, shortName } from "../analysis/labels.ts";

/** `1` → `1st`, `22` → `22nd`, `113` → `113th`. */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix =
    mod100 >= 11 && mod100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** Escapes text for HTML and XML attribute or element content. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
