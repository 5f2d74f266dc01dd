import type { FunnelPosition, VariationResult } from "../../analysis/types.ts";
import { Plot } from "../chart-deps.ts";
import { areaLabel, formatCount, formatNumber, formatRate, rateDigits } from "../format.ts";
import { isNeedView, NEED_EXPOSURE } from "../need-view.ts";
import { measureWithUnit, periodOf } from "../words.ts";

import { frameChart, plotDocument, plotGroup, swatchLegend, type Chart } from "./frame.ts";
import { COLOURS, POSITION_COLOURS, POSITION_LABELS, type ChartMeta } from "./theme.ts";

export interface FunnelRow {
  code: string;
  label: string;
  population: number;
  rate: number;
  position: FunnelPosition;
}

export interface FunnelLine {
  kind: "95%" | "99.8%" | "95% adjusted" | "99.8% adjusted";
  side: "upper" | "lower";
  population: number;
  rate: number;
}

const ORDER: FunnelPosition[] = ["above998", "above95", "within", "below95", "below998"];

/** Points and limit lines of the funnel plot, straight from the result's funnel figures. */
export function funnelData(v: VariationResult): {
  points: FunnelRow[];
  lines: FunnelLine[];
  adjusted: boolean;
} {
  const f = v.funnel;
  const adjusted = f.adjustment !== "none";
  const names = new Map(v.areas.map((a) => [a.code, areaLabel(a)]));
  const points = f.points.map((p) => ({
    code: p.code,
    label: names.get(p.code) ?? p.code,
    population: p.population,
    rate: p.rate,
    position: adjusted ? p.positionAdjusted : p.position,
  }));
  const lines: FunnelLine[] = [];
  for (const l of f.limits) {
    const add = (kind: FunnelLine["kind"], lower: number, upper: number) => {
      lines.push({ kind, side: "lower", population: l.population, rate: lower });
      lines.push({ kind, side: "upper", population: l.population, rate: upper });
    };
    add("95%", l.lower95, l.upper95);
    add("99.8%", l.lower998, l.upper998);
    if (adjusted) {
      add("95% adjusted", l.lower95Adjusted, l.upper95Adjusted);
      add("99.8% adjusted", l.lower998Adjusted, l.upper998Adjusted);
    }
  }
  return { points, lines, adjusted };
}

const LINE_STYLE: Record<FunnelLine["kind"], { stroke: string; dash?: string; width: number }> = {
  "95%": { stroke: "#768692", dash: "4,3", width: 1 },
  "99.8%": { stroke: "#4c6272", dash: "4,3", width: 1.4 },
  "95% adjusted": { stroke: COLOURS.nhsBlue, width: 1.2 },
  "99.8% adjusted": { stroke: COLOURS.darkBlue, width: 2 },
};

/**
 * Funnel plot: each area's rate against its population, with England's rate and the 95% and 99.8%
 * Poisson control limits, and the limits widened for over-dispersion when the analysis used them.
 * On the need-adjusted view ({@link isNeedView}) each area's need-adjusted ratio against its
 * expected count, around England's ratio of 1, with the ratio funnel's limits.
 */
export function funnelChart(
  v: VariationResult,
  meta: ChartMeta,
  width = 720,
): Chart & { data: ReturnType<typeof funnelData> } {
  const data = funnelData(v);
  const need = isNeedView(v);
  const exposure = need ? "expected count" : "population";
  const digits = rateDigits(v.england.rate);
  const height = 440;
  const kinds = data.adjusted
    ? (["95%", "99.8%", "95% adjusted", "99.8% adjusted"] as const)
    : (["95%", "99.8%"] as const);
  const outliers = [...data.points]
    .filter((p) => p.position === "above998" || p.position === "below998")
    .sort((a, b) => Math.abs(b.rate - v.england.rate) - Math.abs(a.rate - v.england.rate))
    .slice(0, 8);
  const plot = Plot.plot({
    document: plotDocument(),
    width: width - 16,
    height,
    marginLeft: 50,
    marginRight: 20,
    marginBottom: 40,
    style: { fontSize: "11px" },
    x: {
      label: need ? NEED_EXPOSURE : "Population",
      grid: true,
      tickFormat: (d: number) => formatCount(d),
    },
    y: { label: measureWithUnit(v), grid: true, nice: true },
    marks: [
      ...kinds.flatMap((kind) =>
        (["lower", "upper"] as const).map((side) =>
          Plot.line(
            data.lines.filter((l) => l.kind === kind && l.side === side),
            {
              x: "population",
              y: "rate",
              stroke: LINE_STYLE[kind].stroke,
              strokeWidth: LINE_STYLE[kind].width,
              strokeDasharray: LINE_STYLE[kind].dash,
            },
          ),
        ),
      ),
      Plot.ruleY([v.funnel.target], { stroke: COLOURS.england, strokeWidth: 1.2 }),
      Plot.dot(data.points, {
        x: "population",
        y: "rate",
        r: 4,
        fill: (d: FunnelRow) => POSITION_COLOURS[d.position],
        stroke: "#ffffff",
        strokeWidth: 0.8,
        title: (d: FunnelRow) =>
          `${d.label}: ${need ? "ratio " : ""}${formatRate(d.rate, digits)}, ${exposure} ${formatCount(d.population)}; ${POSITION_LABELS[d.position].toLowerCase()}`,
      }),
      Plot.text(outliers, {
        x: "population",
        y: "rate",
        text: "label",
        dx: 7,
        textAnchor: "start",
        fontSize: 10,
        fill: COLOURS.text,
        stroke: "#ffffff",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    ],
  });
  const count = (p: FunnelPosition) => data.points.filter((d) => d.position === p).length;
  const f = v.funnel;
  const adjustedText = data.adjusted
    ? `Solid lines: limits widened for over-dispersion (${f.adjustment}, φ = ${formatNumber(f.phi, 1)}); dashed: unadjusted Poisson limits.`
    : "Dashed lines: Poisson limits (no over-dispersion adjustment needed).";
  const chart = frameChart({
    name: "funnel",
    width,
    title: `Funnel plot: ${measureWithUnit(v).replace(/^./, (c) => c.toLowerCase())} against ${need ? "expected count" : "population"}`,
    subtitle: `${periodOf(v)}. ${need ? "Each area's need-adjusted ratio (its count ÷ the count expected at England's rate per head of need-weighted population) against that expected count. Horizontal line: England's rate for the area's need (a ratio of 1)." : `Horizontal line: England (${formatRate(f.target, digits)}).`} Inner lines: 95% limits, outer lines: 99.8% limits. ${adjustedText}`,
    alt: `Funnel plot of ${data.points.length} areas. ${count("above998")} lie above and ${count("below998")} below the 99.8% limits${data.adjusted ? " after adjusting for over-dispersion" : ""}; ${count("above95")} more above and ${count("below95")} below the 95% limits; ${count("within")} within them.`,
    meta,
    legend: swatchLegend(
      [
        ...ORDER.map((p) => ({ label: POSITION_LABELS[p], colour: POSITION_COLOURS[p] })),
        ...kinds.map((k) => ({
          label: `${k} limits`,
          colour: LINE_STYLE[k].stroke,
          shape: LINE_STYLE[k].dash ? ("dash" as const) : ("line" as const),
        })),
      ],
      width,
    ),
    body: { markup: (y) => plotGroup(plot, 8, y), height },
  });
  return { ...chart, data };
}
