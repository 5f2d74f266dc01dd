import type { VariationResult } from "../../analysis/types.ts";
import { Plot } from "../chart-deps.ts";
import { areaLabel, formatInterval, formatRate, rateDigits } from "../format.ts";
import { isNeedView } from "../need-view.ts";
import { measureWithUnit, periodOf } from "../words.ts";

import {
  frameChart,
  plotDocument,
  plotGroup,
  swatchLegend,
  textWidth,
  type Chart,
} from "./frame.ts";
import { COLOURS, COMPARISON_COLOURS, COMPARISON_LABELS, type ChartMeta } from "./theme.ts";

export interface RankedRow {
  rank: number;
  code: string;
  label: string;
  rate: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
  comparedToEngland: VariationResult["areas"][number]["comparedToEngland"];
}

/** The rows of the ranked chart: areas by rank, each with its complete, unique label. */
export function rankedRows(v: VariationResult): RankedRow[] {
  return [...v.areas]
    .sort((a, b) => a.rank - b.rank || b.rate - a.rate)
    .map((a) => ({
      rank: a.rank,
      code: a.code,
      label: areaLabel(a),
      rate: a.rate,
      lower95: a.lower95,
      upper95: a.upper95,
      lower998: a.lower998,
      upper998: a.upper998,
      comparedToEngland: a.comparedToEngland,
    }));
}

/** Above this many areas the ranked chart comes in two parts, each one printed page. */
export const RANKED_SPLIT = 60;

/**
 * Ranked dot charts: every area's rate with 95% (thick) and 99.8% (thin) interval whiskers,
 * coloured by its comparison with England, and England's rate as a dashed line. Up to 60 areas
 * make one chart; more make two (ranks 1–53 and 54–106 of 106) on the same scale, so every label
 * stays complete and legible on a printed page. On the need-adjusted view ({@link isNeedView}) the
 * dots are need-adjusted ratios around England's 1, and only the areas with a ratio are ranked.
 */
export function rankedCharts(
  v: VariationResult,
  meta: ChartMeta,
  width = 720,
): Array<Chart & { data: RankedRow[] }> {
  const rows = rankedRows(v);
  if (rows.length <= RANKED_SPLIT) return [rankedChart(v, meta, width)];
  const half = Math.ceil(rows.length / 2);
  return [
    rankedChart(v, meta, width, { rows: rows.slice(0, half), name: "ranked" }),
    rankedChart(v, meta, width, { rows: rows.slice(half), name: "ranked-2" }),
  ];
}

