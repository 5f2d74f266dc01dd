// Variation for a 12-month window of the demo store: end to end (the real command in a child
// process) and inside the process (queries + statistics), each against a reference measured in the
// same run — the bare DuckDB aggregate the analysis starts from, and `rationwatch --version` (the
// process start-up floor).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { variation } from "../src/analysis/variation.ts";
import { writeDemoData } from "../src/demo/index.ts";
import { ingestPaths } from "../src/ingest/ingest.ts";
import { commissionerCounts } from "../src/store/activity-queries.ts";
import { Store } from "../src/store/db.ts";

import type { BenchContext } from "./run.ts";

export const name = "analysis";

const FROM = "2021-04";
const TO = "2022-03";
const RUNS = 5;
const root = fileURLToPath(new URL("..", import.meta.url));

async function median(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const dir = join(ctx.tmpDir, "analysis");
  mkdirSync(dir, { recursive: true });
  const db = join(dir, "demo-12.duckdb");
  if (!existsSync(db)) {
    ctx.log(`generating and ingesting 12 demo months (${FROM} to ${TO})…`);
    const { files } = await writeDemoData({
      outDir: join(dir, "demo"),
      from: FROM,
      to: TO,
      skipExisting: true,
    });
    const store = await Store.open(db);
    await ingestPaths(store, files);
    store.close();
  }
  const store = await Store.open(db);
  await variation(store, { from: FROM, to: TO }); // warm-up: reference tables, JIT
  const inProcess = await median(RUNS, () => variation(store, { from: FROM, to: TO }));
  const query = await median(RUNS, () =>
    commissionerCounts(store, { from: FROM, to: TO, part: "Part_1A", tfCodes: null }),
  );
  store.close();
  const cli = join(root, "bin", "rationwatch.js");
  const endToEnd = await median(3, () =>
    execFileSync(
      process.execPath,
      [cli, "variation", "--from", FROM, "--to", TO, "--db", db, "--format", "json"],
      { stdio: "ignore" },
    ),
  );
  const startUp = await median(3, () =>
    execFileSync(process.execPath, [cli, "--version"], { stdio: "ignore" }),
  );
  const figures = {
    window: `${FROM}..${TO}`,
    inProcessMs: inProcess,
    countQueryMs: query,
    inProcessOverCountQuery: inProcess / query,
    endToEndMs: endToEnd,
    startUpMs: startUp,
    endToEndOverStartUp: endToEnd / startUp,
    targets: { inProcessMs: 100, endToEndMs: 1000 },
  };
  ctx.log(
    `variation in process: ${inProcess.toFixed(1)} ms (${(inProcess / query).toFixed(1)}× the bare count query, ${query.toFixed(1)} ms); target < 100 ms`,
  );
  ctx.log(
    `variation end to end: ${endToEnd.toFixed(0)} ms (${(endToEnd / startUp).toFixed(1)}× process start-up, ${startUp.toFixed(0)} ms); target < 1000 ms`,
  );
  return figures;
}
