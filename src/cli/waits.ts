import { areaLabel } from "../analysis/labels.ts";
import { LEVELS, resolveSpecialty } from "../analysis/options.ts";
import { waitsToTidy, type WaitsTidyRow } from "../analysis/tidy.ts";
import type {
  WaitChange,
  WaitFigures,
  WaitsArea,
  WaitsLevel,
  WaitsOutput,
} from "../analysis/types.ts";
import { waits } from "../analysis/waits.ts";
import { UsageError } from "../errors.ts";
import { monthLabel } from "../months.ts";

import { parseChoice, parseCommandArgs, parseMonthFlag } from "./args.ts";
import { withReadStore, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import {
  FORMATS,
  formatNumber,
  labelCsv,
  renderCsv,
  outputWidth,
  renderTable,
  droppable,
  wrapText,
  type Column,
  renderFormat,
} from "./output.ts";
import { TIDY_COLUMNS } from "./tidy-columns.ts";

const HELP = `Usage: rationwatch waits --month YYYY-MM [options]

The waiting list at the end of a month (RTT Part_2, incomplete pathways) for England and by area,
worst first (lowest % within 18 weeks): patients waiting, within 18 weeks and its %, over 52, 65,
78 and 104 weeks (only over 52 exists before April 2021: the others are blank, not 0), median and
92nd-percentile waits in weeks (interpolated within week bands; blank when in the open top band).
England counts every commissioner, non-geographic ones included, as NHS England's national list.

Options:
  --month YYYY-MM     the month (required)
  --level L           commissioner (default), icb, region or provider
  --specialty S       all (default), a treatment function code (C_110, …) or a name
  --baseline YYYY-MM  also show each figure's change from this month
  --format F          table (default), csv (tidy: one row per area; value = % within 18 weeks)
                      or json: {"month","level","england":{…},"areas":[{"code","name","waiting",
                      "within18","pctWithin18","over52","over65","over78","over104","medianWeeks",
                      "p92Weeks","change"}],…}
  --db PATH           store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -h, --help          show this help

Example:
  rationwatch waits --month 2022-03 --level region --baseline 2021-03
`;

export const WAITS_LEVELS: readonly WaitsLevel[] = [...LEVELS, "provider"];

const pct = (v: number) => v.toFixed(1);
const weeks = (v: number) => v.toFixed(1);
const signed = (d: number) => (v: number) => `${v > 0 ? "+" : ""}${formatNumber(v, d)}`;

type Row = WaitFigures & {
  code: string;
  name: string;
  change: WaitChange | null;
  incompleteReason?: string | null;
};

function columns(baseline: boolean): Column<Row>[] {
  return [
    { header: "Area", value: (a) => `${areaLabel(a)}${a.incompleteReason ? " *" : ""}` },
    { header: "Waiting", value: (a) => a.waiting },
    ...(baseline
      ? [{ header: "Change", value: (a: Row) => a.change?.waiting, format: signed(0) }]
      : []),
    { header: "% within 18 wks", value: (a) => a.pctWithin18, format: pct, align: "right" },
    ...(baseline
      ? [{ header: "Change (pts)", value: (a: Row) => a.change?.pctWithin18, format: signed(1) }]
      : []),
    { header: "Over 52", value: (a) => a.over52, align: "right" },
    { header: "Over 65", value: (a) => a.over65, align: "right" },
    { header: "Over 78", value: (a) => a.over78, align: "right" },
    { header: "Over 104", value: (a) => a.over104, align: "right" },
    { header: "Median wks", value: (a) => a.medianWeeks, format: weeks, align: "right" },
    { header: "92nd pct wks", value: (a) => a.p92Weeks, format: weeks, align: "right" },
  ];
}

/** The terminal view: header, England, the areas worst first, England's scope and exclusions. */
export function formatWaitsTable(r: WaitsOutput, width?: number): string {
  const files = r.source.files.length;
  const england: Row = { code: "", name: "England", ...r.england, change: r.englandChange };
  const cols = columns(r.baseline !== null);
  const out = [
    `Waiting list at the end of ${monthLabel(r.month)} by ${r.level}, ${r.specialtyName}${r.baseline ? `, change from ${monthLabel(r.baseline)}` : ""}; open top band from ${r.topBandStart} weeks; ${files} source file${files === 1 ? "" : "s"}`,
    ...(r.source.synthetic ? ["SYNTHETIC DEMONSTRATION DATA — not real NHS England figures"] : []),
    "",
    renderTable(
      droppable(cols, ["Over 65", "Over 78", "Over 104", "92nd pct wks", "Change (pts)", "Change"]),
      [england, ...(r.areas as WaitsArea[])],
      width,
    ).trimEnd(),
    "",
    `${r.englandScope}.`,
  ];
  const rows = [r.england, ...r.areas];
  if (rows.some((a) => a.waiting > 0 && (a.medianWeeks === null || a.p92Weeks === null))) {
    out.push(
      `A wait shown "–" lies in the open top band: more than ${r.topBandStart} weeks, not estimable from the bands.`,
    );
  }
  const short = r.areas.filter((a) => a.incompleteReason);
  if (short.length > 0) {
    out.push(
      "* Incomplete: providers that normally treat these patients submitted no data this month or, where the reason says so, only part of it, so the list is short:",
      ...short.map((a) => `  ${areaLabel(a)}: ${a.incompleteReason}`),
    );
  }
  if (r.excluded.length > 0) {
    out.push(
      `Not areas: ${r.excluded.map((e) => `${e.code} (${formatNumber(e.count)})`).join(", ")}.`,
    );
  }
  out.push("", "Source: NHS England RTT Part_2. Open Government Licence v3.0.");
  return wrapText(`${out.join("\n")}\n`, width);
}

/** Figures beside the tidy columns (within18 and pctWithin18 are its count and value). */
const EXTRA: ReadonlyArray<keyof WaitFigures> = [
  "waiting",
  "over52",
  "over65",
  "over78",
  "over104",
  "medianWeeks",
  "p92Weeks",
];
const CHANGED: ReadonlyArray<keyof WaitFigures> = [
  "waiting",
  "within18",
  "pctWithin18",
  ...EXTRA.slice(1),
];

/** Tidy CSV columns: the shared ones, every waiting figure, and their changes with a baseline. */
function csvColumns(baseline: boolean): Column<WaitsTidyRow>[] {
  const change = (k: keyof WaitFigures): Column<WaitsTidyRow> => ({
    header: `change${k.charAt(0).toUpperCase()}${k.slice(1)}`,
    value: (r) => r.change?.[k] ?? null,
  });
  return [
    ...TIDY_COLUMNS,
    ...EXTRA.map((k): Column<WaitsTidyRow> => ({ header: k, value: (r) => r.figures[k] })),
    ...(baseline ? CHANGED.map(change) : []),
    { header: "completeness", value: (r) => r.completeness ?? null },
    { header: "incompleteReason", value: (r) => r.incompleteReason ?? null },
  ];
}

export const waitsCommand: Command = {
  name: "waits",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("waits", argv, {
      month: { type: "string" },
      level: { type: "string" },
      specialty: { type: "string" },
      baseline: { type: "string" },
      format: { type: "string" },
      db: { type: "string" },
    });
    const month = parseMonthFlag("month", values.month);
    if (month === undefined) throw new UsageError("--month is required (a month as YYYY-MM)");
    const options = {
      month,
      baseline: parseMonthFlag("baseline", values.baseline) ?? null,
      level: parseChoice("level", values.level, WAITS_LEVELS, "commissioner"),
      specialty: values.specialty,
    };
    resolveSpecialty(values.specialty); // a bad --specialty fails before the store is opened
    const format = parseChoice("format", values.format, FORMATS, "table");
    const result = await withReadStore(io, values.db, (store) => waits(store, options));
    io.stdout(
      renderFormat(format, {
        json: () => result,
        csv: () =>
          labelCsv(
            renderCsv(csvColumns(result.baseline !== null), waitsToTidy(result)),
            result.source.synthetic,
          ),
        table: () => formatWaitsTable(result, outputWidth(io)),
      }),
    );
  },
};
