// `npm run bench report`: the real `rationwatch report --no-pdf` command (a child process, as a user
// runs it) on the store `npm start` builds, the last 12 of its 60 months — every analysis, 10 charts
// as SVG and PNG, report.html, tables.xlsx and figures.json. Targets: under 2 s, and under 3× a cold
// `variation` over the same window. References measured in the same alternating rounds: the same
// command with `--no-png` (what the charts' PNGs cost), a cold `variation` (one analysis, same store
// and window) and Node's own start-up (`node -e ''`).
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

import { alternate, cli, demoStore, load, nodeStartUp, ratio, show } from "./measure.ts";
import type { BenchContext } from "./run.ts";

export const name = "report";

const FROM = "2023-04";
const TO = "2024-03";
const RUNS = 5;

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const db = await demoStore(ctx.tmpDir, ctx.log);
  const outDir = join(ctx.tmpDir, "report");
  const noPngDir = join(ctx.tmpDir, "report-no-png");
  for (const d of [outDir, noPngDir]) rmSync(d, { recursive: true, force: true });
  const loadBefore = load();
  const { figures, times, cpu, cpuTimes } = await alternate(
    {
      report: cli("report", "--no-pdf", "--quiet", "--db", db, "--out", outDir),
      reportNoPng: cli("report", "--no-pdf", "--no-png", "--quiet", "--db", db, "--out", noPngDir),
      variation: cli("variation", "--from", FROM, "--to", TO, "--db", db, "--format", "json"),
      nodeStartUp,
    },
    { runs: RUNS, warmup: 1 },
  );
  const loadAfter = load();
  const overVariation = ratio(times.report, times.variation);
  const overNode = ratio(times.report, times.nodeStartUp);
  const noPngOverVariation = ratio(times.reportNoPng, times.variation);
  const written = readdirSync(outDir).length + readdirSync(join(outDir, "charts")).length - 1;

  ctx.log(`store: 60 demo months; report of ${FROM} to ${TO}, no PDF (${written} files written)`);
  ctx.log(`report --no-pdf:       ${show(figures.report, "s")}  target ≤ 2 s`);
  ctx.log(`report --no-pdf --no-png: ${show(figures.reportNoPng, "s")}`);
  ctx.log(`cold variation:        ${show(figures.variation)}`);
  ctx.log(`node -e '':            ${show(figures.nodeStartUp)}`);
  ctx.log(`report ÷ variation:    ${show(overVariation, "x")}  target ≤ 3×`);
  ctx.log(`report --no-png ÷ variation: ${show(noPngOverVariation, "x")}`);
  // CPU time (user + system) of each run: load inflates it far less than wall time.
  const cpuOverVariation = ratio(cpuTimes.report, cpuTimes.variation);
  if (cpu.report && cpu.reportNoPng && cpu.variation) {
    ctx.log(
      `CPU (user + system): report ${show(cpu.report, "s")}, --no-png ${show(cpu.reportNoPng, "s")}, variation ${show(cpu.variation)}`,
    );
    ctx.log(`report ÷ variation by CPU: ${show(cpuOverVariation, "x")}`);
  }
  ctx.log(`report ÷ node start-up: ${show(overNode, "x")}`);
  ctx.log(`load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);
  return {
    window: `${FROM}..${TO}`,
    command: "rationwatch report --no-pdf --quiet",
    reportMs: figures.report,
    coldVariationMs: figures.variation,
    nodeStartUpMs: figures.nodeStartUp,
    reportOverColdVariation: overVariation,
    reportNoPngMs: figures.reportNoPng,
    reportNoPngOverColdVariation: noPngOverVariation,
    reportOverNodeStartUp: overNode,
    cpuMs: {
      report: cpu.report ?? null,
      reportNoPng: cpu.reportNoPng ?? null,
      coldVariation: cpu.variation ?? null,
    },
    cpuReportOverColdVariation: cpuOverVariation,
    targets: { reportMs: 2000, reportOverColdVariation: 3 },
    meetsTargets: figures.report.median <= 2000 && overVariation.median <= 3,
    loadAverage: { before: loadBefore, after: loadAfter },
  };
}
