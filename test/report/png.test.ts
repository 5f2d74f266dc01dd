import { inflateSync, crc32 } from "node:zlib";

import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";

import { defaultFontFiles, encodePng, svgToPng, svgsToPngs } from "../../src/report/png.ts";

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40" viewBox="0 0 60 40">
  <rect x="5" y="5" width="30" height="20" fill="#005eb8"/>
  <circle cx="45" cy="25" r="10" fill="#d5281b" fill-opacity="0.5"/>
  <text x="4" y="36" font-size="8">Rate 1.23</text>
</svg>`;

/** The chunks of a PNG, each checked against its CRC. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(typeAndData));
    out.push({
      type: typeAndData.subarray(0, 4).toString("latin1"),
      data: typeAndData.subarray(4),
    });
    at += 12 + length;
  }
  return out;
}

/** The RGBA pixels of a PNG `encodePng` wrote (8-bit RGBA, every row unfiltered). */
function pixelsOf(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const parts = chunks(png);
  expect(parts.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
  const header = parts[0]!.data;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  expect([...header.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const raw = inflateSync(parts[1]!.data);
  const stride = width * 4;
  expect(raw.length).toBe((stride + 1) * height);
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (stride + 1)]).toBe(0);
    raw.copy(rgba, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, rgba };
}

describe("PNG charts", () => {
  const fontFiles = defaultFontFiles();

  it("encode exactly the pixels resvg draws, at twice the size", async () => {
    const [png] = await svgsToPngs([SVG], { fontFiles });
    const drawn = new Resvg(SVG, {
      fitTo: { mode: "zoom", value: 2 },
      background: "#ffffff",
      font: { fontFiles, loadSystemFonts: fontFiles.length === 0 },
    }).render();
    const got = pixelsOf(png as Buffer);
    expect([got.width, got.height]).toEqual([120, 80]);
    expect(got.rgba.equals(drawn.pixels)).toBe(true);
    // The half-transparent circle is drawn over the white background: red mixed with white.
    const at = (40 * 120 + 90) * 4;
    expect([...got.rgba.subarray(at, at + 4)]).toEqual([...drawn.pixels.subarray(at, at + 4)]);
    expect(got.rgba[at + 3]).toBe(255);
  });

  it("give each SVG its own PNG, in order, the same size as svgToPng's", async () => {
    const wide = SVG.replace('width="60"', 'width="90"').replace("0 0 60 40", "0 0 90 40");
    const pngs = await svgsToPngs([SVG, wide], { fontFiles });
    expect(pngs.map((p) => p.readUInt32BE(16))).toEqual([120, 180]);
    expect(svgToPng(wide, { fontFiles }).readUInt32BE(16)).toBe(180);
  });

  it("refuse pixels that do not fill the image", async () => {
    await expect(encodePng(2, 2, Buffer.alloc(15))).rejects.toThrow(
      "15 bytes are not 2×2 RGBA pixels",
    );
  });
});
