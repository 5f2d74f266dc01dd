/**
 * The frame every chart shares: a standalone SVG with title, subtitle, optional legend, the Plot
 * output, and the source line, plus `<title>`/`<desc>` and `role="img"` for screen readers.
 */
import type { PlotOptions } from "@observablehq/plot";

import { parseHTML } from "../chart-deps.ts";
import { escapeXml } from "../format.ts";

import { COLOURS, FONT_FAMILY, SYNTHETIC_LABEL, type ChartMeta } from "./theme.ts";

/** A rendered chart: the SVG and the words around it (also used by the HTML and figures.json). */
export interface Chart {
  name: string;
  title: string;
  subtitle: string;
  source: string;
  alt: string;
  width: number;
  height: number;
  svg: string;
}

/** What the frame reads of a rendered Plot SVG (a linkedom element; the project has no DOM lib). */
export interface PlotSvg {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<{ remove(): void }>;
  innerHTML: string;
}

/** A fresh server-side DOM document for Observable Plot (`Plot.plot({ document, … })`). */
export function plotDocument(): PlotOptions["document"] {
  return parseHTML("<!doctype html><html><body></body></html>")
    .document as unknown as PlotOptions["document"];
}

const CHAR_WIDTH = 0.55; // average Arial advance per em, a little generous

/** Approximate width in pixels of `text` in Arial at `size`. */
export function textWidth(text: string, size: number): number {
  return text.length * size * CHAR_WIDTH;
}

/** Greedy word wrap to `width` pixels at font `size`. */
export function wrapText(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** Rounds every number in attribute values to `digits` decimals (smaller files, stable output). */
export function roundAttributes(svg: string, digits = 2): string {
  const factor = 10 ** digits;
  return svg.replace(/="([^"]*)"/g, (whole, value: string) =>
    /\d\.\d{3,}/.test(value)
      ? `="${value.replace(/-?\d*\.\d+/g, (n) => String(Math.round(Number(n) * factor) / factor))}"`
      : whole,
  );
}

/** The Plot SVG's content as a `<g>` at (x, y), keeping its presentation attributes. */
export function plotGroup(plot: unknown, x: number, y: number): string {
  const svg = plot as PlotSvg;
  const keep = ["text-anchor", "font-size", "fill"]
    .map((name) => {
      const v = svg.getAttribute(name);
      return v === null ? "" : ` ${name}="${escapeXml(v)}"`;
    })
    .join("");
  for (const style of Array.from(svg.querySelectorAll("style"))) style.remove();
  return `<g transform="translate(${x},${y})"${keep}>${svg.innerHTML}</g>`;
}

export function textLines(
  lines: string[],
  x: number,
  y: number,
  size: number,
  attrs: string,
  lineHeight = 1.3,
): string {
  return lines
    .map(
      (line, i) =>
        `<text x="${x}" y="${y + i * size * lineHeight}" font-size="${size}"${attrs}>${escapeXml(line)}</text>`,
    )
    .join("");
}

export interface FrameOptions {
  name: string;
  width: number;
  title: string;
  subtitle: string;
  alt: string;
  meta: ChartMeta;
  /** The chart body: markup placed at the origin, and its height. */
  body: { markup: (y: number) => string; height: number };
  /** Optional legend row between the subtitle and the body. */
  legend?: { markup: (y: number) => string; height: number };
}

const PAD = 16;

/** Lays out title, subtitle, legend, body and source line into one standalone SVG. */
export function frameChart(o: FrameOptions): Chart {
  const inner = o.width - 2 * PAD;
  const titleLines = wrapText(o.title, inner, 17);
  const subtitleLines = wrapText(o.subtitle, inner, 13);
  const source = o.meta.synthetic ? `${SYNTHETIC_LABEL} ${o.meta.source}` : o.meta.source;
  const sourceLines = wrapText(o.meta.source, inner, 10.5);
  let y = PAD + 15;
  const parts: string[] = [];
  parts.push(textLines(titleLines, PAD, y, 17, ` font-weight="bold" fill="${COLOURS.text}"`));
  y += (titleLines.length - 1) * 17 * 1.3 + 21;
  parts.push(textLines(subtitleLines, PAD, y, 13, ` fill="${COLOURS.secondary}"`));
  y += (subtitleLines.length - 1) * 13 * 1.3 + 12;
  if (o.legend) {
    parts.push(o.legend.markup(y));
    y += o.legend.height;
  }
  parts.push(o.body.markup(y));
  y += o.body.height + 14;
  if (o.meta.synthetic) {
    const w = textWidth(SYNTHETIC_LABEL, 11) * 1.12 + 12;
    parts.push(
      `<rect x="${PAD - 4}" y="${y - 12}" width="${w}" height="17" rx="2" fill="${COLOURS.warning}"/>`,
      textLines([SYNTHETIC_LABEL], PAD + 2, y, 11, ` font-weight="bold" fill="${COLOURS.text}"`),
    );
    y += 18;
  }
  parts.push(textLines(sourceLines, PAD, y, 10.5, ` fill="${COLOURS.secondary}"`));
  y += (sourceLines.length - 1) * 10.5 * 1.3 + PAD;
  const height = Math.ceil(y);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${o.width} ${height}" width="${o.width}" height="${height}"` +
    ` role="img" aria-label="${escapeXml(o.alt)}" font-family="${escapeXml(FONT_FAMILY)}" color="${COLOURS.text}" class="rw-chart">` +
    `<title>${escapeXml(o.title)}</title><desc>${escapeXml(o.alt)}</desc>` +
    `<rect width="${o.width}" height="${height}" fill="#ffffff"/>${parts.join("")}</svg>`;
  return {
    name: o.name,
    title: o.title,
    subtitle: o.subtitle,
    source,
    alt: o.alt,
    width: o.width,
    height,
    svg: roundAttributes(svg),
  };
}

/** A row of coloured swatches with labels, wrapping to the width. */
export function swatchLegend(
  items: Array<{ label: string; colour: string; shape?: "dot" | "line" | "dash" }>,
  width: number,
): { markup: (y: number) => string; height: number } {
  const rows: Array<Array<{ label: string; colour: string; shape?: string; x: number }>> = [[]];
  let x = PAD;
  for (const item of items) {
    const w = 22 + textWidth(item.label, 12) + 16;
    if (x + w > width - PAD && x > PAD) {
      rows.push([]);
      x = PAD;
    }
    rows[rows.length - 1]?.push({ ...item, x });
    x += w;
  }
  const rowHeight = 20;
  return {
    height: rows.length * rowHeight + 6,
    markup: (y0) =>
      rows
        .flatMap((row, r) =>
          row.map((item) => {
            const y = y0 + r * rowHeight + 10;
            const mark =
              item.shape === "line" || item.shape === "dash"
                ? `<line x1="${item.x}" x2="${item.x + 16}" y1="${y}" y2="${y}" stroke="${item.colour}" stroke-width="2"${item.shape === "dash" ? ' stroke-dasharray="4,3"' : ""}/>`
                : `<circle cx="${item.x + 7}" cy="${y}" r="5.5" fill="${item.colour}"/>`;
            return `${mark}<text x="${item.x + 22}" y="${y + 4}" font-size="12" fill="${COLOURS.text}">${escapeXml(item.label)}</text>`;
          }),
        )
        .join(""),
  };
}

export { PAD };
