import type { WaitsResult } from "../../analysis/types.ts";
import { Plot } from "../chart-deps.ts";
import { formatCount, formatMonth, formatPercent, formatWeeks } from "../format.ts";
import { specialtySuffix } from "../words.ts";

import {
  frameChart,
  plotDocument,
  plotGroup,
  swatchLegend,
  textWidth,
  type Chart,
} from "./frame.ts";
import { COLOURS, type ChartMeta } from "./theme.ts";

export interface WaitsRow {
  name: string;
  pctWithin18: number;
  waiting: number;
  medianWeeks: number | null;
  isEngland: boolean;
}

/** The constitutional standard: 92% of patients waiting should have waited under 18 weeks. */
export const STANDARD_18_WEEKS = 92;

/**
 * Bar chart of the share of the waiting list within 18 weeks, by area (regions), England
 * last, against the 92% constitutional standard.
 */
export function waitsChart(
  w: WaitsResult,
  meta: ChartMeta,
  width = 720,
): Chart & { data: WaitsRow[] } {
  const rows: WaitsRow[] = [
    ...[...w.areas]
      .filter((a) => a.pctWithin18 !== null)
      .sort((a, b) => (b.pctWithin18 ?? 0) - (a.pctWithin18 ?? 0))
      .map((a) => ({
        name: a.name,
        pctWithin18: a.pctWithin18 ?? 0,
        waiting: a.waiting,
        medianWeeks: a.medianWeeks,
        isEngland: false,
      })),
    {
      name: "England",
      pctWithin18: w.england.pctWithin18 ?? 0,
      waiting: w.england.waiting,
      medianWeeks: w.england.medianWeeks,
      isEngland: true,
    },
  ];
  const rowHeight = rows.length > 15 ? 16 : 30;
  const height = rows.length * rowHeight + 50;
  const marginLeft = Math.ceil(Math.max(...rows.map((r) => textWidth(r.name, 12)), 60)) + 12;
  const plot = Plot.plot({
    document: plotDocument(),
    width: width - 16,
    height,
    marginLeft,
    marginRight: 50,
    marginTop: 22,
    style: { fontSize: "12px" },
    x: { domain: [0, 100], label: "% of the waiting list waiting under 18 weeks", grid: true },
    y: { domain: rows.map((r) => r.name), label: null, tickSize: 0, padding: 0.25 },
    marks: [
      Plot.barX(rows, {
        x: "pctWithin18",
        y: "name",
        fill: (d: WaitsRow) => (d.isEngland ? COLOURS.darkBlue : COLOURS.nhsBlue),
        title: (d: WaitsRow) =>
          `${d.name}: ${formatPercent(d.pctWithin18)} of ${formatCount(d.waiting)} within 18 weeks; median wait ${formatWeeks(d.medianWeeks)}`,
      }),
      Plot.text(rows, {
        x: "pctWithin18",
        y: "name",
        text: (d: WaitsRow) => formatPercent(d.pctWithin18),
        dx: 6,
        textAnchor: "start",
        fontWeight: "bold",
      }),
      Plot.ruleX([STANDARD_18_WEEKS], {
        stroke: "#d5281b",
        strokeWidth: 1.5,
        strokeDasharray: "5,3",
      }),
      Plot.text([STANDARD_18_WEEKS], {
        x: (d: number) => d,
        frameAnchor: "top",
        dy: -10,
        text: () => "92% standard",
        fill: "#d5281b",
        fontWeight: "bold",
      }),
    ],
  });
  const best = rows[0];
  const worst = rows[rows.length - 2];
  const chart = frameChart({
    name: "waits",
    width,
    title: `Share of the waiting list${specialtySuffix(w)} waiting under 18 weeks`,
    subtitle: `${formatMonth(w.month)}, incomplete pathways by ${w.level === "region" ? "NHS region" : "area"}. The NHS Constitution standard is 92%.`,
    alt: `Bar chart: in England ${formatPercent(w.england.pctWithin18)} of ${formatCount(w.england.waiting)} pathways on the waiting list had waited under 18 weeks, against a 92% standard; ${best?.name ?? ""} had the highest share (${formatPercent(best?.pctWithin18 ?? null)}) and ${worst?.name ?? ""} the lowest (${formatPercent(worst?.pctWithin18 ?? null)}).`,
    meta,
    legend: swatchLegend(
      [
        { label: w.level === "region" ? "NHS region" : "Area", colour: COLOURS.nhsBlue },
        { label: "England", colour: COLOURS.darkBlue },
        { label: "92% standard", colour: "#d5281b", shape: "dash" },
      ],
      width,
    ),
    body: { markup: (y) => plotGroup(plot, 8, y), height },
  });
  return { ...chart, data: rows };
}
