// Ingest benchmark: 12 full-size synthetic months (~190,000 rows, ~80 MB of CSV each) loaded by
// `ingestPaths`, against the floor measured in the same run — DuckDB's plain `read_csv` of the same
// CSVs into a table. Each measurement runs in its own child process so its peak RSS is its own.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { writeDemoData } from "../src/demo/index.ts";
import { ingestPaths } from "../src/ingest/ingest.ts";
import { extractZipEntry, peekZipCsv } from "../src/ingest/zip.ts";
import { Store } from "../src/store/db.ts";

import type { BenchContext } from "./run.ts";

export const name = "ingest";

const FROM = "2023-04";
const TO = "2024-03";
const ROUNDS = 2;
const TARGET_RATIO = 2;
const TARGET_RSS_MB = 1024;

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  rows: number;
}

/** Runs this file as a child: `--child ingest|floor <db> <files…>`; prints one JSON line. */
async function child(mode: string, db: string, files: string[]): Promise<ChildResult> {
  const store = await Store.open(db);
  const start = performance.now();
  const cpu = process.cpuUsage();
  let rows: number;
  if (mode === "ingest") {
    rows = (await ingestPaths(store, files, { now: new Date(0) })).rows;
  } else {
    for (const [i, f] of files.entries()) {
      const source = `read_csv('${f.replaceAll("'", "''")}')`;
      await store.run(
        i === 0
          ? `CREATE TABLE floor AS SELECT * FROM ${source}`
          : `INSERT INTO floor SELECT * FROM ${source}`,
      );
    }
    rows = (await store.one<{ n: number }>("SELECT count(*) AS n FROM floor"))?.n ?? 0;
  }
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - start) / 1000;
  store.close();
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    rows,
  };
}

function runChild(mode: string, db: string, files: string[]): ChildResult {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", mode, db, ...files],
    { encoding: "utf8", env: { ...process.env, TZ: "UTC" } },
  );
  const last = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !last.startsWith("{"))
    throw new Error(`${mode} child failed (${r.status}): ${r.stderr.trim().split("\n")[0]}`);
  return JSON.parse(last) as ChildResult;
}

async function measure(mode: string, root: string, files: string[]): Promise<ChildResult> {
  const db = join(root, `${mode}.duckdb`);
  await rm(db, { force: true });
  await rm(`${db}.wal`, { force: true });
  const result = runChild(mode, db, files);
  await rm(db, { force: true });
  return result;
}

/** Unpacks each zip's extract, so the floor and ingest read the very same CSVs. */
async function unpack(zips: string[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const out: string[] = [];
  for (const zip of zips) {
    const csv = join(dir, basename(zip).replace(/\.zip$/i, ".csv"));
    if (!existsSync(csv)) {
      const { entry } = await peekZipCsv(zip, 1024);
      await extractZipEntry(zip, entry.name, csv);
    }
    out.push(csv);
  }
  return out;
}

const best = (rs: ChildResult[]) => rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const round = (v: number, d = 2) => Number(v.toFixed(d));

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const root = join(ctx.tmpDir, "ingest");
  ctx.log(`generating ${FROM}..${TO} full-size synthetic months (kept between runs)…`);
  const { files: zips } = await writeDemoData({
    outDir: join(root, "zips"),
    from: FROM,
    to: TO,
    seed: 1,
    fullSize: true,
    skipExisting: true,
  });
  const csvs = await unpack(zips, join(root, "csv"));
  const bytes = (await Promise.all(csvs.map((f) => stat(f)))).reduce((a, s) => a + s.size, 0);
  const mb = bytes / 1e6;

  const floors: ChildResult[] = [];
  const ingests: ChildResult[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    floors.push(await measure("floor", root, csvs));
    ctx.log(`round ${i + 1}: floor ${floors[i]?.seconds.toFixed(1)} s`);
    ingests.push(await measure("ingest", root, csvs));
    ctx.log(`round ${i + 1}: ingest ${ingests[i]?.seconds.toFixed(1)} s`);
  }
  const floor = best(floors);
  const ingest = best(ingests);
  if (ingest.rows !== floor.rows)
    throw new Error(`ingest ${ingest.rows} rows ≠ floor ${floor.rows}`);
  const month = await measure("ingest", root, csvs.slice(-1));
  const fromZips = await measure("ingest", root, zips);
  await rm(join(root, "csv"), { recursive: true, force: true }); // ~1 GB; the zips stay

  const figures = {
    months: csvs.length,
    rows: ingest.rows,
    csvMB: round(mb, 1),
    floorSeconds: round(floor.seconds),
    ingestSeconds: round(ingest.seconds),
    ingestOverFloor: round(ingest.seconds / floor.seconds),
    ingestOverFloorCpu: round(ingest.cpuSeconds / floor.cpuSeconds),
    rowsPerSecond: Math.round(ingest.rows / ingest.seconds),
    mbPerSecond: round(mb / ingest.seconds, 1),
    floorRowsPerSecond: Math.round(floor.rows / floor.seconds),
    ingestFromZipsSeconds: round(fromZips.seconds),
    peakRssMB: {
      ingest12Months: round(ingest.maxRssMB, 0),
      ingestOneMonth: round(month.maxRssMB, 0),
      floor12Months: round(floor.maxRssMB, 0),
    },
    targets: { ingestOverFloorMax: TARGET_RATIO, peakRssMBMax: TARGET_RSS_MB },
    meetsTargets: ingest.seconds / floor.seconds <= TARGET_RATIO && month.maxRssMB < TARGET_RSS_MB,
  };
  ctx.log(
    `${figures.rows.toLocaleString("en-GB")} rows, ${figures.csvMB} MB: ingest ${figures.ingestSeconds} s ` +
      `(${figures.rowsPerSecond.toLocaleString("en-GB")} rows/s, ${figures.mbPerSecond} MB/s), floor ` +
      `${figures.floorSeconds} s → ingest ÷ floor ${figures.ingestOverFloor} (CPU ${figures.ingestOverFloorCpu}); ` +
      `from zips ${figures.ingestFromZipsSeconds} s`,
  );
  ctx.log(
    `peak RSS: one month ${figures.peakRssMB.ingestOneMonth} MB, 12 months ${figures.peakRssMB.ingest12Months} MB ` +
      `(floor ${figures.peakRssMB.floor12Months} MB); targets ≤ ${TARGET_RATIO}× floor, < ${TARGET_RSS_MB} MB: ` +
      `${figures.meetsTargets ? "met" : "NOT met"}`,
  );
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, mode, db, ...files] = process.argv.slice(2);
  if (flag !== "--child" || !mode || !db)
    throw new Error("usage: ingest.bench.ts --child MODE DB FILE…");
  console.log(JSON.stringify(await child(mode, db, files)));
}
