import { readStatus, type StoreStatus } from "../store/rtt-queries.ts";

import { parseChoice, parseCommandArgs } from "./args.ts";
import { resolveDbPath, withReadStore, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { formatNumber, renderJson, renderTable, type Column } from "./output.ts";

const HELP = `Usage: rationwatch status [--db PATH] [--format table|json]

Shows what the store holds: each RTT period with its rows, source file, checksum, warnings and the
count of each part (sum of "Total All" over the treatment-function rows, C_999 excluded).

Options:
  --db PATH         store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  --format FORMAT   table (default) or json:
                    {"periods":[{"month","rows","sourceFile","checksum","warnings","totals":{…}}]}
  -h, --help        show this help
`;

const WARNINGS_SHOWN = 5;

/** The JSON contract of `status --format json`. */
export function statusJson(s: StoreStatus): unknown {
  return {
    periods: s.periods.map((p) => ({
      month: p.month,
      rows: p.rows,
      sourceFile: p.sourceFile,
      checksum: p.checksum,
      warnings: p.warnings,
      totals: p.totals,
    })),
  };
}

type Period = StoreStatus["periods"][number];

const columns: Column<Period>[] = [
  { header: "Month", value: (p) => p.month },
  { header: "Rows", value: (p) => p.rows },
  { header: "Admitted (1A)", value: (p) => p.totals.Part_1A },
  { header: "Non-admitted (1B)", value: (p) => p.totals.Part_1B },
  { header: "Waiting (2)", value: (p) => p.totals.Part_2 },
  { header: "With DTA (2A)", value: (p) => p.totals.Part_2A },
  { header: "New (3)", value: (p) => p.totals.Part_3 },
  { header: "Warnings", value: (p) => p.warnings },
  { header: "Source", value: (p) => `${p.sourceFile}${p.revised ? " (revised)" : ""}` },
  { header: "sha256", value: (p) => `${p.checksum.slice(0, 12)}…` },
];

/** The table view: one line per period, then notes (synthetic data, warnings) per period. */
export function formatStatusTable(s: StoreStatus, dbPath: string): string {
  if (s.periods.length === 0)
    return `The store at ${dbPath} holds no RTT periods yet (load some with 'rationwatch ingest').\n`;
  const out = [
    `Store: ${dbPath} — ${s.periods.length} RTT period${s.periods.length === 1 ? "" : "s"}`,
    "",
    renderTable(columns, s.periods).trimEnd(),
  ];
  for (const p of s.periods) {
    const notes: string[] = [];
    if (p.synthetic) notes.push("  synthetic demonstration data (not real NHS England figures)");
    for (const w of p.warningList.slice(0, WARNINGS_SHOWN)) notes.push(`  ${w.kind}: ${w.detail}`);
    const rest = p.warnings - Math.min(p.warningList.length, WARNINGS_SHOWN);
    if (rest > 0) notes.push(`  … and ${formatNumber(rest)} more warnings`);
    if (notes.length > 0) out.push("", `${p.month} (${p.periodLabel}, ${p.sourceFile}):`, ...notes);
  }
  return `${out.join("\n")}\n`;
}

export const statusCommand: Command = {
  name: "status",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("status", argv, {
      db: { type: "string" },
      format: { type: "string" },
    });
    const format = parseChoice("format", values.format, ["table", "json"] as const, "table");
    const given = resolveDbPath(io, values.db);
    const status = await withReadStore(io, values.db, (store) =>
      readStatus(store, { warningLimit: WARNINGS_SHOWN }),
    );
    io.stdout(
      format === "json" ? renderJson(statusJson(status)) : formatStatusTable(status, given),
    );
  },
};
