import type { GeoOptions } from "@observablehq/plot";

import type { Comparison, VariationResult } from "../../analysis/types.ts";
import { Plot } from "../chart-deps.ts";
import { areaLabel, escapeXml, formatRate, rateDigits } from "../format.ts";
import { featureProperty, prepareForMap, type GeoFeature } from "../geo.ts";
import { NEED_UNIT } from "../need-view.ts";
import type { ReportBoundaries } from "../types.ts";
import { measureWithUnit, periodOf } from "../words.ts";

import {
  frameChart,
  PAD,
  plotDocument,
  plotGroup,
  textLines,
  wrapText,
  type Chart,
} from "./frame.ts";
import { COLOURS, DIVERGING_RANGE, type ChartMeta } from "./theme.ts";

export interface MapArea {
  code: string;
  name: string;
  rate: number | null;
  colour: string;
  comparedToEngland: Comparison | null;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Piecewise-linear colour from the diverging range; `t` in [-1, 1], 0 = England. */
export function divergingColour(t: number): string {
  const stops = DIVERGING_RANGE.map(hexToRgb);
  const pos = ((Math.max(-1, Math.min(1, t)) + 1) / 2) * (stops.length - 1);
  const i = Math.min(Math.floor(pos), stops.length - 2);
  const f = pos - i;
  const a = stops[i] ?? [0, 0, 0];
  const b = stops[i + 1] ?? a;
  const c = a.map((v, k) => Math.round(v + f * ((b[k] ?? v) - v)));
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Half-width of the colour scale: the 90th percentile of the areas' distances from England's rate,
 * rounded up to a round number, so one extreme area does not wash out the rest (it saturates).
 */
export function mapExtent(v: VariationResult): number {
  const gaps = v.areas.map((a) => Math.abs(a.rate - v.england.rate)).sort((a, b) => a - b);
  const p90 = Math.max(gaps[Math.min(gaps.length - 1, Math.floor(0.9 * gaps.length))] ?? 0, 1e-9);
  const step = 10 ** Math.floor(Math.log10(p90)) / 2;
  return Math.ceil(p90 / step) * step;
}

/** Each area's colour on the scale centred on England's rate. */
export function mapAreas(v: VariationResult): MapArea[] {
  const extent = mapExtent(v);
  return v.areas.map((a) => ({
    code: a.code,
    name: a.name,
    rate: a.rate,
    colour: divergingColour((a.rate - v.england.rate) / extent),
    comparedToEngland: a.comparedToEngland,
  }));
}

/** The hatch incomplete areas are filled with: grey, diagonal lines, no colour of the rate scale. */
export function incompletePattern(id: string): string {
  return `<defs><pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#dde1e3"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLOURS.secondary}" stroke-width="1.6"/></pattern></defs>`;
}

/** Legend words for the hatched areas (missing or partial submissions, analysis/completeness.ts). */
export const INCOMPLETE_LEGEND = "Incomplete: a provider did not submit in full";

function rampLegend(
  v: VariationResult,
  width: number,
  hatchId: string | null,
): { markup: (y: number) => string; height: number } {
  const extent = mapExtent(v);
  const digits = rateDigits(v.england.rate);
  const w = Math.min(420, width - 2 * PAD - 90);
  const steps = 48;
  const x0 = PAD;
  const value = (t: number) => v.england.rate + t * extent;
  return {
    height: hatchId ? 68 : 50,
    markup: (y) => {
      const rects = Array.from({ length: steps }, (_, i) => {
        const t = ((i + 0.5) / steps) * 2 - 1;
        return `<rect x="${x0 + (i * w) / steps}" y="${y + 4}" width="${w / steps + 0.5}" height="12" fill="${divergingColour(t)}"/>`;
      }).join("");
      const ticks = [-1, -0.5, 0, 0.5, 1]
        .map((t) => {
          const x = x0 + ((t + 1) / 2) * w;
          const edge = t === -1 ? "≤ " : t === 1 ? "≥ " : "";
          const label =
            t === 0
              ? `England ${formatRate(value(t), digits)}`
              : `${edge}${formatRate(Math.max(0, value(t)), digits)}`;
          const anchor = t === -1 ? "start" : t === 1 ? "end" : "middle";
          return `<line x1="${x}" x2="${x}" y1="${y + 2}" y2="${y + 20}" stroke="${COLOURS.text}" stroke-width="${t === 0 ? 1.5 : 0.8}"/><text x="${x}" y="${y + 32}" font-size="11" text-anchor="${anchor}" fill="${COLOURS.text}"${t === 0 ? ' font-weight="bold"' : ""}>${escapeXml(label)}</text>`;
        })
        .join("");
      const noData = `<rect x="${x0 + w + 24}" y="${y + 4}" width="16" height="12" fill="${COLOURS.noData}" stroke="#aeb7bd"/><text x="${x0 + w + 46}" y="${y + 14}" font-size="11" fill="${COLOURS.text}">No data</text>`;
      const incomplete = hatchId
        ? `<rect x="${x0}" y="${y + 54}" width="16" height="12" fill="url(#${hatchId})" stroke="#aeb7bd"/><text x="${x0 + 22}" y="${y + 64}" font-size="11" fill="${COLOURS.text}">${escapeXml(`${INCOMPLETE_LEGEND} (not coloured by its rate)`)}</text>`
        : "";
      return `${rects}${ticks}${noData}<text x="${x0}" y="${y + 46}" font-size="11" fill="${COLOURS.secondary}">${escapeXml(width < 600 ? `← Lower than England · Higher than England →` : `Lower than England ←   ${v.unit}   → Higher than England`)}</text>${incomplete}`;
    },
  };
}

/** True for the path commands `compactPath` reads (M, L, Z in either case). */
function isCommand(c: number): boolean {
  const lower = c | 0x20;
  return lower === 0x6d || lower === 0x6c || lower === 0x7a; // m, l, z
}

/**
 * Rewrites d3-geo's absolute `M…L…Z` paths as relative moves on a half-pixel grid, dropping
 * vertices that collapse onto the previous one: a third of the size, and no visible change. One
 * pass over the characters (a map's paths are long: a regular expression and a split per vertex
 * cost a third of drawing the map); each command's first two comma-separated numbers are read with
 * `Number`, a missing one as 0.
 */
export function compactPath(d: string, step = 0.5): string {
  const q = (v: number) => Math.round(v / step) * step;
  const fmt = (v: number) => String(Math.round(v * 100) / 100);
  let out = "";
  let px = 0;
  let py = 0;
  const n = d.length;
  let i = 0;
  while (i < n && !isCommand(d.charCodeAt(i))) i++;
  while (i < n) {
    const command = d.charCodeAt(i) | 0x20;
    let end = i + 1;
    while (end < n && !isCommand(d.charCodeAt(end))) end++;
    if (command === 0x7a) {
      out += "z";
    } else {
      const first = d.indexOf(",", i + 1);
      const hasY = first !== -1 && first < end;
      const x = Number(d.slice(i + 1, hasY ? first : end));
      let y = 0;
      if (hasY) {
        const second = d.indexOf(",", first + 1);
        y = Number(d.slice(first + 1, second !== -1 && second < end ? second : end));
      }
      const qx = q(x);
      const qy = q(y);
      if (command === 0x6d) out += `M${fmt(qx)},${fmt(qy)}`;
      else if (qx !== px || qy !== py) out += `l${fmt(qx - px)},${fmt(qy - py)}`;
      px = qx;
      py = qy;
    }
    i = end;
  }
  return out;
}

/** Every `d` attribute of some SVG markup through `compactPath`. */
export function roundPaths(markup: string): string {
  return markup.replace(/ d="([^"]*)"/g, (_, d: string) => ` d="${compactPath(d)}"`);
}

/** The five highest and five lowest areas, listed beside the map (names wrap onto two lines). */
function extremesList(v: VariationResult, x: number, y: number, width: number): string {
  const digits = rateDigits(v.england.rate);
  const sorted = [...v.areas].sort((a, b) => a.rank - b.rank);
  const n = Math.min(5, Math.floor(sorted.length / 2));
  let yy = y;
  const parts: string[] = [];
  const block = (heading: string, rows: typeof sorted) => {
    parts.push(
      `<text x="${x}" y="${yy}" font-size="12" font-weight="bold" fill="${COLOURS.text}">${escapeXml(heading)}</text>`,
    );
    yy += 19;
    for (const a of rows) {
      const lines = wrapText(areaLabel(a), width - 62, 11);
      parts.push(
        `<text x="${x}" y="${yy}" font-size="11" fill="${COLOURS.secondary}">${a.rank}</text>`,
        textLines(lines, x + 24, yy, 11, ` fill="${COLOURS.text}"`),
        `<text x="${x + width}" y="${yy}" font-size="11" font-weight="bold" text-anchor="end" fill="${COLOURS.text}">${formatRate(a.rate, digits)}</text>`,
      );
      yy += 15 * lines.length + 4;
    }
    yy += 14;
  };
  block("Highest rates", sorted.slice(0, n));
  block("Lowest rates", sorted.slice(-n));
  return parts.join("");
}

/** The bounding box of some features, as a lon/lat rectangle wound clockwise for d3-geo. */
function boxAround(features: GeoFeature[], pad: number): GeoFeature {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const g = f.geometry;
    const polygons = !g ? [] : g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    for (const ring of polygons.flat()) {
      for (const [x = 0, y = 0] of ring) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  [x0, y0, x1, y1] = [x0 - pad, y0 - pad, x1 + pad, y1 + pad];
  const ring = [
    [x0, y0],
    [x0, y1],
    [x1, y1],
    [x1, y0],
    [x0, y0],
  ];
  return { type: "Feature", properties: null, geometry: { type: "Polygon", coordinates: [ring] } };
}

/**
 * Map layouts: the report's (720 wide, the extremes and the London inset beside the map) and a
 * phone's (400 wide, the map filling the width, the London inset in the Irish Sea corner).
 */
export interface MapLayout {
  name: "map" | "map-phone";
  width: number;
  height: number;
}

export const REPORT_MAP: MapLayout = { name: "map", width: 720, height: 640 };
export const PHONE_MAP: MapLayout = { name: "map-phone", width: 400, height: 520 };

/**
 * Choropleth of each area's rate on a colour-blind-safe diverging scale centred on England's rate,
 * with ICS and region outlines when given and London enlarged in an inset (its areas are specks
 * at national scale). Projection: transverse Mercator on 2°W (as the British National Grid),
 * fitted to the areas.
 */
export function mapChart(
  v: VariationResult,
  boundaries: ReportBoundaries,
  meta: ChartMeta,
  layout: MapLayout = REPORT_MAP,
): Chart & { data: MapArea[] } {
  const { width, height } = layout;
  const phone = layout.name === "map-phone";
  const areas = mapAreas(v);
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const digits = rateDigits(v.england.rate);
  const fc = prepareForMap(boundaries.areas, phone ? 0.01 : 0.006);
  const mapWidth = Math.min(width - 16, Math.round(height * 0.82));
  // Areas whose providers did not all submit keep no colour of the scale (they would read as low):
  // hatched grey, with the reason in their tooltip.
  const incomplete = new Map((v.completeness?.incomplete ?? []).map((a) => [a.code, a]));
  const hatchId = incomplete.size > 0 ? `rw-incomplete-${layout.name}` : null;
  const fill = (f: GeoFeature) => {
    const code = featureProperty(f, "code") ?? "";
    if (hatchId && incomplete.has(code)) return `url(#${hatchId})`;
    return byCode.get(code)?.colour ?? COLOURS.noData;
  };
  const title = (f: GeoFeature) => {
    const code = featureProperty(f, "code") ?? "";
    const a = byCode.get(code);
    const gap = incomplete.get(code);
    if (gap) return `${areaLabel(gap)}: ${gap.reason}`;
    return a
      ? `${areaLabel(a)}: ${formatRate(a.rate, digits)}`
      : `${featureProperty(f, "name") ?? ""}: no data`;
  };
  const londonCodes = new Set(v.areas.filter((a) => a.regionName === "London").map((a) => a.code));
  const london = prepareForMap(boundaries.areas, 0.001).features.filter((f) =>
    londonCodes.has(featureProperty(f, "code") ?? ""),
  );
  const londonBox = london.length > 0 ? boxAround(london, 0.03) : null;
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
      ...(boundaries.icbs && !phone
        ? [
            Plot.geo(prepareForMap(boundaries.icbs, 0.006).features, {
              stroke: COLOURS.secondary,
              strokeWidth: 0.7,
            }),
          ]
        : []),
      ...(boundaries.regions
        ? [
            Plot.geo(prepareForMap(boundaries.regions, 0.006).features, {
              stroke: COLOURS.text,
              strokeWidth: phone ? 1.2 : 1.6,
            }),
          ]
        : []),
      ...(londonBox ? [Plot.geo([londonBox], { stroke: COLOURS.text, strokeWidth: 1.2 })] : []),
    ],
  });
  // The report puts the inset under the list of extremes; a phone, in the empty Irish Sea corner.
  const inset = londonInset({
    london,
    fill,
    title,
    phone,
    width,
    mapWidth,
    top: (insetHeight) => (phone ? 8 : height - insetHeight - 8),
  });
  const featureCodes = new Set(fc.features.map((f) => featureProperty(f, "code")));
  const mapped = areas.filter((a) => featureCodes.has(a.code)).length;
  const drawnIncomplete = [...incomplete.values()].filter((a) => featureCodes.has(a.code));
  const highest = [...v.areas].sort((a, b) => b.rate - a.rate)[0];
  const lowest = [...v.areas].sort((a, b) => a.rate - b.rate)[0];
  const outlines = [
    boundaries.icbs && !phone ? `grey lines: ${boundaries.parentName ?? "ICS"} boundaries` : "",
    boundaries.regions ? "black lines: NHS regions" : "",
  ]
    .filter(Boolean)
    .join("; ");
  const chart = frameChart({
    name: layout.name,
    width,
    title: `${measureWithUnit(v)}, by area`,
    subtitle: `${periodOf(v)}. ${v.unit === NEED_UNIT ? "Blue: more patients treated than England's rate implies for the area's need (a ratio above 1); orange: fewer (below 1)" : "Blue: higher than England's rate; orange: lower"}; the deeper the colour, the larger the gap.${outlines ? ` ${outlines[0]?.toUpperCase()}${outlines.slice(1)}.` : ""}${inset ? " London (boxed) is enlarged in the inset." : ""}`,
    alt: `Map of ${mapped} areas in England shaded by rate${drawnIncomplete.length > 0 ? `; ${drawnIncomplete.length} incomplete (a provider did not submit in full) hatched grey: ${drawnIncomplete.map((a) => areaLabel(a)).join(", ")}` : ""}. Highest: ${highest ? areaLabel(highest) : ""} (${formatRate(highest?.rate ?? null, digits)}); lowest: ${lowest ? areaLabel(lowest) : ""} (${formatRate(lowest?.rate ?? null, digits)}); England ${formatRate(v.england.rate, digits)}.`,
    meta: {
      ...meta,
      source: `${meta.source} ${boundaries.attribution ?? "Contains OS data © Crown copyright and database right 2022."}`,
    },
    legend: rampLegend(v, width, hatchId),
    body: {
      markup: (y) =>
        (hatchId ? incompletePattern(hatchId) : "") +
        roundPaths(plotGroup(plot, 0, y)) +
        (width - mapWidth >= 150
          ? extremesList(v, mapWidth + 16, y + 24, width - mapWidth - 32)
          : "") +
        (inset?.(y) ?? ""),
      height,
    },
  });
  return { ...chart, data: areas };
}

