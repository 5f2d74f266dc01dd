/** Renders every chart of the report from its input, in the order the page shows them. */
import { featureProperty } from "../geo.ts";
import { leadingView } from "../need-view.ts";
import type { ReportInput } from "../types.ts";
import { needSource, OS_ATTRIBUTION, rateSource, waitsSource } from "../words.ts";

import type { Chart } from "./frame.ts";
import { funnelChart } from "./funnel.ts";
import { mapChart, PHONE_MAP } from "./map.ts";
import { rankedCharts } from "./ranked.ts";
import { regionsChart } from "./regions.ts";
import { spcChart } from "./spc.ts";
import { specialtiesChart } from "./specialties.ts";
import { waitsChart } from "./waits.ts";
import { withinIcsChart } from "./within-ics.ts";

export type { Chart } from "./frame.ts";

/** A chart with the data it plots (written to figures.json). */
export type ChartWithData = Chart & { data: unknown };

/** Every chart a report can draw, in the order the page shows them (each is charts/<name>.svg|png). */
export const CHART_NAMES = [
  "map",
  "map-phone",
  "ranked",
  "ranked-2",
  "funnel",
  "regions",
  "within-ics",
  "specialties",
  "waits",
  "spc",
] as const;

export type ChartName = (typeof CHART_NAMES)[number];

/** True when any result in the input was built from synthetic data. */
export function isSynthetic(input: ReportInput): boolean {
  return [
    input.variation,
    ...input.specialties,
    input.trend,
    input.waits,
    input.waitsByCommissioner,
  ].some((r) => r?.source.synthetic === true);
}

/**
 * All charts, keyed by name, plus warnings (no boundaries: no map; areas missing from the map).
 * `onChart` hears of each chart as soon as it is drawn (the report starts its PNG then).
 * @example renderCharts(input).charts.get('funnel')?.svg
 */
export function renderCharts(
  input: ReportInput,
  onChart?: (name: ChartName, chart: ChartWithData) => void,
): {
  charts: Map<ChartName, ChartWithData>;
  warnings: string[];
} {
  const synthetic = isSynthetic(input);
  const v = input.variation;
  const rates = { source: rateSource(v.source.populationVintage), synthetic };
  // The map, ranked chart and funnel lead with the basis the user picked (--measure-basis), as the
  // headlines do; on the need-adjusted basis their source names the need-weighted populations.
  const lead = leadingView(v);
  const leadMeta =
    lead !== v && v.needAdjusted
      ? { source: needSource(v.needAdjusted.citation), synthetic }
      : rates;
  const warnings: string[] = [];
  const drawn = new Map<ChartName, ChartWithData>();
  const charts = {
    set(name: ChartName, chart: ChartWithData) {
      drawn.set(name, chart);
      onChart?.(name, chart);
    },
  };
  if (input.boundaries) {
    const b = input.boundaries;
    const withAttribution = { ...b, attribution: b.attribution ?? OS_ATTRIBUTION };
    charts.set("map", mapChart(lead, withAttribution, leadMeta));
    charts.set("map-phone", mapChart(lead, withAttribution, leadMeta, PHONE_MAP));
    const mapped = new Set(b.areas.features.map((f) => featureProperty(f, "code")));
    const missing = v.areas.filter((a) => !mapped.has(a.code)).map((a) => a.code);
    if (missing.length > 0) {
      warnings.push(
        `map: ${missing.length} area(s) have no boundary and are not shown: ${missing.join(", ")}`,
      );
    }
  } else {
    warnings.push("map: no boundaries were given, so the report has no map");
  }
  for (const chart of rankedCharts(lead, leadMeta)) charts.set(chart.name as ChartName, chart);
  charts.set("funnel", funnelChart(lead, leadMeta));
  // Regions on the leading basis too, unless no region has a need-adjusted ratio.
  charts.set(
    "regions",
    lead !== v && lead.regions.length > 0
      ? regionsChart(lead, leadMeta, undefined, v.regions.length - lead.regions.length)
      : regionsChart(v, rates),
  );
  charts.set("within-ics", withinIcsChart(v, rates));
  if (input.specialties.length > 0)
    charts.set("specialties", specialtiesChart(input.specialties, rates));
  charts.set("waits", waitsChart(input.waits, { source: waitsSource(), synthetic }));
  if (input.trend) {
    charts.set(
      "spc",
      spcChart(input.trend, {
        source: rateSource(input.trend.source.populationVintage),
        synthetic,
      }),
    );
  }
  return { charts: drawn, warnings };
}
