/**
 * Reads a registry file into tables of rows per layout: a CSV (one kind, known by its header), an
 * XLSX workbook (one sheet per kind, named like the layouts), a folder of CSVs (an export), or JSON.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";

import { parseCsv } from "../csv.ts";
import { InputFileError, type InputIssue } from "../errors.ts";
import { looksLikeWorkbook, readWorkbookSheets } from "../geo/population-xlsx.ts";

import type { SheetRow } from "./cells.ts";
import { LAYOUTS, layoutForHeader, type Layout } from "./layouts.ts";

/** One table of a file: its layout and rows (or, from JSON, records as given). */
export type FileTable =
  | { source: "table"; file: string; layout: Layout; rows: SheetRow[] }
  | { source: "json"; file: string; layout: Layout; records: unknown[] };

/** Reads `path` (shown as `display` in messages); structural problems throw, row problems do not. */
export async function readRegistryFile(path: string, display: string): Promise<FileTable[]> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new InputFileError({ file: display }, "no such file");
  }
  if (stat.isDirectory()) return readFolder(path, display);
  const data = readFileSync(path);
  if (data.length === 0) throw new InputFileError({ file: display }, "empty file");
  const ext = extname(path).toLowerCase();
  if (ext === ".json") return readJson(data.toString("utf8"), display);
  if (ext === ".xlsx" || looksLikeWorkbook(data)) return readWorkbook(path, display);
  if (ext === ".csv" || ext === ".txt" || ext === "") {
    return [tableFrom(parseCsv(data.toString("utf8")), display, undefined)];
  }
  throw new InputFileError(
    { file: display },
    `unknown file type ${ext} (use .csv, .xlsx or .json)`,
  );
}

function readFolder(dir: string, display: string): FileTable[] {
  const tables: FileTable[] = [];
  const names = readdirSync(dir)
    .filter((n) => n.toLowerCase().endsWith(".csv"))
    .sort();
  for (const name of names) {
    const layout = LAYOUTS.find((l) => `${l.name}.csv` === name);
    if (!layout) continue;
    const text = readFileSync(join(dir, name), "utf8");
    tables.push(tableFrom(parseCsv(text), join(display, name), layout));
  }
  if (tables.length === 0) {
    const expected = LAYOUTS.map((l) => `${l.name}.csv`).join(", ");
    throw new InputFileError({ file: display }, `a folder to import holds one of ${expected}`);
  }
  return tables;
}

async function readWorkbook(path: string, display: string): Promise<FileTable[]> {
  let sheets;
  try {
    sheets = await readWorkbookSheets(path);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new InputFileError({ file: display }, `not a readable XLSX workbook (${why})`);
  }
  const tables: FileTable[] = [];
  for (const sheet of sheets) {
    const layout = LAYOUTS.find((l) => l.name === sheet.name.trim().toLowerCase());
    if (layout) tables.push(tableFrom(sheet.rows, `${display} [${sheet.name}]`, layout));
  }
  if (tables.length === 0) {
    const names = LAYOUTS.map((l) => l.name).join(", ");
    throw new InputFileError({ file: display }, `no sheet named ${names}`);
  }
  return tables;
}

function tableFrom(rows: string[][], file: string, layout: Layout | undefined): FileTable {
  const [rawHeader, ...body] = rows;
  const header = (rawHeader ?? []).map((h) => h.trim().toLowerCase());
  if (header.length === 0 || header.every((h) => h === "")) {
    throw new InputFileError({ file }, "empty file (no header row)");
  }
  const found = layout ?? layoutForHeader(header.filter((h) => h !== ""));
  if (!found) {
    const expected = LAYOUTS.map((l) => `${l.name} (${l.keyColumns.join(", ")}, …)`).join("; ");
    throw new InputFileError(
      { file, line: 1 },
      `header matches no registry layout: expected ${expected}`,
    );
  }
  const unknown = header.filter((h) => h !== "" && !found.columns.includes(h));
  if (unknown.length > 0) {
    throw new InputFileError(
      { file, line: 1, column: unknown[0] },
      `unknown column for ${found.name}`,
    );
  }
  const missing = found.keyColumns.filter((k) => !header.includes(k));
  if (missing.length > 0) {
    throw new InputFileError({ file, line: 1, column: missing[0] }, "missing column");
  }
  const sheetRows: SheetRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === "")) return;
    sheetRows.push({
      line: i + 2,
      cells: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ""])),
    });
  });
  return { source: "table", file, layout: found, rows: sheetRows };
}

function readJson(text: string, display: string): FileTable[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputFileError({ file: display }, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new InputFileError(
      { file: display },
      "expected a JSON object with interventions, policies, frameworks or assessments",
    );
  }
  const obj = doc as Record<string, unknown>;
  const known = new Set([
    "format",
    "formatVersion",
    "synthetic",
    "generated",
    ...LAYOUTS.map((l) => l.name),
  ]);
  const extra = Object.keys(obj).find((k) => !known.has(k));
  if (extra) throw new InputFileError({ file: display, column: extra }, "unknown key");
  const tables: FileTable[] = [];
  for (const layout of LAYOUTS) {
    const list = obj[layout.name];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      throw new InputFileError({ file: display, column: layout.name }, "expected an array");
    }
    tables.push({ source: "json", file: display, layout, records: list });
  }
  if (tables.length === 0) {
    throw new InputFileError(
      { file: display },
      "no interventions, policies, frameworks or assessments",
    );
  }
  return tables;
}

export const displayName = (path: string) => basename(path);
export type { InputIssue };
