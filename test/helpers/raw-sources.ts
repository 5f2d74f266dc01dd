import { existsSync } from "node:fs";
import { join } from "node:path";

import { repoRoot } from "./cli.ts";

/** The raw sources live beside the checkout (../shared/data/raw) unless RATIONWATCH_RAW_DIR says. */
export const rawDir =
  process.env["RATIONWATCH_RAW_DIR"] ?? join(repoRoot, "..", "shared", "data", "raw");

/**
 * True when every named raw source (paths relative to rawDir) is present. When one is missing the
 * tests that need it are not run, and one line says so on the screen: a fresh clone without
 * ../shared still passes, CI (which has ../shared) runs them.
 */
export function rawSourcesPresent(what: string, ...paths: string[]): boolean {
  const missing = paths.filter((p) => !existsSync(join(rawDir, p)));
  if (missing.length === 0 && existsSync(rawDir)) return true;
  console.log(
    `not run: ${what} (raw sources not found: ${missing.length ? missing.map((p) => join(rawDir, p)).join(", ") : rawDir})`,
  );
  return false;
}
