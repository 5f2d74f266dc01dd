/**
 * One-page summary images for social media, in the three common sizes (1080×1080, 1200×675,
 * 1080×1350): the release's headline exactly as the release words it, its headline figure, the
 * highest and lowest areas, the regions against England, a small map of every area in its
 * comparison's colour (when the input has boundaries and the image has room: beside the headline
 * in the square and portrait images, under the regions in the landscape one), the source line,
 * licence and vintage, and the synthetic-data label on demo data. Pure: builds SVG text and alt text from the report's input
 * and the release; `writeRelease` writes them (and their PNGs) to disk.
 *
 * Legible at phone size: no text is smaller than `minFontSize(width)`, 2.4% of the image's width
 * (26 px at 1080, 29 px at 1200), about 8.6 CSS pixels when a phone shows the image 360 px wide.
 * Long text wraps by an estimate of its width that errs wide; the test renders every image with the
 * real font and checks that no text runs off it.
 */
import type { AreaRate, Comparison } from "../analysis/types.ts";
import { Plot } from "../report/chart-deps.ts";
import { plotDocument, plotGroup } from "../report/charts/frame.ts";
import { incompletePattern, roundPaths } from "../report/charts/map.ts";
import { COLOURS, COMPARISON_COLOURS, FONT_FAMILY } from "../report/charts/theme.ts";
import {
  areaLabel,
  escapeXml,
  formatDate,
  formatPeriodShort,
  formatRate,
  rateDigits,
} from "../report/format.ts";
import { featureProperty, prepareForMap, type GeoFeature } from "../report/geo.ts";
import type { ReportBoundaries, ReportInput } from "../report/types.ts";
import { MEASURE_NAMES, OGL, specialtyLabel } from "../report/words.ts";

import { plainText, type FigureRef, type Release } from "./content.ts";

export type InfographicName = "square" | "landscape" | "portrait";

export interface InfographicSize {
  name: InfographicName;
  width: number;
  height: number;
}

/** The social sizes: Instagram square, X/LinkedIn/Facebook link landscape, Instagram portrait. */
export const INFOGRAPHIC_SIZES: readonly InfographicSize[] = [
  { name: "square", width: 1080, height: 1080 },
  { name: "landscape", width: 1200, height: 675 },
  { name: "portrait", width: 1080, height: 1350 },
];

/** The smallest font size allowed on an image `width` pixels wide (see the module comment). */
export function minFontSize(width: number): number {
  return Math.ceil(width * 0.024);
}

export interface Infographic extends InfographicSize {
  /** `infographic-1080x1080`: the file name without extension. */
  file: string;
  svg: string;
  /** What the image shows, in words, for screen readers and the post's alt field. */
  alt: string;
  /** The figures.json path of the headline figure it shows large. */
  headlineFigure: string;
}

export const SYNTHETIC_INFOGRAPHIC_LABEL = "SYNTHETIC DEMONSTRATION DATA: not real NHS figures";

/**
 * The width of a line of text, estimated a little wide from Liberation Sans's advance widths (in
 * em): capitals and digits are wider than lower case, spaces and punctuation narrower.
 */
