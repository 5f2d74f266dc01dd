/** The report's sections as HTML: each a heading, its chart, the sentences and table that go with it. */
import { leagueRows, type LeagueRow } from "../analysis/league-rows.ts";
import type {
  RegionRate,
  TrendResult,
  VariationResult,
  WaitsResult,
  WithinIcs,
} from "../analysis/types.ts";

import type { ChartName, ChartWithData } from "./charts/index.ts";
import { SIGNAL_LABELS } from "./charts/spc.ts";
import {
  areaLabel,
  escapeXml,
  formatChange,
  formatCount,
  formatInterval,
  formatMonth,
  formatPercent,
  formatRate,
  formatRatio,
  formatWeeks,
  rateDigits,
  shortName,
} from "./format.ts";
import { comparisonTag, htmlTable, text, type Column } from "./html-table.ts";
import type { KeyFigure } from "./text.ts";
import { specialtyLabel } from "./words.ts";

export interface Section {
  id: string;
  title: string;
  body: string;
  /** Start on a new printed page. */
  newPage?: boolean;
}

export const paragraphs = (sentences: string[]): string =>
  sentences.map((s) => `<p>${escapeXml(s)}</p>`).join("\n");

/** A chart as a figure, with links to its SVG file and (unless the report has none) its PNG. */
export function figure(
  charts: Map<ChartName, ChartWithData>,
  name: ChartName,
  caption = "",
  png = true,
): string {
  const c = charts.get(name);
  if (!c) return "";
  const pngLink = png ? ` · <a href="charts/${name}.png">PNG</a>` : "";
  const links = `<span class="rw-figure__links">Download: <a href="charts/${name}.svg">SVG</a>${pngLink}</span>`;
  return `<figure class="rw-figure" id="figure-${name}"><div class="rw-figure__scroll">${c.svg}</div><figcaption>${caption ? `${escapeXml(caption)} ` : ""}${links}</figcaption></figure>`;
}

export function keyFiguresHtml(figures: KeyFigure[]): string {
  const items = figures
    .map(
      (f) =>
        `<li class="rw-stat"><span class="rw-stat__value">${escapeXml(f.value)}</span><span class="rw-stat__label">${escapeXml(f.label)}</span></li>`,
    )
    .join("");
  return `<ul class="rw-stats">${items}</ul>`;
}

export function headlineList(headlines: string[]): string {
  if (headlines.length === 0) return "";
  return `<ul class="nhsuk-list nhsuk-list--bullet">${headlines.map((h) => `<li>${escapeXml(h)}</li>`).join("")}</ul>`;
}

const rateColumns = <
  T extends { rate: number; lower95: number; upper95: number; lower998: number; upper998: number },
>(
  digits: number,
): Array<Column<T>> => [
  { header: "Rate", numeric: true, html: (r) => `<strong>${formatRate(r.rate, digits)}</strong>` },
  {
    header: "95% interval",
    numeric: true,
    html: (r) => `<span class="rw-nowrap">${formatInterval(r.lower95, r.upper95, digits)}</span>`,
  },
  {
    header: "99.8% interval",
    numeric: true,
    html: (r) => `<span class="rw-nowrap">${formatInterval(r.lower998, r.upper998, digits)}</span>`,
  },
];

/**
 * Every area, ranked, with intervals and the comparison with England; then any area left out as
 * incomplete (completeness.ts), with no rank and the reason in place of the comparison.
 */
