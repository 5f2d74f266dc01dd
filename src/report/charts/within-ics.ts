import type { VariationResult, WithinIcs } from "../../analysis/types.ts";
import { Plot } from "../chart-deps.ts";
import { areaLabel, formatRate, formatRatio, ordinal, rateDigits, shortName } from "../format.ts";
import { measureWithUnit, periodOf } from "../words.ts";

import {
  frameChart,
  plotDocument,
  plotGroup,
  swatchLegend,
  textWidth,
  type Chart,
} from "./frame.ts";
import { COLOURS, type ChartMeta } from "./theme.ts";

export interface DumbbellRow {
  icbCode: string;
  label: string;
  areas: number;
  highest: WithinIcs["highest"];
  lowest: WithinIcs["lowest"];
  ratio: number | null;
}

const HIGHEST = "#005eb8";
const LOWEST = "#c25700";

/** ICS short name: `West Yorkshire and Harrogate (Health and Care Partnership)` → without the brackets. */
function icsLabel(name: string): string {
  return shortName(name)
    .replace(/\s*\((Health and Care Partnership|ICS)\)$/, "")
    .replace(
      / (Health and Care Partnership|Health and Social Care Partnership|Health and Care ICS)$/,
      "",
    );
}

/**
 * Dumbbell chart of variation inside each ICS: its highest- and lowest-rate areas joined by a bar,
 * ICSs ordered by the ratio between them (widest gap first).
 */
export function withinIcsChart(
  v: VariationResult,
  meta: ChartMeta,
  width = 720,
): Chart & { data: DumbbellRow[] } {
  const rows: DumbbellRow[] = v.withinIcs.map((w) => ({
    icbCode: w.icbCode,
    label: icsLabel(w.icbName),
    areas: w.areas,
    highest: w.highest,
    lowest: w.lowest,
    ratio: w.ratio,
  }));
  const digits = rateDigits(v.england.rate);
  const rowHeight = rows.length > 25 ? 16 : 24;
  const fontSize = rows.length > 25 ? 10 : 12;
  const height = rows.length * rowHeight + 60;
  const marginLeft = Math.min(
    Math.ceil(Math.max(...rows.map((r) => textWidth(r.label, fontSize)), 60)) + 12,
    width * 0.42,
  );
  const ends = rows.flatMap((r) => [
    {
      label: r.label,
      rate: r.highest.rate,
      end: "highest",
      name: r.highest.name,
      code: r.highest.code,
      rank: r.highest.rank,
    },
    {
      label: r.label,
      rate: r.lowest.rate,
      end: "lowest",
      name: r.lowest.name,
      code: r.lowest.code,
      rank: r.lowest.rank,
    },
  ]);
  const plot = Plot.plot({
    document: plotDocument(),
    width: width - 16,
    height,
    marginLeft,
    marginRight: 44,
    marginTop: 24,
    style: { fontSize: `${fontSize}px` },
    x: { label: measureWithUnit(v), grid: true, nice: true },
    y: { domain: rows.map((r) => r.label), label: null, tickSize: 0 },
    marks: [
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
        fontSize: 11,
      }),
      Plot.ruleY(rows, {
        y: "label",
        x1: (d: DumbbellRow) => d.lowest.rate,
        x2: (d: DumbbellRow) => d.highest.rate,
        stroke: "#aeb7bd",
        strokeWidth: rowHeight > 20 ? 4 : 3,
      }),
      Plot.dot(ends, {
        x: "rate",
        y: "label",
        r: rowHeight > 20 ? 5.5 : 4.5,
        fill: (d: { end: string }) => (d.end === "highest" ? HIGHEST : LOWEST),
        stroke: "#ffffff",
        title: (d: { name: string; code: string; rate: number; rank: number }) =>
          `${areaLabel(d)}: ${formatRate(d.rate, digits)}, ranked ${ordinal(d.rank)} in England`,
      }),
      Plot.text(rows, {
        x: (d: DumbbellRow) => d.highest.rate,
        y: "label",
        text: (d: DumbbellRow) => `×${formatRatio(d.ratio)}`,
        dx: 9,
        textAnchor: "start",
        fill: COLOURS.secondary,
      }),
    ],
  });
  const widest = rows[0];
  const chart = frameChart({
    name: "within-ics",
    width,
    title: `Variation inside each integrated care system`,
    subtitle: `${periodOf(v)}. For each ICS with two or more areas: its highest and lowest ${measureWithUnit(v).replace(/^./, (c) => c.toLowerCase())}, and how many times higher the first is (×). Widest gap first.`,
    alt: widest
      ? `Dumbbell chart of ${rows.length} integrated care systems. The widest gap is in ${widest.label}: ${areaLabel(widest.highest)} (${formatRate(widest.highest.rate, digits)}, ranked ${ordinal(widest.highest.rank)}) and ${areaLabel(widest.lowest)} (${formatRate(widest.lowest.rate, digits)}, ranked ${ordinal(widest.lowest.rank)}), ${formatRatio(widest.ratio)} times apart.`
      : "No integrated care system has two or more areas.",
    meta,
    legend: swatchLegend(
      [
        { label: "Highest area in the ICS", colour: HIGHEST },
        { label: "Lowest area in the ICS", colour: LOWEST },
        { label: "England", colour: COLOURS.england, shape: "dash" },
      ],
      width,
    ),
    body: { markup: (y) => plotGroup(plot, 8, y), height },
  });
  return { ...chart, data: rows };
}
