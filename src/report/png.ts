/** SVG → PNG with resvg, from explicit font files so the pixels do not depend on the machine. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";

import { awaitedLater } from "../promises.ts";

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
 * The worker that draws and encodes PNGs: resvg's `renderAsync` (libuv's thread pool) and then its
 * `asPng` (synchronous), so neither runs on the main thread. Plain CommonJS given to the Worker as
 * code, so the same text runs from dist/ and from the sources under test; resvg is required by the
 * path this module resolves.
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { renderAsync } = require(workerData.resvg);
parentPort.on("message", ({ id, svg }) => {
  renderAsync(svg, workerData.options)
    .then((image) => { const png = image.asPng(); parentPort.postMessage({ id, png }); })
    .catch((e) => parentPort.postMessage({ id, error: String(e && e.message ? e.message : e) }));
});
`;

/**
 * Draws and encodes PNGs off the main thread, each from the moment `add` is given its SVG, so this
 * thread goes on drawing the other charts and writing the SVGs, report.html and the workbook
 * (encoding ten charts at 2× took about 0.6 s of its time when `asPng` ran here). `done`
 * resolves to the PNGs in the order added: the same bytes as `svgToPng`'s.
 */
export class PngRenderer {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    { resolve: (b: Buffer) => void; reject: (e: Error) => void }
  >();
  readonly #results: Promise<Buffer>[] = [];

  constructor(options: { fontFiles: string[]; scale?: number }) {
    const resvg = createRequire(import.meta.url).resolve("@resvg/resvg-js");
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: { resvg, options: renderOptions(options) },
    });
    this.#worker.on("message", (m: { id: number; png?: Uint8Array; error?: string }) => {
      const p = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (m.error !== undefined || !m.png) p?.reject(new Error(m.error ?? "no PNG"));
      else p?.resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
    });
    this.#worker.on("error", (e) => {
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
      this.#worker.unref();
    });
    // Held by the process only while a PNG is being drawn: a renderer left without `done()` (the
    // report failed on the way) does not keep the command from ending. (After the listeners:
    // adding one refs the worker again.)
    this.#worker.unref();
  }

  /** Starts drawing `svg`; its PNG is the next entry of `done()`'s array. */
  add(svg: string): void {
    const id = this.#results.length;
    const png = new Promise<Buffer>((resolve, reject) =>
      this.#pending.set(id, { resolve, reject }),
    );
    this.#results.push(awaitedLater(png)); // a failure surfaces at done()
    if (this.#pending.size === 1) this.#worker.ref();
    this.#worker.postMessage({ id, svg });
  }

  /** The PNGs in the order added; the worker ends once they are all in. */
  async done(): Promise<Buffer[]> {
    try {
      return await Promise.all(this.#results);
    } finally {
      await this.#worker.terminate();
    }
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
