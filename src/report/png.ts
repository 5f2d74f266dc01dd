/** SVG → PNG with resvg, from explicit font files so the pixels do not depend on the machine. */
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { crc32, deflate } from "node:zlib";

import { Resvg, renderAsync, type RenderedImage, type ResvgRenderOptions } from "@resvg/resvg-js";

const deflateAsync = promisify(deflate);

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

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** True when every pixel of RGBA bytes is opaque (alpha 255). */
function opaque(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/**
 * Opaque RGBA pixels (8 bits a channel, rows top to bottom) as a PNG: no row filters, deflated on
 * libuv's thread pool, so several images compress side by side off the main thread.
 */
export async function encodePng(width: number, height: number, rgba: Buffer): Promise<Buffer> {
  const stride = width * 4;
  if (rgba.length !== stride * height) {
    throw new RangeError(`${rgba.length} bytes are not ${width}×${height} RGBA pixels`);
  }
  const raw = Buffer.alloc((stride + 1) * height); // each row: filter type 0, then its pixels
  for (let y = 0; y < height; y++)
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", await deflateAsync(raw, { level: 6 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * An image resvg rendered, as PNG bytes. resvg's own encoder (`asPng`) runs on the main thread and
 * took longer than the drawing; the charts have a white background, so their pixels are opaque and
 * `encodePng` writes the same pixels from the thread pool (resvg's encoder stays for any other).
 */
function pngOf(image: RenderedImage): Promise<Buffer> {
  const pixels = image.pixels;
  return opaque(pixels)
    ? encodePng(image.width, image.height, pixels)
    : Promise.resolve(image.asPng());
}

/**
 * The same pixels as `svgToPng`, rendered side by side on libuv's thread pool (resvg's
 * `renderAsync`) and encoded there too (`encodePng`), so several charts use every core.
 */
export async function svgsToPngs(
  svgs: readonly string[],
  options: { fontFiles: string[]; scale?: number },
): Promise<Buffer[]> {
  const o = renderOptions(options);
  return Promise.all(svgs.map((svg) => renderAsync(svg, o).then(pngOf)));
}
