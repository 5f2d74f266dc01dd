// `npm run bench report`: the whole publication report (charts as SVG and PNG, report.html,
// tables.xlsx, figures.json; no PDF) for all 106 April-2021 CCGs with the shipped boundaries.
// Target: under 10 s. References measured in the same run: writing the input as JSON alone (the
// floor for any renderer that writes its figures out) and rendering the charts' SVG alone.
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { renderCharts } from "../src/report/charts/index.ts";
import { renderReport } from "../src/report/index.ts";
import { loadTestBoundaries } from "../test/report/boundaries.ts";
import { buildReportFixture } from "../test/report/fixture.ts";

import type { BenchContext } from "./run.ts";

export const name = "report";

const NOW = new Date("2025-05-01T09:00:00Z");

async function median(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await f();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const input = { ...buildReportFixture({ seed: 20240601 }), boundaries: loadTestBoundaries() };
  const outDir = join(ctx.tmpDir, "report");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const phases: Array<[string, number]> = [];
  let last = 0;
  const reportMs = await median(3, async () => {
    phases.length = 0;
    last = performance.now();
    await renderReport(input, {
      outDir,
      now: NOW,
      pdf: false,
      onProgress: (_done, _total, label) => {
        const t = performance.now();
        phases.push([label ?? "", Math.round(t - last)]);
        last = t;
      },
    });
  });
  const jsonMs = await median(5, () =>
    writeFileSync(join(outDir, "reference.json"), JSON.stringify(input, null, 2)),
  );
  const svgMs = await median(3, () => renderCharts(input));
  const html = statSync(join(outDir, "report.html")).size;
  const xlsx = statSync(join(outDir, "tables.xlsx")).size;

  ctx.log(`areas: ${input.variation.areas.length}, charts: 8 (SVG + PNG), no PDF`);
  ctx.log(`whole report: ${(reportMs / 1000).toFixed(2)} s (target < 10 s)`);
  ctx.log(`  phases of the last run: ${phases.map(([l, ms]) => `${l} ${ms} ms`).join(", ")}`);
  ctx.log(
    `reference, input written as JSON: ${jsonMs.toFixed(0)} ms → report ${(reportMs / jsonMs).toFixed(1)}×`,
  );
  ctx.log(
    `reference, chart SVGs only: ${svgMs.toFixed(0)} ms → report ${(reportMs / svgMs).toFixed(1)}×`,
  );
  ctx.log(`report.html ${(html / 1024).toFixed(0)} KB, tables.xlsx ${(xlsx / 1024).toFixed(0)} KB`);
  return {
    areas: input.variation.areas.length,
    reportSeconds: reportMs / 1000,
    targetSeconds: 10,
    phasesMs: Object.fromEntries(phases),
    referenceJsonMs: jsonMs,
    ratioToJson: reportMs / jsonMs,
    referenceSvgMs: svgMs,
    ratioToSvg: reportMs / svgMs,
    htmlBytes: html,
    xlsxBytes: xlsx,
  };
}
