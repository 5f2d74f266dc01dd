import { InputFileError } from "../errors.ts";
import type { Store } from "../store/db.ts";
import {
  countColumnsOf,
  firstBadCountRow,
  firstCsvReject,
  firstRepeatedRow,
  firstStagedProblem,
  MAX_COUNT,
  stagedPeriods,
  type CsvReject,
  type RequiredField,
} from "../store/rtt-load-queries.ts";

import type { DetectedHeader } from "./header.ts";
import { PART_TYPES } from "./layout.ts";
import { parseFilePeriod } from "./period.ts";
import { recordLine } from "./source-file.ts";

/** Where the staged file is and what to call it in messages. */
export interface StagedFile {
  /** Name used in messages (a zip's entry shows as `x.zip!/entry.csv`). */
  file: string;
  /** The CSV DuckDB read. */
  csvPath: string;
  header: DetectedHeader;
}

function rejectProblem(r: CsvReject, expected: number): string {
  switch (r.errorType) {
    case "MISSING COLUMNS":
      return `too few fields (expected ${expected})`;
    case "TOO MANY COLUMNS":
      return `too many fields (expected ${expected})`;
    case "UNQUOTED VALUE":
      return "badly quoted field (a quote inside a field that is not quoted)";
    case "INVALID UNICODE":
    case "INVALID ENCODING":
      return "not valid UTF-8 text";
    case "LINE SIZE OVER MAXIMUM":
      return "line too long";
    default:
      return (r.message.split("\n")[0] ?? r.errorType).trim();
  }
}

const WHOLE = /^ *0*\d{1,9} *$/;
const DIGITS = /^ *\d+ *$/;
const NEGATIVE = /^\s*-\s*\d+(\.\d*)?\s*$/;

function countProblem(cell: string): string {
  if (DIGITS.test(cell)) return `is too large for a count (at most ${MAX_COUNT})`;
  return NEGATIVE.test(cell) ? "is a negative count" : "is not a whole number";
}

/**
 * Checks the staged rows of a file and throws an InputFileError at the first structural problem,
 * naming the file, the physical line and the column: a line DuckDB could not read, no data rows, a
 * count that is not a whole number (or is negative, or absurdly large), a blank required cell, an
 * unknown part type, an unreadable period, a second period in the file, or a repeated row.
 */
export async function checkStaged(store: Store, s: StagedFile, rows: number): Promise<void> {
  const { file, header } = s;
  const m = header.map;
  const reject = await firstCsvReject(store);
  if (reject)
    throw new InputFileError(
      { file, line: reject.line },
      rejectProblem(reject, header.columns.length),
    );
  if (rows === 0) throw new InputFileError({ file }, "the file has a header but no data rows");
  const lineOf = async (rowid: number) => recordLine(s.csvPath, header.headerLine, rowid);

  const bad = await firstBadCountRow(store);
  if (bad) {
    const i = bad.cells.findIndex((c) => c !== null && !WHOLE.test(c));
    const cell = bad.cells[i] ?? "";
    const column = countColumnsOf(m)[i];
    const where = { file, line: await lineOf(bad.rowid), column };
    throw new InputFileError(where, `"${cell}" ${countProblem(cell)}`);
  }

  const periodColumn = m.period ?? m.periodName ?? "Period";
  const columnOf: Record<RequiredField, string> = {
    period: periodColumn,
    provider_code: m.providerCode,
    commissioner_code: m.commissionerCode,
    part: m.part,
    tf_code: m.tfCode,
    total_all: m.totalAll,
  };
  const problem = await firstStagedProblem(store, PART_TYPES);
  if (problem) {
    const where = { file, line: await lineOf(problem.rowid), column: columnOf[problem.field] };
    if (problem.kind === "blank") throw new InputFileError(where, "required cell is blank");
    throw new InputFileError(
      where,
      `"${problem.value}" is not an RTT part type (expected ${PART_TYPES.join(", ")})`,
    );
  }

  for (const p of await stagedPeriods(store)) {
    const month = parseFilePeriod({ period: p.period, ...(m.year ? { year: p.year } : {}) });
    const where = { file, line: await lineOf(p.rowid), column: periodColumn };
    if (month === undefined)
      throw new InputFileError(
        where,
        `"${p.period ?? ""}" is not an RTT period (expected e.g. RTT-November-2024)`,
      );
    if (month !== header.month)
      throw new InputFileError(
        where,
        `a second period (${month}) after ${header.month}: a file must hold one period`,
      );
  }

  const repeat = await firstRepeatedRow(store);
  if (repeat) {
    const first = await lineOf(repeat.firstRowid);
    const key = `${repeat.provider} / ${repeat.commissioner} ${repeat.part} ${repeat.tf}`;
    throw new InputFileError(
      { file, line: await lineOf(repeat.rowid) },
      `row ${key} repeats line ${first ?? "?"}: a file holds each (provider, commissioner, part, treatment function) once`,
    );
  }
}
