/** How organisations and periods are spelled in a demo file of a given month (as in real files). */
import { eraForMonth } from "../ingest/layout.ts";
import { MONTH_NAMES, periodLabel, splitMonth } from "../months.ts";

import type { DemoArea } from "./commissioners.ts";
import type { DemoProvider } from "./providers.ts";

/** Commissioner and provider parents are ICBs from July 2022 (STP/ICS before). */
export const ICB_FROM = "2022-07";

/** Quotes a CSV field that contains a comma or a quote. */
export function csvField(value: string): string {
  if (!/[",]/.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/** `NHS Leeds CCG` → `NHS LEEDS (SUB ICB LOCATION)` (the style of files from July 2022). */
export function subIcbName(ccgName: string): string {
  const place = ccgName.replace(/^NHS\s+/i, "").replace(/\s+CCG$/i, "");
  return `NHS ${place.toUpperCase()} (SUB ICB LOCATION)`;
}

/** Provider parent code and name in a month. */
export function providerParent(p: DemoProvider, month: string): [string, string] {
  return month >= ICB_FROM ? [p.icbCode, p.icbName.toUpperCase()] : [p.stpCode, p.stpName];
}

/** Commissioner parent code, parent name, and the commissioner's own name in a month. */
export function commissionerLabels(area: DemoArea, month: string): [string, string, string] {
  const ccg = area.ccg;
  if (!ccg) return ["", "", area.name];
  if (month >= ICB_FROM) return [ccg.icbCode, ccg.icbName.toUpperCase(), subIcbName(ccg.name)];
  return [ccg.stpCode, ccg.stpName, ccg.name.toUpperCase()];
}

/** The leading period field(s): `RTT-June-2021`, or `2016-17,RTT-SEPTEMBER-2016` before Oct 2017. */
export function periodFields(month: string): string {
  if (eraForMonth(month) !== "pre-2017-10") return periodLabel(month);
  const { year, month: m } = splitMonth(month);
  const start = m >= 4 ? year : year - 1;
  const financialYear = `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
  return `${financialYear},RTT-${(MONTH_NAMES[m - 1] ?? "").toUpperCase()}-${year}`;
}

/** Two lines of front matter the pre-October-2017 files carry above their header. */
export function preamble(month: string): string[] {
  const { year, month: m } = splitMonth(month);
  return [
    "Referral to Treatment (RTT) Waiting Times - Full CSV data file - SYNTHETIC DEMONSTRATION DATA",
    `Period: ${MONTH_NAMES[m - 1]} ${year}`,
  ];
}

/** Last day of a month as `YYYYMMDD`. */
export function monthEnd(month: string): string {
  const { year, month: m } = splitMonth(month);
  const day = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}${String(m).padStart(2, "0")}${String(day).padStart(2, "0")}`;
}

/** `Full-CSV-data-file-Jun21-ZIP-synthetic.zip`. */
export function demoZipName(month: string): string {
  const { year, month: m } = splitMonth(month);
  const mon = (MONTH_NAMES[m - 1] ?? "").slice(0, 3);
  return `Full-CSV-data-file-${mon}${String(year % 100).padStart(2, "0")}-ZIP-synthetic.zip`;
}

/** `20210630-RTT-June-2021-full-extract.csv`. */
export function demoEntryName(month: string): string {
  const { year, month: m } = splitMonth(month);
  return `${monthEnd(month)}-RTT-${MONTH_NAMES[m - 1]}-${year}-full-extract.csv`;
}

/** Matches demo zip names (and the temporary files they are written through). */
export const DEMO_FILE_PATTERN =
  /^Full-CSV-data-file-[A-Z][a-z]{2}\d{2}-ZIP-synthetic\.zip(\.tmp)?$/;
