import type { Comparison, VariationResult } from "../../analysis/types.ts";
import { Plot } from "../chart-deps.ts";
import { areaLabel, formatNumber, formatRate, rateDigits } from "../format.ts";
import { periodOf, specialtyLabel } from "../words.ts";

import {
  frameChart,
  plotDocument,
  plotGroup,
  swatchLegend,
  textWidth,
  type Chart,
} from "./frame.ts";
import { COLOURS, COMPARISON_COLOURS, COMPARISON_LABELS, type ChartMeta } from "./theme.ts";

export interface SpecialtyPoint {
  specialty: string;
  code: string;
  label: string;
  rate: number;
  /** The area's rate as a percentage of England's rate for the same specialty. */
  percentOfEngland: number;
  comparedToEngland: Comparison;
}

/** One row per area and specialty, each rate relative to that specialty's England rate. */
export function specialtyPoints(results: VariationResult[]): SpecialtyPoint[] {
  return results.flatMap((v) =>
    v.areas.map((a) => ({
      specialty: specialtyLabel(v),
      code: a.code,
      label: areaLabel(a),
      rate: a.rate,
      percentOfEngland: (a.rate / v.england.rate) * 100,
      comparedToEngland: a.comparedToEngland,
    })),
  );
}

/**
 * Strip chart comparing how widely areas vary in each specialty: every area's rate as a
 * percentage of England's rate for that specialty (100 = England), coloured by significance.
 */
export function specialtiesChart(
  results: VariationResult[],
  meta: ChartMeta,
  width = 720,
): Chart & { data: SpecialtyPoint[] } {
  const data = specialtyPoints(results);
  const names = results.map(specialtyLabel);
  const rowHeight = data.length / Math.max(results.length, 1) > 40 ? 70 : 50;
  const height = results.length * rowHeight + 50;
  const marginLeft = Math.ceil(Math.max(...names.map((n) => textWidth(n, 12)), 60)) + 12;
  const plot = Plot.plot({
    document: plotDocument(),
    width: width - 16,
    height,
    marginLeft,
    marginRight: 20,
    style: { fontSize: "12px" },
    x: { label: "Area rate as % of England's rate for the specialty", grid: true, nice: true },
    fy: { domain: names, label: null, padding: 0.1 },
    marks: [
      Plot.ruleX([100], { stroke: COLOURS.england, strokeDasharray: "5,3", strokeWidth: 1.2 }),
      Plot.dot(
        data,
        Plot.dodgeY("middle", {
          x: "percentOfEngland",
          fy: "specialty",
          r: 3.2,
          fill: (d: SpecialtyPoint) => COMPARISON_COLOURS[d.comparedToEngland],
          title: (d: SpecialtyPoint) =>
            `${d.specialty}, ${d.label}: ${formatRate(d.rate, rateDigits(d.rate))} (${formatNumber(d.percentOfEngland, 0)}% of England)`,
        }),
      ),
    ],
  });
  return {
    ...specialtiesFrame(results, meta, width, plot, height),
    data,
  };
}

function specialtiesFrame(
  results: VariationResult[],
  meta: ChartMeta,
  width: number,
  plot: unknown,
  height: number,
): Chart {
  const first = results[0];
  const summary = results
    .map((v) => {
      const rates = v.areas.map((a) => a.rate);
      return `${specialtyLabel(v)}: England ${formatRate(v.england.rate, rateDigits(v.england.rate))}, areas from ${formatNumber((Math.min(...rates) / v.england.rate) * 100, 0)}% to ${formatNumber((Math.max(...rates) / v.england.rate) * 100, 0)}% of it`;
    })
    .join("; ");
  return frameChart({
    name: "specialties",
    width,
    title: "How widely areas vary, by specialty",
    subtitle: `${first ? periodOf(first) : ""}. Each dot is one area's rate as a percentage of England's rate for that specialty (dashed line = England).`,
    alt: `Strip chart of ${results.length} specialties. ${summary}.`,
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
}
