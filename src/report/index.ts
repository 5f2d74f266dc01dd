/**
 * The publication report: `renderReport` writes report.html, report.pdf, tables.xlsx,
 * charts/*.svg|png and figures.json from the analyses' results. It renders; it never computes a
 * figure and never queries the store.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { CHART_NAMES, isSynthetic, renderCharts } from "./charts/index.ts";
import { buildFigures } from "./figures.ts";
import { renderHtml } from "./html.ts";
import { defaultFontFiles, PngRenderer } from "./png.ts";
import { defaultTitle } from "./text.ts";
import type { RenderReportOptions, RenderReportResult, ReportInput } from "./types.ts";

export type {
  ReportBoundaries,
  ReportInput,
  RenderReportOptions,
  RenderReportResult,
  ReportProgress,
} from "./types.ts";
export type { GeoFeature, GeoFeatureCollection } from "./geo.ts";
export { renderCharts } from "./charts/index.ts";
export { renderHtml } from "./html.ts";
export { buildFigures, type ReportFigures } from "./figures.ts";

/**
 * Writes the whole report into `options.outDir` and returns the files written and any warnings
 * (no Chromium → no PDF, no boundaries → no map); everything else is always written. The files are
 * written into a folder of their own inside `outDir` and moved into place only once all are
 * written, so a report that fails on the way leaves `outDir` as it was. Report files an earlier run
 * left there that this one did not write (its PDF, its PNGs, a chart this window has none of) are
 * then removed, with a warning naming them.
 * @example
 * const { files, warnings } = await renderReport(input, { outDir: 'out/report', now: new Date() });
 */
export async function renderReport(
  input: ReportInput,
  options: RenderReportOptions,
): Promise<RenderReportResult> {
  const { outDir } = options;
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(join(outDir, ".report-being-written-"));
  try {
    const { written, warnings } = await writeReport(input, options, staging);
    mkdirSync(join(outDir, "charts"), { recursive: true });
    for (const name of written) renameSync(join(staging, name), join(outDir, name));
    const stale = removeStale(outDir, new Set(written));
    if (stale.length > 0)
      warnings.push(
        `removed ${stale.join(", ")}: left in ${outDir} by an earlier report, and not part of this one`,
      );
    return { files: written.map((name) => join(outDir, name)), warnings };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes every file of the report into `dir`; returns their names (relative to it) in order. */
async function writeReport(
  input: ReportInput,
  options: RenderReportOptions,
  dir: string,
): Promise<{ written: string[]; warnings: string[] }> {
  const { now } = options;
  const withPdf = options.pdf ?? true;
  const withPng = options.png ?? true;
  const title = options.title ?? defaultTitle(input.variation);
  const synthetic = isSynthetic(input);
  const progress = options.onProgress ?? (() => {});
  const total = 5 + (withPdf ? 1 : 0);
  let done = 0;
  const step = (label: string) => progress(++done, total, label);
  const written: string[] = [];
  const write = (name: string, data: string | Buffer) => {
    writeFileSync(join(dir, name), data);
    written.push(name);
  };

  mkdirSync(join(dir, "charts"), { recursive: true });
  const fontFiles = options.fontFiles ?? defaultFontFiles();
  // Each chart's PNG is drawn on the thread pool from the moment its SVG exists, while this thread
  // draws the other charts and writes the SVGs, report.html, the workbook and figures.json (the
  // same bytes as drawing them here; on 2 cores, less waiting).
  const renderer = withPng ? new PngRenderer({ fontFiles }) : undefined;
  const { charts, warnings } = renderCharts(input, (_, chart) => renderer?.add(chart.svg));
  if (withPng && fontFiles.length === 0)
    warnings.push("png: no font files found; PNGs use the system fonts");
  step("charts");
  for (const [name, chart] of charts) write(`charts/${name}.svg`, `${chart.svg}\n`);
  const html = renderHtml(input, { title, now, synthetic, charts, pngs: withPng });
  write("report.html", html);
  step("report.html");
  const xlsxPath = join(dir, "tables.xlsx");
  // The workbook writer and playwright-core are loaded here, when written, not by whoever imports
  // the report module.
  const { writeWorkbook } = await import("./xlsx.ts");
  await writeWorkbook(input, xlsxPath, { title, now });
  written.push("tables.xlsx");
  step("tables.xlsx");
  write(
    "figures.json",
    `${JSON.stringify(buildFigures(input, { title, now, synthetic, charts }), null, 2)}\n`,
  );
  step("figures.json");
  const images = renderer ? await renderer.done() : [];
  [...charts.keys()].forEach((name, i) => {
    const png = images[i];
    if (png) write(`charts/${name}.png`, png);
  });
  step("chart files");
  if (withPdf) {
    const pdfPath = join(dir, "report.pdf");
    const { DEFAULT_CHROMIUM, printPdf } = await import("./pdf.ts");
    const problem = await printPdf(html, pdfPath, {
      chromiumPath: options.chromiumPath ?? DEFAULT_CHROMIUM,
      title,
      synthetic,
    });
    if (problem) warnings.push(problem);
    else written.push("report.pdf");
    step("report.pdf");
  }
  return { written, warnings };
}

/** Every file a report may write, relative to its folder. */
const REPORT_FILES: readonly string[] = [
  "report.html",
  "report.pdf",
  "tables.xlsx",
  "figures.json",
  ...CHART_NAMES.flatMap((name) => [`charts/${name}.svg`, `charts/${name}.png`]),
];

/**
 * Deletes the report files in `outDir` that this run did not write (a PDF from a run with one, a
 * PNG from a run with PNGs, a chart this window has no data for), so the folder never mixes two
 * reports; any other file there is left alone. Returns the names removed.
 */
function removeStale(outDir: string, written: ReadonlySet<string>): string[] {
  const stale = REPORT_FILES.filter((name) => !written.has(name) && existsSync(join(outDir, name)));
  for (const name of stale) rmSync(join(outDir, name), { force: true });
  return stale;
}