export function leagueTable(v: VariationResult): string {
  const digits = rateDigits(v.england.rate);
  const basis = v.measureBasis ?? "crude";
  const rows = leagueRows(v, basis);
  const unranked = rows.length - v.areas.length;
  const first =
    basis === "need-adjusted" ? "highest need-adjusted ratio first" : "highest rate first";
  const need = v.needAdjusted
    ? `; beside each crude rate (${v.unit}), the need-adjusted ratio: observed ÷ expected for the area's need-weighted population (${v.needAdjusted.citation})`
    : "";
  return htmlTable<LeagueRow>({
    id: "league-table-data",
    caption:
      unranked === 0
        ? `All ${v.areas.length} areas, ${first} (${v.unit})${need}`
        : `${v.areas.length} ranked areas, ${first}, then ${unranked} not ranked because providers that treat their patients submitted no data${v.completeness?.incomplete.some((a) => a.missingProviders.some((p) => p.partial)) ? " or only part of it" : ""} (${v.unit})${need}`,
    columns: [
      {
        header: "Rank (range)",
        html: (a) =>
          a.rank === null
            ? `–<span class="rw-muted">not ranked</span>`
            : `${a.rank}<span class="rw-muted">${a.rankLower95}–${a.rankUpper95}</span>`,
      },
      {
        header: "Area",
        html: (a) =>
          `${text(areaLabel(a))}${a.icbName ? `<span class="rw-muted">${text(shortName(a.icbName))}</span>` : ""}`,
      },
      { header: "Region", html: (a) => text(a.regionName ?? "–") },
      { header: "Count", numeric: true, html: (a) => formatCount(a.count) },
      { header: "Population", numeric: true, html: (a) => formatCount(a.population) },
      ...rateColumns<LeagueRow>(digits),
      {
        header: "Compared with England",
        html: (a) =>
          a.incompleteReason === null
            ? comparisonTag(a.comparedToEngland)
            : `<strong>Not compared: incomplete</strong><span class="rw-muted">${text(a.incompleteReason)}</span>`,
      },
      ...(v.needAdjusted ? needColumns() : []),
    ],
    rows,
  });
}

/** The need-adjusted ratio beside the crude rate: rank, ratio with its 95% interval, comparison. */
function needColumns(): Array<Column<LeagueRow>> {
  return [
    {
      header: "Need-adjusted rank (range)",
      html: (a) =>
        a.needAdjustedRank === null
          ? "–"
          : `${a.needAdjustedRank}<span class="rw-muted">${a.needAdjustedRankLower95}–${a.needAdjustedRankUpper95}</span>`,
    },
    {
      header: "Need-adjusted ratio",
      numeric: true,
      html: (a) =>
        a.needAdjustedRatio === null
          ? "–"
          : `<strong>${formatRate(a.needAdjustedRatio, 2)}</strong><span class="rw-muted rw-nowrap">${formatInterval(a.needAdjustedLower95, a.needAdjustedUpper95, 2)}</span>`,
    },
    {
      header: "Compared with England for its need",
      html: (a) => comparisonTag(a.needAdjustedComparedToEngland),
    },
  ];
}

/**
 * The regions beside England: crude rates, and whenever the result has need-weighted populations
 * the need-adjusted ratio beside them (as in the league table), "–" for a region with an area
 * that has none.
 */
export function regionsTable(v: VariationResult): string {
  const digits = rateDigits(v.england.rate);
  type Row =
    | RegionRate
    | (VariationResult["england"] & {
        name: string;
        comparedToEngland: null;
        needAdjustedRatio?: number;
        needAdjustedLower95?: number;
        needAdjustedUpper95?: number;
        needAdjustedComparedToEngland?: null;
      });
  const rows: Row[] = [...v.regions].sort((a, b) => b.rate - a.rate);
  rows.push({ ...v.england, name: "England", comparedToEngland: null });
  const n = v.needAdjusted;
  const without = v.regions.filter((r) => r.needAdjustedRatio == null).length;
  const needColumns: Array<Column<Row>> = n
    ? [
        {
          header: "Need-adjusted ratio",
          numeric: true,
          html: (r) =>
            r.comparedToEngland === null
              ? "<strong>1</strong>"
              : r.needAdjustedRatio == null
                ? "–"
                : `<strong>${formatRate(r.needAdjustedRatio, 2)}</strong><span class="rw-muted rw-nowrap">${formatInterval(r.needAdjustedLower95 ?? null, r.needAdjustedUpper95 ?? null, 2)}</span>`,
        },
        {
          header: "Compared with England for its need",
          html: (r) =>
            r.needAdjustedComparedToEngland ? comparisonTag(r.needAdjustedComparedToEngland) : "",
        },
      ]
    : [];
  return htmlTable<Row>({
    caption: `NHS regions (${v.unit})${
      n
        ? `; beside each crude rate, the need-adjusted ratio: observed ÷ expected at England's rate per head of need-weighted population (${n.citation}), compared on the regions' own funnel around 1${without > 0 ? `; ${without} ${without === 1 ? "region has" : "regions have"} an area without a need-weighted population, so no ratio` : ""}`
        : ""
    }`,
    columns: [
      { header: "Region", html: (r) => text(r.name) },
      { header: "Count", numeric: true, html: (r) => formatCount(r.count) },
      { header: "Population", numeric: true, html: (r) => formatCount(r.population) },
      ...rateColumns<Row>(digits),
      {
        header: "Compared with England",
        html: (r) => (r.comparedToEngland ? comparisonTag(r.comparedToEngland) : ""),
      },
      ...needColumns,
    ],
    rows,
    highlight: (r) => r.comparedToEngland === null,
  });
}

