/** SVG → PNG with resvg, from explicit font files so the pixels do not depend on the machine. */
import { existsSync } from "node:fs";

import { Resvg, renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js";

const FONT_DIRS = ["/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/dejavu"];
const FONT_FILES = [
  "LiberationSans-Regular.ttf",
  "LiberationSans-Bold.ttf",
  "LiberationSans-Italic.ttf",
  "DejaVuSans.ttf",
  "DejaVuSans-Bold.ttf",
];

/** Liberation Sans (Arial's metrics) and DejaVu Sans where installed (Debian `fonts-liberation`). */
export function defaultFontFiles(): string[] {
  return FONT_DIRS.flatMap((dir) => FONT_FILES.map((f) => `${dir}/${f}`)).filter((p) =>
    existsSync(p),
  );
}

function renderOptions(options: { fontFiles: string[]; scale?: number }): ResvgRenderOptions {
  return {
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    background: "#ffffff",
    font: {
      fontFiles: options.fontFiles,
      loadSystemFonts: options.fontFiles.length === 0,
      defaultFontFamily: "Liberation Sans",
      sansSerifFamily: "Liberation Sans",
    },
    shapeRendering: 2,
    textRendering: 1,
  };
}

/**
 * Renders an SVG string to PNG bytes at `scale` × its size. With no font files given or found it
 * falls back to the system fonts.
 * @example writeFileSync('map.png', svgToPng(svg, { fontFiles: defaultFontFiles() }))
 */
export function svgToPng(svg: string, options: { fontFiles: string[]; scale?: number }): Buffer {
  return new Resvg(svg, renderOptions(options)).render().asPng();
}

/**
 * Draws PNGs on libuv's thread pool (resvg's `renderAsync`), each from the moment `add` is given its
 * SVG, so the report's first charts are drawn while this thread draws the others and then writes
 * the SVGs, report.html and the workbook; each is encoded (`asPng`, on this thread: resvg has no
 * asynchronous encoder) as soon as it is drawn. `done` resolves to the PNGs in the order added: the
 * same bytes as `svgToPng`'s.
 */
export class PngRenderer {
  readonly #options: ResvgRenderOptions;
  readonly #results: Promise<Buffer>[] = [];

  constructor(options: { fontFiles: string[]; scale?: number }) {
    this.#options = renderOptions(options);
  }

  /** Starts drawing `svg`; its PNG is the next entry of `done()`'s array. */
  add(svg: string): void {
    const png = renderAsync(svg, this.#options).then((image) => image.asPng());
    png.catch(() => {}); // a failure surfaces at done(), not as an unhandled rejection
    this.#results.push(png);
  }

  /** The PNGs in the order added. */
  done(): Promise<Buffer[]> {
    return Promise.all(this.#results);
  }
}

/**
 * The same PNGs as `svgToPng`, byte for byte, drawn side by side on libuv's thread pool
 * (`PngRenderer`), so several charts use every core.
 */
export async function svgsToPngs(
  svgs: readonly string[],
  options: { fontFiles: string[]; scale?: number },
): Promise<Buffer[]> {
  const renderer = new PngRenderer(options);
  for (const svg of svgs) renderer.add(svg);
  return renderer.done();
}
