// Ingest benchmark: full-size synthetic months (~185,000 rows, ~80 MB of CSV each) loaded by
// `ingestPaths` from CSVs and from zips, against references measured in the same run:
//   floor    the one-pass floor: each CSV read once by DuckDB with explicit VARCHAR columns straight
//            into `rtt_row` (bands as a list of casts), no checks, no staging, no checksum;
//   floorTyped the same load with the count columns declared INTEGER, so DuckDB's reader parses them
//            (what ingest does once its byte scan has checked them): a stricter reference than the
//            issue's floor, reported beside it;
//   readCsv  DuckDB's plain `read_csv` (auto-detected types) of the same CSVs into a table;
//   pandas   a straightforward pandas script reading the same CSVs and summing admitted pathways by
//            commissioner (skipped, with a printed line, where Python or pandas is missing).
// Every measurement runs in its own child process (so its peak RSS is its own), in rounds that
// alternate the kinds; the figures are medians with min and max. The machine may be shared: the
// load average before and after is recorded with the figures.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { writeDemoData } from "../src/demo/index.ts";
import { ingestPaths } from "../src/ingest/ingest.ts";
import { headerColumns } from "../src/ingest/layout.ts";
import { extractZipEntry, peekZipCsv } from "../src/ingest/zip.ts";
import { Store } from "../src/store/db.ts";
import { sqlIdent, sqlString } from "../src/store/rtt-load-queries.ts";

import type { BenchContext } from "./run.ts";

export const name = "ingest";

const FROM = "2023-04";
/** Months loaded per measurement: 6 by default (`RW_BENCH_INGEST_MONTHS` to change, up to 12). */
const MONTHS = Math.min(12, Math.max(1, Number(process.env["RW_BENCH_INGEST_MONTHS"] ?? 6)));
const ROUNDS = Math.max(3, Number(process.env["RW_BENCH_ROUNDS"] ?? 3));
const TARGETS = { ingestOverFloor: 1.1, zipsOverCsvs: 1.1, nationalHistoryMinutes: 5 };
const TARGET_RSS_MB = 1024;

type Kind = "floor" | "floorTyped" | "ingest" | "ingestZips" | "readCsv" | "pandas";

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  rows: number;
}

/**
 * The floor's SELECT for one CSV of the April 2021 era: `rtt_row`'s shape, nothing else. `typed`:
 * the count columns declared INTEGER to the reader instead of read as text and cast.
 */
function floorSelect(csv: string, month: string, typed = false): string {
  const columns = headerColumns("2021-04");
  const c = sqlIdent;
  const bands = columns.filter((x) => x.startsWith("Gt "));
  const counts = new Set(columns.slice(13));
  const types = columns
    .map((x) => `${sqlString(x)}: '${typed && counts.has(x) ? "INTEGER" : "VARCHAR"}'`)
    .join(", ");
  const int = (x: string, type: string) => (typed ? c(x) : `TRY_CAST(${c(x)} AS ${type})`);
  const text = columns.slice(1, 13).map(c).join(", ");
  return `SELECT ${sqlString(month)}, ${text},
            CASE WHEN ${c("RTT Part Type")} = 'Part_3' THEN NULL
                 ELSE [${bands.map((b) => `COALESCE(${int(b, "INTEGER")}, 0)`).join(", ")}] END,
            ${int("Total", "BIGINT")},
            ${int("Patients with unknown clock start date", "BIGINT")},
            ${int("Total All", "BIGINT")}
          FROM read_csv(${sqlString(csv)}, header = true, delim = ',', quote = '"', escape = '"',
                        auto_detect = false, columns = {${types}})`;
}

const PANDAS = `
import sys
import pandas as pd
totals = None
for path in sys.argv[1:]:
    df = pd.read_csv(path)
    admitted = df[(df["RTT Part Type"] == "Part_1A") & (df["Treatment Function Code"] != "C_999")]
    by = admitted.groupby("Commissioner Org Code")["Total All"].sum()
    totals = by if totals is None else totals.add(by, fill_value=0)
print(int(totals.sum()))
`;

