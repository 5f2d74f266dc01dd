import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

import type { OnProgress } from "../cli/progress.ts";
import type { Store } from "../store/db.ts";
import { countRttEntities, readRttWarnings, type RttWarning } from "../store/rtt-queries.ts";

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

/** What an ingest run did. */
export interface IngestSummary {
  /** Periods written, in month order. */
  periods: LoadedPeriod[];
  /** Rows written, and distinct commissioners and providers across them. */
  rows: number;
  commissioners: number;
  providers: number;
  /** Consistency warnings of the loaded periods, in month then file order. */
  warnings: RttWarning[];
  skipped: SkippedFile[];
}

export interface IngestOptions {
  onProgress?: OnProgress;
  /** Recorded as `loaded_at` (inject the clock). */
  now?: Date;
  /** Where zip entries are unpacked (deleted afterwards); default the OS temp folder. */
  tmpDir?: string;
}

/** Bytes read from the start of each file to detect its header and period. */
const HEAD_BYTES = 256 * 1024;

interface Inspected {
  input: InputFile;
  /** Name used in messages about the CSV's content. */
  file: string;
  entryName?: string;
  header: DetectedHeader;
  revised: boolean;
  order: number;
}

async function inspect(input: InputFile, order: number): Promise<Inspected> {
  if (input.kind === "zip") {
    const { entry, head, complete } = await peekZipCsv(input.path, HEAD_BYTES);
    const file = `${input.path}!/${entry.name}`;
    const header = detectHeader(head.toString("utf8"), file, complete);
    const revised = /revised/i.test(basename(input.path)) || /revised/i.test(entry.name);
    return { input, file, entryName: entry.name, header, revised, order };
  }
  const { head, complete } = await readFileHead(input.path, HEAD_BYTES);
  const header = detectHeader(head.toString("utf8"), input.path, complete);
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
 * Ingests RTT Full CSV extracts (`.csv`, `.zip`, or folders of them) into the store. Every file's
 * header and period are checked first; then each period loads in its own transaction, replacing
 * what the store held for that month. Throws an InputFileError (one line naming the file, line and
 * column) at the first bad file; a period that fails leaves the store as it was.
 */
export async function ingestPaths(
  store: Store,
  paths: string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const progress = options.onProgress ?? (() => {});
  const now = options.now ?? new Date(0);
  const inputs = await findInputFiles(paths);
  const steps = { done: 0, total: inputs.length * 2 };
  const inspected: Inspected[] = [];
  for (const [i, input] of inputs.entries()) {
    progress(steps.done, steps.total, basename(input.path));
    inspected.push(await inspect(input, i));
    steps.done++;
  }
  const { winners, skipped } = resolve(inspected);
  steps.total = inputs.length + winners.length;
  const tmp = await mkdtemp(join(options.tmpDir ?? tmpdir(), "rationwatch-ingest-"));
  const periods: LoadedPeriod[] = [];
  try {
    for (const item of winners) {
      progress(steps.done, steps.total, basename(item.input.path));
      const csvPath = item.entryName ? join(tmp, "extract.csv") : item.input.path;
      if (item.entryName) await extractZipEntry(item.input.path, item.entryName, csvPath);
      try {
        const target = {
          file: item.file,
          csvPath,
          header: item.header,
          sourceFile: basename(item.input.path),
          checksum: await sha256File(item.input.path),
          revised: item.revised,
        };
        periods.push({ ...(await loadExtract(store, target, now)), file: item.input.path });
      } finally {
        if (item.entryName) await rm(csvPath, { force: true });
      }
      steps.done++;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  progress(steps.total, steps.total);
  const months = periods.map((p) => p.month);
  const counts = await countRttEntities(store, months);
  return { periods, ...counts, warnings: await readRttWarnings(store, months), skipped };
}
