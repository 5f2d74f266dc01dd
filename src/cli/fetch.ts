import { basename, resolve } from "node:path";

import { NetworkError, UsageError } from "../errors.ts";
import {
  fetchRttFiles,
  FIRST_FULL_CSV_MONTH,
  NHS_ENGLAND_ORIGIN,
  type FetchedFile,
  type FetchRttResult,
} from "../fetch/index.ts";
import { financialYear } from "../fetch/site.ts";
import { ingestPaths } from "../ingest/ingest.ts";
import { monthLabel } from "../months.ts";

import { parseCommandArgs, parseMonthFlag } from "./args.ts";
import { withWritableStore, type Command } from "./command.ts";
import { formatIngestSummary } from "./ingest.ts";
import type { CliIo } from "./io.ts";
import { renderTable } from "./output.ts";
import { createProgressBar } from "./progress.ts";

const HELP = `Usage: rationwatch fetch --from YYYY-MM [--to YYYY-MM] [--cache DIR] [--base-url URL]
                         [--ingest [--db PATH]] [--quiet]

Downloads NHS England's monthly RTT "Full CSV data file" zips for a window of months, starting from
${NHS_ENGLAND_ORIGIN}/statistics/statistical-work-areas/rtt-waiting-times/ and reading
only the financial-year pages (April to March) the window needs.

Options:
  --from YYYY-MM    first month of the window
  --to YYYY-MM      last month of the window (default: --from)
  --cache DIR       download cache (default .cache/rationwatch in the working folder)
  --base-url URL    site root (default ${NHS_ENGLAND_ORIGIN}); on a mirror, links to
                    ${NHS_ENGLAND_ORIGIN} are read as links to the mirror
  --ingest          load the window's files into the store afterwards (as 'rationwatch ingest')
  --db PATH         store file for --ingest (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -q, --quiet       no progress bar
  -h, --help        show this help

When a month is listed twice (an original and a revision), the file in the newest upload folder
wins, then the one marked "revised-2", "revised" or "v2". Files are kept in the cache by URL with
their sha256 (manifest.json); a second run downloads nothing that is already there and intact. A
month cached under another URL that NHS England has since replaced is downloaded again and shown
as "revised upstream". Interrupted downloads resume; network errors, 5xx answers and cut-short
bodies are retried three times with backoff; each zip must open, hold a .csv and pass its CRC
checks before it is kept. Months with no Full CSV link are listed as warnings (there is none
before ${monthLabel(FIRST_FULL_CSV_MONTH)}: earlier months were published as Excel files only).
A file that cannot be fetched (not found, corrupt) is reported after the others, with exit code 1.
`;

function parseBaseUrl(value: string | undefined): string {
  if (value === undefined) return NHS_ENGLAND_ORIGIN;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw new UsageError(`--base-url: expected an http(s) URL, got "${value}"`);
  return value;
}

/** `1.2 MB`, `3.4 KB`, `512 B`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const fileName = (url: string) => decodeURIComponent(basename(new URL(url).pathname));

function statusText(file: FetchedFile): string {
  if (file.status === "revised-upstream" && file.replaces === file.url)
    return `revised upstream: the file at the same URL changed (${file.change ?? "content"})`;
  if (file.status === "revised-upstream")
    return `revised upstream (replaces ${file.replaces ? fileName(file.replaces) : "?"})`;
  return file.status;
}

/** The per-month table and count line printed after a fetch. */
export function formatFetchSummary(result: FetchRttResult, cacheDir: string): string {
  const count = (status: string) => result.files.filter((f) => f.status === status).length;
  const lines = [`${result.files.length} Full CSV file(s) in ${cacheDir}:`];
  if (result.files.length > 0)
    lines.push(
      renderTable<FetchedFile>(
        [
          { header: "month", value: (f) => f.month },
          { header: "file", value: (f) => fileName(f.url) },
          { header: "size", value: (f) => formatBytes(f.bytes), align: "right" },
          { header: "status", value: statusText },
        ],
        result.files,
      ).trimEnd(),
    );
  for (const f of result.failed) lines.push(`${f.month}  failed: ${f.reason}`);
  lines.push(
    `downloaded ${count("downloaded")}, cached ${count("cached")}, ` +
      `revised upstream ${count("revised-upstream")}, missing ${result.missing.length}, ` +
      `failed ${result.failed.length}`,
  );
  return `${lines.join("\n")}\n`;
}

