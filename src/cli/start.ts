import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";

import {
  checkDemoDir,
  checkDemoRange,
  DEMO_DEFAULTS,
  demoZipName,
  missingDemoMonths,
  writeDemoData,
} from "../demo/index.ts";
import { ingestPaths } from "../ingest/ingest.ts";
import { sha256File } from "../ingest/source-file.ts";
import { addMonths, monthRange } from "../months.ts";
import type { Store } from "../store/db.ts";
import { readStatus } from "../store/rtt-queries.ts";

import { parseCommandArgs, parseMonthFlag } from "./args.ts";
import { resolveDbPath, withWritableStore, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { outputWidth } from "./output.ts";
import { createProgressBar } from "./progress.ts";
import { addDemoRecords } from "./registry-analysis.ts";
import { registryLocation, withWritableRegistry } from "./registry-open.ts";
import { displayPath, resolveChromium, writePublication } from "./report.ts";
import { formatStatusTable } from "./status.ts";

const HELP = `Usage: rationwatch start [--db PATH] [--demo-dir DIR] [--from YYYY-MM] [--to YYYY-MM]
                        [--report-dir DIR] [--no-report] [--no-registry] [--quiet]

The quick start (what 'npm start' runs): writes the SYNTHETIC demonstration data (see
'rationwatch demo-data --help') into DIR for the months not already there, loads it into the store
shows the store's status, creates the SYNTHETIC demonstration restrictions registry (see
'rationwatch registry demo') in ./rationwatch-registry when there is none, and ends by writing
the publication report of the last 12 months (see 'rationwatch report --help') and printing its
path. A second run only loads months whose zip
changed. Months the store holds from real (non-synthetic) files are kept, never replaced.

Options:
  --db PATH       store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  --demo-dir DIR  where the demo zips live (default ./demo-data)
  --from YYYY-MM  first demo month (default ${DEMO_DEFAULTS.from})
  --to YYYY-MM    last demo month (default ${DEMO_DEFAULTS.to})
  --report-dir D  where the report is written (default out/report)
  --no-report     stop after loading: no report
  --no-registry   do not create the demonstration registry
  --chromium PATH the Chromium executable that prints the report's PDF (default
                  $RATIONWATCH_CHROMIUM, else /usr/bin/chromium)
  -q, --quiet     no progress bars or notes
  -h, --help      show this help
`;

const months = (n: number) => `${n} month${n === 1 ? "" : "s"}`;

/** Which demo zips need loading: not in the store with the same checksum, and not a real period. */
async function filesToLoad(
  store: Store,
  demoDir: string,
  months: string[],
): Promise<{ load: string[]; current: number; real: string[] }> {
  const held = new Map((await readStatus(store)).periods.map((p) => [p.month, p]));
  const load: string[] = [];
  const real: string[] = [];
  let current = 0;
  for (const month of months) {
    const file = resolve(demoDir, demoZipName(month));
    const period = held.get(month);
    if (period && !period.synthetic) real.push(month);
    else if (period && period.checksum === (await sha256File(file))) current++;
    else load.push(file);
  }
  return { load, current, real };
}

export const startCommand: Command = {
  name: "start",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("start", argv, {
      db: { type: "string" },
      "demo-dir": { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      "report-dir": { type: "string" },
      "no-report": { type: "boolean" },
      "no-registry": { type: "boolean" },
      chromium: { type: "string" },
    });
    const from = parseMonthFlag("from", values.from) ?? DEMO_DEFAULTS.from;
    const to = parseMonthFlag("to", values.to) ?? DEMO_DEFAULTS.to;
    checkDemoRange(from, to);
    const chromium = values["no-report"] ? undefined : resolveChromium(io, values.chromium);
    const quiet = values.quiet === true;
    const given = resolveDbPath(io, values.db);
    const demoDir = resolve(io.cwd, values["demo-dir"] ?? "demo-data");

    const note = (text: string) => {
      if (!quiet) io.stderr(`${text}\n`);
    };
    const missing = await missingDemoMonths(demoDir, from, to);
    if (missing.length > 0) {
      await checkDemoDir(demoDir, "demo-dir");
      note(`Writing ${months(missing.length)} of synthetic demo data to ${demoDir}`);
      const bar = createProgressBar(io, quiet, "demo-data");
      try {
        await writeDemoData({
          outDir: demoDir,
          from,
          to,
          skipExisting: true,
          onProgress: bar.update,
        });
      } finally {
        bar.stop();
      }
    }

    await withWritableStore(io, values.db, async (store) => {
      const { load, current, real } = await filesToLoad(store, demoDir, monthRange(from, to));
      if (real.length > 0)
        note(`Kept ${months(real.length)} the store holds from real files (${real.join(", ")})`);
      if (load.length > 0) {
        note(`Loading ${months(load.length)} into ${given} (${months(current)} already loaded)`);
        const bar = createProgressBar(io, quiet, "ingest");
        try {
          await ingestPaths(store, load, { onProgress: bar.update, now: io.now() });
        } finally {
          bar.stop();
        }
      } else note(`All ${months(current)} of demo data are already loaded in ${given}`);
      const status = await readStatus(store);
      // The status table carries the one synthetic-data note; --quiet gives one line instead.
      io.stdout(
        quiet
          ? `${given}: ${months(status.periods.length)} of RTT data, ${status.periods.every((p) => p.synthetic) ? "all" : "partly"} synthetic demonstration data from ${basename(demoDir)}/ (not NHS England figures)\n`
          : formatStatusTable(status, given, outputWidth(io)),
      );
      // The demo registry, so the quick start's site shows the restrictions pages. Only a PGlite
      // folder that does not exist yet: never into a PostgreSQL server or an existing registry.
      const where = registryLocation(io, undefined);
      if (!values["no-registry"] && where.path !== undefined && !existsSync(where.path)) {
        note(`Writing the synthetic demonstration registry to ${where.shown}`);
        await withWritableRegistry(io, where.path, (db) =>
          addDemoRecords(db, io, "rationwatch start (synthetic demonstration records)"),
        );
        io.stdout(`Registry: ${where.shown} (synthetic demonstration policies and scorecards)\n`);
      }
      if (!values["no-report"]) {
        const reportFrom = addMonths(to, -11) > from ? addMonths(to, -11) : from;
        if (reportFrom === to) {
          note("No report: it needs at least two months (the trend has nothing to compare)");
        } else {
          note(`Writing the report for ${reportFrom} to ${to}`);
          const html = await writePublication(
            store,
            {
              from: reportFrom,
              to,
              outDir: values["report-dir"] ?? "out/report",
              pdf: true,
              chromium,
              quiet,
            },
            io,
          );
          io.stdout(`Report: ${displayPath(io, html)}\n`);
        }
      }
    });
  },
};
