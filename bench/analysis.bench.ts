// `npm run bench analysis`: the analysis commands cold, as a user runs them (a fresh process each
// time: module loading, store opening, reference-data check, queries, statistics, output) on the
// store `npm start` builds. Target: each under 0.5 s. References measured in the same alternating
// rounds: Node's own start-up (`node -e ''`) and `rationwatch --version` (the CLI's own floor). Also,
// inside a fresh process, the FIRST `variation` call (what a command pays once modules are loaded)
// beside a warm second call.
import { execFileSync } from "node:child_process";

import {
  alternate,
  cli,
  demoStore,
  figure,
  load,
  nodeStartUp,
  ratio,
  ROOT,
  show,
  type Figure,
} from "./measure.ts";
import type { BenchContext } from "./run.ts";

export const name = "analysis";

const FROM = "2023-04";
const TO = "2024-03";
const RUNS = 5;

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const db = await demoStore(ctx.tmpDir, ctx.log);
  const json = ["--db", db, "--format", "json"];
  const first: Array<{ openMs: number; firstMs: number; warmMs: number }> = [];
  const loadBefore = load();
  const { figures, times, cpu } = await alternate(
    {
      variation: cli("variation", "--from", FROM, "--to", TO, ...json),
      trend: cli("trend", "--from", "2019-04", "--to", TO, "--level", "region", ...json),
      waits: cli("waits", "--month", "2023-09", "--baseline", "2019-09", ...json),
      version: cli("--version"),
      nodeStartUp,
      firstCall: () => {
        const out = execFileSync(
          process.execPath,
          ["--import", "tsx", "bench/first-call.ts", db, FROM, TO],
          { cwd: ROOT, encoding: "utf8" },
        );
        first.push(JSON.parse(out) as { openMs: number; firstMs: number; warmMs: number });
      },
    },
    { runs: RUNS, warmup: 1 },
  );
  const loadAfter = load();
  const counted = first.slice(-RUNS);
  const inProcess = {
    storeOpenMs: figure(counted.map((r) => r.openMs)),
    firstVariationMs: figure(counted.map((r) => r.firstMs)),
    warmVariationMs: figure(counted.map((r) => r.warmMs)),
  };
  const over = (k: "variation" | "trend" | "waits"): Figure => ratio(times[k], times.nodeStartUp);

  ctx.log(`store: 60 demo months; cold commands (fresh process each run), target < 500 ms`);
  ctx.log(
    `variation ${FROM}..${TO}:       ${show(figures.variation)}  ${show(over("variation"), "x")} node start-up`,
  );
  ctx.log(
    `trend 2019-04..${TO} region:  ${show(figures.trend)}  ${show(over("trend"), "x")} node start-up`,
  );
  ctx.log(
    `waits 2023-09 vs 2019-09:     ${show(figures.waits)}  ${show(over("waits"), "x")} node start-up`,
  );
  const cpuOf = (k: "variation" | "trend" | "waits" | "version"): string => {
    const f = cpu[k];
    return f ? show(f) : "not measured";
  };
  ctx.log(
    `CPU (user + system, every thread): variation ${cpuOf("variation")}, trend ${cpuOf("trend")}, waits ${cpuOf("waits")}, --version ${cpuOf("version")}`,
  );
  ctx.log(`rationwatch --version:         ${show(figures.version)}`);
  ctx.log(`node -e '':                    ${show(figures.nodeStartUp)}`);
  ctx.log(
    `in a fresh process: store open ${show(inProcess.storeOpenMs)}, first variation call ${show(inProcess.firstVariationMs)}, warm second call ${show(inProcess.warmVariationMs)}`,
  );
  ctx.log(`load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);
  const cold = { variation: figures.variation, trend: figures.trend, waits: figures.waits };
  return {
    window: `${FROM}..${TO}`,
    coldMs: cold,
    /** CPU time (user + system, every thread) of the same runs: steadier than wall time under load. */
    cpuMs: {
      variation: cpu.variation ?? null,
      trend: cpu.trend ?? null,
      waits: cpu.waits ?? null,
      version: cpu.version ?? null,
    },
    versionMs: figures.version,
    nodeStartUpMs: figures.nodeStartUp,
    coldOverNodeStartUp: {
      variation: over("variation"),
      trend: over("trend"),
      waits: over("waits"),
    },
    inProcess,
    targets: { coldMs: 500 },
    meetsTargets: Object.values(cold).every((f) => f.median < 500),
    loadAverage: { before: loadBefore, after: loadAfter },
  };
}
