import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

import type { OnProgress } from "../cli/progress.ts";
import { InputFileError, isInputFileError } from "../errors.ts";
import { FIRST_FULL_CSV_MONTH, makeMonth } from "../months.ts";
import { awaitedLater } from "../promises.ts";
import type { Store } from "../store/db.ts";
import { countColumnsOf } from "../store/rtt-load-queries.ts";
import { countRttEntities, readRttWarnings, type RttWarning } from "../store/rtt-queries.ts";

import { CountCellScan } from "./count-cells.ts";
import { findInputFiles, type InputFile } from "./find-files.ts";
import { detectHeader, type DetectedHeader } from "./header.ts";
import { loadExtract, type LoadedPeriod } from "./load.ts";
import { readFileHead, sha256File } from "./source-file.ts";
import { extractZipEntry, peekZipCsv } from "./zip.ts";

export type { LoadedPeriod } from "./load.ts";

/** An input left out because another file of the same run holds the same period and wins. */
export interface SkippedFile {
  file: string;
  month: string;
  supersededBy: string;
  reason: "revised" | "later";
}

/** An input whose rows were refused: its period was not loaded (the store keeps what it held). */
export interface FailedFile {
  file: string;
  month: string;
  /** The one-line message (file, line, column and problem). */
  message: string;
}

/** What an ingest run did. */
export interface IngestSummary {
  /** Periods written, in month order. */
  periods: LoadedPeriod[];
  /** Rows written, and distinct commissioners and providers across them. */
  rows: number;
  commissioners: number;
  providers: number;
  /** Consistency warnings of the loaded periods, by month, provider, commissioner, part, treatment function. */
  warnings: RttWarning[];
  skipped: SkippedFile[];
  /** Files whose period was not loaded because their rows were bad, in month order. */
  failed: FailedFile[];
}

export interface IngestOptions {
  onProgress?: OnProgress;
  /**
   * The clock: recorded as `loaded_at`, and a file whose period is after this month is refused.
   * Without it nothing bounds periods from above and `loaded_at` is the epoch.
   */
  now?: Date;
  /** Where zip entries are unpacked (deleted afterwards); default the OS temp folder. */
  tmpDir?: string;
  /** Aborting stops the run: the month being loaded rolls back and temporary files are removed. */
  signal?: AbortSignal;
  /**
   * What a file with bad rows does to the run: `stop` (the default) throws its InputFileError, the
   * periods loaded before it staying loaded; `continue` leaves its period out, loads the rest and
   * lists it in `failed`.
   */
  onBadFile?: "stop" | "continue";
}

/** Bytes read from the start of each file to detect its header and period. */
const HEAD_BYTES = 256 * 1024;

/**
 * DuckDB's auto-checkpoint size while a run loads its months (`Store.withCheckpointThreshold`). A
 * demo month (35,000 rows, fewer than a row group) goes through the write-ahead log, and at the
 * default 16 MiB every other month's COMMIT checkpointed (up to 2.8 s by the 60th month). The 60 demo
 * months loaded in 70 s at 16 MiB, 59 s at 64, 55 s at 128 and 51 s at 256, with peak memory 784,
 * 762, 707 and 981 MB: 128 MiB is the largest that costs no memory.
 */
const CHECKPOINT_THRESHOLD = "128MiB";

interface Inspected {
  input: InputFile;
  /** Name used in messages about the CSV's content. */
  file: string;
  entryName?: string;
  header: DetectedHeader;
  revised: boolean;
  order: number;
}

/** Refuses a period before the Full CSV era or after the current month (`RTT-June-2099`). */
function checkPlausible(file: string, header: DetectedHeader, now: Date | undefined): void {
  const latest = now && makeMonth(now.getUTCFullYear(), now.getUTCMonth() + 1);
  const where = `period "${header.periodLabel}" (${header.month})`;
  if (header.month < FIRST_FULL_CSV_MONTH)
    throw new InputFileError(
      { file },
      `${where} is before ${FIRST_FULL_CSV_MONTH}, the first month with a Full CSV data file`,
    );
  if (latest !== undefined && header.month > latest)
    throw new InputFileError({ file }, `${where} is after the current month (${latest})`);
}

