// `npm run bench -- site`: the real `rationwatch site --out DIR --no-png` command (a child process,
// as a user runs it) on the store `npm start` builds (60 demo months): every page, download (but
// PNG) and API file, written to bench/tmp/site. With $RW_BENCH_REGISTRY (a registry folder, such as
// the ./rationwatch-registry `npm start` creates) it adds the intervention, policy and scorecard
// pages. Target: under 2 minutes. Reference measured in the same alternating rounds: the
// `report --no-pdf` command on the same store (one window's analyses, 8 charts, HTML and workbook),
// so the ratio says how many reports' worth of work the whole site is. Rounds: $RW_BENCH_SITE_RUNS
// (default 3; the build takes minutes on a loaded machine).
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

import { alternate, cli, demoStore, load, ratio, show } from "./measure.ts";
import type { BenchContext } from "./run.ts";

export const name = "site";

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const db = await demoStore(ctx.tmpDir, ctx.log);
  const outDir = join(ctx.tmpDir, "site");
  const reportDir = join(ctx.tmpDir, "site-report");
  const registry = process.env["RW_BENCH_REGISTRY"];
  if (registry !== undefined && !existsSync(registry)) {
    throw new Error(`RW_BENCH_REGISTRY: no registry at ${registry}`);
  }
  const runs = Number(process.env["RW_BENCH_SITE_RUNS"] ?? 3);
  rmSync(outDir, { recursive: true, force: true });
  const loadBefore = load();
  const { figures, times } = await alternate(
    {
      site: cli(
        "site",
        "--out",
        outDir,
        "--no-png",
        "--quiet",
        "--db",
        db,
        ...(registry ? ["--registry", registry] : []),
      ),
      report: cli("report", "--no-pdf", "--quiet", "--db", db, "--out", reportDir),
    },
    { runs, warmup: 0 },
  );
  const loadAfter = load();
  const overReport = ratio(times.site, times.report);
  const stamp = JSON.parse(readFileSync(join(outDir, "build.json"), "utf8")) as {
    pages: number;
    files: number;
  };
  const perPage = figures.site.median / stamp.pages;
  ctx.log(
    `site --no-png: ${stamp.pages} pages, ${stamp.files} files${registry ? " (with the registry)" : ""}`,
  );
  ctx.log(`site build:          ${show(figures.site, "s")}  target < 120 s`);
  ctx.log(`report --no-pdf:     ${show(figures.report, "s")}`);
  ctx.log(`site ÷ report:       ${show(overReport, "x")}`);
  ctx.log(`per page (median):   ${perPage.toFixed(0)} ms`);
  ctx.log(`load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);
  return {
    command: `rationwatch site --no-png --quiet${registry ? " --registry" : ""}`,
    pages: stamp.pages,
    files: stamp.files,
    siteMs: figures.site,
    reportMs: figures.report,
    siteOverReport: overReport,
    msPerPage: Math.round(perPage),
    targets: { siteMs: 120_000 },
    meetsTargets: figures.site.median < 120_000,
    loadAverage: { before: loadBefore, after: loadAfter },
  };
}
