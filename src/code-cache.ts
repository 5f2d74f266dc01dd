/**
 * Loading the build's bundles of third-party libraries (dist/vendor/, scripts/bundle-vendor.mjs:
 * the DuckDB client, and Observable Plot with linkedom for the charts) with V8's code cache: the
 * build runs each bundle once, exercising it, and writes V8's compiled code beside it
 * (`<file>.cache`); a command then loads the bundle from that code instead of parsing and
 * compiling it again (docs/performance.md has the figures). The cache starts with the SHA-256 of
 * the source it was made from and is used only for that source: V8 itself checks only the
 * source's length (and its own version and flags), and code compiled for other text of the same
 * length would run wrongly. A cache that does not match, or that V8 refuses (another Node
 * version), is ignored and the file compiled as `require` would: a stale or missing cache costs
 * time, never correctness.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/** The cache file beside `file`. */
export const codeCachePath = (file: string): string => `${file}.cache`;

const HASH_BYTES = 32;

const sourceHash = (source: string): Buffer => createHash("sha256").update(source).digest();

interface Loaded {
  exports: unknown;
  script: Script;
}

/** Runs `source` (the text of `file`) as CommonJS, as `require` does, with V8's `cache` if given. */
function load(file: string, source: string, cache: Buffer | undefined): Loaded {
  // The same wrapper as Node's own, so the file sees the same five names.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    { filename: file, cachedData: cache },
  );
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script };
}

/**
 * The exports of the CommonJS file `file`, compiled from `<file>.cache` when that was made from
 * this very text and V8 accepts it. `cacheRejected`: a cache was there but not used.
 * @example requireWithCodeCache('dist/vendor/duckdb-node-api.cjs').exports
 */
export function requireWithCodeCache(file: string): { exports: unknown; cacheRejected: boolean } {
  const source = readFileSync(file, "utf8");
  const cachePath = codeCachePath(file);
  const stored = existsSync(cachePath) ? readFileSync(cachePath) : undefined;
  const matches =
    stored !== undefined &&
    stored.length > HASH_BYTES &&
    stored.subarray(0, HASH_BYTES).equals(sourceHash(source));
  const { exports, script } = load(file, source, matches ? stored.subarray(HASH_BYTES) : undefined);
  const rejected = stored !== undefined && (!matches || script.cachedDataRejected === true);
  return { exports, cacheRejected: rejected };
}

/**
 * Loads `file`, runs `exercise` on its exports (so the functions a command calls are compiled
 * too, not only the file's top level), and writes V8's code for all of it to `<file>.cache`.
 * Returns the cache's size in bytes.
 */
export async function writeCodeCache(
  file: string,
  exercise: (exports: unknown) => Promise<void> = async () => {},
): Promise<number> {
  const source = readFileSync(file, "utf8");
  const { exports, script } = load(file, source, undefined);
  await exercise(exports);
  const data = Buffer.concat([sourceHash(source), script.createCachedData()]);
  // Whole or not at all: a command starting meanwhile reads the old cache or the new one.
  const path = codeCachePath(file);
  writeFileSync(`${path}.${process.pid}.tmp`, data);
  renameSync(`${path}.${process.pid}.tmp`, path);
  return data.length;
}

/**
 * A library as the build bundled it (`bundle`, a file in dist/vendor/, loaded through its code
 * cache), or, where there is no bundle (run from source: tests, `npm run dev`), as `unbundled`
 * loads it from its package.
 * @example const duckdb = loadVendored(new URL('../vendor/duckdb-node-api.cjs', import.meta.url), () => require('@duckdb/node-api'))
 */
export function loadVendored<T>(bundle: URL, unbundled: () => T): T {
  const file = fileURLToPath(bundle);
  return existsSync(file) ? (requireWithCodeCache(file).exports as T) : unbundled();
}
