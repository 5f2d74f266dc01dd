import { resolve } from "node:path";

import { AppError, UsageError } from "../errors.ts";
import { ingestPaths, type IngestSummary } from "../ingest/ingest.ts";
import { MAX_UNPACKED_BYTES } from "../ingest/zip.ts";

import { parseCommandArgs } from "./args.ts";
import { withWritableStore, type Command } from "./command.ts";
import { withInterrupt } from "./interrupt.ts";
import type { CliIo } from "./io.ts";
import { formatNumber } from "./output.ts";
import { createProgressBar } from "./progress.ts";

const HELP = `Usage: rationwatch ingest <file-or-folder>... [--db PATH] [--quiet]

Loads NHS England RTT "Full CSV data file" extracts into the store.

Arguments:
  <file-or-folder>  .csv extracts, .zip files holding one (the entry named *full-extract*, else
                    the largest .csv), or folders searched recursively for both

Options:
  --db PATH         store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -q, --quiet       no progress bar
  -h, --help        show this help

Every header era is read (April 2021 on: 105 week bands; October 2017 – March 2021: 53 bands;
earlier files with their two preamble lines). Each file holds one period; loading a period again
replaces it, and when one run is given an original and a "-revised" file for the same period the
revised one wins whatever the order.

First every file's header and period are checked (a period before October 2015 or after this month
is refused); any problem there stops the run before anything is written. Then each period loads in
one transaction. A file whose rows are bad (a count that is not a whole number ≥ 0, a repeated
row, two periods, no data rows…) is not loaded — the store keeps what it held for that month — and
the others still are: the summary lists what was loaded and what was not, each with one line
naming the file, line and column, and the command exits 1. A store created by a run that loads
nothing is removed. A zip's extract is unpacked to the temporary folder (its CRC-32 checked, at
most ${Math.round(MAX_UNPACKED_BYTES / 1024 ** 3)} GiB) and removed as soon as it is loaded; Ctrl-C rolls back the month in
progress and removes the temporary files. Inconsistent totals (Total vs week bands, C_999 vs
treatment functions) are loaded with warnings, listed below and by 'rationwatch status'.
`;

const MAX_WARNINGS_SHOWN = 20;

/** Some files of the run were not loaded; the message says which (exit 1). */
class InputFileRunError extends AppError {}

/** The summary printed after an ingest run. */
export function formatIngestSummary(s: IngestSummary): string {
  const n = (v: number) => formatNumber(v);
  const plural = (v: number, word: string) => `${n(v)} ${word}${v === 1 ? "" : "s"}`;
  const out = [`Loaded ${plural(s.periods.length, "period")}:`];
  const width = Math.max(...s.periods.map((p) => p.periodLabel.length), 0);
  for (const p of s.periods)
    out.push(
      `  ${p.month}  ${p.periodLabel.padEnd(width)}  ${plural(p.rows, "row").padStart(12)}  ` +
        `${plural(p.warnings, "warning").padStart(12)}  ${p.sourceFile}` +
        `${p.revised ? " (revised)" : ""}${p.synthetic ? " [synthetic demonstration data]" : ""}`,
    );
  out.push(
    `Total: ${plural(s.rows, "row")}, ${plural(s.commissioners, "commissioner")}, ${plural(s.providers, "provider")}`,
  );
  if (s.skipped.length > 0) {
    out.push(`Skipped ${plural(s.skipped.length, "file")}:`);
    for (const k of s.skipped)
      out.push(
        `  ${k.file} (${k.month}): superseded by ${k.reason === "revised" ? "the revised " : ""}${k.supersededBy}`,
      );
  }
  if (s.failed.length > 0) {
    out.push(
      `Not loaded (${plural(s.failed.length, "file")}; the store keeps what it held for these months):`,
    );
    for (const f of s.failed) out.push(`  ${f.month}  ${f.message}`);
  }
  if (s.warnings.length > 0) {
    out.push(`Warnings (${n(s.warnings.length)}):`);
    for (const w of s.warnings.slice(0, MAX_WARNINGS_SHOWN))
      out.push(`  ${w.month} ${w.kind}: ${w.detail}`);
    const rest = s.warnings.length - MAX_WARNINGS_SHOWN;
    if (rest > 0) out.push(`  … and ${n(rest)} more (see 'rationwatch status')`);
  }
  return `${out.join("\n")}\n`;
}

export const ingestCommand: Command = {
  name: "ingest",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs(
      "ingest",
      argv,
      { db: { type: "string" } },
      true,
    );
    if (positionals.length === 0)
      throw new UsageError("give at least one file or folder (see 'rationwatch ingest --help')");
    if (positionals.some((p) => p.trim() === ""))
      throw new UsageError("an empty path was given (give a file or folder)");
    const paths = positionals.map((p) => resolve(io.cwd, p));
    const bar = createProgressBar(io, values.quiet === true, "ingest");
    const summary = await withWritableStore(io, values.db, async (store) => {
      try {
        const s = await withInterrupt("the month in progress was rolled back", (signal) =>
          ingestPaths(store, paths, {
            onProgress: bar.update,
            now: io.now(),
            signal,
            onBadFile: "continue",
          }),
        );
        // Nothing loaded: fail inside, so a store this run created is removed.
        const [first, ...rest] = s.failed;
        if (first && s.periods.length === 0)
          throw new InputFileRunError(
            rest.length === 0
              ? first.message
              : `${first.message} (and ${rest.length} more file${rest.length === 1 ? "" : "s"} not loaded)`,
          );
        return s;
      } finally {
        bar.stop();
      }
    });
    io.stdout(formatIngestSummary(summary));
    const n = summary.failed.length;
    if (n > 0)
      throw new InputFileRunError(
        `${n} of ${n + summary.periods.length} periods not loaded (listed above); first: ${summary.failed[0]?.message ?? ""}`,
      );
  },
};
