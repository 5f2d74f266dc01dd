import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";

import { MissingDataError } from "../errors.ts";

import type { CliIo } from "./io.ts";

/** One `rationwatch <name>` sub-command. `help` is printed by `--help`; `run` returns nothing on success. */
export interface Command {
  name: string;
  /** One line for `rationwatch --help`; the registry in commands.ts holds the listed copy. */
  summary?: string;
  help: string;
  run: (argv: string[], io: CliIo) => Promise<void>;
}

/** Default store path: `--db`, else `$RATIONWATCH_DB`, else `./rationwatch.duckdb`. */
export function resolveDbPath(io: CliIo, flag: string | undefined): string {
  return flag ?? io.env["RATIONWATCH_DB"] ?? "rationwatch.duckdb";
}

/**
 * The store a read command works on: `--db` resolved against the working directory; a missing file
 * is a MissingDataError (nothing is created).
 */
export function existingStorePath(io: CliIo, flag: string | undefined): string {
  const given = resolveDbPath(io, flag);
  if (given === ":memory:") return given;
  const path = isAbsolute(given) ? given : resolve(io.cwd, given);
  if (!existsSync(path)) {
    throw new MissingDataError(
      `no store at ${given} (load data first with 'rationwatch ingest' or 'npm start')`,
    );
  }
  return path;
}
