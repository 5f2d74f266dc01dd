// The builders in scripts/ rebuild data/reference/ from the raw sources in ../shared/data/raw. A
// clone without them uses the committed files as they are; a builder run there stops with one line.
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Exits 1 with one line naming what is missing unless every input (relative to rawDir) exists. */
export function requireRawSources(script: string, rawDir: string, inputs: readonly string[]): void {
  const missing = existsSync(rawDir) ? inputs.filter((p) => !existsSync(join(rawDir, p))) : [];
  if (existsSync(rawDir) && missing.length === 0) return;
  const what = missing.length > 0 ? missing.map((p) => join(rawDir, p)).join(", ") : rawDir;
  process.stderr.write(
    `${script}: raw sources not found: ${what} (give --raw DIR; without them the committed data/reference/ files are used as they are)\n`,
  );
  process.exit(1);
}
