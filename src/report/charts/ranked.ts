import * as Plot from "@observablehq/plot";

import type { VariationResult } from "../../analysis/types.ts";
import { formatInterval, formatRate, rateDigits, shortName } from "../format.ts";
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

/** The rows of the ranked chart: areas by rank, with short unique labels. */
export function rankedRows(v: VariationResult): RankedRow[] {
  const seen = new Map<string, number>();
  for (const a of v.areas) seen.set(shortName(a.name), (seen.get(shortName(a.name)) ?? 0) + 1);
  return [...v.areas]
    .sort((a, b) => a.rank - b.rank || b.rate - a.rate)
    .map((a) => ({
      rank: a.rank,
      code: a.code,
      label:
        (seen.get(shortName(a.name)) ?? 0) > 1
          ? `${shortName(a.name)} (${a.code})`
          : shortName(a.name),
      rate: a.rate,
      lower95: a.lower95,
      upper95: a.upper95,
      lower998: a.lower998,
      upper998: a.upper998,
      comparedToEngland: a.comparedToEngland,
    }));
}

/**
 * Ranked dot chart: every area's rate with 95% (thick) and 99.8% (thin) interval whiskers,
 * coloured by its comparison with England, and England's rate as a dashed line.
 */
export function rankedChart(
  v: VariationResult,
  meta: ChartMeta,
  width = 720,
): Chart & { data: RankedRow[] } {
  const rows = rankedRows(v);
  const digits = rateDigits(v.england.rate);
  // Over 60 areas: two panels side by side, so the chart fits one printed page at a legible size.
  const columns = rows.length > 60 ? 2 : 1;
  const perColumn = Math.ceil(rows.length / columns);
  const rowHeight = columns > 1 ? 12 : 16;
  const fontSize = columns > 1 ? 9.5 : 11;
  const panelWidth = (width - 16) / columns;
  const maxLabel = columns > 1 ? panelWidth * 0.5 : width * 0.45;
  const fit = (label: string, rank: number) => {
    let text = label;
    while (textWidth(`${rank}  ${text}`, fontSize) > maxLabel - 10 && text.length > 8)
      text = text.slice(0, -1);
    return text === label ? label : `${text.trimEnd()}…`;
  };
  const labelWidth = Math.max(
    ...rows.map((r) => textWidth(`${r.rank}  ${fit(r.label, r.rank)}`, fontSize)),
    60,
  );
  const marginLeft = Math.min(Math.ceil(labelWidth) + 10, maxLabel);
  const height = perColumn * rowHeight + 70;
  const lo = Math.min(v.england.rate, ...rows.map((r) => r.lower998));
  const hi = Math.max(v.england.rate, ...rows.map((r) => r.upper998));
  const panels = Array.from({ length: columns }, (_, c) => {
    const part = rows.slice(c * perColumn, (c + 1) * perColumn);
    return Plot.plot({
      document: plotDocument(),
      width: panelWidth,
      height,
      marginLeft,
      marginTop: 36,
      marginRight: columns > 1 ? 14 : 20,
      x: {
        domain: [lo, hi],
        label: columns > 1 ? v.unit.replace(/^per /, "per ") : measureWithUnit(v),
        grid: true,
        nice: true,
        axis: "both",
        ticks: columns > 1 ? 4 : 6,
      },
      y: {
        domain: part.map((r) => r.label),
        label: null,
        tickSize: 0,
        tickFormat: (label: string) => {
          const r = part.find((p) => p.label === label);
          return r ? `${r.rank}  ${fit(label, r.rank)}` : label;
        },
      },
      style: { fontSize: `${fontSize}px` },
      marks: [
        Plot.ruleY(part, {
          y: "label",
          x1: "lower998",
          x2: "upper998",
          stroke: "#768692",
          strokeWidth: 1,
        }),
        Plot.ruleY(part, {
          y: "label",
          x1: "lower95",
          x2: "upper95",
          stroke: (d: RankedRow) => COMPARISON_COLOURS[d.comparedToEngland],
          strokeWidth: columns > 1 ? 4 : 5,
          strokeOpacity: 0.45,
        }),
        Plot.ruleX([v.england.rate], {
          stroke: COLOURS.england,
          strokeDasharray: "5,3",
          strokeWidth: 1.2,
        }),
        Plot.dot(part, {
          x: "rate",
          y: "label",
          r: columns > 1 ? 3.4 : 4.5,
          fill: (d: RankedRow) => COMPARISON_COLOURS[d.comparedToEngland],
          stroke: "#ffffff",
          strokeWidth: 0.8,
          title: (d: RankedRow) =>
            `${d.label}: ${formatRate(d.rate, digits)} (95% CI ${formatInterval(d.lower95, d.upper95, digits)}), ${COMPARISON_LABELS[d.comparedToEngland].replace(/^./, (c) => c.toLowerCase())}`,
        }),
      ],
    });
  });
  const top = rows[0];
  const bottom = rows[rows.length - 1];
  const counts = (c: RankedRow["comparedToEngland"]) =>
    rows.filter((r) => r.comparedToEngland === c).length;
  const chart = frameChart({
    name: "ranked",
    width,
    title: `${measureWithUnit(v)}: all ${rows.length} areas ranked`,
    subtitle: `${periodOf(v)}. Dots show each area's rate; thick bars its 95% confidence interval, thin bars 99.8%. Colour shows whether the area lies above or below the expected range around England's rate (dashed line): outside the 95% funnel limits${v.funnel.adjustment === "none" ? "" : ", which allow for the extra variation between areas"}.`,
    alt: `Ranked dot chart of ${rows.length} areas. Rates run from ${formatRate(bottom?.rate ?? null, digits)} (${bottom?.label ?? ""}) to ${formatRate(top?.rate ?? null, digits)} (${top?.label ?? ""}); England ${formatRate(v.england.rate, digits)}. ${counts("higher")} areas are above the expected range around England's rate, ${counts("lower")} below it and ${counts("similar")} within it.`,
    meta,
    legend: swatchLegend(
      [
        ...(["higher", "similar", "lower"] as const).map((c) => ({
          label: COMPARISON_LABELS[c],
          colour: COMPARISON_COLOURS[c],
        })),
        {
          label: `England ${formatRate(v.england.rate, digits)}`,
          colour: COLOURS.england,
          shape: "dash" as const,
        },
      ],
      width,
    ),
    body: {
      markup: (y) => panels.map((p, c) => plotGroup(p, 8 + c * panelWidth, y)).join(""),
      height,
    },
  });
  return { ...chart, data: rows };
}