/** Runs this file as a child: `--child KIND DB FILE…`; prints one JSON line. */
async function child(kind: Kind, db: string, files: string[]): Promise<ChildResult> {
  const store = await Store.open(db);
  const start = performance.now();
  const cpu = process.cpuUsage();
  let rows: number;
  if (kind === "ingest" || kind === "ingestZips") {
    rows = (await ingestPaths(store, files, { now: new Date() })).rows;
  } else if (kind === "floor" || kind === "floorTyped") {
    for (const [i, f] of files.entries())
      await store.run(`INSERT INTO rtt_row ${floorSelect(f, `m${i}`, kind === "floorTyped")}`);
    rows = (await store.one<{ n: number }>("SELECT count(*) AS n FROM rtt_row"))?.n ?? 0;
  } else {
    for (const [i, f] of files.entries()) {
      const source = `read_csv(${sqlString(f)})`;
      await store.run(
        i === 0
          ? `CREATE TABLE plain AS SELECT * FROM ${source}`
          : `INSERT INTO plain SELECT * FROM ${source}`,
      );
    }
    rows = (await store.one<{ n: number }>("SELECT count(*) AS n FROM plain"))?.n ?? 0;
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

function runChild(kind: Kind, db: string, files: string[]): ChildResult {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", kind, db, ...files],
    { encoding: "utf8", env: { ...process.env, TZ: "UTC" }, maxBuffer: 16 * 1024 * 1024 },
  );
  const last = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !last.startsWith("{"))
    throw new Error(`${kind} child failed (${r.status}): ${r.stderr.trim().slice(-500)}`);
  return JSON.parse(last) as ChildResult;
}

/** The pandas peer, timed from outside (wall and CPU of the Python process). */
function runPandas(python: string, script: string, files: string[]): ChildResult {
  const start = performance.now();
  const r = spawnSync(python, [script, ...files], { encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`pandas peer failed: ${r.stderr.trim().split("\n").pop()}`);
  return { seconds, cpuSeconds: NaN, maxRssMB: NaN, rows: NaN };
}

/** The first Python that has pandas (a pyenv `python3` may lack Debian's python3-pandas). */
function pandasPython(): string | undefined {
  return ["python3", "/usr/bin/python3"].find(
    (py) => spawnSync(py, ["-c", "import pandas"], { encoding: "utf8" }).status === 0,
  );
}

async function measure(kind: Kind, root: string, files: string[]): Promise<ChildResult> {
  const db = join(root, `${kind}.duckdb`);
  const clean = async () => {
    await rm(db, { force: true });
    await rm(`${db}.wal`, { force: true });
  };
  await clean();
  const result = runChild(kind, db, files);
  await clean();
  return result;
}

/** Unpacks each zip's extract, so every measurement reads the very same CSVs. */
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

const round = (v: number, d = 2) => Number(v.toFixed(d));

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
  return { median: round(median), min: round(s[0] ?? NaN), max: round(s[s.length - 1] ?? NaN) };
}

/** Ratio of medians, with the range of per-round ratios (rounds pair the two kinds in time). */
function ratio(a: ChildResult[], b: ChildResult[]): Spread & { perRound: number[] } {
  const perRound = a.map((x, i) => round(x.seconds / (b[i]?.seconds ?? NaN)));
  const s = spread(perRound);
  const med = spread(a.map((x) => x.seconds)).median / spread(b.map((x) => x.seconds)).median;
  return { ...s, median: round(med), perRound };
}

