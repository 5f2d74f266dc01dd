import { splitCsvLine } from "../csv.ts";
import { InputFileError } from "../errors.ts";
import type { RttColumnMap } from "../store/rtt-load-queries.ts";

import { headerColumns, parseBandColumn, type BandColumn, type Era } from "./layout.ts";
import { parseFilePeriod, periodLabelOf, type PeriodCells } from "./period.ts";

/** What the first lines of a file say about it: era, layout, and the period of its first row. */
export interface DetectedHeader {
  era: Era;
  /** Physical lines before the header line (the pre-2017 preamble). */
  skip: number;
  /** 1-based physical line number of the header. */
  headerLine: number;
  /** Every column, in file order. */
  columns: string[];
  /** Start in weeks of the open-ended top band (52 or 104). */
  topBandStart: number;
  map: RttColumnMap;
  month: string;
  periodLabel: string;
  /** The period cells of the first data row exactly as written (`year` only in the older layout). */
  periodCells: PeriodCells;
}

/** How many lines may precede the header (the pre-2017 files have two). */
const MAX_PREAMBLE = 10;

const list = (names: string[]) => {
  const shown = names.slice(0, 3).map((n) => `"${n}"`);
  return names.length > 3 ? `${shown.join(", ")} and ${names.length - 3} more` : shown.join(", ");
};

/** Checks the week bands run 0–1, 1–2, … without a gap and end in one open band; returns its start. */
function checkBands(bands: BandColumn[], file: string, line: number): number {
  const fail = (problem: string): never => {
    throw new InputFileError({ file, line }, problem);
  };
  if (bands.length === 0) fail('no week-band columns ("Gt 00 To 01 Weeks SUM 1" …)');
  let expected = 0;
  bands.forEach((b, i) => {
    const last = i === bands.length - 1;
    if (b.from !== expected || (b.to !== null && b.to !== b.from + 1) || (b.to === null) !== last)
      fail(`week bands are not contiguous from 0 weeks: unexpected "${b.name}"`);
    expected = b.to ?? expected;
  });
  return expected;
}

function eraOf(columns: string[], topBandStart: number, file: string, line: number): Era {
  const era: Era = columns.includes("Period")
    ? topBandStart === 52
      ? "2017-10"
      : "2021-04"
    : "pre-2017-10";
  if (topBandStart !== 52 && topBandStart !== 104)
    throw new InputFileError(
      { file, line },
      `the week bands end at ${topBandStart} weeks: expected 52 (to March 2021) or 104 (from April 2021)`,
    );
  const expected = headerColumns(era).filter((c) => !parseBandColumn(c));
  const missing = expected.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    throw new InputFileError(
      { file, line },
      `missing column${missing.length > 1 ? "s" : ""} ${list(missing)}`,
    );
  const unexpected = columns.filter((c) => !parseBandColumn(c) && !expected.includes(c));
  if (unexpected.length > 0)
    throw new InputFileError(
      { file, line },
      `unexpected column${unexpected.length > 1 ? "s" : ""} ${list(unexpected)}`,
    );
  return era;
}

function columnMap(era: Era, bands: string[]): RttColumnMap {
  const old = era === "pre-2017-10";
  return {
    ...(old ? { year: "Year", periodName: "Period Name" } : { period: "Period" }),
    providerParentCode: "Provider Parent Org Code",
    providerParentName: "Provider Parent Name",
    providerCode: "Provider Org Code",
    providerName: "Provider Org Name",
    commissionerParentCode: "Commissioner Parent Org Code",
    commissionerParentName: "Commissioner Parent Name",
    commissionerCode: "Commissioner Org Code",
    commissionerName: "Commissioner Org Name",
    part: old ? "RTT Part Name" : "RTT Part Type",
    partDescription: "RTT Part Description",
    tfCode: "Treatment Function Code",
    tfName: "Treatment Function Name",
    bands,
    total: "Total",
    unknownStart: "Patients with unknown clock start date",
    totalAll: "Total All",
  };
}

/**
 * Detects the layout of an RTT extract from its first lines (`head`: the start of the file, or all of
 * it when `complete`): finds the header line (after any preamble), checks its columns, discovers the
 * week bands by name, and reads the period of the first data row. Throws an InputFileError naming the
 * file (and line) when the file is empty, not an RTT extract, or its header is wrong.
 */
export function detectHeader(head: string, file: string, complete: boolean): DetectedHeader {
  const text = head.startsWith("\uFEFF") ? head.slice(1) : head;
  if (complete && text.trim() === "") throw new InputFileError({ file }, "the file is empty");
  const lines = text.split(/\r?\n/);
  if (!complete) lines.pop();
  const index = lines
    .slice(0, MAX_PREAMBLE + 1)
    .findIndex((l) =>
      splitCsvLine(l).some((f) => f.trim() === "Period" || f.trim() === "Period Name"),
    );
  if (index < 0)
    throw new InputFileError(
      { file },
      'not an RTT Full CSV extract (no header line with a "Period" column)',
    );
  const line = index + 1;
  const columns = splitCsvLine(lines[index] ?? "").map((c) => c.trim());
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined)
    throw new InputFileError({ file, line }, `column "${duplicate}" appears twice`);
  const bands = columns.map(parseBandColumn).filter((b) => b !== undefined);
  bands.sort((a, b) => a.from - b.from);
  const topBandStart = checkBands(bands, file, line);
  const era = eraOf(columns, topBandStart, file, line);
  const map = columnMap(
    era,
    bands.map((b) => b.name),
  );
  const dataIndex = lines.findIndex((l, i) => i > index && l.trim() !== "");
  if (dataIndex < 0) {
    if (complete) throw new InputFileError({ file }, "the file has a header but no data rows");
    throw new InputFileError({ file }, "no data row in the first part of the file");
  }
  const cells = splitCsvLine(lines[dataIndex] ?? "");
  const cell = (name: string | undefined) =>
    name === undefined ? undefined : (cells[columns.indexOf(name)] ?? null);
  const periodCells = map.period
    ? { period: cell(map.period) ?? null }
    : { period: cell(map.periodName) ?? null, year: cell(map.year) ?? null };
  const month = parseFilePeriod(periodCells);
  if (month === undefined)
    throw new InputFileError(
      { file, line: dataIndex + 1, column: map.period ?? map.periodName },
      `"${periodCells.period ?? ""}" is not an RTT period (expected e.g. RTT-November-2024)`,
    );
  return {
    era,
    skip: index,
    headerLine: line,
    columns,
    topBandStart,
    map,
    month,
    periodLabel: periodLabelOf(periodCells),
    periodCells,
  };
}
