/**
 * `population import`: ONS mid-year estimates (CSV, or every `Mid-YYYY` sheet of an ONS workbook)
 * and NHS Digital GP registration files → `population`. The file is staged and checked in full
 * first; the rows land in one transaction, replacing earlier figures for the same areas, year and
 * basis. A bad file leaves the store as it was.
 */
import { createHash } from "node:crypto";
import { createReadStream, openSync, readSync, closeSync } from "node:fs";
import { basename } from "node:path";

import { parseCsv } from "../csv.ts";
import { InputFileError, UsageError } from "../errors.ts";
import type { Store } from "../store/db.ts";
import {
  replacePopulations,
  type PopulationBasis,
  type PopulationRecord,
} from "../store/geo-queries.ts";
import { dropStage, stageCsv, stageRows } from "../store/geo-staging.ts";

import { forgetAreas } from "./areas.ts";
import {
  detectPopulationLayout,
  mentionedYear,
  type OnsLayout,
  type PopulationLayout,
} from "./population-layouts.ts";
import { codeMapper, stagedGp, stagedOns, type ImportContext } from "./population-records.ts";
import { looksLikeWorkbook, readWorkbookSheets } from "./population-xlsx.ts";
import { ensureReferenceLoaded, type ReferenceOptions } from "./reference.ts";

export interface PopulationImportOptions extends ReferenceOptions {
  file: string;
  /** How the file is named in messages (defaults to `file`). */
  displayName?: string;
  /** The mid-year (ONS) or extract year (GP) to record; for a workbook, the one sheet to import. */
  year?: number;
  onProgress?: (done: number, total: number, label?: string) => void;
}

export interface PopulationImported {
  year: number;
  basis: PopulationBasis;
  label: string;
  geography: string;
  areas: number;
  total: number;
  source: string;
}

export interface PopulationImportResult {
  file: string;
  layout: string;
  imported: PopulationImported[];
}

function readHead(file: string, bytes = 262_144): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

async function fileChecksum(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function unknownLayout(name: string, header: string[] | undefined): InputFileError {
  const shown = (header ?? []).slice(0, 6).join(",");
  return new InputFileError(
    { file: name },
    `unknown population file layout (header starts "${shown}"): expected ONS estimates with a CCG or SICBL code column and "All Ages"/"Total", or an NHS Digital GP registration file with NUMBER_OF_PATIENTS`,
  );
}

/** Points the layout at DuckDB's column names (it may trim or de-duplicate header cells). */
function matchStagedColumns(name: string, layout: PopulationLayout, staged: string[]): void {
  const find = (column: string) => {
    const hit = staged.find((s) => s === column) ?? staged.find((s) => s.trim() === column.trim());
    if (hit === undefined) {
      throw new InputFileError({ file: name, column }, "column not found when reading the file");
    }
    return hit;
  };
  if (layout.kind === "gp") {
    const c = layout.columns;
    for (const key of Object.keys(c) as Array<keyof typeof c>) c[key] = find(c[key]);
    return;
  }
  layout.codeColumn = find(layout.codeColumn);
  layout.totalColumn = find(layout.totalColumn);
  if (layout.nameColumn !== null) layout.nameColumn = find(layout.nameColumn);
  for (const b of layout.bands) b.column = find(b.column);
}

function needYear(name: string): UsageError {
  return new UsageError(`${name} does not say which mid-year it estimates: pass --year YYYY`);
}

/**
 * Imports one population file (layout detected from its header) and returns what was stored.
 * @example await importPopulationFile(store, { file: "sapeicb202320112022.xlsx" }) // 12 years × 106 areas
 */
export async function importPopulationFile(
  store: Store,
  options: PopulationImportOptions,
): Promise<PopulationImportResult> {
  await ensureReferenceLoaded(store, options);
  const name = options.displayName ?? options.file;
  const ctx: ImportContext = {
    store,
    name,
    source: basename(options.file),
    checksum: await fileChecksum(options.file),
    toArea: await codeMapper(store),
  };
  const head = readHead(options.file);
  let records: PopulationRecord[] = [];
  let layoutName: string;
  try {
    if (looksLikeWorkbook(head)) {
      layoutName = "ONS estimates workbook";
      records = await importWorkbook(ctx, options);
    } else {
      const rows = parseCsv(head.toString("utf8"));
      const layout = detectPopulationLayout(rows);
      if (!layout)
        throw unknownLayout(
          name,
          rows.find((r) => r.some((f) => f.trim() !== "")),
        );
      const staged = await stageCsv(store, options.file, layout.headerIndex);
      matchStagedColumns(name, layout, staged);
      if (layout.kind === "gp") {
        layoutName = `NHS Digital GP registration (${layout.geography})`;
        records = await stagedGp(ctx, layout, options.year);
      } else {
        layoutName = `ONS estimates (${layout.geography})`;
        const texts = [...rows.slice(0, layout.headerIndex).flat(), basename(options.file)];
        const year = options.year ?? mentionedYear(texts);
        if (year === undefined) throw needYear(name);
        records = await stagedOns(ctx, layout, year);
      }
    }
  } finally {
    await dropStage(store);
  }
  if (records.length === 0) throw new InputFileError({ file: name }, "no population rows");
  await store.transaction(() => replacePopulations(store, records));
  forgetAreas(store);
  return { file: name, layout: layoutName, imported: summarise(records) };
}

async function importWorkbook(
  ctx: ImportContext,
  options: PopulationImportOptions,
): Promise<PopulationRecord[]> {
  const sheets = await readWorkbookSheets(options.file);
  const usable = sheets
    .map((s) => ({ s, layout: detectPopulationLayout(s.rows) }))
    .filter((x): x is { s: (typeof sheets)[number]; layout: OnsLayout } => x.layout?.kind === "ons")
    .map((x) => ({ ...x, year: mentionedYear([x.s.name]) }));
  if (usable.length === 0) {
    throw unknownLayout(
      ctx.name,
      sheets[0]?.rows.find((r) => r.some((f) => f.trim() !== "")),
    );
  }
  const chosen =
    options.year === undefined ? usable : usable.filter((u) => u.year === options.year);
  if (chosen.length === 0) {
    const years = usable.map((u) => u.year ?? "?").join(", ");
    throw new UsageError(`--year ${options.year}: ${ctx.name} has sheets for ${years}`);
  }
  const records: PopulationRecord[] = [];
  for (const [i, { s, layout, year }] of chosen.entries()) {
    options.onProgress?.(i, chosen.length, s.name);
    const y = year ?? options.year ?? mentionedYear(s.rows.slice(0, layout.headerIndex).flat());
    if (y === undefined) throw needYear(`${ctx.name} sheet "${s.name}"`);
    const header = s.rows[layout.headerIndex] ?? [];
    const data = s.rows
      .slice(layout.headerIndex + 1)
      .map((values, j) => ({ line: layout.headerIndex + 2 + j, values }));
    await stageRows(ctx.store, header, data);
    records.push(...(await stagedOns(ctx, layout, y, ` on sheet "${s.name}"`)));
  }
  options.onProgress?.(chosen.length, chosen.length);
  return records;
}

function summarise(records: PopulationRecord[]): PopulationImported[] {
  const groups = new Map<string, PopulationImported>();
  for (const r of records) {
    if (r.ageBand !== "all") continue;
    const key = `${r.year}|${r.basis}|${r.label}`;
    const g = groups.get(key) ?? {
      year: r.year,
      basis: r.basis,
      label: r.label,
      geography: r.geography,
      areas: 0,
      total: 0,
      source: r.source,
    };
    g.areas++;
    g.total += r.count;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.year - b.year);
}
