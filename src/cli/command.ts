import type { CliIo } from "./io.ts";

/** One `rationwatch <name>` sub-command. `help` is printed by `--help`; `run` returns nothing on success. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run: (argv: string[], io: CliIo) => Promise<void>;
}

/** Default store path: `--db`, else `$RATIONWATCH_DB`, else `./rationwatch.duckdb`. */
export function resolveDbPath(io: CliIo, flag: string | undefined): string {
  return flag ?? io.env["RATIONWATCH_DB"] ?? "rationwatch.duckdb";
}
