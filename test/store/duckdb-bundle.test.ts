import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type * as DuckDB from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";

import { codeCachePath } from "../../src/store/code-cache.ts";

const require = createRequire(import.meta.url);
// Inside the project (.scratch/ is git-ignored), so the bundle finds @duckdb/node-bindings in
// node_modules as it does in dist/vendor/.
const scratch = fileURLToPath(new URL("../../.scratch/", import.meta.url));
mkdirSync(scratch, { recursive: true });
const dir = mkdtempSync(join(scratch, "rw-duckdb-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the bundled @duckdb/node-api (scripts/bundle-duckdb.mjs)", () => {
  it("exports what the package exports and runs queries", async () => {
    const out = join(dir, "duckdb-node-api.cjs");
    execFileSync(process.execPath, ["scripts/bundle-duckdb.mjs", out], { stdio: "pipe" });
    const bundled = require(out) as typeof DuckDB;
    const original = require("@duckdb/node-api") as typeof DuckDB;
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(original).sort());
    const instance = await bundled.DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      "SELECT 6 * 7 AS answer, [1, 2] AS list, 'a''b' AS text",
    );
    expect(reader.getRowObjectsJS()).toEqual([{ answer: 42, list: [1, 2], text: "a'b" }]);
    connection.closeSync();
    instance.closeSync();
  });

  it("writes V8's code cache beside the bundle, which a command's loader accepts", () => {
    const out = join(dir, "cached.cjs");
    execFileSync(process.execPath, ["scripts/bundle-duckdb.mjs", out], { stdio: "pipe" });
    expect(existsSync(codeCachePath(out))).toBe(true);
    // In a plain Node process, as a command runs (V8 refuses a cache made under other V8 flags,
    // such as the test runner's), through the built loader commands use.
    const loader = new URL("../../dist/store/code-cache.js", import.meta.url).href;
    const env = { ...process.env };
    delete env["NODE_OPTIONS"];
    const answer = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { requireWithCodeCache } = await import(${JSON.stringify(loader)});
         const { exports, cacheRejected } = requireWithCodeCache(${JSON.stringify(out)});
         console.log(JSON.stringify({ cacheRejected, keys: Object.keys(exports).sort() }));`,
      ],
      { encoding: "utf8", env },
    );
    const original = require("@duckdb/node-api") as typeof DuckDB;
    expect(JSON.parse(answer)).toEqual({
      cacheRejected: false,
      keys: Object.keys(original).sort(),
    });
  });

  it("loads the glibc binding without detect-libc where no musl loader is installed", () => {
    const out = join(dir, "binding-check.cjs");
    execFileSync(process.execPath, ["scripts/bundle-duckdb.mjs", out], { stdio: "pipe" });
    // In a fresh process: which modules loading the bundle pulled in.
    const loaded = execFileSync(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(out)}); console.log(JSON.stringify(Object.keys(require.cache)))`,
      ],
      { encoding: "utf8" },
    );
    const modules = JSON.parse(loaded) as string[];
    const musl =
      process.platform !== "linux" || readdirSync("/lib").some((f) => f.startsWith("ld-musl-"));
    expect(modules.some((m) => m.includes("detect-libc"))).toBe(musl);
    expect(modules.some((m) => m.endsWith("duckdb.node"))).toBe(true);
  });
});
