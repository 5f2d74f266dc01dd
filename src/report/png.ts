/** SVG → PNG with resvg, from explicit font files so the pixels do not depend on the machine. */
import { existsSync } from "node:fs";

import { Resvg } from "@resvg/resvg-js";

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

/**
 * Renders an SVG string to PNG bytes at `scale` × its size. With no font files given or found it
 * falls back to the system fonts.
 * @example writeFileSync('map.png', svgToPng(svg, { fontFiles: defaultFontFiles() }))
 */
export function svgToPng(svg: string, options: { fontFiles: string[]; scale?: number }): Buffer {
  const resvg = new Resvg(svg, {
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
  });
  return resvg.render().asPng();
}
