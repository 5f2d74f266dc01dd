// Bundles the third-party libraries every command loads into single CommonJS files in dist/vendor/,
// each with V8's code cache beside it (FILE.cache, src/code-cache.ts), so Node reads and runs one
// file from compiled code instead of resolving, reading and compiling hundreds (docs/performance.md):
//
// - duckdb-node-api.cjs: @duckdb/node-api (about 180 CommonJS files), which src/store/db.ts loads on
//   every command that opens a store. The native binding (@duckdb/node-bindings) stays a package of
//   its own, loaded by BINDING below rather than by @duckdb/node-bindings' own index, which asks
//   detect-libc whether the C library is musl: that loads child_process and reads /usr/bin/ldd,
//   about 15 ms of CPU (30-60 ms wall on a busy machine) on every command.
// - chart-deps.cjs: Observable Plot (with the d3 modules it uses) and linkedom, which
//   src/report/chart-deps.ts loads for the report's charts, the site's maps and the infographics
//   (~0.4 s as ES modules, ~0.1 s from here).
//
// Each bundle is loaded and used once here (a query and its rows; a chart drawn) before its cache is
// written, so a command loads compiled code for what it calls rather than compiling it again.
// Run by `npm run build` and `prepare` after tsc; `node scripts/bundle-vendor.mjs DIR` writes the
// bundles and their caches into DIR instead of dist/vendor/.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const outDir = process.argv[2] ?? join(ROOT, "dist", "vendor");

/**
 * Where no musl loader is installed (/lib/ld-musl-*), the C library cannot be musl: the glibc
 * binding for this CPU is required directly. Anywhere else, or if that fails, @duckdb/node-bindings
 * decides as it always does.
 */
const BINDING = `
const { readdirSync } = require("node:fs");
function glibcBinding() {
  if (process.platform !== "linux") return undefined;
  try {
    if (readdirSync("/lib").some((f) => f.startsWith("ld-musl-"))) return undefined;
    if (process.arch === "x64") return require("@duckdb/node-bindings-linux-x64/duckdb.node");
    if (process.arch === "arm64") return require("@duckdb/node-bindings-linux-arm64/duckdb.node");
  } catch {}
  return undefined;
}
module.exports = glibcBinding() ?? require("@duckdb/node-bindings");
`;

/** Uses the DuckDB client as a command does: open, connect, query, read rows, close. */
async function useDuckDb(api) {
  const instance = await api.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run("CREATE TABLE t (m VARCHAR, n BIGINT, x DOUBLE, l INTEGER[], b BOOLEAN)");
  await connection.run("INSERT INTO t VALUES ($1, $2, 0.5, [1, 2], true)", ["2024-03", 7]);
  const reader = await connection.runAndReadAll("SELECT *, n::HUGEINT AS h FROM t WHERE m = $1", [
    "2024-03",
  ]);
  reader.getRowObjectsJS();
  connection.closeSync();
  instance.closeSync();
}

/** Draws a chart with the marks, scales and DOM calls the report's charts use. */
async function useCharts({ Plot, parseHTML }) {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const data = [1, 2, 3, 4].map((i) => ({ x: i, y: i * i, name: `Area ${i}`, band: i % 2 }));
  const square = (x0, y0) => [
    [x0, y0],
    [x0, y0 + 1],
    [x0 + 1, y0 + 1],
    [x0 + 1, y0],
    [x0, y0],
  ];
  const features = [0, 1].map((i) => ({
    type: "Feature",
    properties: { code: `A${i}` },
    geometry: { type: "Polygon", coordinates: [square(-2 + i, 52)] },
  }));
  const charts = [
    Plot.plot({
      document,
      x: { label: "x", grid: true },
      y: { type: "log", label: "y" },
      color: { type: "ordinal", range: ["#005eb8", "#ed8b00"] },
      marks: [
        Plot.areaY(data, { x: "x", y: "y", fillOpacity: 0.1 }),
        Plot.lineY(data, { x: "x", y: "y" }),
        Plot.dot(data, { x: "x", y: "y", fill: "band", title: "name" }),
        Plot.ruleY([1]),
        Plot.ruleX(data, { x: "x", y1: 1, y2: "y" }),
        Plot.text(data, { x: "x", y: "y", text: "name", dx: 4, textAnchor: "start" }),
      ],
    }),
    Plot.plot({
      document,
      marks: [Plot.barX(data, { x: "y", y: "name" }), Plot.tickX(data, { x: "x", y: "name" })],
    }),
    Plot.plot({
      document,
      projection: { type: "transverse-mercator", rotate: [2, -49], domain: features[0] },
      marks: [
        Plot.geo(features, { fill: (f) => f.properties.code, stroke: "#fff", clip: "frame" }),
      ],
    }),
  ];
  return charts.map((chart) => chart.outerHTML.length);
}

/** Bundles `entry` (a file or stdin contents) into `name`, then writes its code cache. */
async function bundle(name, entry, options, use) {
  const outfile = join(outDir, name);
  await build({
    ...entry,
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile,
    logLevel: "warning",
    ...options,
  });
  // The loader is the compiled one (dist/), so the cache is made exactly as commands read it;
  // without a build there is nothing to write it for.
  const loader = new URL("../dist/code-cache.js", import.meta.url);
  if (!existsSync(loader)) return;
  try {
    const { writeCodeCache } = await import(loader.href);
    await writeCodeCache(outfile, use);
  } catch (e) {
    console.warn(
      `bundle-vendor: no code cache for ${name} (${e instanceof Error ? e.message : e})`,
    );
  }
}

await bundle(
  "duckdb-node-api.cjs",
  { entryPoints: [createRequire(import.meta.url).resolve("@duckdb/node-api")] },
  {
    external: ["@duckdb/node-bindings", "@duckdb/node-bindings-*"],
    plugins: [
      {
        name: "binding-without-detect-libc",
        setup(b) {
          // The package's own import of the binding, not BINDING's fallback to it.
          b.onResolve({ filter: /^@duckdb\/node-bindings$/ }, (args) =>
            args.namespace === "binding" ? undefined : { path: "binding", namespace: "binding" },
          );
          b.onLoad({ filter: /.*/, namespace: "binding" }, () => ({
            contents: BINDING,
            loader: "js",
            resolveDir: ROOT,
          }));
        },
      },
    ],
  },
  useDuckDb,
);

await bundle(
  "chart-deps.cjs",
  {
    stdin: {
      contents: `export * as Plot from "@observablehq/plot";\nexport { parseHTML } from "linkedom";\n`,
      resolveDir: ROOT,
      loader: "js",
    },
  },
  {},
  useCharts,
);
