import {
  NEIGHBOUR_SPAN,
  nonSubmittingProviders,
  partialShortfall,
  type MonthSubmissions,
} from "../analysis/completeness.ts";
import { addMonths } from "../months.ts";
import { readStatus, type StoreStatus } from "../store/rtt-queries.ts";

import { parseChoice, parseCommandArgs } from "./args.ts";
import { resolveDbPath, withReadStore, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import {
  FORMATS,
  formatNumber,
  labelCsv,
  renderCsv,
  renderFormat,
  outputWidth,
  renderTable,
  droppable,
  wrapText,
  type Column,
} from "./output.ts";

const HELP = `Usage: rationwatch status [--db PATH] [--format table|csv|json]

Shows what the store holds: each RTT period with its rows, source file, checksum, warnings and the
count of each part (sum of "Total All" over the treatment-function rows, C_999 excluded), and the
providers that submitted no data that month: open acute NHS trusts (ODS) with no rows in a
national file, and providers present in the neighbouring months but absent; and partial
submitters: providers with rows whose count for a part (1A, 1B, 2 or 3) is under half of its usual
count in the held months within ${NEIGHBOUR_SPAN} (docs/methodology.md "Completeness": the areas that rely
on them are not ranked; a month with no held month within ${NEIGHBOUR_SPAN} cannot be checked for partial
submissions).

Options:
  --db PATH         store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  --format FORMAT   table (default), csv (one row a period: month, rows, sourceFile, checksum,
                    revised, synthetic, warnings, part1A, part1B, part2, part2A, part3,
                    nonSubmitterCodes, nonSubmitters; a first
                    line "# SYNTHETIC DEMONSTRATION DATA…" when any period is synthetic) or json:
                    {"periods":[{"month","rows","sourceFile","checksum","revised","synthetic",
                    "warnings","totals":{…},"nonSubmitters":[{"code","name","why"}]}]}
  -h, --help        show this help
`;

const WARNINGS_SHOWN = 5;

type Missing = MonthSubmissions["missing"];

/** The status of the store and, by month, the providers that did not submit. */
export interface StatusView extends StoreStatus {
  nonSubmitters: Map<string, Missing>;
  /** Months that could not be checked for partial submissions (no held month within 3). */
  partialUnchecked?: Set<string>;
}

/** `Sheffield Teaching Hospitals NHS Foundation Trust (RHQ): acute trust open in ODS with no rows`. */
const missingLine = (m: Missing[number]) => `${m.name ?? m.code} (${m.code}): ${m.why}`;

const missingIn = (s: Partial<StatusView>, month: string): Missing =>
  s.nonSubmitters?.get(month) ?? [];

/** The JSON contract of `status --format json`. */
export function statusJson(s: StoreStatus & Partial<StatusView>): unknown {
  return {
    periods: s.periods.map((p) => ({
      month: p.month,
      rows: p.rows,
      sourceFile: p.sourceFile,
      checksum: p.checksum,
      revised: p.revised,
      synthetic: p.synthetic,
      warnings: p.warnings,
      totals: p.totals,
      nonSubmitters: missingIn(s, p.month).map((m) => ({ code: m.code, name: m.name, why: m.why })),
    })),
  };
}

type Period = StoreStatus["periods"][number];

const columns: Column<Period & { missingCodes: string }>[] = [
  { header: "Month", value: (p) => p.month },
  { header: "Rows", value: (p) => p.rows },
  { header: "Admitted (1A)", value: (p) => p.totals.Part_1A },
  { header: "Non-admitted (1B)", value: (p) => p.totals.Part_1B },
  { header: "Waiting (2)", value: (p) => p.totals.Part_2 },
  { header: "With DTA (2A)", value: (p) => p.totals.Part_2A },
  { header: "New (3)", value: (p) => p.totals.Part_3 },
  { header: "Warnings", value: (p) => p.warnings },
  { header: "Did not submit", value: (p) => p.missingCodes },
  { header: "Source", value: (p) => `${p.sourceFile}${p.revised ? " (revised)" : ""}` },
  { header: "sha256", value: (p) => `${p.checksum.slice(0, 12)}…` },
];

/** `status --format csv`: one row a period, camelCase columns, the synthetic line when any is. */
const csvColumns = (s: Partial<StatusView>): Column<Period>[] => [
  { header: "month", value: (p) => p.month },
  { header: "rows", value: (p) => p.rows },
  { header: "sourceFile", value: (p) => p.sourceFile },
  { header: "checksum", value: (p) => p.checksum },
  { header: "revised", value: (p) => String(p.revised) },
  { header: "synthetic", value: (p) => String(p.synthetic) },
  { header: "warnings", value: (p) => p.warnings },
  { header: "part1A", value: (p) => p.totals.Part_1A },
  { header: "part1B", value: (p) => p.totals.Part_1B },
  { header: "part2", value: (p) => p.totals.Part_2 },
  { header: "part2A", value: (p) => p.totals.Part_2A },
  { header: "part3", value: (p) => p.totals.Part_3 },
  {
    header: "nonSubmitterCodes",
    value: (p) =>
      missingIn(s, p.month)
        .map((m) => m.code)
        .join(" "),
  },
  {
    header: "nonSubmitters",
    value: (p) => missingIn(s, p.month).map(missingLine).join("; "),
  },
];

export function formatStatusCsv(s: StoreStatus & Partial<StatusView>): string {
  return labelCsv(
    renderCsv(csvColumns(s), s.periods),
    s.periods.some((p) => p.synthetic),
  );
}

/** The months as ranges: ["2019-04", "2019-05", "2019-07"] → "2019-04 to 2019-05, 2019-07". */
function monthRanges(months: string[]): string {
  const ranges: Array<[string, string]> = [];
  for (const m of months) {
    const last = ranges[ranges.length - 1];
    if (last && addMonths(last[1], 1) === m) last[1] = m;
    else ranges.push([m, m]);
  }
  return ranges.map(([a, b]) => (a === b ? a : `${a} to ${b}`)).join(", ");
}

/**
 * The table view: one line per period, ONE note saying which months are synthetic, then each
 * period's warnings.
 */
export function formatStatusTable(
  s: StoreStatus & Partial<StatusView>,
  dbPath: string,
  width?: number,
): string {
  if (s.periods.length === 0)
    return `The store at ${dbPath} holds no RTT periods yet (load some with 'rationwatch ingest').\n`;
  const rows = s.periods.map((p) => ({
    ...p,
    missingCodes: missingIn(s, p.month)
      .map((m) => (partialShortfall(m) === null ? m.code : `${m.code} (partial)`))
      .join(", "),
  }));
  const out = [
    `Store: ${dbPath} — ${s.periods.length} RTT period${s.periods.length === 1 ? "" : "s"}`,
    "",
    renderTable(
      droppable(columns, [
        "sha256",
        "Source",
        "With DTA (2A)",
        "New (3)",
        "Rows",
        "Non-admitted (1B)",
        "Waiting (2)",
      ]),
      rows,
      width,
    ).trimEnd(),
  ];
  const synthetic = s.periods.filter((p) => p.synthetic).map((p) => p.month);
  if (synthetic.length > 0) {
    const which =
      synthetic.length === s.periods.length
        ? `All ${s.periods.length === 1 ? "" : `${s.periods.length} `}period${s.periods.length === 1 ? " is" : "s are"}`
        : `${monthRanges(synthetic)} ${synthetic.length === 1 ? "is" : "are"}`;
    out.push("", `${which} synthetic demonstration data (not real NHS England figures).`);
  }
  for (const p of s.periods) {
    const notes: string[] = [];
    for (const m of missingIn(s, p.month)) {
      const shortfall = partialShortfall(m);
      notes.push(
        shortfall === null
          ? `  did not submit: ${missingLine(m)}`
          : `  partial submission: ${m.name ?? m.code} (${m.code}): ${shortfall}`,
      );
    }
    for (const w of p.warningList.slice(0, WARNINGS_SHOWN)) notes.push(`  ${w.kind}: ${w.detail}`);
    const rest = p.warnings - Math.min(p.warningList.length, WARNINGS_SHOWN);
    if (rest > 0) notes.push(`  … and ${formatNumber(rest)} more warnings`);
    if (notes.length > 0) out.push("", `${p.month} (${p.periodLabel}, ${p.sourceFile}):`, ...notes);
  }
  const unchecked = s.periods.filter((p) => s.partialUnchecked?.has(p.month)).map((p) => p.month);
  if (unchecked.length > 0) {
    out.push(
      "",
      `Partial submissions (a provider far short of its usual count) not checked for ${monthRanges(unchecked)}: no other month within ${NEIGHBOUR_SPAN} is held.`,
    );
  }
  return wrapText(`${out.join("\n")}\n`, width);
}

export const statusCommand: Command = {
  name: "status",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("status", argv, {
      db: { type: "string" },
      format: { type: "string" },
    });
    const format = parseChoice("format", values.format, FORMATS, "table");
    const given = resolveDbPath(io, values.db);
    const status = await withReadStore(io, values.db, async (store): Promise<StatusView> => {
      const read = await readStatus(store, { warningLimit: WARNINGS_SHOWN });
      const months = read.periods.map((p) => p.month);
      const missing =
        months.length === 0
          ? []
          : await nonSubmittingProviders(store, { from: months[0], to: months.at(-1) });
      return {
        ...read,
        nonSubmitters: new Map(missing.map((m) => [m.month, m.missing])),
        partialUnchecked: new Set(missing.filter((m) => !m.partialChecked).map((m) => m.month)),
      };
    });
    io.stdout(
      renderFormat(format, {
        json: () => statusJson(status),
        csv: () => formatStatusCsv(status),
        table: () => formatStatusTable(status, given, outputWidth(io)),
      }),
    );
  },
};