/** Warning lines for the months without a file, grouped by why. */
export function missingWarnings(result: FetchRttResult): string[] {
  const early = result.missing.filter((m) => m < FIRST_FULL_CSV_MONTH);
  const unlinked = result.missing.filter(
    (m) => m >= FIRST_FULL_CSV_MONTH && result.unlinkedYears.includes(financialYear(m)),
  );
  const other = result.missing.filter((m) => !early.includes(m) && !unlinked.includes(m));
  const out: string[] = [];
  if (early.length > 0)
    out.push(
      `warning: no Full CSV data file before ${monthLabel(FIRST_FULL_CSV_MONTH)} ` +
        `(published as Excel files only): ${early.join(", ")}`,
    );
  for (const year of result.unlinkedYears) {
    const months = unlinked.filter((m) => financialYear(m) === year);
    if (months.length > 0)
      out.push(
        `warning: the main RTT page links no ${year} year page (not published yet?): ${months.join(", ")}`,
      );
  }
  if (other.length > 0)
    out.push(`warning: no Full CSV data file link found for ${other.join(", ")}`);
  return out;
}

async function ingestFetched(io: CliIo, files: string[], db: string | undefined, quiet: boolean) {
  const bar = createProgressBar(io, quiet, "ingest");
  const summary = await withWritableStore(io, db, async (store) => {
    try {
      return await ingestPaths(store, files, { onProgress: bar.update, now: io.now() });
    } finally {
      bar.stop();
    }
  });
  io.stdout(formatIngestSummary(summary));
}

export const fetchCommand: Command = {
  name: "fetch",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("fetch", argv, {
      from: { type: "string" },
      to: { type: "string" },
      cache: { type: "string" },
      "base-url": { type: "string" },
      ingest: { type: "boolean" },
      db: { type: "string" },
    });
    const from = parseMonthFlag("from", values.from);
    if (from === undefined)
      throw new UsageError("fetch: --from YYYY-MM is required (see 'rationwatch fetch --help')");
    const to = parseMonthFlag("to", values.to) ?? from;
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    const baseUrl = parseBaseUrl(values["base-url"]);
    if (values.db !== undefined && values.ingest !== true)
      throw new UsageError("--db: only used with --ingest");
    const cacheDir = resolve(io.cwd, values.cache ?? ".cache/rationwatch");
    const quiet = values.quiet === true;

    const bar = createProgressBar(io, quiet, "fetch");
    let result: FetchRttResult;
    try {
      result = await fetchRttFiles({
        from,
        to,
        baseUrl,
        cacheDir,
        now: io.now,
        onProgress: bar.update,
      });
    } finally {
      bar.stop();
    }
    io.stdout(formatFetchSummary(result, cacheDir));
    for (const line of missingWarnings(result)) io.stderr(`${line}\n`);
    if (values.ingest === true && result.files.length === 0) io.stdout("nothing to ingest\n");
    if (values.ingest === true && result.files.length > 0)
      await ingestFetched(
        io,
        result.files.map((f) => f.path),
        values.db,
        quiet,
      );
    if (result.failed.length > 0) {
      const first = result.failed[0];
      const more =
        result.failed.length > 1 ? ` (and ${result.failed.length - 1} more, listed above)` : "";
      throw new NetworkError(`${first?.month}: ${first?.reason}${more}`);
    }
  },
};
