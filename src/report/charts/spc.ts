import type { SpcSignal, TrendResult } from "../../analysis/types.ts";
import { Plot } from "../chart-deps.ts";
import {
  formatMonth,
  formatMonthShort,
  formatPeriod,
  formatRate,
  monthDate,
  rateDigits,
} from "../format.ts";
import { MEASURE_NAMES, specialtySuffix } from "../words.ts";

import { frameChart, plotDocument, plotGroup, swatchLegend, type Chart } from "./frame.ts";
import { COLOURS, type ChartMeta } from "./theme.ts";

export const SIGNAL_LABELS: Record<SpcSignal, string> = {
  "outside-limits": "Outside the process limits",
  trend: "Part of a trend of 7 rising or falling points",
  "two-of-three": "Two of three points near a limit",
  run: "Part of a run of 7 points on one side of the mean",
  "common-cause": "Common-cause variation",
};

/** Making Data Count colours: grey for common cause, purple for neutral special cause. */
const SIGNAL_COLOURS: Record<SpcSignal, string> = {
  "outside-limits": "#490092",
  trend: "#8a5cc2",
  "two-of-three": "#8a5cc2",
  run: "#8a5cc2",
  "common-cause": "#a6a6a6",
};

export interface SpcPoint {
  month: string;
  rate: number;
  spc: SpcSignal;
}

/**
 * XmR (SPC) chart of the national monthly rate: the process mean, the upper and lower process
 * limits (mean ± 2.66 × mean moving range), and the points flagged as special cause.
 */
export function spcChart(
  t: TrendResult,
  meta: ChartMeta,
  width = 720,
  /** Where the series is from: England (the report), or an area's name (the web's area pages). */
  place = "England",
): Chart & { data: { points: SpcPoint[]; spc: TrendResult["spc"] } } {
  const points = t.series.map((s) => ({
    month: s.month,
    rate: s.rate,
    spc: s.spc,
    date: monthDate(s.month),
  }));
  const digits = rateDigits(t.spc.mean);
  const last = points[points.length - 1]?.date ?? new Date(0);
  const height = 340;
  // Each phase (the chart is rebased at documented breaks) has its own mean and limits, drawn
  // over its own months only; the labels name the current (last) phase's.
  const phases = t.spc.phases.length > 0 ? t.spc.phases : [{ ...t.spc, from: t.from, to: t.to }];
  const segments = phases.flatMap((p) =>
    [
      { value: p.upperLimit, dash: "6,4" },
      { value: p.mean, dash: undefined },
      { value: p.lowerLimit, dash: "6,4" },
    ].map((l) => ({ ...l, x1: monthDate(p.from), x2: monthDate(p.to) })),
  );
  const lines = [
    { label: "Upper process limit", value: t.spc.upperLimit },
    { label: "Mean", value: t.spc.mean },
    { label: "Lower process limit", value: t.spc.lowerLimit },
  ];
  const plot = Plot.plot({
    document: plotDocument(),
    width: width - 16,
    height,
    marginLeft: 50,
    marginRight: 130,
    marginBottom: 36,
    style: { fontSize: "11px" },
    x: {
      type: "utc",
      label: null,
      tickFormat: (d: Date) => formatMonthShort(d.toISOString().slice(0, 7)),
      ticks: 6,
    },
    y: { label: `${MEASURE_NAMES[t.measure].title} ${t.unit}`, grid: true, nice: true },
    marks: [
      ...segments.map((l) =>
        Plot.ruleY([l.value], {
          x1: l.x1,
          x2: l.x2,
          stroke: l.dash ? COLOURS.secondary : COLOURS.text,
          strokeDasharray: l.dash,
          strokeWidth: l.dash ? 1.2 : 1.5,
        }),
      ),
      ...phases
        .slice(1)
        .map((p) =>
          Plot.ruleX([monthDate(p.from)], { stroke: COLOURS.secondary, strokeDasharray: "2,3" }),
        ),
      Plot.text(lines, {
        x: last,
        y: "value",
        text: (d: { label: string; value: number }) => `${d.label} ${formatRate(d.value, digits)}`,
        dx: 8,
        textAnchor: "start",
        fill: COLOURS.secondary,
      }),
      Plot.line(points, { x: "date", y: "rate", stroke: "#768692", strokeWidth: 1.5 }),
      Plot.dot(points, {
        x: "date",
        y: "rate",
        r: (d: SpcPoint) => (d.spc === "outside-limits" ? 5.5 : 4),
        fill: (d: SpcPoint) => SIGNAL_COLOURS[d.spc],
        stroke: "#ffffff",
        title: (d: SpcPoint) =>
          `${formatMonth(d.month)}: ${formatRate(d.rate, digits)} (${SIGNAL_LABELS[d.spc].toLowerCase()})`,
      }),
    ],
  });
  const special = points.filter((p) => p.spc !== "common-cause");
  const lastPoint = points[points.length - 1];
  const chart = frameChart({
    name: "spc",
    width,
    title: `${MEASURE_NAMES[t.measure].title}${specialtySuffix(t)} in ${place} each month, with statistical process control limits`,
    subtitle: `${formatPeriod(t.from, t.to)}, ${t.unit}. XmR chart: the mean and process limits (mean ± 2.66 × average moving range); points inside the limits without a pattern are common-cause variation.${
      phases.length > 1
        ? ` Rebased at ${phases
            .slice(1)
            .map((p) => formatMonth(p.from))
            .join(
              ", ",
            )} (a documented break: the COVID-19 collapse): each phase has its own mean and limits.`
        : ""
    }${t.spc.trialLimits ? ` Fewer than 12 points${phases.length > 1 ? " in the current phase" : ""}: trial limits.` : ""}`,
    alt: `Line chart of ${points.length} monthly rates from ${formatMonth(t.from)} to ${formatMonth(t.to)}, ending at ${formatRate(lastPoint?.rate ?? null, digits)}.${
      phases.length > 1
        ? ` ${phases.length} phases, rebased at ${phases
            .slice(1)
            .map((p) => formatMonth(p.from))
            .join(", ")}.`
        : ""
    } Current mean ${formatRate(t.spc.mean, digits)}, process limits ${formatRate(t.spc.lowerLimit, digits)} to ${formatRate(t.spc.upperLimit, digits)}. ${special.length} of ${points.length} months show special-cause variation.`,
    meta,
    legend: swatchLegend(
      [
        { label: "Common cause", colour: SIGNAL_COLOURS["common-cause"] },
        { label: "Special cause: outside the limits", colour: SIGNAL_COLOURS["outside-limits"] },
        { label: "Special cause: run, trend or near a limit", colour: SIGNAL_COLOURS.run },
      ],
      width,
    ),
    body: { markup: (y) => plotGroup(plot, 8, y), height },
  });
  return {
    ...chart,
    data: { points: points.map(({ month, rate, spc }) => ({ month, rate, spc })), spc: t.spc },
  };
}
