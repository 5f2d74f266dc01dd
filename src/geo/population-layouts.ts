/**
 * The population file layouts `population import` reads, recognised from the header row (which may
 * follow title lines, as in ONS workbooks where it is on row 4 or 7):
 * - ONS mid-year estimates by CCG or sub-ICB location: a code column (`CCG Code`, `SICBL 2023 Code`…),
 *   an all-ages column (`All Ages` or `Total`) and age columns: single years (`0`…`90+`), by sex
 *   (`F0`…`F90`, `M0`…`M90`, summed) or bands (`Age 0-17`…`Age 66+`);
 * - NHS Digital "Patients Registered at a GP Practice" (`…,SUB_ICB_LOCATION_CODE,…,NUMBER_OF_PATIENTS`,
 *   or `CCG_CODE,ONS_CCG_CODE` before July 2022).
 */
import type { GpColumns } from "../store/geo-staging.ts";

export interface OnsLayout {
  kind: "ons";
  /** 0-based index of the header row among the file's first rows. */
  headerIndex: number;
  codeColumn: string;
  nameColumn: string | null;
  totalColumn: string;
  bands: Array<{ column: string; band: string }>;
  /** The geography the estimates are for, e.g. `CCG April 2021`, `SICBL 2023`. */
  geography: string;
}

export interface GpLayout {
  kind: "gp";
  headerIndex: number;
  columns: GpColumns;
  geography: "CCG" | "sub-ICB location";
}

export type PopulationLayout = OnsLayout | GpLayout;

/** How far down a file the header may be. */
export const HEADER_SEARCH_ROWS = 30;

const CODE_COLUMN = [
  { re: /^CCG ?(\d{2,4})? ?(Code|CD)$/i, kind: "CCG" },
  { re: /^SICBL ?(\d{2,4})? ?(Code|CD)$/i, kind: "SICBL" },
  { re: /^Sub[- ]ICB Location ?(\d{4})? Code$/i, kind: "SICBL" },
];
const TOTAL_COLUMN = /^(All Ages|Total|All persons)$/i;

function year4(digits: string | undefined): string | undefined {
  if (!digits) return undefined;
  return digits.length === 2 ? `20${digits}` : digits;
}

/** Age columns → band labels; sexes of the same age share a label (their counts are summed). */
function ageBands(header: string[]): Array<{ column: string; band: string }> {
  const single = header.filter((h) => /^\d{1,3}\+?$/.test(h.trim()));
  const bySex = header.filter((h) => /^[FM]\d{1,3}\+?$/i.test(h.trim()));
  const banded = header.filter((h) => /^Age \d+(\s*[-–]\s*\d+|\+)$/i.test(h.trim()));
  if (bySex.length > 0) {
    const ages = bySex.map((h) => Number(/\d+/.exec(h)?.[0]));
    const top = Math.max(...ages);
    return bySex.map((column) => {
      const age = Number(/\d+/.exec(column)?.[0]);
      return { column, band: age === top ? `${age}+` : String(age) };
    });
  }
  if (single.length > 0) return single.map((column) => ({ column, band: column.trim() }));
  return banded.map((column) => ({
    column,
    band: column
      .trim()
      .replace(/^Age /i, "")
      .replace(/\s*[-–]\s*/, "-"),
  }));
}

function onsLayout(header: string[], headerIndex: number): OnsLayout | undefined {
  const trimmed = header.map((h) => h.trim());
  let code: { column: string; kind: string; year: string | undefined } | undefined;
  for (const column of trimmed) {
    const hit = CODE_COLUMN.map((c) => ({ c, m: c.re.exec(column) })).find((x) => x.m);
    if (hit) {
      code = { column, kind: hit.c.kind, year: year4(hit.m?.[1]) };
      break;
    }
  }
  const total = trimmed.find((h) => TOTAL_COLUMN.test(h));
  if (!code || !total) return undefined;
  const nameColumn = code.column.replace(/(Code|CD)$/i, (m) => (m === "CD" ? "NM" : "Name"));
  let geography = code.kind === "CCG" ? "CCG" : "SICBL";
  // CCG files name their STP/region columns by year (`STP21 Code`): CCG boundaries change each April.
  const sibling = trimmed.map((h) => /^(STP|NHSER)(\d{2}) Code$/i.exec(h)?.[2]).find(Boolean);
  const year = code.year ?? year4(sibling);
  if (year) geography = code.kind === "CCG" ? `CCG April ${year}` : `SICBL ${year}`;
  return {
    kind: "ons",
    headerIndex,
    codeColumn: header[trimmed.indexOf(code.column)] ?? code.column,
    nameColumn: trimmed.includes(nameColumn) ? (header[trimmed.indexOf(nameColumn)] ?? null) : null,
    totalColumn: header[trimmed.indexOf(total)] ?? total,
    bands: ageBands(header),
    geography,
  };
}

function gpLayout(header: string[], headerIndex: number): GpLayout | undefined {
  const cols = new Set(header.map((h) => h.trim().toUpperCase()));
  const need = ["CODE", "SEX", "AGE", "NUMBER_OF_PATIENTS", "EXTRACT_DATE"];
  if (!need.every((c) => cols.has(c))) return undefined;
  const era = cols.has("SUB_ICB_LOCATION_CODE")
    ? { code: "SUB_ICB_LOCATION_CODE", ons: "ONS_SUB_ICB_LOCATION_CODE" }
    : cols.has("CCG_CODE")
      ? { code: "CCG_CODE", ons: "ONS_CCG_CODE" }
      : undefined;
  if (!era) return undefined;
  const actual = (name: string) => header.find((h) => h.trim().toUpperCase() === name) ?? name;
  return {
    kind: "gp",
    headerIndex,
    geography: era.code === "CCG_CODE" ? "CCG" : "sub-ICB location",
    columns: {
      code: actual(era.code),
      onsCode: actual(era.ons),
      practice: actual("CODE"),
      sex: actual("SEX"),
      age: actual("AGE"),
      count: actual("NUMBER_OF_PATIENTS"),
      extractDate: actual("EXTRACT_DATE"),
    },
  };
}

/** Finds the header among a file's first rows and the layout it belongs to; undefined if none. */
export function detectPopulationLayout(rows: string[][]): PopulationLayout | undefined {
  for (const [i, row] of rows.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const layout = gpLayout(row, i) ?? onsLayout(row, i);
    if (layout) return layout;
  }
  return undefined;
}

/** The mid-year a file's title rows or name mention (`Mid-2020`, `mid2019`); undefined if none. */
export function mentionedYear(texts: string[]): number | undefined {
  for (const t of texts) {
    const m = /mid[-_ ]?((?:19|20)\d{2})/i.exec(t);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** Year and month of a GP extract date: `2021-05-01`, `01MAY2021`, `01-May-2021`, `01/05/2021`. */
export function parseExtractDate(value: string): { year: number; month: number } | undefined {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{2})-\d{2}/.exec(v);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]) };
  const uk = /^\d{1,2}\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (uk) return { year: Number(uk[2]), month: Number(uk[1]) };
  const named = /^\d{1,2}[- ]?([A-Za-z]{3})[A-Za-z]*[- ]?(\d{4})$/.exec(v);
  if (named) {
    const months = "janfebmaraprmayjunjulaugsepoctnovdec";
    const i = months.indexOf((named[1] ?? "").toLowerCase());
    if (i >= 0 && i % 3 === 0) return { year: Number(named[2]), month: i / 3 + 1 };
  }
  return undefined;
}
