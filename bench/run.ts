// `npm run bench`: runs every benchmark module and writes their figures to bench/results.json.
// Each module exports `name` and `bench(ctx)` returning a JSON-friendly record of figures; a
// benchmark reports ratios against a reference measured in the same run, never bare timings alone.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

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
];

const only = process.argv.slice(2);
const tmpDir = fileURLToPath(new URL("./tmp/", import.meta.url));
const results: Record<string, unknown> = {
  generatedAt: new Date().toISOString(),
  node: process.version,
};
for (const path of modules) {
  const mod = (await import(path)) as BenchModule;
  if (only.length > 0 && !only.includes(mod.name)) continue;
  console.log(`\n## ${mod.name}`);
  results[mod.name] = await mod.bench({ tmpDir, log: (line) => console.log(line) });
}
// Merge into the existing file so running one module keeps the others' last figures.
const out = fileURLToPath(new URL("./results.json", import.meta.url));
const previous = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as object) : {};
writeFileSync(out, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
