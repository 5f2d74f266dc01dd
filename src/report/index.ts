/**
 * The publication report: `renderReport` writes report.html, report.pdf, tables.xlsx,
 * charts/*.svg|png and figures.json from the analyses' results. It renders; it never computes a
 * figure and never queries the store.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { isSynthetic, renderCharts } from "./charts/index.ts";
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
 * (no Chromium → no PDF, no boundaries → no map); everything else is always written.
 * @example
 * const { files, warnings } = await renderReport(input, { outDir: 'out/report', now: new Date() });
 */
export async function renderReport(
  input: ReportInput,
  options: RenderReportOptions,
): Promise<RenderReportResult> {
  const { outDir, now } = options;
  const withPdf = options.pdf ?? true;
  const withPng = options.png ?? true;
  const title = options.title ?? defaultTitle(input.variation);
  const synthetic = isSynthetic(input);
  const progress = options.onProgress ?? (() => {});
  const total = 5 + (withPdf ? 1 : 0);
  let done = 0;
  const step = (label: string) => progress(++done, total, label);
  const files: string[] = [];
  const write = (name: string, data: string | Buffer) => {
    const path = join(outDir, name);
    writeFileSync(path, data);
    files.push(path);
  };

  mkdirSync(join(outDir, "charts"), { recursive: true });
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
  const html = renderHtml(input, { title, now, synthetic, charts });
  write("report.html", html);
  step("report.html");
  const xlsxPath = join(outDir, "tables.xlsx");
  // The workbook writer and playwright-core are loaded here, when written, not by whoever imports
  // the report module.
  const { writeWorkbook } = await import("./xlsx.ts");
  await writeWorkbook(input, xlsxPath, { title, now });
  files.push(xlsxPath);
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
    const pdfPath = join(outDir, "report.pdf");
    const { DEFAULT_CHROMIUM, printPdf } = await import("./pdf.ts");
    const problem = await printPdf(html, pdfPath, {
      chromiumPath: options.chromiumPath ?? DEFAULT_CHROMIUM,
      title,
      synthetic,
    });
    if (problem) warnings.push(problem);
    else files.push(pdfPath);
    step("report.pdf");
  }
  return { files, warnings };
}
