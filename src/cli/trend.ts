import { DENOMINATORS } from "../analysis/denominators.ts";
import { areaLabel } from "../analysis/labels.ts";
import {
  LEVELS,
  MEASURE_LABEL,
  MEASURES,
  checkWindow,
  resolveSpecialty,
} from "../analysis/options.ts";
import { trendToTidy, type TrendTidyRow } from "../analysis/tidy.ts";
import { trend } from "../analysis/trend.ts";
import type { TrendOutput, TrendPoint } from "../analysis/types.ts";
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

const HELP = `Usage: rationwatch trend --from YYYY-MM --to YYYY-MM [options]

Month-by-month rates per 1,000 population for England (or one area): the change on the month
before, how many areas rose, activity as a % of the same month of 2019 (where the store holds
it) and NHS "Making Data Count" SPC signals (XmR chart; trial limits under 12 months). Every
month uses the areas, ICB/region grouping and populations of the window's last month.

Options:
  --from YYYY-MM     first month (required; at least two months in all)
  --to YYYY-MM       last month (required)
  --measure M        admitted (default: patients treated), non-admitted, clock-starts
  --specialty S      all (default), a treatment function code (C_110, …) or a name such as
                     trauma-orthopaedics
  --level L          commissioner (default), icb, region: the level of the areas (and of --area)
  --area CODE        one area at that level (commissioner or ICB code; region ODS code such as
                     Y56, or its name); default England
  --per month        rates per 1,000 population per month (the only choice for a monthly series)
  --rebase YYYY-MM   start a new SPC phase (own mean and limits) at that month; repeatable;
                     default 2020-03 (the COVID collapse); --rebase none for one set of limits
  --denominator D    resident (default: ONS estimates nearest the period, on its boundaries),
                     registered (GP-registered patients) or need-weighted (NHS England general
                     and acute weighted population); docs/methodology.md "Denominators"
  --format F         table (default), csv (tidy: one row per area per month, with the SPC
                     signal) or json (every figure, unrounded)
  --db PATH          store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -h, --help         show this help

Example:
  rationwatch trend --from 2021-04 --to 2022-03 --level icb --area QKK
`;

const r3 = (v: number) => v.toFixed(3);
const signed = (v: number) => `${v > 0 ? "+" : ""}${v.toFixed(1)}%`;

const seriesColumns: Column<TrendPoint>[] = [
  { header: "Month", value: (p) => p.month },
  { header: "Count", value: (p) => p.count },
  { header: "Rate", value: (p) => p.rate, format: r3 },
  { header: "95% CI", value: (p) => `${r3(p.lower95)}–${r3(p.upper95)}`, align: "right" },
  {
    header: "On month before",
    value: (p) => p.changeOnPreviousMonth,
    format: signed,
    align: "right",
  },
  {
    header: "On year before",
    value: (p) => p.changeOnYearEarlier,
    format: signed,
    align: "right",
  },
  {
    header: "Areas up",
    value: (p) => (p.areasUp === null ? null : `${p.areasUp} of ${p.areasCompared}`),
    align: "right",
  },
  {
    header: "% of 2019",
    value: (p) => p.recoveryVs2019,
    format: (v) => v.toFixed(1),
    align: "right",
  },
  {
    header: "SPC",
    value: (p) => (p.spc === "common-cause" ? "–" : `${p.spc} (${p.spcSide})`),
  },
];

type AreaRow = TrendOutput["areas"][number];
const last = (a: AreaRow) => a.points[a.points.length - 1];

// Like for like: the last month against the calendar month before it and the same month a year
// earlier (never the window's first month, which may be another time of year).
const areaColumns: Column<AreaRow>[] = [
  { header: "Area", value: (a) => areaLabel(a) },
  { header: "Last month", value: (a) => last(a)?.rate, format: r3 },
  { header: "On month before", value: (a) => last(a)?.changeOnPreviousMonth, format: signed },
  { header: "On year before", value: (a) => last(a)?.changeOnYearEarlier, format: signed },
  { header: "% of 2019", value: (a) => last(a)?.recoveryVs2019, format: (v) => v.toFixed(1) },
  {
    header: "Last vs England (funnel)",
    value: (a) => {
      const c = last(a)?.comparedToEngland;
      return c === undefined
        ? null
        : c === "higher"
          ? "above range"
          : c === "lower"
            ? "below range"
            : "within range";
    },
  },
  {
    header: "Last vs England (Poisson CI)",
    value: (a) => last(a)?.poissonComparedToEngland ?? last(a)?.comparedToEngland,
  },
];