export function withinIcsTable(v: VariationResult): string {
  const digits = rateDigits(v.england.rate);
  return htmlTable<WithinIcs>({
    caption: "Highest and lowest area in each integrated care system (national rank in brackets)",
    columns: [
      { header: "Integrated care system", html: (w) => text(shortName(w.icbName)) },
      { header: "Areas", numeric: true, html: (w) => String(w.areas) },
      { header: "Highest", html: (w) => `${text(areaLabel(w.highest))} (${w.highest.rank})` },
      { header: "Rate", numeric: true, html: (w) => formatRate(w.highest.rate, digits) },
      { header: "Lowest", html: (w) => `${text(areaLabel(w.lowest))} (${w.lowest.rank})` },
      { header: "Rate", numeric: true, html: (w) => formatRate(w.lowest.rate, digits) },
      { header: "Ratio", numeric: true, html: (w) => `<strong>${formatRatio(w.ratio)}</strong>` },
    ],
    rows: v.withinIcs,
  });
}

export function specialtiesTable(results: VariationResult[]): string {
  const n = (v: VariationResult, c: string) =>
    v.areas.filter((a) => a.comparedToEngland === c).length;
  const top = (v: VariationResult) => [...v.areas].sort((a, b) => a.rank - b.rank);
  return htmlTable<VariationResult>({
    caption: "Specialties compared",
    columns: [
      { header: "Specialty", html: (v) => text(specialtyLabel(v)) },
      {
        header: "England rate",
        numeric: true,
        html: (v) => `<strong>${formatRate(v.england.rate, rateDigits(v.england.rate))}</strong>`,
      },
      {
        header: "Highest area",
        html: (v) => {
          const a = top(v)[0];
          return a
            ? `${text(areaLabel(a))} (${formatRate(a.rate, rateDigits(v.england.rate))})`
            : "–";
        },
      },
      {
        header: "Lowest area",
        html: (v) => {
          const a = top(v).at(-1);
          return a
            ? `${text(areaLabel(a))} (${formatRate(a.rate, rateDigits(v.england.rate))})`
            : "–";
        },
      },
      {
        header: "Top ÷ bottom ten",
        numeric: true,
        html: (v) => formatRatio(v.spread.topToBottomTenRatio),
      },
      { header: "EQ5–95", numeric: true, html: (v) => formatRatio(v.spread.eq5to95) },
      {
        header: "Higher / similar / lower",
        numeric: true,
        html: (v) => `${n(v, "higher")} / ${n(v, "similar")} / ${n(v, "lower")}`,
      },
    ],
    rows: results,
  });
}

export function waitsTable(w: WaitsResult): string {
  type Row = WaitsResult["england"] & {
    name: string;
    change: WaitsResult["areas"][number]["change"];
    england: boolean;
    incompleteReason?: string | null;
  };
  const rows: Row[] = [...w.areas]
    .sort((a, b) => (b.pctWithin18 ?? 0) - (a.pctWithin18 ?? 0))
    .map((a) => ({ ...a, england: false }));
  rows.push({ ...w.england, name: "England", change: null, england: true });
  const hasChange = w.baseline !== null && w.areas.some((a) => a.change?.waiting != null);
  return htmlTable<Row>({
    caption: `Waiting times at the end of ${formatMonth(w.month)}`,
    columns: [
      {
        header: w.level === "region" ? "Region" : "Area",
        html: (r) =>
          `${text(r.name)}${r.incompleteReason ? `<span class="rw-muted">Incomplete, the list is short: ${text(r.incompleteReason)}</span>` : ""}`,
      },
      { header: "Waiting list", numeric: true, html: (r) => formatCount(r.waiting) },
      ...(hasChange
        ? [
            {
              header: `Change since ${formatMonth(w.baseline ?? "")}`,
              numeric: true,
              html: (r: Row) => formatChange(r.change?.waiting ?? null),
            },
          ]
        : []),
      {
        header: "Within 18 weeks",
        numeric: true,
        html: (r) => `<strong>${formatPercent(r.pctWithin18)}</strong>`,
      },
      { header: "Over 52 weeks", numeric: true, html: (r) => formatCount(r.over52) },
      { header: "Over 78 weeks", numeric: true, html: (r) => formatCount(r.over78) },
      { header: "Over 104 weeks", numeric: true, html: (r) => formatCount(r.over104) },
      {
        header: "Median wait",
        numeric: true,
        html: (r) => `<span class="rw-nowrap">${formatWeeks(r.medianWeeks)}</span>`,
      },
      {
        header: "92nd percentile",
        numeric: true,
        html: (r) => `<span class="rw-nowrap">${formatWeeks(r.p92Weeks)}</span>`,
      },
    ],
    rows,
    highlight: (r) => r.england,
  });
}

