import { DENOMINATORS } from "../analysis/denominators.ts";
import { areaLabel, shortName } from "../analysis/labels.ts";
import { leagueRows, NOT_RANKED, type LeagueRow } from "../analysis/league-rows.ts";
import { MEASURE_BASES } from "../analysis/need-adjusted.ts";
import { LEVELS, MEASURES, PERS, checkWindow } from "../analysis/options.ts";
import { variationBothToTidy } from "../analysis/tidy.ts";
import type { Comparison, RegionRate, VariationResult, WithinIcs } from "../analysis/types.ts";
import { variation } from "../analysis/variation.ts";
import { monthLabel } from "../months.ts";

import { parseChoice, parseCommandArgs, parseIntFlag } from "./args.ts";
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
import { VARIATION_TIDY_COLUMNS } from "./tidy-columns.ts";

const HELP = `Usage: rationwatch variation --from YYYY-MM --to YYYY-MM [options]

Patients per 1,000 population by area over a window: ranked, with 95% and 99.8% confidence
intervals, compared with England, by region, inside each ICS, with the spread of rates, a funnel
plot with over-dispersion and headline sentences (method: docs/methodology.md).

Options:
  --from YYYY-MM     first month of the window (required)
  --to YYYY-MM       last month of the window (required)
  --measure M        admitted (default: patients treated), non-admitted, clock-starts
  --specialty S      all (default), a treatment function code (C_100, C_110, C_320, …) or a name:
                     general-surgery, trauma-orthopaedics, cardiology, ophthalmology, urology, ent, …
  --level L          commissioner (default), icb, region: counts and populations are summed first
  --per P            month (default: per 1,000 per month, as the published tables) or window
  --seed N           seed of the rank-interval simulation (default 1)
  --denominator D    resident (default: ONS estimates nearest the period, on its boundaries),
                     registered (GP-registered patients) or need-weighted (NHS England general
                     and acute weighted population); docs/methodology.md "Denominators"
  --measure-basis B  crude (default: the rate per 1,000) or need-adjusted (observed ÷ expected
                     for the area's need-weighted population): which one orders the table and
                     leads the headlines; both are always shown (docs/methodology.md
                     "Need-adjusted ratio")
  --format F         table (default), csv (tidy: one row per area and indicator, the crude rate
                     and the need-adjusted ratio, the --measure-basis first) or json (every
                     figure, unrounded)
  --db PATH          store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -h, --help         show this help

Example:
  rationwatch variation --from 2021-07 --to 2022-03 --specialty trauma-orthopaedics
`;

const r2 = (v: number) => v.toFixed(2);

/** The headline comparison in Making Data Count's words. */
const expectedRangeWord = (c: Comparison): string =>
  c === "higher" ? "above range" : c === "lower" ? "below range" : "within range";
const interval = (lower: number, upper: number) => `${r2(lower)}–${r2(upper)}`;

/** An incomplete area's rank cell: a marker pointing at the footnote below the table. */
const NOT_RANKED_MARK = "–*";

const areaColumns: Column<LeagueRow>[] = [
  { header: "Rank", value: (a) => a.rank ?? NOT_RANKED_MARK, align: "right" },
  {
    header: "95% rank range",
    value: (a) => (a.rank === null ? "" : `${a.rankLower95}–${a.rankUpper95}`),
    align: "right",
  },
  { header: "Area", value: (a) => areaLabel(a) },
  { header: "Region", value: (a) => a.regionName },
  { header: "Count", value: (a) => a.count },
  { header: "Population", value: (a) => a.population },
  { header: "Rate", value: (a) => a.rate, format: r2 },
  { header: "95% CI", value: (a) => interval(a.lower95, a.upper95), align: "right" },
  {
    header: "vs England (funnel)",
    value: (a) =>
      a.comparedToEngland === null ? NOT_RANKED : expectedRangeWord(a.comparedToEngland),
  },
  { header: "vs England (Poisson CI)", value: (a) => a.poissonComparedToEngland ?? "" },
  { header: "Need-adj. rank", value: (a) => needRank(a), align: "right" },
  { header: "Need-adj. ratio", value: (a) => a.needAdjustedRatio ?? null, format: r2 },
  {
    header: "Ratio 95% CI",
    value: (a) =>
      a.needAdjustedLower95 === null || a.needAdjustedLower95 === undefined
        ? null
        : interval(a.needAdjustedLower95, a.needAdjustedUpper95 as number),
    align: "right",
  },
  {
    header: "vs need (funnel)",
    value: (a) =>
      a.needAdjustedComparedToEngland ? expectedRangeWord(a.needAdjustedComparedToEngland) : null,
  },
];

