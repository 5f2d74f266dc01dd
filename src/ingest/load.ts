import type { Store } from "../store/db.ts";
import { loadRttDirect } from "../store/rtt-direct-load.ts";
import { dropStage, stageRttCsv } from "../store/rtt-load-queries.ts";
import { replaceRttPeriod, type RttPeriodRecord } from "../store/rtt-replace-queries.ts";

import type { DetectedHeader } from "./header.ts";
import { PART_TYPES, type Era } from "./layout.ts";
import { checkStaged } from "./validate.ts";

/** One CSV ready to load, with what `rtt_period` records about its source. */
export interface LoadTarget {
  /** Name used in messages. */
  file: string;
  /** The CSV on disk (a temporary copy for a zip entry). */
  csvPath: string;
  header: DetectedHeader;
  /** File name recorded in the store (the zip's or the CSV's). */
  sourceFile: string;
  /** sha256 of the file as given (the zip or the CSV); awaited only once the rows are in. */
  checksum: string | Promise<string>;
  /** The byte scan's digits check of the count cells (`CountCellScan`), if the caller made one. */
  countCellsOk?: Promise<boolean>;
  revised: boolean;
}

/** A period written to the store. */
export interface LoadedPeriod {
  month: string;
  periodLabel: string;
  era: Era;
  /** The input path it came from. */
  file: string;
  sourceFile: string;
  checksum: string;
  revised: boolean;
  synthetic: boolean;
  rows: number;
  warnings: number;
  /** How the rows went in: `one-pass` (read once into `rtt_row`) or `staged` (the checked copy). */
  path: "one-pass" | "staged";
}

/**
 * Loads one extract, replacing its month in one transaction. First the one-pass load: DuckDB reads
 * the CSV once, straight into `rtt_row`, with cheap typed checks on every row. A file that fails any
 * of them (or that DuckDB cannot read) is rolled back and loaded on the staged path instead: DuckDB
 * stages the CSV, `checkStaged` throws an InputFileError naming the file, line and column of the
 * first structural problem, and only a file that passes is copied in. `beforeFallback` runs between
 * the two (the caller's chance to stop, say on Ctrl-C).
 */
export async function loadExtract(
  store: Store,
  t: LoadTarget,
  now: Date,
  beforeFallback: () => void = () => {},
): Promise<LoadedPeriod> {
  const { header } = t;
  const record = async (): Promise<RttPeriodRecord> => ({
    month: header.month,
    periodLabel: header.periodLabel,
    era: header.era,
    bandCount: header.map.bands.length,
    topBandStart: header.topBandStart,
    sourceFile: t.sourceFile,
    checksum: await t.checksum,
    revised: t.revised,
    loadedAt: now,
  });
  const stage = { csvPath: t.csvPath, columns: header.columns, map: header.map, skip: header.skip };
  const loaded = (p: RttPeriodRecord, path: LoadedPeriod["path"]) => ({
    month: header.month,
    periodLabel: header.periodLabel,
    era: header.era,
    file: t.file,
    sourceFile: t.sourceFile,
    checksum: p.checksum,
    revised: t.revised,
    path,
  });
  const direct = {
    ...stage,
    period: header.periodCells.period,
    ...(header.periodCells.year !== undefined ? { year: header.periodCells.year } : {}),
    partTypes: PART_TYPES,
    ...(t.countCellsOk ? { countCellsOk: t.countCellsOk } : {}),
  };
  let p: RttPeriodRecord | undefined;
  const result = await loadRttDirect(store, { ...direct, month: header.month }, async () => {
    p = await record();
    return p;
  });
  if (result && p) return { ...loaded(p, "one-pass"), ...result };
  beforeFallback();
  p = await record();
  try {
    const rows = await stageRttCsv(store, stage);
    await checkStaged(store, { file: t.file, csvPath: t.csvPath, header }, rows);
    return { ...loaded(p, "staged"), ...(await replaceRttPeriod(store, p)) };
  } finally {
    await dropStage(store);
  }
}
