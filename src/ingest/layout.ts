/**
 * The layouts of NHS England's RTT "Full CSV data file" (docs/methodology.md, shared rtt-data-format §1).
 * Week bands are recognised by name, never by position.
 */

/** Header eras: before October 2017 (preamble lines, `Year` + `Period Name`, `RTT Part Name`); October
 * 2017 – March 2021 (53 bands to `Gt 52 Weeks SUM 1`); April 2021 on (105 bands to `Gt 104 Weeks SUM 1`). */
export type Era = "pre-2017-10" | "2017-10" | "2021-04";

/** The 13 identifying columns of the one-line header (October 2017 on). */
export const ID_COLUMNS = [
  "Period",
  "Provider Parent Org Code",
  "Provider Parent Name",
  "Provider Org Code",
  "Provider Org Name",
  "Commissioner Parent Org Code",
  "Commissioner Parent Name",
  "Commissioner Org Code",
  "Commissioner Org Name",
  "RTT Part Type",
  "RTT Part Description",
  "Treatment Function Code",
  "Treatment Function Name",
] as const;

/** The three count columns after the bands. */
export const TOTAL_COLUMNS = [
  "Total",
  "Patients with unknown clock start date",
  "Total All",
] as const;

/** Column-name renames of the pre-October-2017 layout (old name → current name). */
export const OLD_COLUMN_RENAMES: Record<string, string> = {
  "RTT Part Name": "RTT Part Type",
};

/** RTT parts and their descriptions as they appear in the files. */
export const PARTS = {
  Part_1A: "Completed Pathways For Admitted Patients",
  Part_1B: "Completed Pathways For Non-Admitted Patients",
  Part_2: "Incomplete Pathways",
  Part_2A: "Incomplete Pathways with DTA",
  Part_3: "New RTT Periods - All Patients",
} as const;

export type Part = keyof typeof PARTS;
export const PART_TYPES = Object.keys(PARTS) as Part[];

/** A week-band column: patients waiting more than `from` weeks and up to `to` (null: open-ended). */
export interface BandColumn {
  name: string;
  from: number;
  to: number | null;
}

const BOUNDED = /^Gt (\d+) To (\d+) Weeks SUM 1$/;
const OPEN = /^Gt (\d+) Weeks SUM 1$/;

/** Recognises a week-band column name; undefined for any other column. */
export function parseBandColumn(name: string): BandColumn | undefined {
  const bounded = BOUNDED.exec(name);
  if (bounded) return { name, from: Number(bounded[1]), to: Number(bounded[2]) };
  const open = OPEN.exec(name);
  if (open) return { name, from: Number(open[1]), to: null };
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The band column names, in order, for a layout whose open-ended top band starts at `topBandStart`. */
export function bandColumnNames(topBandStart: number): string[] {
  const names: string[] = [];
  for (let lo = 0; lo < topBandStart; lo++)
    names.push(`Gt ${pad(lo)} To ${pad(lo + 1)} Weeks SUM 1`);
  names.push(`Gt ${pad(topBandStart)} Weeks SUM 1`);
  return names;
}

/** Start of the open-ended top band for an era. */
export const TOP_BAND_START: Record<Era, number> = {
  "pre-2017-10": 52,
  "2017-10": 52,
  "2021-04": 104,
};

/** The full one-line header of an era (for the pre-2017 era, the header line after the preamble). */
export function headerColumns(era: Era): string[] {
  const bands = bandColumnNames(TOP_BAND_START[era]);
  if (era === "pre-2017-10") {
    const ids = ID_COLUMNS.slice(1).map((c) => (c === "RTT Part Type" ? "RTT Part Name" : c));
    return ["Year", "Period Name", ...ids, ...bands, ...TOTAL_COLUMNS];
  }
  return [...ID_COLUMNS, ...bands, ...TOTAL_COLUMNS];
}

/** The era a month's file is published in. */
export function eraForMonth(month: string): Era {
  if (month >= "2021-04") return "2021-04";
  if (month >= "2017-10") return "2017-10";
  return "pre-2017-10";
}
