import type { RegionRate, VariationResult } from "../../analysis/types.ts";
import { Plot } from "../chart-deps.ts";
import { formatInterval, formatRate, rateDigits } from "../format.ts";
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

/**
 * Regions with 95% (thick) and 99.8% (thin) intervals against England's rate, highest first,
 * each labelled with its rate. On the need-adjusted view ({@link isNeedView}) their need-adjusted
 * ratios around 1; `omitted` regions (an area without a need-weighted population) are named as
 * left out in the subtitle.
 */
export function regionsChart(
  v: VariationResult,
  meta: ChartMeta,
  width = 720,
  omitted = 0,
): Chart & { data: RegionRate[] } {
  const need = isNeedView(v);
  const rows = [...v.regions].sort((a, b) => b.rate - a.rate);
  const digits = rateDigits(v.england.rate);
  const rowHeight = 34;
  const height = rows.length * rowHeight + 60;
  const marginLeft = Math.ceil(Math.max(...rows.map((r) => textWidth(r.name, 12)), 60)) + 12;
  const plot = Plot.plot({
    document: plotDocument(),
    width: width - 16,
    height,
    marginLeft,
    marginRight: 56,
    marginTop: 24,
    style: { fontSize: "12px" },
    x: { label: measureWithUnit(v), grid: true, nice: true },
    y: { domain: rows.map((r) => r.name), label: null, tickSize: 0 },
    marks: [
      Plot.ruleY(rows, {
        y: "name",
        x1: "lower998",
        x2: "upper998",
        stroke: "#768692",
        strokeWidth: 1.2,
      }),
      Plot.ruleY(rows, {
        y: "name",
        x1: "lower95",
        x2: "upper95",
        stroke: (d: RegionRate) => COMPARISON_COLOURS[d.comparedToEngland],
        strokeWidth: 7,
        strokeOpacity: 0.45,
      }),
      Plot.ruleX([v.england.rate], {
        stroke: COLOURS.england,
        strokeDasharray: "5,3",
        strokeWidth: 1.2,
      }),
      Plot.text([v.england.rate], {
        x: (d: number) => d,
        frameAnchor: "top",
        dy: -12,
        text: () => (need ? "England (ratio 1)" : `England ${formatRate(v.england.rate, digits)}`),
        fontWeight: "bold",
      }),
      Plot.dot(rows, {
        x: "rate",
        y: "name",
        r: 6,
        fill: (d: RegionRate) => COMPARISON_COLOURS[d.comparedToEngland],
        stroke: "#ffffff",
        title: (d: RegionRate) =>
          `${d.name}: ${formatRate(d.rate, digits)} (95% CI ${formatInterval(d.lower95, d.upper95, digits)})`,
      }),
      Plot.text(rows, {
        y: "name",
        frameAnchor: "right",
        text: (d: RegionRate) => formatRate(d.rate, digits),
        dx: 48,
        textAnchor: "end",
        fontWeight: "bold",
      }),
    ],
  });
  const top = rows[0];
  const bottom = rows[rows.length - 1];
  const chart = frameChart({
    name: "regions",
    width,
    title: `${measureWithUnit(v)}, by NHS region`,
    subtitle: `${periodOf(v)}. ${need ? "Each region's need-adjusted ratio: its count ÷ the count expected at England's rate per head of need-weighted population. " : ""}Thick bars: 95% confidence interval; thin bars: 99.8%. Dashed line: England${need ? "'s rate for the region's need (a ratio of 1)" : ""}.${omitted > 0 ? ` ${omitted} ${omitted === 1 ? "region has" : "regions have"} an area without a need-weighted population, so no ratio, and ${omitted === 1 ? "is" : "are"} not shown.` : ""}`,
    alt: `Dot chart of ${rows.length} NHS regions. ${top?.name ?? ""} has the highest ${need ? "need-adjusted ratio" : "rate"} (${formatRate(top?.rate ?? null, digits)}) and ${bottom?.name ?? ""} the lowest (${formatRate(bottom?.rate ?? null, digits)}); England ${formatRate(v.england.rate, digits)}.`,
    meta,
    legend: swatchLegend(
      (["higher", "similar", "lower"] as const).map((c) => ({
        label: COMPARISON_LABELS[c],
        colour: COMPARISON_COLOURS[c],
      })),
      width,
    ),
    body: { markup: (y) => plotGroup(plot, 8, y), height },
  });
  return { ...chart, data: rows };
}
