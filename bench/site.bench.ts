// `npm run bench -- site`: the real `rationwatch site --out DIR --no-png` command (a child process,
// as a user runs it) on the store `npm start` builds (60 demo months): every page, download (but
// PNG) and API file, written to bench/tmp/site. With $RW_BENCH_REGISTRY (a registry folder, such as
// the ./rationwatch-registry `npm start` creates) it adds the intervention, policy and scorecard
// pages. Target: under 2 minutes. Reference measured in the same alternating rounds: the
// `report --no-pdf` command on the same store (one window's analyses, 8 charts, HTML and workbook),
// so the ratio says how many reports' worth of work the whole site is; and the live server
// (`rationwatch serve`, a child process started each round) asked for every route the build wrote,
// one after another, so the second ratio says what writing the site costs over serving it.
// Rounds: $RW_BENCH_SITE_RUNS (default 3; the build takes minutes on a loaded machine).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, relative } from "node:path";

import { alternate, CLI, cli, demoStore, load, ratio, ROOT, show } from "./measure.ts";
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
  const runs = Math.max(3, Number(process.env["RW_BENCH_SITE_RUNS"] ?? 3));
  let served = 0;
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
      // The site case runs first in each round, so its routes are there to ask for.
      serve: async () => {
        served = await serveRoutes(db, registry, routesOf(outDir));
      },
    },
    { runs, warmup: 0 },
  );
  const loadAfter = load();
  const overReport = ratio(times.site, times.report);
  const overServe = ratio(times.site, times.serve);
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
  ctx.log(`serve, ${served} routes: ${show(figures.serve, "s")}`);
  ctx.log(`site ÷ report:       ${show(overReport, "x")}`);
  ctx.log(`site ÷ serve:        ${show(overServe, "x")}`);
  ctx.log(`per page (median):   ${perPage.toFixed(0)} ms`);
  ctx.log(`load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);
  return {
    command: `rationwatch site --no-png --quiet${registry ? " --registry" : ""}`,
    pages: stamp.pages,
    files: stamp.files,
    siteMs: figures.site,
    reportMs: figures.report,
    serveMs: figures.serve,
    servedRoutes: served,
    siteOverReport: overReport,
    siteOverServe: overServe,
    rounds: runs,
    msPerPage: Math.round(perPage),
    targets: { siteMs: 120_000 },
    meetsTargets: figures.site.median < 120_000,
    loadAverage: { before: loadBefore, after: loadAfter },
  };
}

/** Every route the build wrote (a folder's index.html is its folder), but the stamp and sitemap. */
function routesOf(outDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else {
        const rel = relative(outDir, path);
        if (rel === "build.json" || rel === "sitemap.xml") continue;
        out.push(`/${rel.endsWith("index.html") ? rel.slice(0, -"index.html".length) : rel}`);
      }
    }
  };
  walk(outDir);
  return out.sort();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `rationwatch serve` on 127.0.0.1, asks it for every route one after another (redirects
 * not followed, as the site writes a small page for each), stops it; returns how many it served.
 */
async function serveRoutes(db: string, registry: string | undefined, routes: string[]) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      CLI,
      "serve",
      "--port",
      String(port),
      "--db",
      db,
      ...(registry ? ["--registry", registry] : []),
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        await fetch(`${base}/assets/site.css`);
        break;
      } catch (e) {
        if (i > 600 || child.exitCode !== null) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    for (const route of routes) {
      const res = await fetch(`${base}${encodeURI(route)}`, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status >= 500) throw new Error(`serve: ${route} answered ${res.status}`);
    }
    return routes.length;
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  }
}
