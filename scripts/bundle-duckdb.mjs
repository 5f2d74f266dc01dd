// Bundles @duckdb/node-api (about 180 CommonJS files) into one file, dist/vendor/duckdb-node-api.cjs,
// which src/store/db.ts loads when it is there: Node then reads and compiles one file instead of
// resolving and wrapping each module, about 80 ms less CPU for every command that opens a store
// (README "Performance"). The native binding (@duckdb/node-bindings) stays a package of its own.
// Run by `npm run build` and `prepare` after tsc; `node scripts/bundle-duckdb.mjs OUT` writes OUT.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const outfile =
  process.argv[2] ?? fileURLToPath(new URL("../dist/vendor/duckdb-node-api.cjs", import.meta.url));
await build({
  entryPoints: [createRequire(import.meta.url).resolve("@duckdb/node-api")],
  bundle: true,
  platform: "node",
  format: "cjs",
  external: ["@duckdb/node-bindings"],
  outfile,
  logLevel: "warning",
});
