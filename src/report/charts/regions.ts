import * as Plot from "@observablehq/plot";

import type { RegionRate, VariationResult } from "../../analysis/types.ts";
import { formatInterval, formatRate, rateDigits } from "../format.ts";
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
 * each labelled with its rate.
 */
export function regionsChart(
  v: VariationResult,
  meta: ChartMeta,
  width = 720,
): Chart & { data: RegionRate[] } {
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
        text: () => `England ${formatRate(v.england.rate, digits)}`,
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
    subtitle: `${periodOf(v)}. Thick bars: 95% confidence interval; thin bars: 99.8%. Dashed line: England.`,
    alt: `Dot chart of ${rows.length} NHS regions. ${top?.name ?? ""} has the highest rate (${formatRate(top?.rate ?? null, digits)}) and ${bottom?.name ?? ""} the lowest (${formatRate(bottom?.rate ?? null, digits)}); England ${formatRate(v.england.rate, digits)}.`,
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