/** `3 (1–9)`: need-adjusted rank and its 95% interval; null without a ratio. */
function needRank(a: LeagueRow): string | null {
  if (a.needAdjustedRank === null || a.needAdjustedRank === undefined) return null;
  return `${a.needAdjustedRank} (${a.needAdjustedRankLower95}–${a.needAdjustedRankUpper95})`;
}

const regionColumns: Column<RegionRate>[] = [
  { header: "Region", value: (r) => r.name },
  { header: "Count", value: (r) => r.count },
  { header: "Population", value: (r) => r.population },
  { header: "Rate", value: (r) => r.rate, format: r2 },
  { header: "95% CI", value: (r) => interval(r.lower95, r.upper95), align: "right" },
  { header: "vs England (funnel)", value: (r) => expectedRangeWord(r.comparedToEngland) },
  { header: "vs England (Poisson CI)", value: (r) => r.poissonComparedToEngland },
];

/** The regions' need-adjusted ratio beside their crude rate (shown when the result has one). */
const regionNeedColumns: Column<RegionRate>[] = [
  { header: "Need-adj. ratio", value: (r) => r.needAdjustedRatio ?? null, format: r2 },
  {
    header: "Ratio 95% CI",
    value: (r) =>
      r.needAdjustedLower95 == null || r.needAdjustedUpper95 == null
        ? null
        : interval(r.needAdjustedLower95, r.needAdjustedUpper95),
    align: "right",
  },
  {
    header: "vs need (funnel)",
    value: (r) =>
      r.needAdjustedComparedToEngland ? expectedRangeWord(r.needAdjustedComparedToEngland) : null,
  },
];

const icsColumns: Column<WithinIcs>[] = [
  { header: "ICS", value: (w) => shortName(w.icbName) },
  { header: "Areas", value: (w) => w.areas },
  { header: "Highest, rank", value: (w) => `${areaLabel(w.highest)}, ${w.highest.rank}` },
  { header: "Lowest, rank", value: (w) => `${areaLabel(w.lowest)}, ${w.lowest.rank}` },
  { header: "Highest ÷ lowest", value: (w) => w.ratio, format: r2 },
];

/** England's need-adjusted basis in one line (none when no area has a need-weighted population). */
function needAdjustedLine(r: VariationResult): string[] {
  const n = r.needAdjusted;
  if (!n) return [];
  return [
    `Need-adjusted: expected = England's ${r2(n.englandRate)} ${r.unit.replace("population", "need-weighted population")} × each area's need-weighted population (${n.citation}); ${n.areas} areas${n.areasWithout.length > 0 ? `, ${n.areasWithout.length} without a need-weighted population` : ""}. Funnel: ${n.funnel.adjustmentReason}`,
  ];
}

/** The terminal view: headline figures, league table, regions, ICS gaps, spread, exclusions. */
/** What the league table leaves out first on a narrow terminal (the rest stays; names wrap). */
const DROP_FIRST = [
  "vs England (Poisson CI)",
  "Ratio 95% CI",
  "Need-adj. rank",
  "95% rank range",
  "Population",
  "Count",
  "vs need (funnel)",
  "Region",
  "Need-adj. ratio",
];

