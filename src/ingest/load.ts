import type { Store } from "../store/db.ts";
import { dropStage, stageRttCsv } from "../store/rtt-load-queries.ts";
import { replaceRttPeriod } from "../store/rtt-replace-queries.ts";

import type { DetectedHeader } from "./header.ts";
import type { Era } from "./layout.ts";
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
  /** sha256 of the file as given (the zip or the CSV). */
  checksum: string;
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
}

/**
 * Loads one extract: DuckDB stages the CSV, the staged rows are checked (a structural problem throws
 * before anything is written), then the period is replaced in one transaction.
 */
export async function loadExtract(store: Store, t: LoadTarget, now: Date): Promise<LoadedPeriod> {
  const { header } = t;
  try {
    const rows = await stageRttCsv(store, {
      csvPath: t.csvPath,
      columns: header.columns,
      map: header.map,
      skip: header.skip,
    });
    await checkStaged(store, { file: t.file, csvPath: t.csvPath, header }, rows);
    const result = await replaceRttPeriod(store, {
      month: header.month,
      periodLabel: header.periodLabel,
      era: header.era,
      bandCount: header.map.bands.length,
      topBandStart: header.topBandStart,
      sourceFile: t.sourceFile,
      checksum: t.checksum,
      revised: t.revised,
      loadedAt: now,
    });
    return {
      month: header.month,
      periodLabel: header.periodLabel,
      era: header.era,
      file: t.file,
      sourceFile: t.sourceFile,
      checksum: t.checksum,
      revised: t.revised,
      ...result,
    };
  } finally {
    await dropStage(store);
  }
}