async function inspect(input: InputFile, order: number, now?: Date): Promise<Inspected> {
  if (input.kind === "zip") {
    const { entry, head, complete } = await peekZipCsv(input.path, HEAD_BYTES);
    const file = `${input.path}!/${entry.name}`;
    const header = detectHeader(head.toString("utf8"), file, complete);
    checkPlausible(file, header, now);
    const revised = /revised/i.test(basename(input.path)) || /revised/i.test(entry.name);
    return { input, file, entryName: entry.name, header, revised, order };
  }
  const { head, complete } = await readFileHead(input.path, HEAD_BYTES);
  const header = detectHeader(head.toString("utf8"), input.path, complete);
  checkPlausible(input.path, header, now);
  return { input, file: input.path, header, revised: /revised/i.test(basename(input.path)), order };
}

/** Per month, a revised file beats an original whatever the order; otherwise the later one wins. */
function resolve(all: Inspected[]): { winners: Inspected[]; skipped: SkippedFile[] } {
  const byMonth = new Map<string, Inspected[]>();
  for (const item of all)
    byMonth.set(item.header.month, [...(byMonth.get(item.header.month) ?? []), item]);
  const winners: Inspected[] = [];
  const skipped: SkippedFile[] = [];
  for (const [month, items] of [...byMonth].sort(([a], [b]) => a.localeCompare(b))) {
    const ranked = [...items].sort(
      (a, b) => Number(b.revised) - Number(a.revised) || b.order - a.order,
    );
    const [winner, ...losers] = ranked;
    if (!winner) continue;
    winners.push(winner);
    for (const l of losers)
      skipped.push({
        file: l.input.path,
        month,
        supersededBy: winner.input.path,
        reason: winner.revised && !l.revised ? "revised" : "later",
      });
  }
  return { winners, skipped };
}

/**
 * The byte scan of a file's count cells, or undefined for a file whose count columns are not its last
 * ones (no published layout; the one-pass load then checks the cells in SQL).
 */
function countCellScan(header: DetectedHeader): CountCellScan | undefined {
  const counts = new Set(countColumnsOf(header.map));
  const trailing = header.columns.slice(header.columns.length - counts.size);
  if (!trailing.every((c) => counts.has(c))) return undefined;
  return new CountCellScan(counts.size, header.skip);
}

/**
 * Ingests RTT Full CSV extracts (`.csv`, `.zip`, or folders of them) into the store.
 *
 * First every path is expanded and every file's header and period are checked: any problem there
 * (a missing or non-regular file, not an extract, a wrong header, a corrupt zip, an implausible
 * period) throws an InputFileError before anything is written. Then each period loads in its own
 * transaction, replacing what the store held for that month. A file whose rows are bad is not
 * loaded — the store keeps what it held for its month — and, with `onBadFile: "continue"`, the run
 * goes on with the other periods, listing such files in `failed` with their one-line message. Errors that are not about a file
 * (the disk, an interrupt) stop the run at once, the month in progress rolled back.
 *
 * A zip's extract is unpacked to a temporary folder (CRC-32 and size checked; the next month's is
 * unpacked while the current one loads) and removed as soon as its month is loaded; each file's
 * checksum is computed while DuckDB reads it. DuckDB checkpoints less often during the run
 * (`CHECKPOINT_THRESHOLD`); the setting is restored when it ends.
 */
