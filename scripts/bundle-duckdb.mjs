// Bundles @duckdb/node-api (about 180 CommonJS files) into one file, dist/vendor/duckdb-node-api.cjs,
// which src/store/db.ts loads when it is there: Node then reads and compiles one file instead of
// resolving and wrapping each module, about 80 ms less CPU for every command that opens a store
// (README "Performance"). The native binding (@duckdb/node-bindings) stays a package of its own.
// The binding is loaded by BINDING below rather than by @duckdb/node-bindings' own index, which asks
// detect-libc whether the C library is musl: that loads child_process and reads /usr/bin/ldd, about
// 15 ms of CPU (30-60 ms wall on a busy machine) on every command.
// Run by `npm run build` and `prepare` after tsc; `node scripts/bundle-duckdb.mjs OUT` writes OUT.
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
