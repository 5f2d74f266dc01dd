/** Calendar months as `YYYY-MM` strings: the period key used everywhere in Ration Watch. */

import { UsageError } from "./errors.ts";

export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

/** The years a month given on the command line may name (RTT data begins in 2007). */
export const FIRST_FLAG_MONTH = "2000-01";
export const LAST_FLAG_MONTH = "2099-12";

/**
 * The one parser of months given on a command line (`--from`, `--to`, `--month`, `--baseline`): a
 * `YYYY-MM` month from 2000-01 to 2099-12, or a UsageError naming the flag.
 */
export function parseMonthArg(flag: string, value: string): string {
  if (!isMonth(value))
    throw new UsageError(`--${flag}: expected a month as YYYY-MM, got "${value}"`);
  if (value < FIRST_FLAG_MONTH || value > LAST_FLAG_MONTH)
    throw new UsageError(
      `--${flag}: ${value} is out of range (expected a month from ${FIRST_FLAG_MONTH} to ${LAST_FLAG_MONTH})`,
    );
  return value;
}

/** `2021-06` → { year: 2021, month: 6 }. */
export function splitMonth(month: string): { year: number; month: number } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`not a YYYY-MM month: "${month}"`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function makeMonth(year: number, month: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/** Adds `n` (possibly negative) months. */
export function addMonths(month: string, n: number): string {
  const { year, month: m } = splitMonth(month);
  const index = year * 12 + (m - 1) + n;
  return makeMonth(Math.floor(index / 12), (index % 12) + 1);
}

/** Inclusive list of months from `from` to `to`; empty when `from` is after `to`. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** `2021-06` → `June 2021`. */
export function monthLabel(month: string): string {
  const { year, month: m } = splitMonth(month);
  return `${MONTH_NAMES[m - 1]} ${year}`;
}

/** Month number (1–12) for an English month name or its 3-letter abbreviation, any case. */
export function monthNumber(name: string): number | undefined {
  const lower = name.trim().toLowerCase();
  if (lower.length < 3) return undefined;
  const i = MONTH_NAMES.findIndex(
    (n) => n.toLowerCase().startsWith(lower.slice(0, 3)) && n.toLowerCase().startsWith(lower),
  );
  return i < 0 ? undefined : i + 1;
}

/** Parses an RTT `Period` value (`RTT-June-2021`, `RTT-SEPTEMBER-2021`, case-insensitive) to `YYYY-MM`. */
export function parsePeriodLabel(label: string): string | undefined {
  const m = /^\s*RTT-([A-Za-z]+)-(\d{4})\s*$/i.exec(label);
  if (!m) return undefined;
  const month = monthNumber(m[1] ?? "");
  return month === undefined ? undefined : makeMonth(Number(m[2]), month);
}

/** `2021-06` → `RTT-June-2021` (the label style NHS England uses from 2021). */
export function periodLabel(month: string): string {
  const { year, month: m } = splitMonth(month);
  return `RTT-${MONTH_NAMES[m - 1]}-${year}`;
}

/**
 * The first month NHS England published a Full CSV data file for (earlier months are Excel only):
 * ingest refuses a file claiming an earlier period, fetch finds none, demo-data writes none.
 */
export const FIRST_FULL_CSV_MONTH = "2015-10";
