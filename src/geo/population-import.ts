/**
 * `population import`: ONS mid-year estimates (CSV, or every `Mid-YYYY` sheet of an ONS workbook)
 * and NHS Digital GP registration files → `population`. The file is staged and checked in full
 * first; the rows land in one transaction, replacing earlier figures for the same areas, year and
 * basis. A bad file leaves the store as it was.
 */
import { createHash } from "node:crypto";
import { createReadStream, openSync, readSync, closeSync } from "node:fs";
import { basename } from "node:path";

import { InputFileError, UsageError } from "../errors.ts";
import { MONTH_NAMES } from "../months.ts";
import type { Store } from "../store/db.ts";
import {
  commissionerCodePairs,
  replacePopulations,
  type PopulationRecord,
} from "../store/geo-queries.ts";
import {
  dropStage,
  firstBadCount,
  firstBadGpCount,
  stageCsv,
  stagedExtractDates,
  stagedGpTotals,
  stagedOnsCounts,
  stageRows,
  type StagedCount,
} from "../store/geo-staging.ts";

import { parseCsv } from "./csv.ts";
import {
  detectPopulationLayout,
  mentionedYear,
  parseExtractDate,
  type GpLayout,
  type OnsLayout,
  type PopulationLayout,
} from "./population-layouts.ts";
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
  basis: "resident" | "registered";
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

interface Context {
  store: Store;
  name: string;
  source: string;
  checksum: string;
  toArea: (code: string, name: string | null) => string | undefined;
}

const ONS = /^E38\d{6}$/;

async function codeMapper(store: Store): Promise<Context["toArea"]> {
  const pairs = await commissionerCodePairs(store);
  const byOns = new Map(pairs.filter((p) => p.onsCode).map((p) => [p.onsCode, p.code]));
  const known = new Set(pairs.map((p) => p.code));
  return (code, name) => {
    const c = code.trim().toUpperCase();
    const direct = ONS.test(c) ? byOns.get(c) : known.has(c) ? c : undefined;
    if (direct) return direct;
    // ONS sub-ICB names end in the ODS code ("NHS West Yorkshire ICB - 03R"): a changed ONS code
    // for an unchanged ODS code (the six 2022 boundary changes) is still the same area.
    const suffix = / - ([A-Z0-9]{3,5})\s*$/.exec(name ?? "")?.[1];
    return suffix && known.has(suffix) ? suffix : undefined;
  };
}

function unknownCode(ctx: Context, line: number, column: string, code: string, where = "") {
  return new InputFileError(
    { file: ctx.name, line, column },
    `unknown area code "${code}"${where}: not a CCG (April 2021) or sub-ICB location (July 2022) of the reference geography`,
  );
}

/** ONS rows → population records, one per area and age band. */
function onsRecords(
  ctx: Context,
  layout: OnsLayout,
  counts: StagedCount[],
  year: number,
  where: string,
): PopulationRecord[] {
  const seen = new Map<string, number>();
  const label = `ONS mid-${year} estimates`;
  return counts.map((c) => {
    const area = ctx.toArea(c.code, c.name);
    if (!area) throw unknownCode(ctx, c.line, layout.codeColumn, c.code, where);
    const first = seen.get(`${area}|${c.band}`);
    if (first !== undefined && first !== c.line) {
      throw new InputFileError(
        { file: ctx.name, line: c.line, column: layout.codeColumn },
        `area ${area} appears twice${where} (also line ${first})`,
      );
    }
    seen.set(`${area}|${c.band}`, c.line);
    return {
      areaCode: area,
      year,
      basis: "resident",
      ageBand: c.band,
      count: c.count,
      sourceCode: c.code,
      geography: layout.geography,
      label,
      source: ctx.source,
      checksum: ctx.checksum,
    };
  });
}

async function stagedOns(
  ctx: Context,
  layout: OnsLayout,
  year: number,
  where = "",
): Promise<PopulationRecord[]> {
  const bad = await firstBadCount(ctx.store, {
    keep: { codeColumn: layout.codeColumn, totalColumn: layout.totalColumn },
    columns: [layout.totalColumn, ...layout.bands.map((b) => b.column)],
  });
  if (bad) {
    throw new InputFileError(
      { file: ctx.name, line: bad.line, column: bad.column },
      `expected a whole number of people${where}, got "${bad.value ?? ""}"`,
    );
  }
  return onsRecords(ctx, layout, await stagedOnsCounts(ctx.store, layout), year, where);
}

async function stagedGp(ctx: Context, layout: GpLayout, year?: number) {
  const c = layout.columns;
  const bad = await firstBadGpCount(ctx.store, c);
  if (bad) {
    throw new InputFileError(
      { file: ctx.name, line: bad.line, column: bad.column },
      `expected a whole number of patients, got "${bad.value ?? ""}"`,
    );
  }
  const dates = await stagedExtractDates(ctx.store, c);
  const parsed = dates.map((d) => ({ d, p: parseExtractDate(d) }));
  const unreadable = parsed.find((x) => !x.p);
  if (unreadable || parsed.length !== 1) {
    throw new InputFileError(
      { file: ctx.name, column: c.extractDate },
      parsed.length === 0
        ? "no extract date"
        : unreadable
          ? `unreadable extract date "${unreadable.d}"`
          : `several extract dates (${dates.join(", ")}): import one extract at a time`,
    );
  }
  const when = parsed[0]?.p ?? { year: 0, month: 1 };
  const label = `NHS Digital GP registered patients, ${MONTH_NAMES[when.month - 1]} ${when.year}`;
  return (await stagedGpTotals(ctx.store, c)).map((t): PopulationRecord => {
    const area = ctx.toArea(t.code, null) ?? (t.onsCode ? ctx.toArea(t.onsCode, null) : undefined);
    if (!area) throw unknownCode(ctx, t.line, c.code, t.code);
    return {
      areaCode: area,
      year: year ?? when.year,
      basis: "registered",
      ageBand: "all",
      count: t.count,
      sourceCode: t.code,
      geography: layout.geography,
      label,
      source: ctx.source,
      checksum: ctx.checksum,
    };
  });
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
  const ctx: Context = {
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
  return { file: name, layout: layoutName, imported: summarise(records) };
}

async function importWorkbook(
  ctx: Context,
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
