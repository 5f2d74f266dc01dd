import { existsSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";

import { DENOMINATORS, type Denominator } from "../analysis/denominators.ts";
import { MEASURE_BASES } from "../analysis/need-adjusted.ts";
import { checkWindow } from "../analysis/options.ts";
import { publicationFigures } from "../analysis/publication.ts";
import type { MeasureBasis } from "../analysis/types.ts";
import { UsageError } from "../errors.ts";
import { loadBoundaries } from "../geo/boundaries.ts";
import { addMonths } from "../months.ts";
import { awaitedLater } from "../promises.ts";
import type { RestrictionsInput } from "../report/restrictions-section.ts";
import { allHeldMonths } from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";

import { parseChoice, parseCommandArgs, parseIntFlag } from "./args.ts";
import { withReadStore, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { createProgressBar } from "./progress.ts";

const HELP = `Usage: rationwatch report [--from YYYY-MM --to YYYY-MM] [--specialty S] [--out DIR]
                         [--title TEXT] [--no-pdf] [--no-png] [--chromium PATH] [--registry PATH]
                         [--db PATH] [--quiet]

Writes the publication report for a window: report.html (self-contained), report.pdf (A4, printed
by Debian's Chromium when it is installed), tables.xlsx, charts/*.svg and *.png (map, ranked dot
chart, funnel plot, regions, within-ICS gaps, SPC trend) and figures.json — the figures behind every
chart and sentence. Nothing is recomputed by the report: it shows the results of 'variation',
'trend' and 'waits'. The files reach the folder only once all are written (a run that fails
leaves it as it was); report files an earlier run left there that this run does not write (a PDF,
PNGs, a chart the window has no data for) are removed, and the command says which.

Options:
  --from YYYY-MM    first month (default: 11 months before --to)
  --to YYYY-MM      last month (default: the latest month in the store)
  --specialty S     all (default) or one treatment function (code or name, see 'variation --help')
  --out DIR         output folder (default out/report)
  --title TEXT      the report's title (default names the measure and period)
  --no-pdf          skip the PDF
  --no-png          skip the charts' PNGs (the slowest files to draw; the SVGs are always written)
  --chromium PATH   the Chromium (or Chrome) executable that prints the PDF (default
                    $RATIONWATCH_CHROMIUM, else /usr/bin/chromium)
  --denominator D   resident (default), registered or need-weighted: the population every rate
                    divides by (docs/methodology.md "Denominators")
  --measure-basis B crude (default) or need-adjusted: which figure orders the league table and
                    leads the headlines and map; the tables always show both side by side
                    (docs/methodology.md "Need-adjusted ratio")
  --seed N          seed of the rank-interval simulation (default 1)
  --registry PATH   add the restrictions registry (PGlite folder; 'database-url' for the
                    DATABASE_URL server): a Restrictions section, headlines and workbook sheets
  --db PATH         store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -q, --quiet       no progress bar
  -h, --help        show this help
`;

/** The options `report` and `release` share: window, specialty, denominator, measure basis, seed, out, title. */
export const PUBLICATION_OPTIONS = {
  from: { type: "string" },
  to: { type: "string" },
  specialty: { type: "string" },
  out: { type: "string" },
  title: { type: "string" },
  seed: { type: "string" },
  denominator: { type: "string" },
  "measure-basis": { type: "string" },
  db: { type: "string" },
} as const;

/** Reads the shared options (parsed by `parseCommandArgs` with PUBLICATION_OPTIONS). */
export function publicationRun(
  values: {
    from?: string;
    to?: string;
    specialty?: string;
    out?: string;
    title?: string;
    seed?: string;
    denominator?: string;
    "measure-basis"?: string;
    quiet?: boolean;
  },
  defaultOut: string,
): PublicationRun {
  if (values.from !== undefined && values.to === undefined) {
    throw new UsageError("--from needs --to (or give neither for the latest 12 months)");
  }
  const run: PublicationRun = {
    from: values.from,
    to: values.to,
    specialty: values.specialty,
    outDir: values.out ?? defaultOut,
    title: values.title,
    pdf: true,
    seed: parseIntFlag("seed", values.seed, 1),
    quiet: Boolean(values.quiet),
    denominator: parseChoice("denominator", values.denominator, DENOMINATORS, "resident"),
    measureBasis: parseChoice("measure-basis", values["measure-basis"], MEASURE_BASES, "crude"),
  };
  if (run.from !== undefined || run.to !== undefined) checkWindow(run.from ?? run.to, run.to);
  return run;
}

/** The run's window: as given, or the latest 12 months the store holds. */
export async function publicationWindow(
  store: Store,
  run: Pick<PublicationRun, "from" | "to">,
): Promise<{ from: string; to: string }> {
  let { from, to } = run;
  if (to === undefined) {
    const held = await allHeldMonths(store);
    to = held[held.length - 1];
    if (to === undefined) throw new UsageError("the store holds no RTT periods: nothing to report");
  }
  from ??= addMonths(to, -11);
  return checkWindow(from, to);
}

export interface PublicationRun {
  from?: string;
  to?: string;
  specialty?: string;
  outDir: string;
  title?: string;
  pdf: boolean;
  /** `report --no-png`: false to skip the charts' PNGs (default true). */
  png?: boolean;
  seed?: number;
  quiet: boolean;
  denominator?: Denominator;
  /** `--measure-basis`: which figure leads (default crude). */
  measureBasis?: MeasureBasis;
  /** `--registry`: add the restrictions section from this registry. */
  registry?: string;
  /** `--chromium` / $RATIONWATCH_CHROMIUM: the browser that prints the PDF (default /usr/bin/chromium). */
  chromium?: string;
}

/**
 * The Chromium executable: `--chromium PATH`, else $RATIONWATCH_CHROMIUM, else undefined (the
 * default, /usr/bin/chromium). A path given that is not a file is a usage error, before any work.
 */
export function resolveChromium(io: CliIo, flag: string | undefined): string | undefined {
  const env = io.env["RATIONWATCH_CHROMIUM"];
  const [given, source] =
    flag !== undefined
      ? [flag, "--chromium"]
      : env !== undefined && env !== ""
        ? [env, "RATIONWATCH_CHROMIUM"]
        : [undefined, ""];
  if (given === undefined) return undefined;
  const path = resolve(io.cwd, given);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageError(
      `${source} ${given}: no such file (give the path of a Chromium executable, e.g. /usr/bin/chromium)`,
    );
  }
  return path;
}

/**
 * Computes the figures and writes the report; returns the report.html path. Used by `report` and by
 * `start` (the quick start ends with the demo report).
 */
export async function writePublication(
  store: Store,
  run: PublicationRun,
  io: CliIo,
): Promise<string> {
  const { from, to } = await publicationWindow(store, run);
  const bar = createProgressBar(io, run.quiet, "report");
  bar.update(0, 7, "analyses");
  // The renderer's modules (Observable Plot, linkedom, d3, resvg: about half a second) load while
  // the analyses wait on DuckDB, rather than before or after them.
  const renderer = awaitedLater(import("../report/index.ts"));
  const figures = await publicationFigures(store, {
    from,
    to,
    specialty: run.specialty,
    seed: run.seed,
    denominator: run.denominator,
    measureBasis: run.measureBasis,
  });
  const boundaries = await loadBoundaries(to);
  let restrictions: RestrictionsInput | undefined;
  if (run.registry !== undefined) {
    // The registry's modules (zod schemas, exceljs, PGlite) load only with --registry.
    const { restrictionsInput } = await import("./report-registry.ts");
    restrictions = await restrictionsInput(io, store, run.registry, { from, to, seed: run.seed });
  }
  const outDir = resolve(io.cwd, run.outDir);
  const { renderReport } = await renderer;
  const result = await renderReport(
    { ...figures, boundaries, restrictions },
    {
      outDir,
      now: io.now(),
      title: run.title,
      pdf: run.pdf,
      png: run.png,
      chromiumPath: run.chromium,
      onProgress: (done, total, label) => bar.update(done + 1, total + 1, label),
    },
  );
  bar.stop();
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  return resolve(outDir, "report.html");
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel === "" || rel.startsWith("..") ? path : rel;
}

export const reportCommand: Command = {
  name: "report",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("report", argv, {
      ...PUBLICATION_OPTIONS,
      "no-pdf": { type: "boolean" },
      "no-png": { type: "boolean" },
      chromium: { type: "string" },
      registry: { type: "string" },
    });
    const run: PublicationRun = {
      ...publicationRun(values, "out/report"),
      pdf: !values["no-pdf"],
      png: !values["no-png"],
      chromium: values["no-pdf"] ? undefined : resolveChromium(io, values.chromium),
      registry: values.registry,
    };
    const out = resolve(io.cwd, run.outDir);
    if (existsSync(out) && !statSync(out).isDirectory())
      throw new UsageError(
        `--out ${run.outDir} is a file, not a folder (give a folder for the report)`,
      );
    const html = await withReadStore(io, values.db, (store) => writePublication(store, run, io));
    io.stdout(`Report written: ${displayPath(io, html)}\n`);
  },
};
