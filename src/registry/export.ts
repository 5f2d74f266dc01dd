/**
 * The registry's complete, deterministic dump in the import layout: JSON (one file), XLSX (one sheet
 * per kind) or a folder of CSVs. Importing it into an empty registry gives the same state, and
 * exporting that gives the same bytes (JSON, CSV). Written to a temporary name and renamed, so a
 * failed export leaves nothing half-written.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";

import { formatCsv } from "../csv.ts";
import { xlsxBytes } from "../report/xlsx-writer.ts";

import type { RecordKind } from "./common-schema.ts";
import type { Queryable } from "./db.ts";
import { interventionSchema } from "./intervention-schema.ts";
import { LAYOUTS, recordRows } from "./layouts.ts";
import { policySchema } from "./policy-schema.ts";
import { currentRecords, type RecordVersion } from "./records.ts";
import { assessmentSchema, frameworkSchema } from "./scorecard-schema.ts";

export type ExportFormat = "json" | "xlsx" | "csv";

const PARSERS: Record<RecordKind, (x: unknown) => unknown> = {
  intervention: (x) => interventionSchema.parse(x),
  policy: (x) => policySchema.parse(x),
  framework: (x) => frameworkSchema.parse(x),
  assessment: (x) => assessmentSchema.parse(x),
};

/** json for .json, xlsx for .xlsx, otherwise a folder of CSVs. */
export const exportFormatFor = (path: string): ExportFormat => {
  const ext = extname(path).toLowerCase();
  return ext === ".json" ? "json" : ext === ".xlsx" ? "xlsx" : "csv";
};

async function ordered(db: Queryable) {
  // Records in schema key order (jsonb stores keys in its own order), sorted by id.
  const rows = await currentRecords(db);
  return LAYOUTS.map((layout) => ({
    layout,
    records: rows
      .filter((r) => r.kind === layout.kind)
      .map((r): RecordVersion => ({ ...r, data: PARSERS[r.kind](r.data) })),
  }));
}

/** The export as a JSON document (what `export --out x.json` writes). */
export async function exportJson(db: Queryable): Promise<string> {
  const groups = await ordered(db);
  const synthetic = groups.some((g) =>
    g.records.some((r) => (r.data as { synthetic?: boolean }).synthetic === true),
  );
  const doc: Record<string, unknown> = { format: "rationwatch-registry", formatVersion: 1 };
  if (synthetic) doc["synthetic"] = "contains synthetic demonstration records (synthetic: true)";
  for (const g of groups) {
    doc[g.layout.name] = g.records.map((r) => ({
      ...(r.data as object),
      reviewStatus: r.reviewStatus,
    }));
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Writes the export; returns the paths written. */
export async function exportRegistry(db: Queryable, out: string): Promise<string[]> {
  const format = exportFormatFor(out);
  const tmp = `${out}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  try {
    let written: string[];
    if (format === "json") {
      writeFileSync(tmp, await exportJson(db));
      written = [out];
    } else if (format === "xlsx") {
      const sheets = (await ordered(db)).map((g) => ({
        name: g.layout.name,
        widths: [],
        rows: [
          g.layout.columns,
          ...g.records.flatMap((r) => recordRows(g.layout, r.data, r.reviewStatus)),
        ],
      }));
      const workbook = {
        creator: "Ration Watch",
        title: "Ration Watch restrictions registry",
        created: new Date(Date.UTC(2000, 0, 1)),
        sheets,
      };
      writeFileSync(tmp, await xlsxBytes(workbook));
      written = [out];
    } else {
      mkdirSync(tmp, { recursive: true });
      written = [];
      for (const g of await ordered(db)) {
        const rows = g.records.flatMap((r) => recordRows(g.layout, r.data, r.reviewStatus));
        writeFileSync(join(tmp, `${g.layout.name}.csv`), formatCsv(g.layout.columns, rows));
        written.push(join(out, `${g.layout.name}.csv`));
      }
    }
    rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
    return written;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