export function trendTable(t: TrendResult): string {
  const digits = rateDigits(t.spc.mean);
  type Row = TrendResult["series"][number];
  return htmlTable<Row>({
    caption: `England each month (${t.unit})`,
    columns: [
      { header: "Month", html: (s) => text(formatMonth(s.month)) },
      { header: "Count", numeric: true, html: (s) => formatCount(s.count) },
      {
        header: "Rate",
        numeric: true,
        html: (s) => `<strong>${formatRate(s.rate, digits)}</strong>`,
      },
      {
        header: "95% interval",
        numeric: true,
        html: (s) =>
          `<span class="rw-nowrap">${formatInterval(s.lower95, s.upper95, digits)}</span>`,
      },
      {
        header: "On previous month",
        numeric: true,
        html: (s) => formatChange(s.changeOnPreviousMonth, 1, "%"),
      },
      {
        header: "Areas up",
        numeric: true,
        html: (s) =>
          s.areasUp === null || s.areasCompared === null
            ? "–"
            : `${s.areasUp} of ${s.areasCompared}`,
      },
      { header: "% of 2019", numeric: true, html: (s) => formatPercent(s.recoveryVs2019) },
      { header: "SPC", html: (s) => text(s.spc === "common-cause" ? "–" : SIGNAL_LABELS[s.spc]) },
    ],
    rows: t.series,
  });
}

/** Rates by IMD 2025 quintile of areas with intervals, then the slope and relative indices. */
export function deprivationTable(v: VariationResult): string {
  const g = v.deprivation;
  if (!g) return "";
  const digits = rateDigits(v.england.rate);
  type Row = DeprivationRow;
  return htmlTable<Row>({
    caption: `Rate by deprivation fifth of areas, most deprived first (${v.unit}; IMD 2025)`,
    columns: [
      { header: "Deprivation fifth", html: (r) => text(r.label) },
      { header: "Areas", numeric: true, html: (r) => (r.areas === null ? "" : String(r.areas)) },
      {
        header: "Count",
        numeric: true,
        html: (r) => (r.count === null ? "" : formatCount(r.count)),
      },
      {
        header: "Population",
        numeric: true,
        html: (r) => (r.population === null ? "" : formatCount(r.population)),
      },
      {
        header: "Rate / index",
        numeric: true,
        html: (r) => `<strong>${formatRate(r.value, r.digits ?? digits)}</strong>`,
      },
      {
        header: "95% interval",
        numeric: true,
        html: (r) =>
          `<span class="rw-nowrap">${formatInterval(r.lower95, r.upper95, r.digits ?? digits)}</span>`,
      },
    ],
    rows: deprivationRows(v),
    highlight: (r) => r.areas === null,
  });
}

/** One row of the deprivation table or sheet: a quintile, or the SII / RII. */
export interface DeprivationRow {
  label: string;
  areas: number | null;
  count: number | null;
  population: number | null;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  /** Decimals when not the rate's (the RII, a ratio). */
  digits?: number;
}

export function deprivationRows(v: VariationResult): DeprivationRow[] {
  const g = v.deprivation;
  if (!g) return [];
  return [
    ...g.quintiles.map((q) => ({
      label: q.label,
      areas: q.areas,
      count: q.count,
      population: q.population,
      value: q.rate,
      lower95: q.lower95,
      upper95: q.upper95,
    })),
    {
      label: "Slope index of inequality (least minus most deprived end)",
      areas: null,
      count: null,
      population: null,
      value: g.sii,
      lower95: g.siiLower95,
      upper95: g.siiUpper95,
    },
    {
      label: "Relative index of inequality (least ÷ most deprived end)",
      areas: null,
      count: null,
      population: null,
      value: g.rii,
      lower95: g.riiLower95,
      upper95: g.riiUpper95,
      digits: 2,
    },
  ];
}
