/**
 * The map of an intervention's restriction status by area: each sub-ICB location shaded by the
 * policy in force on the overlay's day (restricts beyond guidance, restricts, routinely
 * commissioned, no policy on record), region outlines, London enlarged in an inset. Same frame,
 * projection and source line as the report's rate map.
 */
import type { RestrictionOverlay, RestrictionStatus } from "../analysis/restrictions.ts";
import { Plot } from "../report/chart-deps.ts";
import {
  frameChart,
  plotDocument,
  plotGroup,
  swatchLegend,
  type Chart,
} from "../report/charts/frame.ts";
import {
  roundPaths,
  londonInset,
  PHONE_MAP,
  REPORT_MAP,
  type MapLayout,
} from "../report/charts/map.ts";
import { COLOURS, type ChartMeta } from "../report/charts/theme.ts";
import { featureProperty, prepareForMap, type GeoFeature } from "../report/geo.ts";
import type { ReportBoundaries } from "../report/types.ts";

/** Orange for restricting (deeper beyond guidance), blue for routine: safe for colour blindness. */
export const STATUS_COLOURS: Record<RestrictionStatus, string> = {
  "beyond-guidance": "#a64b00",
  restricted: "#f2b574",
  "not-restricted": "#5b9bd5",
  "no-record": "#d8dde0",
};

export const STATUS_LABELS: Record<RestrictionStatus, string> = {
  "beyond-guidance": "Restricts beyond NICE / EBI guidance",
  restricted: "Restricts (not recorded as beyond guidance)",
  "not-restricted": "Routinely commissioned",
  "no-record": "No policy on record",
};

const STATUS_ORDER: RestrictionStatus[] = [
  "beyond-guidance",
  "restricted",
  "not-restricted",
  "no-record",
];

export { PHONE_MAP, REPORT_MAP };

/** The status map (`layout` REPORT_MAP for the page, PHONE_MAP for a phone). */
export function statusMapChart(
  o: RestrictionOverlay,
  boundaries: ReportBoundaries,
  meta: ChartMeta,
  layout: MapLayout = REPORT_MAP,
): Chart {
  const phone = layout.name === "map-phone";
  const { width, height } = layout;
  const byCode = new Map(o.areas.map((a) => [a.code, a]));
  const fc = prepareForMap(boundaries.areas, phone ? 0.01 : 0.006);
  const mapWidth = Math.min(width - 16, Math.round(height * 0.82));
  const statusOf = (f: GeoFeature) => byCode.get(featureProperty(f, "code") ?? "")?.status;
  const fill = (f: GeoFeature) => {
    const s = statusOf(f);
    return s ? STATUS_COLOURS[s] : COLOURS.noData;
  };
  const title = (f: GeoFeature) => {
    const a = byCode.get(featureProperty(f, "code") ?? "");
    return a
      ? `${a.name} (${a.code}): ${STATUS_LABELS[a.status]}`
      : `${featureProperty(f, "name") ?? ""}: not an area of this geography`;
  };
  // London's five ICBs (their areas are specks at national scale).
  const londonCodes = new Set(
    o.areas.filter((a) => /^Q(KK|MF|MJ|RV|WE)$/.test(a.icbCode ?? "")).map((a) => a.code),
  );
  const london = prepareForMap(boundaries.areas, 0.001).features.filter((f) =>
    londonCodes.has(featureProperty(f, "code") ?? ""),
  );
  const plot = Plot.plot({
    document: plotDocument(),
    width: mapWidth,
    height,
    margin: 4,
    projection: { type: "transverse-mercator", rotate: [2, -49], domain: fc },
    marks: [
      Plot.geo(fc.features, {
        clip: "frame",
        fill,
        stroke: "#ffffff",
        strokeWidth: phone ? 0.3 : 0.4,
        title,
      }),
      ...(boundaries.regions
        ? [
            Plot.geo(prepareForMap(boundaries.regions, 0.006).features, {
              stroke: COLOURS.text,
              strokeWidth: phone ? 1.2 : 1.6,
            }),
          ]
        : []),
    ],
  });
  const inset = londonInset({
    london,
    fill,
    title,
    phone,
    width,
    mapWidth,
    top: () => 8,
  });
  const count = (s: RestrictionStatus) => o.areas.filter((a) => a.status === s).length;
  const legend = swatchLegend(
    STATUS_ORDER.map((s) => ({
      label: `${STATUS_LABELS[s]} (${count(s)})`,
      colour: STATUS_COLOURS[s],
    })),
    width,
  );
  const day = o.asOf;
  const alt = `Map of ${o.areas.length} sub-ICB areas of England shaded by their policy on ${o.intervention.name.toLowerCase()} on ${day}: ${STATUS_ORDER.map((s) => `${STATUS_LABELS[s]}: ${count(s)}`).join("; ")}.`;
  return frameChart({
    name: layout.name === "map" ? "status-map" : "status-map-phone",
    width,
    title: `${o.intervention.name}: policy in force by area, ${day}`,
    subtitle: `Each sub-ICB location shaded by the commissioning policy the registry holds for it (approved records). Black lines: NHS regions.${inset ? " London is enlarged in the inset." : ""}`,
    alt,
    meta: {
      ...meta,
      source: `${meta.source} ${boundaries.attribution ?? "Contains OS data © Crown copyright and database right 2022."}`,
    },
    legend,
    body: { markup: (y) => roundPaths(plotGroup(plot, 0, y)) + (inset?.(y) ?? ""), height },
  });
}