export async function ingestPaths(
  store: Store,
  paths: string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const progress = options.onProgress ?? (() => {});
  const now = options.now ?? new Date(0);
  const { signal } = options;
  const stop = () => signal?.throwIfAborted();
  const interrupt = () => store.interrupt();
  signal?.addEventListener("abort", interrupt, { once: true });
  try {
    const inputs = await findInputFiles(paths);
    const steps = { done: 0, total: inputs.length * 2 };
    const inspected: Inspected[] = [];
    for (const [i, input] of inputs.entries()) {
      stop();
      progress(steps.done, steps.total, basename(input.path));
      inspected.push(await inspect(input, i, options.now));
      steps.done++;
    }
    const { winners, skipped } = resolve(inspected);
    return await store.withCheckpointThreshold(CHECKPOINT_THRESHOLD, () =>
      loadWinners(store, { inputs, winners, skipped, steps, now, stop, progress, options }),
    );
  } finally {
    signal?.removeEventListener("abort", interrupt);
  }
}

interface LoadRun {
  inputs: InputFile[];
  winners: Inspected[];
  skipped: SkippedFile[];
  steps: { done: number; total: number };
  now: Date;
  stop: () => void;
  progress: OnProgress;
  options: IngestOptions;
}

/** Loads each month's chosen file in turn, each in its own transaction: `ingestPaths`' second half. */
async function loadWinners(store: Store, run: LoadRun): Promise<IngestSummary> {
  const { inputs, winners, skipped, steps, now, stop, progress, options } = run;

  steps.total = inputs.length + winners.length;
  const tmp = await mkdtemp(join(options.tmpDir ?? tmpdir(), "rationwatch-ingest-"));
  const periods: LoadedPeriod[] = [];
  const failed: FailedFile[] = [];
  let next: Promise<string> | undefined;
  /** The digits check of each winner's count cells, made on its bytes as they are read. */
  const scans = winners.map((w) => countCellScan(w.header));
  try {
    /** The CSV DuckDB reads for a winner: the file itself, or its zip entry unpacked. */
    const prepare = (i: number): Promise<string> | undefined => {
      const item = winners[i];
      if (!item) return undefined;
      if (!item.entryName) return Promise.resolve(item.input.path);
      const dest = join(tmp, `${i}.csv`);
      const scan = scans[i];
      const onChunk = scan && ((c: Uint8Array) => scan.update(c));
      return awaitedLater(
        extractZipEntry(item.input.path, item.entryName, dest, undefined, onChunk).then(() => dest),
      );
    };
    next = prepare(0);
    for (const [i, item] of winners.entries()) {
      stop();
      progress(steps.done, steps.total, basename(item.input.path));
      const ready = next;
      next = undefined;
      try {
        const csvPath = (await ready) ?? item.input.path;
        next = prepare(i + 1);
        const scan = scans[i];
        // A CSV is scanned as it is hashed; a zip's entry was scanned as it was unpacked.
        const checksum = awaitedLater(
          sha256File(item.input.path, scan && !item.entryName ? (c) => scan.update(c) : undefined),
        );
        const target = {
          file: item.file,
          csvPath,
          header: item.header,
          sourceFile: basename(item.input.path),
          checksum,
          ...(scan ? { countCellsOk: awaitedLater(checksum.then(() => scan.ok())) } : {}),
          revised: item.revised,
        };
        periods.push({ ...(await loadExtract(store, target, now, stop)), file: item.input.path });
      } catch (e) {
        stop();
        if (!isInputFileError(e) || options.onBadFile !== "continue") throw e;
        failed.push({ file: item.input.path, month: item.header.month, message: e.message });
        next ??= prepare(i + 1);
      } finally {
        if (item.entryName) await rm(join(tmp, `${i}.csv`), { force: true });
      }
      steps.done++;
    }
  } finally {
    await next?.catch(() => {}); // an unpacking still running when the run stopped
    await rm(tmp, { recursive: true, force: true });
  }
  progress(steps.total, steps.total);
  const months = periods.map((p) => p.month);
  const counts = await countRttEntities(store, months);
  return {
    periods,
    ...counts,
    warnings: await readRttWarnings(store, months),
    skipped,
    failed,
  };
}