function textWidth(text: string, size: number, bold: boolean): number {
  let em = 0;
  for (const ch of text) {
    if (/[A-Z]/.test(ch)) em += bold ? 0.74 : 0.69;
    else if (/[mwMW]/.test(ch)) em += 0.86;
    else if (/[0-9]/.test(ch)) em += 0.57;
    else if (/[a-z]/.test(ch)) em += bold ? 0.6 : 0.53;
    else if (/[ .,:;'()·–-]/.test(ch)) em += 0.34;
    else em += 0.8;
  }
  return em * size;
}

/** Greedy word wrap to `width` pixels; a word longer than a line is left whole on its own line. */
export function wrap(text: string, size: number, width: number, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

interface TextItem {
  x: number;
  y: number;
  size: number;
  text: string;
  bold?: boolean;
  fill?: string;
  anchor?: "start" | "end";
}

interface Shape {
  svg: string;
}

/** A vertical flow of text and shapes inside a column. */
class Column {
  y: number;
  readonly x: number;
  readonly width: number;
  private readonly items: TextItem[];
  private readonly shapes: Shape[];
  constructor(x: number, width: number, top: number, items: TextItem[], shapes: Shape[]) {
    this.x = x;
    this.width = width;
    this.y = top;
    this.items = items;
    this.shapes = shapes;
  }

  /** Wrapped text; returns the lines written. */
  text(text: string, size: number, o: { bold?: boolean; fill?: string; gap?: number } = {}) {
    const lines = wrap(text, size, this.width, o.bold);
    for (const line of lines) {
      this.y += size * 1.2;
      this.items.push({ x: this.x, y: this.y - size * 0.25, size, text: line, ...o });
    }
    this.y += o.gap ?? 0;
    return lines;
  }

  /** A label on the left (wrapping) and a value on the right, with a coloured marker. */
  row(label: string, value: string, size: number, colour: string, spacing = 0.25): void {
    const marker = size * 0.6;
    const valueWidth = textWidth(value, size, true) + size * 0.5;
    const labelX = this.x + marker + size * 0.4;
    const lines = wrap(label, size, this.width - (labelX - this.x) - valueWidth);
    const top = this.y;
    lines.forEach((line, i) => {
      const baseline = top + size * 1.2 * (i + 1) - size * 0.25;
      this.items.push({ x: labelX, y: baseline, size, text: line });
      if (i === 0) {
        this.items.push({
          x: this.x + this.width,
          y: baseline,
          size,
          text: value,
          bold: true,
          anchor: "end",
        });
        this.shapes.push({
          svg: `<rect x="${r(this.x)}" y="${r(baseline - marker)}" width="${r(marker)}" height="${r(marker)}" fill="${colour}"/>`,
        });
      }
    });
    this.y = top + size * 1.2 * lines.length + size * spacing;
  }

  /** A horizontal bar (value ÷ max of the column's width) under the previous row. */
  bar(value: number, max: number, colour: string, height: number): void {
    const w = Math.max(1, (value / max) * this.width);
    this.shapes.push({
      svg: `<rect x="${r(this.x)}" y="${r(this.y)}" width="${r(w)}" height="${r(height)}" fill="${colour}"/>`,
    });
    this.y += height + height * 0.9;
  }

  space(px: number): void {
    this.y += px;
  }
}

const r = (v: number) => Number(v.toFixed(1));

/** The headline figure: the ratio the headline quotes, else England's rate. */
function headlineFigure(
  input: ReportInput,
  release: Release,
): { big: string; caption: string; figure: string } {
  const v = input.variation;
  const noun = MEASURE_NAMES[v.measure].noun;
  const ratio = release.headline.find(
    (p): p is FigureRef => typeof p !== "string" && p.kind === "ratio",
  );
  if (ratio) {
    return {
      big: `${ratio.text}×`,
      caption: `times as many ${noun} per head in the highest area as in the lowest`,
      figure: ratio.path,
    };
  }
  return {
    big: formatRate(v.england.rate, rateDigits(v.england.rate)),
    caption: `${noun} per 1,000 residents a month in England`,
    figure: "input.variation.england.rate",
  };
}

const COMPARISON_WORDS: Record<Comparison, string> = {
  higher: "above the expected range",
  similar: "within the expected range",
  lower: "below the expected range",
};

/** Comparison colours dark enough to read as text markers on white. */
const MARKER: Record<Comparison, string> = {
  higher: COMPARISON_COLOURS.higher,
  similar: "#768692",
  lower: COMPARISON_COLOURS.lower,
};

interface Content {
  synthetic: boolean;
  title: string;
  headline: string;
  figure: ReturnType<typeof headlineFigure>;
  highest: AreaRate[];
  lowest: AreaRate[];
  digits: number;
  regions: ReportInput["variation"]["regions"];
  englandRate: number;
  source: string;
  key: string;
  map: MapData | null;
}

/** What the map panel draws: the areas' boundaries and each area's fill. */
interface MapData {
  areas: GeoFeature[];
  regions: GeoFeature[];
  fill: (f: GeoFeature) => string;
  /** How many mapped areas are above, within and below the expected range. */
  counts: Record<Comparison, number>;
  /** The mapped areas that are incomplete (a provider did not submit in full), hatched as in the report. */
  incomplete: string[];
  /** How many mapped areas have no rate (drawn in the no-data grey). */
  noData: number;
  /** "contains OS data © Crown copyright and database right 2023" (for the source line). */
  attribution: string;
}

const OS_FALLBACK = "contains OS data © Crown copyright and database right 2022";

/**
 * The map's data from the report input's boundaries (the month's vintage, see geo/boundaries.ts):
 * each area filled with its comparison's marker colour, an incomplete area (a provider did not
 * submit) or one without a rate in the no-data grey. Null without boundaries.
 */
function mapData(input: ReportInput, boundaries: ReportBoundaries | undefined): MapData | null {
  if (!boundaries || boundaries.areas.features.length === 0) return null;
  const v = input.variation;
  const incomplete = new Set((v.completeness?.incomplete ?? []).map((a) => a.code));
  const byCode = new Map(
    v.areas.filter((a) => !incomplete.has(a.code)).map((a) => [a.code, a.comparedToEngland]),
  );
  const areas = prepareForMap(boundaries.areas, 0.01).features;
  const counts: Record<Comparison, number> = { higher: 0, similar: 0, lower: 0 };
  const hatched: string[] = [];
  let noData = 0;
  for (const f of areas) {
    const code = featureProperty(f, "code") ?? "";
    const c = byCode.get(code);
    if (c) counts[c]++;
    else if (incomplete.has(code)) hatched.push(code);
    else noData++;
  }
  const names = new Map((v.completeness?.incomplete ?? []).map((a) => [a.code, areaLabel(a)]));
  const os = /contains OS data[^;]*/i.exec(boundaries.attribution ?? "")?.[0];
  return {
    areas,
    regions: boundaries.regions ? prepareForMap(boundaries.regions, 0.01).features : [],
    fill: (f) => {
      const code = featureProperty(f, "code") ?? "";
      const c = byCode.get(code);
      if (c) return MARKER[c];
      return incomplete.has(code) ? `url(#${HATCH_ID})` : COLOURS.noData;
    },
    counts,
    incomplete: hatched.map((code) => names.get(code) ?? code),
    noData,
    attribution: os ? `c${os.slice(1).replace(/\.$/, "")}` : OS_FALLBACK,
  };
}

/** The id of the hatch incomplete areas are filled with (the report map's pattern). */
const HATCH_ID = "rw-infographic-incomplete";

/** The key's words for the map's grey and hatched areas, and for regions without incomplete areas. */
function mapKey(map: MapData | null, incomplete: boolean): string {
  // Regions are summed from complete areas only (analysis/variation.ts): the panel must say so.
  const regions = incomplete ? " (left out of the regions)" : "";
  if (!map || map.incomplete.length === 0) {
    return `${incomplete ? "; regions leave out incomplete areas (a provider did not submit in full)" : ""}${map && map.noData > 0 ? "; grey: no data" : ""}`;
  }
  return `; hatched: incomplete, a provider did not submit in full${regions}${map.noData > 0 ? "; grey: no data" : ""}`;
}

/** The map panel's heading; the key in the footer gives its colours. */
const MAP_HEADING = "Each area against England";

function content(
  input: ReportInput,
  release: Release,
  now: Date,
  n: number,
  map: MapData | null,
): Content {
  const v = input.variation;
  const ranked = [...v.areas].sort((a, b) => a.rank - b.rank);
  const period = formatPeriodShort(v.from, v.to);
  return {
    synthetic: release.synthetic,
    title: `Ration Watch · ${MEASURE_NAMES[v.measure].title}, ${specialtyLabel(v).toLowerCase()} · ${period}`,
    headline: plainText(release.headline),
    figure: headlineFigure(input, release),
    highest: ranked.slice(0, n),
    lowest: ranked.slice(-n).reverse(),
    digits: rateDigits(v.england.rate),
    regions: [...v.regions].sort((a, b) => b.rate - a.rate),
    englandRate: v.england.rate,
    source: `Source: NHS England RTT, ${period}; ${v.source.populationVintage}.${map ? ` Map boundaries: ONS; ${map.attribution}.` : ""} ${OGL} Ration Watch, ${formatDate(now)}.`,
    key: `Per 1,000 residents a month. ■ above ■ within ■ below expected range${mapKey(map, (v.completeness?.incomplete.length ?? 0) > 0)}`,
    map,
  };
}

/** Draws one size; returns null when the content does not fit (the caller then shows fewer areas). */
function draw(
  size: InfographicSize,
  c: Content,
  headlineScale: number,
): { svg: string; overflow: number } {
  const { width: W, height: H } = size;
  const min = minFontSize(W);
  const u = W / 1080;
  const wide = size.name === "landscape";
  const M = Math.round(44 * u);
  const items: TextItem[] = [];
  const shapes: Shape[] = [];
  const inner = W - 2 * M;
  const full = new Column(M, inner, 0, items, shapes);

  // The top band: the title, or on demo data the synthetic label (red); the title then follows
  // it, except in the landscape image, whose source line names the period.
  const bandText = c.synthetic ? SYNTHETIC_INFOGRAPHIC_LABEL : c.title;
  const bandLines = wrap(bandText, min, inner, true);
  const band = bandLines.length * min * 1.2 + min * 0.8;
  shapes.push({
    svg: `<rect x="0" y="0" width="${W}" height="${r(band)}" fill="${c.synthetic ? "#d5281b" : COLOURS.nhsBlue}"/>`,
  });
  full.y = min * 0.4;
  full.text(bandText, min, { bold: true, fill: "#ffffff" });
  full.y = band + min * 0.5;
  if (c.synthetic && !wide) full.text(c.title, min, { bold: true, fill: COLOURS.secondary });
  full.space(min * 0.3);
  // Landscape: the headline heads the left half, and the regions take the right half's height.
  const gap = Math.round(36 * u);
  const half = (inner - gap) / 2;
  const bandBottom = full.y;
  // Square and portrait: the map takes the top right, beside the headline and its figure.
  const mapBeside = c.map !== null && !wide;
  const mapWidth = mapBeside ? Math.round(inner * 0.3) : 0;
  const mapRoom = mapBeside ? mapWidth + gap : 0;
  const lead = wide
    ? new Column(M, Math.round(inner * 0.56), full.y, items, shapes)
    : new Column(M, inner - mapRoom, full.y, items, shapes);
  const headlineSize = Math.max(min, Math.round((wide ? 40 : 54) * u * headlineScale));
  lead.text(c.headline, headlineSize, { bold: true, fill: COLOURS.darkBlue, gap: min * 0.5 });

  // The headline figure large, with its caption beside it. The landscape image has no room for it
  // twice: there the headline, which quotes it, is all.
  const bigSize = Math.round(120 * u);
  const figTop = lead.y;
  const bigWidth = textWidth(c.figure.big, bigSize, true) + min * 0.6;
  const captionSize = min + Math.round(2 * u);
  let bodyTop = wide ? lead.y : figTop;
  if (!wide) {
    items.push({
      x: M,
      y: figTop + bigSize * 0.9,
      size: bigSize,
      text: c.figure.big,
      bold: true,
      fill: COLOURS.nhsBlue,
    });
    const captionWidth = inner - bigWidth - mapRoom;
    const caption = new Column(M + bigWidth, captionWidth, figTop, items, shapes);
    const lines = wrap(c.figure.caption, captionSize, captionWidth).length;
    caption.space(Math.max(0, (bigSize - lines * captionSize * 1.2) / 2));
    caption.text(c.figure.caption, captionSize, { fill: COLOURS.text });
    bodyTop = Math.max(figTop + bigSize * 1.1, caption.y) + min * 0.5;
  }
  let mapFits = true;
  if (c.map && mapBeside) {
    // At least as tall as England is for its width; the body moves down if the headline is short.
    const height = Math.max(bodyTop - min * 0.5 - bandBottom, Math.round(mapWidth * 1.15));
    mapPanel(c.map, M + inner - mapWidth, bandBottom, mapWidth, height, min, items, shapes);
    bodyTop = Math.max(bodyTop, bandBottom + height + min * 0.5);
  }

  // Footer, from the bottom up: the colour key, then source, licence and vintage.
  const footerLines = wrap(c.source, min, inner).length + wrap(c.key, min, inner).length;
  const footerTop = H - M * 0.5 - footerLines * min * 1.2;
  shapes.push({
    svg: `<line x1="${M}" x2="${W - M}" y1="${r(footerTop - min * 0.3)}" y2="${r(footerTop - min * 0.3)}" stroke="${COLOURS.grid}" stroke-width="${r(2 * u)}"/>`,
  });
  const foot = new Column(M, inner, footerTop, items, shapes);
  foot.text(c.key, min, { fill: COLOURS.secondary });
  foot.text(c.source, min, { fill: COLOURS.secondary });

  // Body: the highest and lowest areas, and the regions against England.
  const headSize = min + Math.round(2 * u);
  const rate = (v: number) => formatRate(v, c.digits);
  const list = (col: Column, heading: string, areas: AreaRate[]) => {
    col.text(heading, headSize, { bold: true, fill: COLOURS.text, gap: min * 0.15 });
    for (const a of areas) col.row(areaLabel(a), rate(a.rate), min, MARKER[a.comparedToEngland]);
  };
  const columns: Column[] = [];
  let regionsCol: Column;
  if (size.name === "portrait") {
    const left = new Column(M, half, bodyTop, items, shapes);
    const right = new Column(M + half + gap, half, bodyTop, items, shapes);
    list(left, "Highest rates", c.highest);
    list(right, "Lowest rates", c.lowest);
    regionsCol = new Column(M, inner, Math.max(left.y, right.y) + min * 0.6, items, shapes);
    columns.push(left, right);
  } else if (wide) {
    // Landscape: a wider left half, and each area's row says whether it is highest or lowest.
    const leftWidth = lead.width;
    const left = new Column(M, leftWidth, bodyTop, items, shapes);
    for (const a of c.highest)
      left.row(`Highest: ${areaLabel(a)}`, rate(a.rate), min, MARKER[a.comparedToEngland]);
    for (const a of c.lowest)
      left.row(`Lowest: ${areaLabel(a)}`, rate(a.rate), min, MARKER[a.comparedToEngland]);
    regionsCol = new Column(
      M + leftWidth + gap,
      inner - leftWidth - gap,
      bandBottom,
      items,
      shapes,
    );
    columns.push(left);
  } else {
    const left = new Column(M, half, bodyTop, items, shapes);
    list(left, "Highest rates", c.highest);
    left.space(min * 0.4);
    list(left, "Lowest rates", c.lowest);
    regionsCol = new Column(M + half + gap, half, bodyTop, items, shapes);
    columns.push(left);
  }
  // Regions: a row each, on a pale bar as long as its rate; England's rate a dashed line.
  regionsCol.text(`Regions (England ${rate(c.englandRate)}: dashed line)`, headSize, {
    bold: true,
    fill: COLOURS.text,
    gap: min * 0.15,
  });
  const max = Math.max(c.englandRate, ...c.regions.map((g) => g.rate));
  // Bars (from zero) and England's line stop short of the rates on the right.
  const barRoom = regionsCol.width - textWidth("00.00", min, true) - min * 0.5;
  const barsTop = regionsCol.y;
  for (const g of c.regions) {
    const top = regionsCol.y;
    regionsCol.row(g.name, rate(g.rate), min, MARKER[g.comparedToEngland], wide ? 0.06 : 0.25);
    shapes.unshift({
      svg: `<rect x="${r(regionsCol.x)}" y="${r(top + min * 0.05)}" width="${r((g.rate / max) * barRoom)}" height="${r(regionsCol.y - top - min * 0.25)}" fill="${MARKER[g.comparedToEngland]}" fill-opacity="0.15"/>`,
    });
  }
  const ex = regionsCol.x + (c.englandRate / max) * barRoom;
  shapes.push({
    svg: `<line x1="${r(ex)}" x2="${r(ex)}" y1="${r(barsTop)}" y2="${r(regionsCol.y)}" stroke="${COLOURS.england}" stroke-width="${r(2 * u)}" stroke-dasharray="${r(6 * u)} ${r(4 * u)}"/>`,
  });
  let bottom = Math.max(regionsCol.y, ...columns.map((col) => col.y));
  if (c.map && wide) {
    // Landscape: under the regions, when there is room for a map worth the name.
    const top = regionsCol.y + min * 0.5;
    const height = footerTop - min * 0.8 - top;
    if (height >= Math.round(200 * u)) {
      mapPanel(c.map, regionsCol.x, top, regionsCol.width, height, min, items, shapes);
      bottom = Math.max(bottom, top + height);
    } else mapFits = false;
  }
  const overflow = bottom - (footerTop - min * 0.5);
  // A map that found no room does not fit: the caller tries again without it.
  return { svg: render(W, H, items, shapes), overflow: mapFits ? overflow : Math.max(overflow, 1) };
}

/**
 * The map panel in the box (x, y, width, height): its heading, then every area in its comparison's
 * colour with the NHS regions outlined, projected as the report's map is (transverse Mercator on
 * 2°W) and fitted to the rest of the box.
 */
function mapPanel(
  map: MapData,
  x: number,
  y: number,
  width: number,
  height: number,
  min: number,
  items: TextItem[],
  shapes: Shape[],
): void {
  const heading = new Column(x, width, y, items, shapes);
  heading.text(MAP_HEADING, min, { bold: true, fill: COLOURS.text, gap: min * 0.2 });
  const mapHeight = Math.max(1, Math.round(y + height - heading.y));
  const plot = Plot.plot({
    document: plotDocument(),
    width: Math.round(width),
    height: mapHeight,
    margin: 2,
    projection: {
      type: "transverse-mercator",
      rotate: [2, -49],
      domain: { type: "FeatureCollection", features: map.areas },
    },
    marks: [
      Plot.geo(map.areas, { fill: map.fill, stroke: "#ffffff", strokeWidth: 0.5 }),
      ...(map.regions.length > 0
        ? [Plot.geo(map.regions, { stroke: COLOURS.text, strokeWidth: 1.2 })]
        : []),
    ],
  });
  const markup = roundPaths(plotGroup(plot, r(x), r(heading.y)));
  shapes.push({ svg: map.incomplete.length > 0 ? incompletePattern(HATCH_ID) + markup : markup });
}

function render(W: number, H: number, items: TextItem[], shapes: Shape[]): string {
  const text = items.map((t) => {
    const attrs = [
      `x="${r(t.x)}"`,
      `y="${r(t.y)}"`,
      `font-size="${t.size}"`,
      `font-family="${FONT_FAMILY}"`,
      `fill="${t.fill ?? COLOURS.text}"`,
      ...(t.bold ? ['font-weight="bold"'] : []),
      ...(t.anchor === "end" ? ['text-anchor="end"'] : []),
    ].join(" ");
    return `<text ${attrs}>${keyTspans(t.text)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    ...shapes.map((s) => s.svg),
    ...text,
    "</svg>",
  ].join("\n");
}

/** The key's three squares in their comparison colours; other text escaped as it is. */
function keyTspans(text: string): string {
  if (!text.includes("■")) return escapeXml(text);
  const colours = [MARKER.higher, MARKER.similar, MARKER.lower];
  let i = 0;
  return text
    .split("■")
    .map((part, k) =>
      k === 0
        ? escapeXml(part)
        : `<tspan fill="${colours[i++] ?? COLOURS.text}">■</tspan>${escapeXml(part)}`,
    )
    .join("");
}

/** The alt text: everything the image says, in reading order. */
function altText(c: Content): string {
  const rate = (v: number) => formatRate(v, c.digits);
  const areas = (list: AreaRate[]) =>
    list
      .map((a) => `${areaLabel(a)} ${rate(a.rate)} (${COMPARISON_WORDS[a.comparedToEngland]})`)
      .join("; ");
  return [
    `Infographic: ${c.title}.`,
    ...(c.synthetic ? [`${SYNTHETIC_INFOGRAPHIC_LABEL}.`] : []),
    `${c.headline}.`,
    `${c.figure.big} ${c.figure.caption}.`,
    `Highest rates per 1,000 residents a month: ${areas(c.highest)}.`,
    `Lowest: ${areas(c.lowest)}.`,
    `Regions: ${c.regions.map((g) => `${g.name} ${rate(g.rate)} (${COMPARISON_WORDS[g.comparedToEngland]})`).join("; ")}; England ${rate(c.englandRate)}.`,
    ...(c.map
      ? [
          `Map, ${MAP_HEADING.toLowerCase()}: ${c.map.counts.higher} areas above the expected range, ${c.map.counts.similar} within it and ${c.map.counts.lower} below it.`,
          ...(c.map.incomplete.length > 0
            ? [
                `Hatched, incomplete because a provider did not submit in full: ${c.map.incomplete.join(", ")}.`,
              ]
            : []),
        ]
      : []),
    c.source,
  ].join(" ");
}

/**
 * The infographics of a release, one per size. Each shows the three highest and lowest areas, or
 * fewer (and a smaller headline) when that is what fits.
 * @example for (const g of buildInfographics(input, release, { now })) writeFileSync(`${g.file}.svg`, g.svg)
 */
export function buildInfographics(
  input: ReportInput,
  release: Release,
  o: { now: Date },
): Infographic[] {
  const map = mapData(input, input.boundaries);
  // With the map while the headline keeps at least 85% of its size and two areas each end show;
  // then without it, a large headline and three areas each end first.
  const attempts: Array<[number, number, MapData | null]> = [];
  if (map) for (const s of [1, 0.85, 0.7]) for (const n of [3, 2]) attempts.push([s, n, map]);
  for (const s of [1, 0.85, 0.7]) for (const n of [3, 2, 1]) attempts.push([s, n, null]);
  return INFOGRAPHIC_SIZES.map((size) => {
    for (const [scale, n, withMap] of attempts) {
      const c = content(input, release, o.now, n, withMap);
      const { svg, overflow } = draw(size, c, scale);
      if (overflow <= 0) {
        return {
          ...size,
          file: `infographic-${size.width}x${size.height}`,
          svg,
          alt: altText(c),
          headlineFigure: c.figure.figure,
        };
      }
    }
    // Not reached with England's names and a release headline; a bug if it is.
    throw new Error(`the infographic does not fit ${size.width}×${size.height}`);
  });
}
