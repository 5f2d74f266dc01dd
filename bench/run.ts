// `npm run bench`: runs every benchmark module and writes their figures to bench/results.json, with
// the machine they ran on (cores, load average, Node and DuckDB versions, date). Each module exports
// `name` and `bench(ctx)` returning a JSON-friendly record of figures; a benchmark reports ratios
// against a reference measured in the same alternating rounds, each figure a median of at least 3
// runs with its min and max (bench/measure.ts), never a bare single timing.
// `npm run bench -- report analysis` runs only those modules.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { load, machine, ROOT } from "./measure.ts";

export interface BenchContext {
  /** Scratch directory for generated inputs (git-ignored). */
  tmpDir: string;
  log: (line: string) => void;
}

export interface BenchModule {
  name: string;
  bench: (ctx: BenchContext) => Promise<Record<string, unknown>>;
}

const modules = [
  "./stats.bench.ts",
  "./analysis.bench.ts",
  "./ingest.bench.ts",
  "./report.bench.ts",
  "./web.bench.ts",
  "./site.bench.ts",
];

const only = process.argv.slice(2);
const tmpDir = fileURLToPath(new URL("./tmp/", import.meta.url));
mkdirSync(tmpDir, { recursive: true });

// The commands benchmarked run the compiled dist/ (bin/rationwatch.js), so compile the current
// source first: a stale dist/ would time old code.
console.log("compiling src/ to dist/ (npm run build: tsc, then the DuckDB bundle)…");
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
  cwd: ROOT,
  stdio: "inherit",
});
execFileSync(process.execPath, ["scripts/bundle-vendor.mjs"], { cwd: ROOT, stdio: "inherit" });

const host = machine();
console.log(
  `machine: ${String(host.cores)} cores (${String(host.cpuModel)}), Node ${String(host.node)}, DuckDB ${String(host.duckdb)}, load average ${(host.loadAverage as number[]).join(" ")}`,
);
console.log("the machine may be shared: figures are medians of alternating runs, with min–max");
const results: Record<string, unknown> = { generatedAt: host.date, machine: host };
for (const path of modules) {
  const mod = (await import(path)) as BenchModule;
  if (only.length > 0 && !only.includes(mod.name)) continue;
  console.log(`\n## ${mod.name} (load average ${load().join(" ")})`);
  const figures = await mod.bench({ tmpDir, log: (line) => console.log(line) });
  results[mod.name] = { measuredAt: new Date().toISOString(), ...figures };
}
// Merge into the existing file so running one module keeps the others' last figures (each module
// carries its own measuredAt and load average; `machine` is that of the latest run).
const out = fileURLToPath(new URL("./results.json", import.meta.url));
const previous = existsSync(out)
  ? (JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>)
  : {};
delete previous.node; // superseded by machine.node
writeFileSync(out, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