export function formatVariationTable(r: VariationResult, width?: number): string {
  const window =
    r.from === r.to ? monthLabel(r.from) : `${monthLabel(r.from)} to ${monthLabel(r.to)}`;
  const s = r.spread;
  const out = [
    `${r.specialtyName}: ${r.measure} pathways, ${r.unit}, ${window} (${r.months} month${r.months === 1 ? "" : "s"})`,
    ...(r.source.synthetic ? ["SYNTHETIC DEMONSTRATION DATA — not real NHS England figures"] : []),
    `England: ${r2(r.england.rate)} (95% CI ${interval(r.england.lower95, r.england.upper95)}), ${formatNumber(r.england.count)} pathways, population ${formatNumber(r.england.population)}`,
    ...needAdjustedLine(r),
    "",
    ...r.headlines.map((h) => `• ${h}`),
    "",
    r.measureBasis === "need-adjusted"
      ? "Areas by need-adjusted ratio (observed ÷ expected for the area's need-weighted population); crude rates alongside:"
      : "Areas by crude rate; need-adjusted ratios (observed ÷ expected for the area's need-weighted population) alongside:",
    // At region level an area is its own region: no Region column repeating its name.
    renderTable(
      droppable(
        r.level === "region" ? areaColumns.filter((c) => c.header !== "Region") : areaColumns,
        DROP_FIRST,
      ),
      leagueRows(r, r.measureBasis ?? "crude"),
      width,
    ).trimEnd(),
  ];
  const incomplete = r.completeness?.incomplete ?? [];
  if (incomplete.length > 0) {
    out.push(
      `* Not ranked — incomplete: providers that normally treat their patients submitted no data or, where the reason says so, only part of it, so the rate is too low to compare (left out of England's rate, the spread, the funnel and the headlines).`,
    );
    for (const a of incomplete) out.push(`  ${areaLabel(a)}: ${a.reason}`);
  }
  if (r.level !== "region")
    out.push(
      "",
      "Regions",
      renderTable(
        droppable(
          r.needAdjusted ? [...regionColumns, ...regionNeedColumns] : regionColumns,
          DROP_FIRST,
        ),
        r.regions,
        width,
      ).trimEnd(),
    );
  if (r.withinIcs.length > 0) {
    out.push(
      "",
      "Inside each ICS (widest gaps first)",
      renderTable(droppable(icsColumns, ["Areas"]), r.withinIcs, width).trimEnd(),
    );
  }
  const f = (v: number | null, d = 2) => (v === null ? "–" : v.toFixed(d));
  out.push(
    "",
    `Spread: highest ÷ mean of ten lowest ${f(s.topToBottomTenRatio)}; EQ ${f(s.eq)}; EQ5–95 ${f(s.eq5to95)}; CV ${f(s.cv, 1)}%; weighted CV ${f(s.cvWeighted, 1)}%; SCV ${f(s.scv)}`,
    `Funnel: ${r.funnel.adjustmentReason}`,
  );
  if (r.completeness?.note) out.push("", r.completeness.note);
  const g = r.deprivation;
  if (g) {
    const d = Math.max(2, 2 - Math.floor(Math.log10(Math.abs(r.england.rate) || 1)) - 1);
    const q = (v: number) => v.toFixed(d);
    out.push(
      "",
      `Deprivation gradient (IMD 2025 quintiles of ${g.areasMatched} areas; 95% CI allow for the variation between areas)`,
      renderTable(
        [
          { header: "Quintile", value: (x: (typeof g.quintiles)[number]) => x.label },
          { header: "Areas", value: (x) => x.areas },
          { header: "Rate", value: (x) => x.rate, format: q },
          { header: "95% CI", value: (x) => `${q(x.lower95)}–${q(x.upper95)}`, align: "right" },
        ],
        g.quintiles,
      ).trimEnd(),
      `Slope index of inequality ${q(g.sii)} (95% CI ${q(g.siiLower95)} to ${q(g.siiUpper95)}); relative index ${g.rii === null ? "–" : g.rii.toFixed(2)}${g.riiLower95 === null || g.riiUpper95 === null ? "" : ` (95% CI ${g.riiLower95.toFixed(2)} to ${g.riiUpper95.toFixed(2)})`}: least deprived end against most deprived.`,
    );
  }
  if (r.excluded.length > 0) {
    out.push("", "Excluded from per-capita figures:");
    for (const e of r.excluded) {
      out.push(`  ${e.code.padEnd(6)} ${formatNumber(e.count).padStart(9)}  ${e.reason}`);
    }
  }
  out.push(
    "",
    `Source: NHS England RTT ${r.source.files.length} file${r.source.files.length === 1 ? "" : "s"}; populations: ${r.source.populationVintage}. Open Government Licence v3.0.`,
  );
  return wrapText(`${out.join("\n")}\n`, width);
}

export const variationCommand: Command = {
  name: "variation",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("variation", argv, {
      from: { type: "string" },
      to: { type: "string" },
      measure: { type: "string" },
      specialty: { type: "string" },
      level: { type: "string" },
      per: { type: "string" },
      seed: { type: "string" },
      denominator: { type: "string" },
      "measure-basis": { type: "string" },
      format: { type: "string" },
      db: { type: "string" },
    });
    const { from, to } = checkWindow(values.from, values.to);
    const options = {
      from,
      to,
      measure: parseChoice("measure", values.measure, MEASURES, "admitted"),
      level: parseChoice("level", values.level, LEVELS, "commissioner"),
      per: parseChoice("per", values.per, PERS, "month"),
      specialty: values.specialty,
      seed: parseIntFlag("seed", values.seed, 1),
      denominator: parseChoice("denominator", values.denominator, DENOMINATORS, "resident"),
      measureBasis: parseChoice("measure-basis", values["measure-basis"], MEASURE_BASES, "crude"),
    };
    const format = parseChoice("format", values.format, FORMATS, "table");
    const result = await withReadStore(io, values.db, (store) => variation(store, options));
    io.stdout(
      renderFormat(format, {
        json: () => result,
        csv: () =>
          labelCsv(
            renderCsv(VARIATION_TIDY_COLUMNS, variationBothToTidy(result)),
            result.source.synthetic,
          ),
        table: () => formatVariationTable(result, outputWidth(io)),
      }),
    );
  },
};