/** The terminal view: header, the monthly series, SPC limits, each area's first and last month. */
export function formatTrendTable(r: TrendOutput, width?: number): string {
  const files = r.source.files.length;
  const out = [
    `${r.areaName}: ${MEASURE_LABEL[r.measure]}, ${r.specialtyName}, ${r.unit}, ${monthLabel(r.from)} to ${monthLabel(r.to)} (${r.months} months); ${files} source file${files === 1 ? "" : "s"}`,
    ...(r.source.synthetic ? ["SYNTHETIC DEMONSTRATION DATA — not real NHS England figures"] : []),
    "",
    renderTable(
      droppable(seriesColumns, ["Count", "On year before", "Areas up", "% of 2019"]),
      r.series,
      width,
    ).trimEnd(),
    "",
    ...r.spc.phases.map(
      (p, i) =>
        `SPC (XmR)${r.spc.phases.length > 1 ? ` phase ${i + 1}, ${monthLabel(p.from)} to ${monthLabel(p.to)}` : ""}: mean ${r3(p.mean)}, process limits ${r3(p.lowerLimit)}–${r3(p.upperLimit)}${p.trialLimits ? " (trial limits: fewer than 12 months)" : ""}`,
    ),
    `${r.spc.rebase.length > 0 ? `Rebased at ${r.spc.rebase.map(monthLabel).join(", ")} (a documented break; --rebase none for one set of limits). ` : ""}Recent trend (last 5 months): ${r.recentTrend.marker}`,
    ...(r.recovery.note ? [r.recovery.note] : []),
  ];
  if (r.areas.length > 0) {
    out.push(
      "",
      r.area === null ? `Areas (${r.level})` : `Commissioners in ${r.areaName}`,
      renderTable(
        droppable(areaColumns, ["Last vs England (Poisson CI)", "% of 2019"]),
        r.areas,
        width,
      ).trimEnd(),
    );
  }
  if (r.excluded.length > 0) {
    const total = r.excluded.reduce((s, e) => s + e.count, 0);
    out.push(
      "",
      `Excluded from per-capita figures: ${r.excluded.length} commissioner${r.excluded.length === 1 ? "" : "s"} (${formatNumber(total)} pathways over the window; --format json lists them).`,
    );
  }
  out.push(
    "",
    `Source: NHS England RTT; populations: ${r.source.populationVintage}. Open Government Licence v3.0.`,
  );
  return wrapText(`${out.join("\n")}\n`, width);
}

const TREND_CSV_COLUMNS: Column<TrendTidyRow>[] = [
  ...TIDY_COLUMNS,
  { header: "signal", value: (r) => r.signal },
  { header: "changeOnPreviousMonth", value: (r) => r.changeOnPreviousMonth },
  { header: "changeOnYearEarlier", value: (r) => r.changeOnYearEarlier },
  { header: "recoveryVs2019", value: (r) => r.recoveryVs2019 },
];

/** `--rebase YYYY-MM` (repeatable) or `--rebase none`; absent = the default breaks. */
export function parseRebase(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 1 && values[0] === "none") return [];
  return [...new Set(values.map((v) => parseMonthFlag("rebase", v) as string))].sort();
}

export const trendCommand: Command = {
  name: "trend",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("trend", argv, {
      from: { type: "string" },
      to: { type: "string" },
      measure: { type: "string" },
      specialty: { type: "string" },
      level: { type: "string" },
      area: { type: "string" },
      per: { type: "string" },
      rebase: { type: "string", multiple: true },
      denominator: { type: "string" },
      format: { type: "string" },
      db: { type: "string" },
    });
    const { from, to } = checkWindow(values.from, values.to);
    parseChoice("per", values.per, ["month"] as const, "month");
    resolveSpecialty(values.specialty); // a bad --specialty fails before the store is opened
    const options = {
      from,
      to,
      measure: parseChoice("measure", values.measure, MEASURES, "admitted"),
      level: parseChoice("level", values.level, LEVELS, "commissioner"),
      specialty: values.specialty,
      area: values.area ?? null,
      rebase: parseRebase(values.rebase),
      denominator: parseChoice("denominator", values.denominator, DENOMINATORS, "resident"),
    };
    const format = parseChoice("format", values.format, FORMATS, "table");
    const result = await withReadStore(io, values.db, (store) => trend(store, options));
    io.stdout(
      renderFormat(format, {
        json: () => result,
        csv: () =>
          labelCsv(renderCsv(TREND_CSV_COLUMNS, trendToTidy(result)), result.source.synthetic),
        table: () => formatTrendTable(result, outputWidth(io)),
      }),
    );
  },
};