/** One ranked dot chart, of every area or of one part (`part.rows`, ranks in order). */
export function rankedChart(
  v: VariationResult,
  meta: ChartMeta,
  width = 720,
  part?: { rows: RankedRow[]; name: string },
): Chart & { data: RankedRow[] } {
  const all = rankedRows(v);
  const rows = part?.rows ?? all;
  const digits = rateDigits(v.england.rate);
  const rowHeight = rows.length > 40 ? 13 : 16;
  const fontSize = rows.length > 40 ? 10.5 : 11;
  const tick = (r: RankedRow) => `${r.rank}  ${r.label}`;
  // Measured over every area, so the parts of a split chart line up on the same axis.
  const labelWidth = Math.max(...all.map((r) => textWidth(tick(r), fontSize)), 60);
  const marginLeft = Math.ceil(labelWidth) + 10;
  const height = rows.length * rowHeight + 70;
  const lo = Math.min(v.england.rate, ...all.map((r) => r.lower998));
  const hi = Math.max(v.england.rate, ...all.map((r) => r.upper998));
  const plot = Plot.plot({
    document: plotDocument(),
    width: width - 16,
    height,
    marginLeft,
    marginTop: 36,
    marginRight: 20,
    x: { domain: [lo, hi], label: measureWithUnit(v), grid: true, nice: true, axis: "both" },
    y: {
      domain: rows.map((r) => r.label),
      label: null,
      tickSize: 0,
      tickFormat: (label: string) => {
        const r = rows.find((p) => p.label === label);
        return r ? tick(r) : label;
      },
    },
    style: { fontSize: `${fontSize}px` },
    marks: [
      Plot.ruleY(rows, {
        y: "label",
        x1: "lower998",
        x2: "upper998",
        stroke: "#768692",
        strokeWidth: 1,
      }),
      Plot.ruleY(rows, {
        y: "label",
        x1: "lower95",
        x2: "upper95",
        stroke: (d: RankedRow) => COMPARISON_COLOURS[d.comparedToEngland],
        strokeWidth: rows.length > 40 ? 4 : 5,
        strokeOpacity: 0.45,
      }),
      Plot.ruleX([v.england.rate], {
        stroke: COLOURS.england,
        strokeDasharray: "5,3",
        strokeWidth: 1.2,
      }),
      Plot.dot(rows, {
        x: "rate",
        y: "label",
        r: rows.length > 40 ? 3.8 : 4.5,
        fill: (d: RankedRow) => COMPARISON_COLOURS[d.comparedToEngland],
        stroke: "#ffffff",
        strokeWidth: 0.8,
        title: (d: RankedRow) =>
          `${d.label}: ${isNeedView(v) ? "ratio " : ""}${formatRate(d.rate, digits)} (95% CI ${formatInterval(d.lower95, d.upper95, digits)}), ${COMPARISON_LABELS[d.comparedToEngland].replace(/^./, (c) => c.toLowerCase())}`,
      }),
    ],
  });
  const top = rows[0];
  const bottom = rows[rows.length - 1];
  const counts = (c: RankedRow["comparedToEngland"]) =>
    rows.filter((r) => r.comparedToEngland === c).length;
  const need = isNeedView(v);
  const without = need ? (v.needAdjusted?.areasWithout.length ?? 0) : 0;
  const england = need
    ? "England's rate for the area's need (a ratio of 1, dashed line)"
    : "England's rate (dashed line)";
  const chart = frameChart({
    name: part?.name ?? "ranked",
    width,
    title: `${measureWithUnit(v)}: ${need ? "" : "all "}${all.length} areas ranked${part ? `, ${rows[0]?.rank ?? ""}–${rows[rows.length - 1]?.rank ?? ""} of ${all.length}` : ""}`,
    subtitle: `${periodOf(v)}. Dots show each area's ${need ? "need-adjusted ratio (its count ÷ the count expected at England's rate per head of need-weighted population)" : "rate"}; thick bars its 95% confidence interval, thin bars 99.8%. Colour shows whether the area lies above or below the expected range around ${england}: outside the 95% funnel limits${v.funnel.adjustment === "none" ? "" : ", which allow for the extra variation between areas"}.${without > 0 ? ` ${without} ${without === 1 ? "area has" : "areas have"} no need-weighted population and no ratio, so ${without === 1 ? "is" : "are"} not shown.` : ""}`,
    alt: `Ranked dot chart of ${rows.length} ${part ? `of ${all.length} ` : ""}areas. ${need ? "Need-adjusted ratios" : "Rates"} run from ${formatRate(bottom?.rate ?? null, digits)} (${bottom?.label ?? ""}) to ${formatRate(top?.rate ?? null, digits)} (${top?.label ?? ""}); England ${formatRate(v.england.rate, digits)}. ${counts("higher")} areas are above the expected range around England's ${need ? "rate for their need" : "rate"}, ${counts("lower")} below it and ${counts("similar")} within it.`,
    meta,
    legend: swatchLegend(
      [
        ...(["higher", "similar", "lower"] as const).map((c) => ({
          label: COMPARISON_LABELS[c],
          colour: COMPARISON_COLOURS[c],
        })),
        {
          label: need ? "England (ratio 1)" : `England ${formatRate(v.england.rate, digits)}`,
          colour: COLOURS.england,
          shape: "dash" as const,
        },
      ],
      width,
    ),
    body: {
      markup: (y) => plotGroup(plot, 8, y),
      height,
    },
  });
  return { ...chart, data: rows };
}