async function duckdbVersion(): Promise<string> {
  const store = await Store.open(":memory:");
  try {
    return (await store.one<{ v: string }>("SELECT version() AS v"))?.v ?? "unknown";
  } finally {
    store.close();
  }
}

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const root = join(ctx.tmpDir, "ingest");
  const to = (() => {
    const [y, m] = FROM.split("-").map(Number) as [number, number];
    const index = y * 12 + m - 1 + MONTHS - 1;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  })();
  ctx.log(`generating ${FROM}..${to} full-size synthetic months (kept between runs)…`);
  const { files: zips } = await writeDemoData({
    outDir: join(root, "zips"),
    from: FROM,
    to,
    seed: 1,
    fullSize: true,
    skipExisting: true,
  });
  const csvs = await unpack(zips, join(root, "csv"));
  const bytes = (await Promise.all(csvs.map((f) => stat(f)))).reduce((a, s) => a + s.size, 0);
  const mb = bytes / 1e6;
  const pandasScript = join(root, "pandas-peer.py");
  await writeFile(pandasScript, PANDAS);
  const python = pandasPython();
  const withPandas = python !== undefined;
  if (!withPandas) ctx.log("pandas peer skipped: python3 with pandas is not installed here");

  const loadBefore = loadavg().map((v) => round(v));
  const kinds: Kind[] = [
    "floor",
    "floorTyped",
    "ingest",
    "ingestZips",
    "readCsv",
    ...(withPandas ? (["pandas"] as const) : []),
  ];
  const runs = Object.fromEntries(kinds.map((k) => [k, [] as ChildResult[]])) as Record<
    Kind,
    ChildResult[]
  >;
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate the order each round so no kind always runs first (or after the same neighbour).
    const order = i % 2 === 0 ? kinds : [...kinds].reverse();
    for (const kind of order) {
      const r =
        kind === "pandas"
          ? runPandas(python ?? "python3", pandasScript, csvs)
          : await measure(kind, root, kind === "ingestZips" ? zips : csvs);
      runs[kind].push(r);
      ctx.log(`round ${i + 1}: ${kind} ${r.seconds.toFixed(2)} s`);
    }
  }
  const loadAfter = loadavg().map((v) => round(v));
  const rows = runs.ingest[0]?.rows ?? 0;
  for (const k of ["floor", "floorTyped", "ingestZips"] as const)
    if (runs[k][0]?.rows !== rows)
      throw new Error(`${k} ${runs[k][0]?.rows} rows ≠ ingest ${rows}`);
  const oneMonth = await measure("ingest", root, csvs.slice(-1));
  await rm(join(root, "csv"), { recursive: true, force: true }); // ~80 MB a month; the zips stay

  const seconds = Object.fromEntries(kinds.map((k) => [k, spread(runs[k].map((r) => r.seconds))]));
  const cpuSeconds = Object.fromEntries(
    kinds.filter((k) => k !== "pandas").map((k) => [k, spread(runs[k].map((r) => r.cpuSeconds))]),
  );
  const ingestOverFloor = ratio(runs.ingest, runs.floor);
  const ingestOverTypedFloor = ratio(runs.ingest, runs.floorTyped);
  const zipsOverCsvs = ratio(runs.ingestZips, runs.ingest);
  const perMonth = (seconds["ingestZips"]?.median ?? NaN) / csvs.length;
  const nationalHistoryMinutes = round((perMonth * 120) / 60, 1);
  const figures = {
    machine: {
      cores: availableParallelism(),
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
      node: process.version,
      duckdb: await duckdbVersion(),
    },
    months: csvs.length,
    rounds: ROUNDS,
    rows,
    csvMB: round(mb, 1),
    seconds,
    cpuSeconds,
    ingestOverFloor,
    ingestOverTypedFloor,
    zipsOverCsvs,
    readCsvOverFloor: ratio(runs.readCsv, runs.floor),
    ...(withPandas
      ? { pandasOverIngest: ratio(runs.pandas, runs.ingest) }
      : { pandas: "skipped: no python3 with pandas" }),
    rowsPerSecond: Math.round(rows / (seconds["ingest"]?.median ?? NaN)),
    mbPerSecond: round(mb / (seconds["ingest"]?.median ?? NaN), 1),
    nationalHistoryMinutes,
    nationalHistoryNote:
      "120 months × the median seconds per month of ingest from zips in this run",
    peakRssMB: {
      ingestOneMonth: round(oneMonth.maxRssMB, 0),
      ingest: spread(runs.ingest.map((r) => r.maxRssMB)),
      floor: spread(runs.floor.map((r) => r.maxRssMB)),
    },
    targets: { ...TARGETS, peakRssMBMax: TARGET_RSS_MB },
    meets: {
      ingestOverFloor: ingestOverFloor.median <= TARGETS.ingestOverFloor,
      zipsOverCsvs: zipsOverCsvs.median <= TARGETS.zipsOverCsvs,
      nationalHistory: nationalHistoryMinutes <= TARGETS.nationalHistoryMinutes,
      memory: (spread(runs.ingest.map((r) => r.maxRssMB)).max ?? Infinity) < TARGET_RSS_MB,
    },
  };
  const s = (k: Kind) => seconds[k]?.median.toFixed(2) ?? "–";
  ctx.log(
    `${rows.toLocaleString("en-GB")} rows, ${figures.csvMB} MB, ${ROUNDS} rounds (median s): floor ${s("floor")}, typed floor ${s("floorTyped")}, ` +
      `ingest ${s("ingest")}, from zips ${s("ingestZips")}, read_csv ${s("readCsv")}` +
      (withPandas ? `, pandas ${s("pandas")}` : ""),
  );
  ctx.log(
    `ingest ÷ floor ${ingestOverFloor.median} (rounds ${ingestOverFloor.min}–${ingestOverFloor.max}); ` +
      `ingest ÷ typed floor ${ingestOverTypedFloor.median} (${ingestOverTypedFloor.min}–${ingestOverTypedFloor.max}); ` +
      `zips ÷ CSVs ${zipsOverCsvs.median} (${zipsOverCsvs.min}–${zipsOverCsvs.max}); ` +
      `national history ≈ ${nationalHistoryMinutes} min; peak RSS one month ${figures.peakRssMB.ingestOneMonth} MB; ` +
      `cores ${figures.machine.cores}, load ${loadBefore.join("/")} → ${loadAfter.join("/")}`,
  );
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, kind, db, ...files] = process.argv.slice(2);
  if (flag !== "--child" || !kind || !db)
    throw new Error("usage: ingest.bench.ts --child KIND DB FILE…");
  console.log(JSON.stringify(await child(kind as Kind, db, files)));
}
