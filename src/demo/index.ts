/**
 * The synthetic demonstration dataset: monthly RTT Full CSV zips in the real layouts, generated
 * deterministically from the real April-2021 CCG list and populations and calibrated to England's
 * published magnitudes (calibration.ts). Every file and provider name says SYNTHETIC.
 */
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

import type { OnProgress } from "../cli/progress.ts";
import { UsageError } from "../errors.ts";
import { FIRST_FULL_CSV_MONTH, isMonth, monthRange } from "../months.ts";

import { DEMO_FIRST_MONTH, DEMO_LAST_MONTH } from "./calibration.ts";
import { DEMO_FILE_PATTERN, demoZipName } from "./names.ts";
import { writeMonthZip } from "./zip.ts";

export { demoEntryName, demoZipName } from "./names.ts";
export { DEMO_FIRST_MONTH, DEMO_LAST_MONTH } from "./calibration.ts";

/** Defaults of `rationwatch demo-data` and `rationwatch start`: five years from April 2019. */
export const DEMO_DEFAULTS = { from: "2019-04", to: "2024-03", seed: 1 } as const;

export interface WriteDemoDataOptions {
  outDir: string;
  from?: string;
  to?: string;
  seed?: number;
  /** Real file size (~180,000 rows a month) instead of the quick default (~40,000). */
  fullSize?: boolean;
  /** Keep months whose zip is already there (zips are only ever renamed into place complete). */
  skipExisting?: boolean;
  onProgress?: OnProgress;
}

export interface DemoDataResult {
  /** Every month's zip in the range, in month order. */
  files: string[];
  /** The zips written by this call. */
  written: string[];
  /** Data rows written by this call. */
  rows: number;
}

/** Checks a demo month range; throws a UsageError naming the flag otherwise. */
export function checkDemoRange(from: string, to: string): void {
  for (const [flag, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (!isMonth(value))
      throw new UsageError(`--${flag}: expected a month as YYYY-MM, got "${value}"`);
    if (value < DEMO_FIRST_MONTH || value > DEMO_LAST_MONTH)
      throw new UsageError(
        `--${flag}: the demo data covers ${DEMO_FIRST_MONTH} to ${DEMO_LAST_MONTH}, got ${value}`,
      );
    // Ingest refuses these months: say so here, in ingest's words, rather than write them.
    if (value < FIRST_FULL_CSV_MONTH)
      throw new UsageError(
        `--${flag}: ${value} is before ${FIRST_FULL_CSV_MONTH}, the first month with a Full CSV data file`,
      );
  }
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
}

/**
 * Refuses an output directory that holds anything but demo zips (so a real download or other work
 * is never overwritten); a missing or empty directory is fine.
 */
export async function checkDemoDir(dir: string, flag = "out"): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new UsageError(`--${flag}: ${dir} exists and is not a directory`);
  const foreign = (await readdir(dir)).filter((name) => !DEMO_FILE_PATTERN.test(name)).sort();
  if (foreign.length > 0) {
    const shown = foreign
      .slice(0, 3)
      .map((n) => `"${n}"`)
      .join(", ");
    const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : "";
    throw new UsageError(
      `--${flag}: ${dir} holds files that are not demo data (${shown}${more}); choose an empty or new directory`,
    );
  }
}

/** The months of a range whose demo zip is not in `dir`. */
export async function missingDemoMonths(dir: string, from: string, to: string): Promise<string[]> {
  const present = new Set(await readdir(dir).catch(() => [] as string[]));
  return monthRange(from, to).filter((m) => !present.has(demoZipName(m)));
}

/**
 * Writes one synthetic Full CSV zip per month from `from` to `to` into `outDir` (created if needed).
 * Same seed and size, same bytes.
 * @example await writeDemoData({ outDir: "demo-data", from: "2021-04", to: "2021-06", seed: 1 })
 */
export async function writeDemoData(options: WriteDemoDataOptions): Promise<DemoDataResult> {
  const { outDir, fullSize = false, skipExisting = false, onProgress } = options;
  const from = options.from ?? DEMO_DEFAULTS.from;
  const to = options.to ?? DEMO_DEFAULTS.to;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  checkDemoRange(from, to);
  await checkDemoDir(outDir);
  await mkdir(outDir, { recursive: true });
  for (const name of await readdir(outDir))
    if (name.endsWith(".tmp")) await rm(join(outDir, name), { force: true });

  const months = monthRange(from, to);
  const todo = new Set(skipExisting ? await missingDemoMonths(outDir, from, to) : months);
  const files = months.map((m) => join(outDir, demoZipName(m)));
  const written: string[] = [];
  let rows = 0;
  let done = 0;
  onProgress?.(0, todo.size);
  for (const month of months) {
    if (!todo.has(month)) continue;
    const file = join(outDir, demoZipName(month));
    rows += await writeMonthZip(file, { month, seed, fullSize });
    written.push(file);
    onProgress?.(++done, todo.size, month);
  }
  return { files, written, rows };
}
