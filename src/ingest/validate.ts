import { InputFileError } from "../errors.ts";
import type { Store } from "../store/db.ts";
import {
  firstBadCountRow,
  firstCsvReject,
  firstStagedProblem,
  MAX_BAND_COUNT,
  stagedPeriods,
  type CsvReject,
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

const WHOLE = /^ *\d+ *$/;
const NEGATIVE = /^\s*-\s*\d+(\.\d*)?\s*$/;

/**
 * Checks the staged rows of a file and throws an InputFileError at the first structural problem,
 * naming the file, the physical line and the column: a line DuckDB could not read, no data rows, a
 * count that is not a whole number or is negative, a blank required cell, an unknown part type, an
 * unreadable period, or a second period in the file.
 */
export async function checkStaged(store: Store, s: StagedFile, rows: number): Promise<void> {
  const { file, header } = s;
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
    const column = header.countColumns[i];
    const problem = NEGATIVE.test(cell) ? "is a negative count" : "is not a whole number";
    throw new InputFileError(
      { file, line: await lineOf(bad.rowid), column },
      `"${cell}" ${problem}`,
    );
  }

  const m = header.map;
  const periodColumn = m.period ?? m.periodName ?? "Period";
  const problem = await firstStagedProblem(store, {
    required: [periodColumn, m.providerCode, m.commissionerCode, m.part, m.tfCode, m.totalAll],
    partColumn: m.part,
    partTypes: PART_TYPES,
    bands: m.bands,
  });
  if (problem) {
    const where = { file, line: await lineOf(problem.rowid), column: problem.column };
    if (problem.kind === "blank") throw new InputFileError(where, "required cell is blank");
    if (problem.kind === "too-large")
      throw new InputFileError(
        where,
        `"${problem.value ?? ""}" is too large for a week band (at most ${MAX_BAND_COUNT})`,
      );
    throw new InputFileError(
      where,
      `"${problem.value}" is not an RTT part type (expected ${PART_TYPES.join(", ")})`,
    );
  }

  for (const p of await stagedPeriods(store, m)) {
    const month = parseFilePeriod({ period: p.period, year: p.year });
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
}
