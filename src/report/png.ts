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
 * The same PNGs as `svgToPng`, byte for byte, rendered side by side on libuv's thread pool (resvg's
 * `renderAsync`), so several charts use every core. Most of resvg's time is laying out text: it
 * re-reads the font file for each glyph it outlines (a font database shared between charts would
 * not save that), so the charts are spread over threads instead.
 */
export async function svgsToPngs(
  svgs: readonly string[],
  options: { fontFiles: string[]; scale?: number },
): Promise<Buffer[]> {
  const o = renderOptions(options);
  // Each PNG is encoded (on this thread) as soon as its drawing is done, while the other charts
  // are still drawn, rather than all of them after the last.
  return Promise.all(svgs.map(async (svg) => (await renderAsync(svg, o)).asPng()));
}
