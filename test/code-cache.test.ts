import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { codeCachePath, requireWithCodeCache, writeCodeCache } from "../src/code-cache.ts";

const dir = mkdtempSync(join(tmpdir(), "rw-code-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the built loader (dist/code-cache.js, as commands use it) in a fresh plain Node process:
 * `write` makes `file`'s cache (calling its `double`), `load` loads it and calls `double(4)`.
 * Fresh, because V8 answers a source it compiled already in this process from memory without
 * reading the cache at all; plain, because it refuses a cache made under other V8 flags (the test
 * runner's).
 */
function inFreshNode(
  action: "write" | "load",
  file: string,
): { cacheRejected?: boolean; answer?: number; doubled: number } {
  const loader = new URL("../dist/code-cache.js", import.meta.url).href;
  const env = { ...process.env };
  delete env["NODE_OPTIONS"];
  const code =
    action === "write"
      ? `const { writeCodeCache } = await import(${JSON.stringify(loader)});
         let doubled;
         await writeCodeCache(${JSON.stringify(file)}, async (e) => { doubled = e.double(1); });
         console.log(JSON.stringify({ doubled }));`
      : `const { requireWithCodeCache } = await import(${JSON.stringify(loader)});
         const { exports, cacheRejected } = requireWithCodeCache(${JSON.stringify(file)});
         console.log(JSON.stringify({ cacheRejected, answer: exports.answer, doubled: exports.double(4) }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8",
    env,
  });
  return JSON.parse(out) as { cacheRejected?: boolean; answer?: number; doubled: number };
}

/** A CommonJS file that uses all five names of the wrapper and requires a built-in module. */
function commonJsFile(name: string, answer: number): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `"use strict";
const { basename } = require("node:path");
exports.answer = ${answer};
exports.self = this === module.exports && exports === module.exports;
exports.name = basename(__filename) + "@" + basename(__dirname);
module.exports.double = (n) => 2 * n;
`,
  );
  return file;
}

describe("requireWithCodeCache", () => {
  it("loads a CommonJS file as require does when there is no cache", () => {
    const file = commonJsFile("plain.cjs", 42);
    const { exports, cacheRejected } = requireWithCodeCache(file);
    const e = exports as {
      answer: number;
      self: boolean;
      name: string;
      double: (n: number) => number;
    };
    expect(cacheRejected).toBe(false);
    expect([e.answer, e.self, e.double(21)]).toEqual([42, true, 42]);
    expect(e.name).toBe(`plain.cjs@${dir.split("/").at(-1)}`);
  });

  it("loads from the cache writeCodeCache made, after running what exercise asks", async () => {
    const file = commonJsFile("cached.cjs", 7);
    let exercised = 0;
    const bytes = await writeCodeCache(file, async (exports) => {
      exercised = (exports as { double: (n: number) => number }).double(4);
    });
    expect(exercised).toBe(8);
    expect(readFileSync(codeCachePath(file)).length).toBe(bytes);
    expect(bytes).toBeGreaterThan(32); // the SHA-256 of the source, then V8's data
    expect(inFreshNode("write", file)).toEqual({ doubled: 2 });
    expect(inFreshNode("load", file)).toEqual({ cacheRejected: false, answer: 7, doubled: 8 });
  });

  it("refuses a cache made for other source text and compiles the file instead", async () => {
    const file = commonJsFile("changed.cjs", 1);
    await writeCodeCache(file);
    commonJsFile("changed.cjs", 2000); // the file changes after its cache was made
    const { exports, cacheRejected } = requireWithCodeCache(file);
    expect(cacheRejected).toBe(true);
    expect((exports as { answer: number }).answer).toBe(2000);
  });

  it("refuses a cache made for other text of the same length (which V8 alone would take)", async () => {
    const file = commonJsFile("same-length.cjs", 1111);
    await writeCodeCache(file);
    commonJsFile("same-length.cjs", 2222);
    const { exports, cacheRejected } = requireWithCodeCache(file);
    expect(cacheRejected).toBe(true);
    expect((exports as { answer: number }).answer).toBe(2222);
  });

  it("refuses a cache cut short (its hash intact) and still loads the file", () => {
    const file = commonJsFile("cut.cjs", 4);
    inFreshNode("write", file);
    const whole = readFileSync(codeCachePath(file));
    writeFileSync(codeCachePath(file), whole.subarray(0, Math.floor(whole.length / 2)));
    expect(inFreshNode("load", file)).toEqual({ cacheRejected: true, answer: 4, doubled: 8 });
  });

  it("refuses a cache file that is not V8's and still loads the file", () => {
    const file = commonJsFile("garbage.cjs", 3);
    writeFileSync(codeCachePath(file), "not a code cache");
    const { exports, cacheRejected } = requireWithCodeCache(file);
    expect(cacheRejected).toBe(true);
    expect((exports as { answer: number }).answer).toBe(3);
  });
});
