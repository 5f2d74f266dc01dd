import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { crc32, deflateSync, inflateSync } from "node:zlib";

import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";

import { renderCharts } from "../../src/report/charts/index.ts";
import {
  defaultFontFiles,
  encodePng,
  PngRenderer,
  renderOptions,
  svgsToPngs,
  svgToPng,
} from "../../src/report/png.ts";
import { repoRoot } from "../helpers/cli.ts";

import { loadFixture } from "./helpers.ts";

const input = loadFixture({ boundaries: true });
const fontFiles = defaultFontFiles();

describe("PNGs drawn on the thread pool", () => {
  it("hands each chart to onChart as soon as it is drawn, in the order of the charts", () => {
    const heard: string[] = [];
    const { charts } = renderCharts(input, (name, chart) => {
      heard.push(name);
      expect(chart.svg.startsWith("<svg")).toBe(true);
    });
    expect(heard).toEqual([...charts.keys()]);
    expect(heard.length).toBeGreaterThanOrEqual(9);
  });

  it("gives the same bytes as drawing on this thread, in the order the charts were added", async () => {
    const { charts } = renderCharts(input);
    const svgs = (["regions", "waits"] as const).map((n) => charts.get(n)?.svg ?? "");
    const renderer = new PngRenderer({ fontFiles });
    for (const svg of svgs) renderer.add(svg);
    const pngs = await renderer.done();
    expect(pngs).toHaveLength(2);
    pngs.forEach((png, i) => {
      expect(png.equals(svgToPng(svgs[i] ?? "", { fontFiles }))).toBe(true);
    });
    // Different charts give different images, so the order is checked, not only the bytes.
    expect(pngs[0]?.equals(pngs[1] as Buffer)).toBe(false);
    expect(await svgsToPngs(svgs.slice(1), { fontFiles })).toEqual(pngs.slice(1));
  });

  it("rejects with resvg's message when an SVG cannot be read, once every PNG is asked for", async () => {
    const renderer = new PngRenderer({ fontFiles });
    renderer.add('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    renderer.add("not an svg");
    await expect(renderer.done()).rejects.toThrow(/svg|xml|parse|document/i);
  });
});

/**
 * A PNG decoder written from the specification (W3C PNG, 2nd ed.: chunks, CRC-32 over type and
 * data, zlib stream, the five row filters), for 8-bit RGB and RGBA: to check `encodePng` against
 * resvg's own encoder by the pixels both files hold.
 */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    types.push(type);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      expect([2, 6]).toContain(data[9]);
      channels = data[9] === 6 ? 4 : 3;
      expect([...data.subarray(10, 13)]).toEqual([0, 0, 0]);
    }
    if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  expect(types[0]).toBe("IHDR");
  expect(types[types.length - 1]).toBe("IEND");
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  expect(raw.length).toBe(height * (stride + 1));
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= channels ? (out[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (out[(y - 1) * stride + x - channels] as number) : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, Math.floor((a + b) / 2), paeth][filter];
      if (predictor === undefined) throw new Error(`bad filter ${filter}`);
      out[y * stride + x] = (value + predictor) & 255;
    }
  }
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; i++)
    out.copy(rgba, i * 4, i * channels, i * channels + channels);
  return { width, height, rgba };
}

describe("encodePng", () => {
  it("holds exactly the pixels of resvg's own PNG of each chart, in fewer bytes", () => {
    const { charts } = renderCharts(input);
    let ours = 0;
    let theirs = 0;
    for (const name of ["regions", "waits"] as const) {
      const svg = charts.get(name)?.svg ?? "";
      const image = new Resvg(svg, renderOptions({ fontFiles })).render();
      const reference = decodePng(image.asPng());
      const png = svgToPng(svg, { fontFiles });
      const decoded = decodePng(png);
      expect([decoded.width, decoded.height]).toEqual([reference.width, reference.height]);
      expect(decoded.width).toBeGreaterThan(1000); // drawn at 2×
      expect(decoded.rgba.equals(reference.rgba)).toBe(true);
      ours += png.length;
      theirs += image.asPng().length;
    }
    expect(ours).toBeLessThan(theirs);
  });

  it("encodes a tiny image exactly, and refuses pixels that do not fit the size", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 128, 1, 2, 3, 4, 5, 6, 7, 8]);
    const png = encodePng(2, 2, rgba, { deflateSync, crc32 });
    expect(decodePng(png)).toEqual({ width: 2, height: 2, rgba: Buffer.from(rgba) });
    expect(() => encodePng(2, 3, rgba, { deflateSync, crc32 })).toThrow(
      "16 bytes are not 2 × 3 RGBA pixels",
    );
  });
});

describe("the PNG worker", () => {
  it("does not keep a command from ending when its report stops before asking for the PNGs", () => {
    // Renderers abandoned, as when writing the report fails half way (one given nothing, one given
    // two SVGs and never asked for them): the process must still end by itself, not wait on them.
    const dir = mkdtempSync(join(tmpdir(), "rw-png-"));
    const script = join(dir, "abandon.ts");
    const png = pathToFileURL(join(repoRoot, "src/report/png.ts")).href;
    writeFileSync(
      script,
      `import { PngRenderer } from ${JSON.stringify(png)};
       new PngRenderer({ fontFiles: [] });
       const r = new PngRenderer({ fontFiles: [] });
       r.add('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
       setTimeout(() => r.add('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>'), 50);
       console.log("abandoned");`,
    );
    const run = spawnSync(process.execPath, ["--import", "tsx", script], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 20_000,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(run.signal).toBeNull(); // not killed by the timeout
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("abandoned\n");
  });
});
