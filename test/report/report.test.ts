import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderReport } from "../../src/report/index.ts";
import type { RenderReportResult } from "../../src/report/types.ts";

import { loadFixture } from "./helpers.ts";

const NOW = new Date("2025-05-01T09:00:00Z");
const TITLE = "Ration Watch: test edition";
const CHARTS = [
  "funnel",
  "map",
  "map-phone",
  "ranked",
  "regions",
  "spc",
  "specialties",
  "waits",
  "within-ics",
];
const input = loadFixture({ boundaries: true });
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "rw-report-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The PDF's text, one string per page (pdftotext separates pages with form feeds). */
function pdfPages(path: string): string[] {
  const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  return text.split("\f").filter((page) => page.trim().length > 0);
}

describe("renderReport with Chromium", () => {
  let out: string;
  let result: RenderReportResult;
  const progress: string[] = [];

  beforeAll(async () => {
    out = tempDir();
    result = await renderReport(input, {
      outDir: out,
      now: NOW,
      title: TITLE,
      onProgress: (done, total, label) => progress.push(`${done}/${total} ${label}`),
    });
  });

  it("writes every output and reports it, with no warnings", () => {
    expect(result.warnings).toEqual([]);
    const expected = [
      ...CHARTS.flatMap((c) => [`charts/${c}.png`, `charts/${c}.svg`]),
      "figures.json",
      "report.html",
      "report.pdf",
      "tables.xlsx",
    ].map((f) => join(out, f));
    expect([...result.files].sort()).toEqual(expected.sort());
    for (const f of result.files) expect(existsSync(f)).toBe(true);
    expect(readdirSync(join(out, "charts")).sort()).toEqual(
      CHARTS.flatMap((c) => [`${c}.png`, `${c}.svg`]).sort(),
    );
    expect(progress).toEqual([
      "1/6 charts",
      "2/6 report.html",
      "3/6 tables.xlsx",
      "4/6 figures.json",
      "5/6 chart files",
      "6/6 report.pdf",
    ]);
  });

  it("prints an A4 PDF with the title, the synthetic banner on every page and page numbers", () => {
    const pdf = join(out, "report.pdf");
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
    const texts = pdfPages(pdf);
    expect(texts).toHaveLength(pages);
    expect(texts[0]).toContain(TITLE);
    texts.forEach((text, i) => {
      expect(text).toContain("Synthetic demonstration data — not real NHS figures");
      expect(text).toContain(`Page ${i + 1} of ${pages}`);
    });
  });

  it("keeps each chart whole on one page", () => {
    const texts = pdfPages(join(out, "report.pdf"));
    // Every chart ends with its own synthetic label; a chart split across pages would leave a
    // page with a chart title but without the label that closes it.
    const label = "Synthetic demonstration data, not real NHS figures.";
    const titles = [
      "all 21 areas ranked",
      "Funnel plot: patients treated",
      "population per month, by NHS region",
      "For each ICS with two or more areas",
      "How widely areas vary, by specialty",
      "Share of the waiting list waiting under 18 weeks",
      "each month, with statistical process control",
      "population per month, by area",
    ];
    let charts = 0;
    for (const text of texts) {
      const onPage = titles.filter((t) => text.includes(t)).length;
      charts += onPage;
      expect(text.split(label).length - 1).toBe(onPage);
    }
    expect(charts).toBe(titles.length);
  });

  it("writes figures.json with the input results unchanged and every chart's data", () => {
    const figures = JSON.parse(readFileSync(join(out, "figures.json"), "utf8"));
    expect(figures.generatedAt).toBe("2025-05-01T09:00:00.000Z");
    expect(figures.title).toBe(TITLE);
    expect(figures.synthetic).toBe(true);
    expect(figures.input.variation).toEqual(input.variation);
    expect(figures.input.specialties).toEqual(input.specialties);
    expect(figures.input.trend).toEqual(input.trend);
    expect(figures.input.waits).toEqual(input.waits);
    expect(figures.input.boundaries).toEqual({ areas: 21, icbs: 4, regions: 3, attribution: null });
    expect(Object.keys(figures.charts).sort()).toEqual(CHARTS);
    expect(figures.charts.ranked.data).toHaveLength(21);
    expect(figures.sentences.headlines).toEqual(input.variation.headlines);
  });

  it("writes the chart files as the SVG and a PNG twice its size", () => {
    const svg = readFileSync(join(out, "charts/regions.svg"), "utf8");
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    const png = readFileSync(join(out, "charts/regions.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(2 * Number(w));
    expect(png.readUInt32BE(20)).toBe(2 * Number(h));
  });
});

describe("renderReport without Chromium", () => {
  it("warns clearly and still writes every other output", async () => {
    const out = tempDir();
    const result = await renderReport(input, {
      outDir: out,
      now: NOW,
      chromiumPath: "/nonexistent/chromium",
    });
    expect(result.warnings).toEqual([
      "report.pdf not written: Chromium not found at /nonexistent/chromium (install Debian's chromium package, or give the path of a Chromium executable with --chromium PATH or RATIONWATCH_CHROMIUM)",
    ]);
    expect(existsSync(join(out, "report.pdf"))).toBe(false);
    for (const f of [
      "report.html",
      "tables.xlsx",
      "figures.json",
      "charts/map.svg",
      "charts/spc.png",
    ]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    expect(result.files).toHaveLength(CHARTS.length * 2 + 3);
  });

  it("warns when the executable exists but is not a browser", async () => {
    const out = tempDir();
    const result = await renderReport(input, {
      outDir: out,
      now: NOW,
      chromiumPath: "/bin/false",
      png: false,
    });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^report\.pdf not written: Chromium at \/bin\/false did not start \(/,
    );
    expect(existsSync(join(out, "report.html"))).toBe(true);
    expect(existsSync(join(out, "charts/map.png"))).toBe(false);
  });
});

describe("renderReport into a folder an earlier report wrote", () => {
  it("removes the report files this run does not write, names them, and keeps anything else", async () => {
    const out = tempDir();
    await renderReport(input, { outDir: out, now: NOW, pdf: false });
    // An earlier PDF, and files of the user's own that happen to sit in the folder.
    writeFileSync(join(out, "report.pdf"), "%PDF-1.4 earlier");
    writeFileSync(join(out, "notes.txt"), "mine");
    writeFileSync(join(out, "charts", "custom.png"), "mine");
    // This window has no trend and no boundaries: no SPC chart, no maps; and no PNGs asked for.
    const smaller = { ...loadFixture(), trend: null };
    const result = await renderReport(smaller, { outDir: out, now: NOW, pdf: false, png: false });
    const kept = CHARTS.filter((c) => !["map", "map-phone", "spc"].includes(c));
    const removed = [
      "report.pdf",
      "charts/map.svg",
      "charts/map.png",
      "charts/map-phone.svg",
      "charts/map-phone.png",
      "charts/ranked.png",
      "charts/funnel.png",
      "charts/regions.png",
      "charts/within-ics.png",
      "charts/specialties.png",
      "charts/waits.png",
      "charts/spc.svg",
      "charts/spc.png",
    ];
    expect(result.warnings).toEqual([
      "map: no boundaries were given, so the report has no map",
      `removed ${removed.join(", ")}: left in ${out} by an earlier report, and not part of this one`,
    ]);
    for (const name of removed) expect(existsSync(join(out, name))).toBe(false);
    expect(readdirSync(join(out, "charts")).sort()).toEqual(
      ["custom.png", ...kept.map((c) => `${c}.svg`)].sort(),
    );
    expect(readdirSync(out).sort()).toEqual(
      ["charts", "figures.json", "notes.txt", "report.html", "tables.xlsx"].sort(),
    );
    // The page links each chart's SVG, and no PNG when there are none.
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain('<a href="charts/ranked.svg">SVG</a></span>');
    expect(html).not.toContain(".png");
    // Run again: nothing left over, nothing said.
    const again = await renderReport(smaller, { outDir: out, now: NOW, pdf: false, png: false });
    expect(again.warnings).toEqual(["map: no boundaries were given, so the report has no map"]);
  });
});

describe("renderReport that fails on the way", () => {
  it("leaves the folder as the earlier report left it, and no partial files", async () => {
    const out = tempDir();
    await renderReport(input, { outDir: out, now: NOW, pdf: false, png: false });
    const before = snapshot(out);
    const failing = renderReport(
      { ...input, trend: null },
      {
        outDir: out,
        now: new Date("2026-01-01T00:00:00Z"),
        pdf: false,
        png: false,
        // Fails once the charts, report.html and the workbook are written.
        onProgress: (_done, _total, label) => {
          if (label === "tables.xlsx") throw new Error("disk full, say");
        },
      },
    );
    await expect(failing).rejects.toThrow("disk full, say");
    expect(snapshot(out)).toEqual(before);
  });
});

/** Every file under `dir` (hidden ones too) with its bytes, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    files[path.slice(dir.length + 1)] = readFileSync(path).toString("base64");
  }
  return files;
}
