/**
 * Turns a staged population file into population records: checks its counts, maps its codes
 * (ONS E38 or ODS) to the reference areas, and names the file, line and column of any problem.
 */
import { InputFileError } from "../errors.ts";
import { MONTH_NAMES } from "../months.ts";
import type { Store } from "../store/db.ts";
import { commissionerCodePairs, type PopulationRecord } from "../store/geo-queries.ts";
import {
  firstBadCount,
  firstBadGpCount,
  stagedExtractDates,
  stagedGpTotals,
  stagedOnsCounts,
  type StagedCount,
} from "../store/geo-staging.ts";

import { parseExtractDate, type GpLayout, type OnsLayout } from "./population-layouts.ts";

/** What the record builders need to know about the file being imported. */
export interface ImportContext {
  store: Store;
  name: string;
  source: string;
  checksum: string;
  toArea: (code: string, name: string | null) => string | undefined;
}

const ONS = /^E38\d{6}$/;

/** Maps a file's area code (and name) to an ODS area code of the reference; undefined if unknown. */
export async function codeMapper(store: Store): Promise<ImportContext["toArea"]> {
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

function unknownCode(ctx: ImportContext, line: number, column: string, code: string, where = "") {
  return new InputFileError(
    { file: ctx.name, line, column },
    `unknown area code "${code}"${where}: not a CCG (April 2021) or sub-ICB location (July 2022) of the reference geography`,
  );
}

/** ONS rows → population records, one per area and age band. */
function onsRecords(
  ctx: ImportContext,
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

/** Population records of a staged ONS table (`where` names the sheet of a workbook). */
export async function stagedOns(
  ctx: ImportContext,
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

/** Registered-patient records of a staged GP file, one per commissioner. */
export async function stagedGp(ctx: ImportContext, layout: GpLayout, year?: number) {
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
