// What every benchmark measures with: alternating runs, medians with their min and max, ratios taken
// run by run against a reference measured in the same rounds, and the machine they ran on. The
// machine is shared and noisy, so a figure is never one run, and the load average is recorded
// beside it.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The project root (bench/..). */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The installed command (runs the compiled dist/, as users do). */
export const CLI = join(ROOT, "bin", "rationwatch.js");

/** A timed figure: the median of `runs` with the fastest and slowest run. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function figure(values: readonly number[]): Figure {
  if (values.length === 0) throw new Error("figure: no runs");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    runs: values.length,
  };
}

/** `1.23 s (1.10–1.50, 5 runs)` or in ms below a second. */
export function show(f: Figure, unit: "ms" | "s" | "x" = "ms"): string {
  const fmt = (v: number) =>
    unit === "s" ? (v / 1000).toFixed(2) : unit === "x" ? v.toFixed(2) : v.toFixed(0);
  const suffix = unit === "x" ? "×" : ` ${unit}`;
  return `${fmt(f.median)}${suffix} (${fmt(f.min)}–${fmt(f.max)}, ${f.runs} runs)`;
}

/** The 1-, 5- and 15-minute load averages, rounded to 2 decimals. */
export function load(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

/**
 * Runs every case once per round, in turn (A B C, A B C, …), after `warmup` rounds that are not
 * counted, and returns each case's figure (wall milliseconds). Alternating spreads the machine's
 * drift over every case alike. A case that resolves to `{ cpuMs }` (a `cli` command) also gets a
 * CPU figure in `cpu` (user + system milliseconds of the child process).
 */
export async function alternate<K extends string>(
  cases: Record<K, () => Promise<unknown> | unknown>,
  options: { runs: number; warmup?: number },
): Promise<{
  figures: Record<K, Figure>;
  times: Record<K, number[]>;
  cpu: Partial<Record<K, Figure>>;
  cpuTimes: Record<K, number[]>;
}> {
  const names = Object.keys(cases) as K[];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const cpuTimes = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const rounds = (options.warmup ?? 1) + options.runs;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const start = performance.now();
      const result = await cases[name]();
      const ms = performance.now() - start;
      if (round < (options.warmup ?? 1)) continue;
      times[name].push(ms);
      const cpuMs = (result as { cpuMs?: unknown } | undefined)?.cpuMs;
      if (typeof cpuMs === "number") cpuTimes[name].push(cpuMs);
    }
  }
  const figures = Object.fromEntries(names.map((n) => [n, figure(times[n])])) as Record<K, Figure>;
  const cpu = Object.fromEntries(
    names.filter((n) => cpuTimes[n].length > 0).map((n) => [n, figure(cpuTimes[n])]),
  ) as Partial<Record<K, Figure>>;
  return { figures, times, cpu, cpuTimes };
}

/** The ratio a ÷ b taken round by round (so a drift of the machine cancels), as a figure. */
export function ratio(a: readonly number[], b: readonly number[]): Figure {
  return figure(a.map((v, i) => v / (b[i] as number)));
}

/**
 * Runs a command to completion (stdout and stderr discarded unless it fails) and resolves when it
 * exits; a non-zero exit rejects with its stderr, so a benchmark never times a failing command.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  cwd = ROOT,
  env: Record<string, string> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...env },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new Error(`${file} ${args.join(" ")} exited ${code ?? signal}: ${stderr.trim()}`));
    });
  });
}

/**
 * `node bin/rationwatch.js …args`, as a case for `alternate`: resolves to the command's CPU time
 * (user + system, every thread) as `{ cpuMs }`, written at its exit by `bench/cpu-usage.mjs`.
 */
export const cli =
  (...args: string[]) =>
  async (): Promise<{ cpuMs: number }> => {
    const dir = mkdtempSync(join(tmpdir(), "rw-bench-cpu-"));
    const file = join(dir, "cpu");
    try {
      await runCommand(process.execPath, ["--import", CPU_USAGE, CLI, ...args], ROOT, {
        RW_BENCH_CPU_FILE: file,
      });
      return { cpuMs: Number(readFileSync(file, "utf8")) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

/** The preload that reports a command's CPU time (see `cli`). */
const CPU_USAGE = pathToFileURL(join(ROOT, "bench", "cpu-usage.mjs")).href;

/** Node's own start-up (`node -e ''`): the floor under any command. */
export const nodeStartUp = () => runCommand(process.execPath, ["-e", ""]);

function packageVersion(name: string): string | null {
  const path = join(ROOT, "node_modules", name, "package.json");
  if (!existsSync(path)) return null;
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

/** DuckDB's own version string, asked of the library the project uses. */
function duckdbVersion(): string | null {
  try {
    return execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "import { DuckDBInstance } from '@duckdb/node-api';" +
          "const c = await (await DuckDBInstance.create(':memory:')).connect();" +
          "console.log((await c.runAndReadAll('SELECT version()')).getRows()[0][0]);",
      ],
      { cwd: ROOT, encoding: "utf8" },
    ).trim();
  } catch {
    return null;
  }
}

/** What the figures were measured on: recorded in results.json beside them. */
export function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    cores: cpu.length,
    cpuModel: cpu[0]?.model ?? null,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    loadAverage: load(),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    duckdb: duckdbVersion(),
    duckdbNodeApi: packageVersion("@duckdb/node-api"),
  };
}

/**
 * The store `npm start` builds (five years of synthetic demo data) in bench/tmp/, by the real
 * command: the first time it generates and loads 60 months (a few minutes); after that it only
 * checks the zips' checksums, and completes a store an interrupted run left part-loaded.
 */
export async function demoStore(tmpDir: string, log: (line: string) => void): Promise<string> {
  const db = join(tmpDir, "demo.duckdb");
  if (!existsSync(db)) log("building the demo store (generate and load 60 months: a few minutes)…");
  await runCommand(process.execPath, [
    CLI,
    "start",
    "--db",
    db,
    "--demo-dir",
    join(tmpDir, "demo-data"),
    "--no-report",
    "--quiet",
  ]);
  return db;
}
