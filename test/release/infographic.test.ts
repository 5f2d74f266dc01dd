// Infographics: three social sizes, SVG + PNG + alt text, the release's headline word for word,
// the synthetic label on demo data, source, licence and vintage, and legible at phone size: every
// text at least minFontSize(width), none running off the image or into another (measured by
// rendering each text with the real font).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Resvg } from "@resvg/resvg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  atPath,
  buildRelease,
  formatFigure,
  plainText,
  type Release,
} from "../../src/release/content.ts";
import { writeRelease } from "../../src/release/index.ts";
import {
  INFOGRAPHIC_SIZES,
  SYNTHETIC_INFOGRAPHIC_LABEL,
  buildInfographics,
  minFontSize,
} from "../../src/release/infographic.ts";
import { areaLabel, formatRate } from "../../src/report/format.ts";
import { defaultFontFiles } from "../../src/report/png.ts";
import { asReal, loadFixture } from "../report/helpers.ts";

const NOW = new Date("2025-05-01T09:00:00Z");
const input = loadFixture();
let dir: string;
let release: Release;
let figures: {
  infographics: Array<{
    svg: string;
    png: string;
    altFile: string;
    width: number;
    height: number;
    alt: string;
    headlineFigure: string;
  }>;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-infographic-"));
  const out = await writeRelease(input, { outDir: dir, now: NOW, infographics: true });
  release = out.release;
  figures = JSON.parse(readFileSync(join(dir, "figures.json"), "utf8")) as typeof figures;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unescape = (s: string) =>
  s
    .replace(/<[^>]+>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");

/** Every <text> element: its font size and its words. */
function texts(svg: string): Array<{ element: string; size: number; text: string }> {
  return [...svg.matchAll(/<text ([^>]*)>(.*?)<\/text>/g)].map((m) => ({
    element: m[0],
    size: Number(/font-size="([\d.]+)"/.exec(m[1] ?? "")?.[1] ?? NaN),
    text: unescape(m[2] ?? ""),
  }));
}

/** All the image's words in reading order, one space between. */
const words = (svg: string) =>
  texts(svg)
    .map((t) => t.text)
    .join(" ");

/** Renders each text alone and checks it lies inside the image and overlaps no other text. */
function checkLayout(svg: string, g: { width: number; height: number; file?: string }): void {
  const fontFiles = defaultFontFiles();
  if (fontFiles.length === 0) throw new Error("no fonts: apt-get install fonts-liberation");
  const open = svg.slice(0, svg.indexOf(">") + 1);
  const where = `${g.width}x${g.height}`;
  const boxes = texts(svg).map((t) => {
    const b = new Resvg(`${open}${t.element}</svg>`, {
      font: { fontFiles, loadSystemFonts: false, defaultFontFamily: "Liberation Sans" },
    }).innerBBox();
    if (!b) throw new Error(`nothing drawn for ${t.element}`);
    return { text: t.text, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height };
  });
  for (const b of boxes) {
    expect(b.x0, `${where}: ${b.text}`).toBeGreaterThanOrEqual(0);
    expect(b.y0, `${where}: ${b.text}`).toBeGreaterThanOrEqual(0);
    expect(b.x1, `${where}: ${b.text}`).toBeLessThanOrEqual(g.width);
    expect(b.y1, `${where}: ${b.text}`).toBeLessThanOrEqual(g.height);
  }
  boxes.forEach((a, i) => {
    for (const b of boxes.slice(i + 1)) {
      const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      expect(overlap, `${where}: "${a.text}" overlaps "${b.text}"`).toBe(false);
    }
  });
}

const png = (name: string) => readFileSync(join(dir, "infographics", `${name}.png`));

describe("infographics", () => {
  it("writes SVG, PNG and alt text in 1080×1080, 1200×675 and 1080×1350", () => {
    expect(INFOGRAPHIC_SIZES.map((s) => `${s.width}x${s.height}`)).toEqual([
      "1080x1080",
      "1200x675",
      "1080x1350",
    ]);
    for (const s of INFOGRAPHIC_SIZES) {
      const name = `infographic-${s.width}x${s.height}`;
      for (const ext of ["svg", "png", "alt.txt"]) {
        expect(existsSync(join(dir, "infographics", `${name}.${ext}`)), `${name}.${ext}`).toBe(
          true,
        );
      }
      const bytes = png(name);
      // PNG signature, then IHDR's width and height: the exact social size, not twice it.
      expect(bytes.subarray(1, 4).toString()).toBe("PNG");
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([s.width, s.height]);
      const svg = readFileSync(join(dir, "infographics", `${name}.svg`), "utf8");
      expect(svg).toContain(`width="${s.width}" height="${s.height}"`);
    }
  });

  it("lists each in figures.json with the alt text written next to it", () => {
    expect(figures.infographics).toHaveLength(3);
    for (const g of figures.infographics) {
      expect(readFileSync(join(dir, g.altFile), "utf8")).toBe(`${g.alt}\n`);
      expect(existsSync(join(dir, g.svg)) && existsSync(join(dir, g.png))).toBe(true);
      expect(g.alt).toContain(plainText(release.headline));
      expect(g.alt.startsWith(`Infographic: Ration Watch`)).toBe(true);
    }
  });

  it("shows the headline exactly as the release words it, and its figure large, traced to figures.json", () => {
    const headline = plainText(release.headline);
    const ratio = release.headline.find((p) => typeof p !== "string" && p.kind === "ratio");
    expect(ratio).toBeDefined(); // the fixture's top and bottom areas both lie outside the range
    for (const g of figures.infographics) {
      const svg = readFileSync(join(dir, g.svg), "utf8");
      expect(words(svg)).toContain(headline);
      expect(g.headlineFigure).toBe("input.variation.spread.eq");
      const shown = formatFigure(atPath(figures, g.headlineFigure), "ratio");
      expect(words(svg)).toContain(`${shown} times as many`);
      if (g.width !== 1200) expect(words(svg)).toContain(`${shown}×`);
    }
  });

  it("names the highest and lowest areas with their rates, and every region", () => {
    const ranked = [...input.variation.areas].sort((a, b) => a.rank - b.rank);
    const top = ranked[0];
    const bottom = ranked[ranked.length - 1];
    if (!top || !bottom) throw new Error("fixture has areas");
    for (const g of figures.infographics) {
      const all = words(readFileSync(join(dir, g.svg), "utf8"));
      for (const a of [top, bottom]) {
        expect(all, g.svg).toContain(areaLabel(a).split(" ")[0]);
        expect(all, g.svg).toContain(formatRate(a.rate, 2));
      }
      for (const region of input.variation.regions) {
        expect(all, g.svg).toContain(formatRate(region.rate, 2));
        expect(g.alt).toContain(`${region.name} ${formatRate(region.rate, 2)}`);
      }
      expect(all).toContain(`England ${formatRate(input.variation.england.rate, 2)}`);
    }
  });

  it("carries source, licence and vintage, and the synthetic label on demo data", () => {
    for (const g of figures.infographics) {
      const all = words(readFileSync(join(dir, g.svg), "utf8"));
      expect(all).toContain(SYNTHETIC_INFOGRAPHIC_LABEL);
      expect(g.alt).toContain(SYNTHETIC_INFOGRAPHIC_LABEL);
      expect(all).toContain("Source: NHS England RTT, Apr 2022 to Mar 2023;");
      expect(all).toContain(input.variation.source.populationVintage.split(" ")[0] ?? "");
      expect(all.replace(/\s+/g, " ")).toContain(
        "Contains public sector information licensed under the Open Government Licence v3.0.",
      );
    }
    const real = buildInfographics(asReal(input), { ...release, synthetic: false }, { now: NOW });
    for (const g of real) {
      expect(g.svg).not.toMatch(/synthetic/i);
      expect(g.alt).not.toMatch(/synthetic/i);
    }
  });

  it("is legible at phone size: no text below the minimum font size (every text sets its own)", () => {
    expect(minFontSize(1080)).toBe(26);
    expect(minFontSize(1200)).toBe(29);
    for (const g of figures.infographics) {
      const svg = readFileSync(join(dir, g.svg), "utf8");
      const all = texts(svg);
      expect(all.length).toBeGreaterThan(15);
      for (const t of all) {
        expect(t.size, t.element).toBeGreaterThanOrEqual(minFontSize(g.width));
      }
      // No text inherits a size from elsewhere, and nothing is scaled down by a transform.
      expect(svg).not.toMatch(/transform=|font-size="?\d*px|<style/);
    }
  });

  it("keeps every text inside the image and clear of every other (rendered with the real font)", () => {
    for (const g of figures.infographics) {
      checkLayout(readFileSync(join(dir, g.svg), "utf8"), g);
    }
  });

  it("fits England's seven regions and long area names in every size", () => {
    const names = [
      "North East and Yorkshire",
      "North West",
      "Midlands",
      "East of England",
      "London",
      "South East",
      "South West",
    ];
    const base = input.variation.regions[0];
    if (!base) throw new Error("fixture has regions");
    const v = input.variation;
    const long = {
      ...input,
      variation: {
        ...v,
        regions: names.map((name, i) => ({ ...base, name, rate: base.rate * (1 - i * 0.05) })),
        areas: v.areas.map((a, i) =>
          i % 2 === 0
            ? { ...a, name: "NHS Bath and North East Somerset, Swindon and Wiltshire ICB - 92G" }
            : a,
        ),
      },
    };
    const graphics = buildInfographics(long, release, { now: NOW });
    expect(graphics).toHaveLength(3);
    for (const g of graphics) {
      checkLayout(g.svg, g);
      for (const name of names) expect(g.alt).toContain(name);
    }
  });
});

describe("the map panel", () => {
  const mapped = loadFixture({ boundaries: true });
  const mappedRelease = buildRelease(mapped, { now: NOW });
  const graphics = buildInfographics(mapped, mappedRelease, { now: NOW });
  const MARKER = { higher: "#005eb8", similar: "#768692", lower: "#c25700" } as const;
  /** The map's group: the one translated <g> (Plot's marks), and its area paths by fill. */
  const mapGroup = (svg: string) =>
    /<g transform="translate\([^)]*\)"[^>]*>.*?<\/g><\/g>/s.exec(svg)?.[0];

  it("is drawn beside the headline in the square and portrait images, from the input's boundaries", () => {
    const codes = new Set(
      (mapped.boundaries?.areas.features ?? []).map((f) => String(f.properties?.["code"])),
    );
    // Independently: each area with a boundary, in its comparison's colour.
    const expected = { higher: 0, similar: 0, lower: 0 };
    for (const a of mapped.variation.areas) if (codes.has(a.code)) expected[a.comparedToEngland]++;
    expect(expected.higher + expected.similar + expected.lower).toBe(codes.size);
    for (const g of graphics.filter((x) => x.name !== "landscape")) {
      const group = mapGroup(g.svg);
      expect(group, g.file).toBeDefined();
      expect(words(g.svg)).toContain("Each area against England");
      for (const [c, colour] of Object.entries(MARKER)) {
        const n = (group?.match(new RegExp(`<path fill="${colour}"`, "g")) ?? []).length;
        expect(n, `${g.file} ${c}`).toBe(expected[c as keyof typeof expected]);
      }
      expect(g.alt).toContain(
        `Map, each area against england: ${expected.higher} areas above the expected range, ${expected.similar} within it and ${expected.lower} below it.`,
      );
      expect(words(g.svg)).toContain("Map boundaries: ONS; contains OS data © Crown copyright");
    }
  });

  it("lies inside the image, clear of every text, and only moved (not scaled) into place", () => {
    const fontFiles = defaultFontFiles();
    for (const g of graphics) {
      checkLayout(g.svg, g);
      const group = mapGroup(g.svg);
      if (!group) continue; // the landscape image draws the map only when the regions leave room
      expect(group).toMatch(/^<g transform="translate\([\d.]+,[\d.]+\)"/);
      const open = g.svg.slice(0, g.svg.indexOf(">") + 1);
      const m = new Resvg(`${open}${group}</svg>`, { font: { fontFiles } }).innerBBox();
      if (!m) throw new Error("the map draws nothing");
      expect(m.x).toBeGreaterThanOrEqual(0);
      expect(m.y).toBeGreaterThanOrEqual(0);
      expect(m.x + m.width).toBeLessThanOrEqual(g.width);
      expect(m.y + m.height).toBeLessThanOrEqual(g.height);
      expect(m.width * m.height).toBeGreaterThan(200 * 200); // a map, not a speck
      for (const t of texts(g.svg)) {
        const b = new Resvg(`${open}${t.element}</svg>`, {
          font: { fontFiles, loadSystemFonts: false, defaultFontFamily: "Liberation Sans" },
        }).innerBBox();
        if (!b) continue;
        const overlap =
          b.x < m.x + m.width &&
          m.x < b.x + b.width &&
          b.y < m.y + m.height &&
          m.y < b.y + b.height;
        expect(overlap, `${g.file}: "${t.text}" overlaps the map`).toBe(false);
      }
    }
  });

  it("hatches an incomplete area as the report map does, never in a comparison colour; the key and alt text say why", () => {
    const [first, ...rest] = mapped.variation.areas;
    if (!first) throw new Error("no areas");
    const gap = {
      ...first,
      share: 0.2,
      missingProviders: [{ code: "RYY", name: "Provider RYY", share: 0.2 }],
      reason: "incomplete: test",
    };
    const withGap = {
      ...mapped,
      variation: {
        ...mapped.variation,
        areas: rest,
        completeness: {
          threshold: 0.05,
          method: "",
          nonSubmitters: [],
          incomplete: [gap],
          note: "1 area is incomplete",
        },
      },
    };
    const key = "hatched: incomplete, a provider did not submit in full (left out of the regions)";
    for (const g of buildInfographics(withGap, buildRelease(withGap, { now: NOW }), { now: NOW })) {
      checkLayout(g.svg, g);
      if (g.name === "landscape") continue;
      expect(words(g.svg), g.file).toContain(key);
      // The fixture has data for every other mapped area: nothing is no-data grey, and only the
      // incomplete area is filled with the report map's hatch, defined once in the image.
      expect(words(g.svg), g.file).not.toContain("grey: no data");
      expect(mapGroup(g.svg)?.match(/<path fill="#f0f4f5"/g) ?? [], g.file).toHaveLength(0);
      const hatched = g.svg.match(/fill="url\(#rw-infographic-incomplete\)"/g) ?? [];
      expect(hatched, g.file).toHaveLength(1);
      expect(g.svg.match(/<pattern id="rw-infographic-incomplete"/g), g.file).toHaveLength(1);
      expect(g.alt, g.file).toContain(
        `Hatched, incomplete because a provider did not submit in full: ${areaLabel(gap)}.`,
      );
    }
    for (const g of graphics) {
      expect(words(g.svg)).not.toContain(key);
      expect(g.svg).not.toContain("<pattern");
    }
  });

  it("is left out when the input has no boundaries", () => {
    for (const g of buildInfographics(input, release, { now: NOW })) {
      expect(mapGroup(g.svg)).toBeUndefined();
      expect(g.alt).not.toContain("Map,");
    }
  });
});
