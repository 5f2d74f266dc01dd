import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type * as DuckDB from "@duckdb/node-api";
import type * as PlotModule from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { codeCachePath } from "../src/code-cache.ts";

const require = createRequire(import.meta.url);
// Inside the project (.scratch/ is git-ignored), so the bundles find @duckdb/node-bindings in
// node_modules as they do in dist/vendor/.
const scratch = fileURLToPath(new URL("../.scratch/", import.meta.url));
mkdirSync(scratch, { recursive: true });
const dir = mkdtempSync(join(scratch, "rw-vendor-"));
const duckdbBundle = join(dir, "duckdb-node-api.cjs");
const chartBundle = join(dir, "chart-deps.cjs");
beforeAll(() => {
  execFileSync(process.execPath, ["scripts/bundle-vendor.mjs", dir], { stdio: "pipe" });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `code` (an ES module) in a plain Node process, as a command runs, and parses its output. */
function inPlainNode(code: string): unknown {
  // Without the test runner's NODE_OPTIONS: V8 refuses a code cache made under other V8 flags.
  const env = { ...process.env };
  delete env["NODE_OPTIONS"];
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8",
    env,
  });
  return JSON.parse(out);
}

describe("the bundled @duckdb/node-api (scripts/bundle-vendor.mjs)", () => {
  it("exports what the package exports and runs queries", async () => {
    const bundled = require(duckdbBundle) as typeof DuckDB;
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

  it("loads the glibc binding without detect-libc where no musl loader is installed", () => {
    // In a fresh process: which modules loading the bundle pulled in.
    const loaded = execFileSync(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(duckdbBundle)}); console.log(JSON.stringify(Object.keys(require.cache)))`,
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

describe("the bundled chart libraries (Observable Plot and linkedom)", () => {
  it("draws the same SVG as the packages themselves", () => {
    const bundled = require(chartBundle) as {
      Plot: typeof PlotModule;
      parseHTML: typeof parseHTML;
    };
    const original = require("@observablehq/plot") as typeof PlotModule;
    expect(Object.keys(bundled.Plot).sort()).toEqual(Object.keys(original).sort());
    const data = [3, 1, 4, 1, 5, 9, 2, 6].map((v, i) => ({ i, v, name: `Area ${i}` }));
    const draw = (Plot: typeof PlotModule, parse: typeof parseHTML) =>
      Plot.plot({
        document: parse("<!doctype html><html><body></body></html>")
          .document as unknown as PlotModule.PlotOptions["document"],
        marks: [
          Plot.ruleY([4]),
          Plot.dot(data, { x: "i", y: "v", title: "name" }),
          Plot.text(data, { x: "i", y: "v", text: "name", dy: -8 }),
        ],
      }).outerHTML;
    const svg = draw(bundled.Plot, bundled.parseHTML);
    expect(svg).toContain("<svg");
    expect(svg).toBe(draw(original, parseHTML));
  });
});

describe("the bundles' code caches", () => {
  it("are written beside the bundles and accepted by the loader commands use", () => {
    expect(existsSync(codeCachePath(duckdbBundle))).toBe(true);
    expect(existsSync(codeCachePath(chartBundle))).toBe(true);
    const loader = new URL("../dist/code-cache.js", import.meta.url).href;
    const loaded = inPlainNode(
      `const { requireWithCodeCache } = await import(${JSON.stringify(loader)});
       const duckdb = requireWithCodeCache(${JSON.stringify(duckdbBundle)});
       const charts = requireWithCodeCache(${JSON.stringify(chartBundle)});
       console.log(JSON.stringify({
         rejected: [duckdb.cacheRejected, charts.cacheRejected],
         duckdb: Object.keys(duckdb.exports).sort(),
         plot: Object.keys(charts.exports.Plot).sort(),
       }));`,
    );
    expect(loaded).toEqual({
      rejected: [false, false],
      duckdb: Object.keys(require("@duckdb/node-api") as object).sort(),
      plot: Object.keys(require("@observablehq/plot") as object).sort(),
    });
  });
});