/**
 * London's areas drawn large in a framed box beside the map (or in a phone map's corner), since at
 * England's scale they are specks: a function of the map's top edge giving the inset's markup, or
 * null when London has no areas or there is no room. `top` places the box within the map given its height.
 */
export function londonInset(o: {
  london: GeoFeature[];
  fill: GeoOptions["fill"];
  title: GeoOptions["title"];
  phone: boolean;
  width: number;
  mapWidth: number;
  top: (insetHeight: number) => number;
}): ((y: number) => string) | null {
  const { london, phone } = o;
  const insetWidth = phone ? 120 : Math.min(180, o.width - o.mapWidth - 24);
  const insetHeight = phone ? 110 : 150;
  if (london.length === 0 || insetWidth < 100) return null;
  const inset = Plot.plot({
    document: plotDocument(),
    width: insetWidth,
    height: insetHeight,
    margin: 4,
    projection: {
      type: "transverse-mercator",
      rotate: [2, -49],
      domain: { type: "FeatureCollection", features: london },
    },
    marks: [
      Plot.geo(london, { fill: o.fill, stroke: "#ffffff", strokeWidth: 0.6, title: o.title }),
    ],
  });
  const insetX = phone ? 8 : o.mapWidth + 16;
  const insetY = o.top(insetHeight);
  return (y: number) =>
    `<g><rect x="${insetX}" y="${y + insetY}" width="${insetWidth}" height="${insetHeight}" fill="#ffffff" stroke="${COLOURS.text}" stroke-width="1.2"/>` +
    roundPaths(plotGroup(inset, insetX, y + insetY)) +
    `<text x="${insetX + 6}" y="${y + insetY + 15}" font-size="${phone ? 13 : 12}" font-weight="bold" fill="${COLOURS.text}">London</text></g>`;
}
