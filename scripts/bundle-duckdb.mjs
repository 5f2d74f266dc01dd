// Bundles @duckdb/node-api (about 180 CommonJS files) into one file, dist/vendor/duckdb-node-api.cjs,
// which src/store/db.ts loads when it is there: Node then reads and compiles one file instead of
// resolving and wrapping each module, about 80 ms less CPU for every command that opens a store
// (README "Performance"). The native binding (@duckdb/node-bindings) stays a package of its own.
// The binding is loaded by BINDING below rather than by @duckdb/node-bindings' own index, which asks
// detect-libc whether the C library is musl: that loads child_process and reads /usr/bin/ldd, about
// 15 ms of CPU (30-60 ms wall on a busy machine) on every command.
// It then writes V8's code cache of the bundle beside it (OUT.cache, src/store/code-cache.ts): the
// bundle is loaded and used once here (an in-memory database, a query, its rows read), so a command
// loads compiled code for what it calls rather than compiling it again (~30 ms less a command).
// Run by `npm run build` and `prepare` after tsc; `node scripts/bundle-duckdb.mjs OUT` writes OUT
// and OUT.cache.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const outfile =
  process.argv[2] ?? fileURLToPath(new URL("../dist/vendor/duckdb-node-api.cjs", import.meta.url));
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

await build({
  entryPoints: [createRequire(import.meta.url).resolve("@duckdb/node-api")],
  bundle: true,
  platform: "node",
  format: "cjs",
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
          resolveDir: process.cwd(),
        }));
      },
    },
  ],
  outfile,
  logLevel: "warning",
});

/** Uses the bundle as a command does: open, connect, query, read rows of the common types, close. */
async function exercise(api) {
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

// The loader is the compiled one (dist/), so the cache is made exactly as commands read it; without
// a build there is nothing to write it for.
const loader = new URL("../dist/store/code-cache.js", import.meta.url);
if (existsSync(loader)) {
  try {
    const { writeCodeCache } = await import(loader.href);
    await writeCodeCache(outfile, exercise);
  } catch (e) {
    console.warn(`bundle-duckdb: no code cache written (${e instanceof Error ? e.message : e})`);
  }
}
