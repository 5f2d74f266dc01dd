import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";

import { MissingDataError } from "../errors.ts";
import { Store } from "../store/db.ts";

import type { CliIo } from "./io.ts";

/** One `rationwatch <name>` sub-command. `help` is printed by `--help`; `run` returns nothing on success. */
export interface Command {
  name: string;
  help: string;
  run: (argv: string[], io: CliIo) => Promise<void>;
}

/** Default store path: `--db`, else `$RATIONWATCH_DB`, else `./rationwatch.duckdb`. */
export function resolveDbPath(io: CliIo, flag: string | undefined): string {
  return flag ?? io.env["RATIONWATCH_DB"] ?? "rationwatch.duckdb";
}

/** `--db` (or its default) resolved against the working directory; `:memory:` as it is. */
export function storePath(io: CliIo, flag: string | undefined): { given: string; path: string } {
  const given = resolveDbPath(io, flag);
  const path = given === ":memory:" || isAbsolute(given) ? given : resolve(io.cwd, given);
  return { given, path };
}

/**
 * Runs a writing command on the store: opens (creating if needed), runs `fn`, closes. If `fn` fails
 * and this run created the store, the file is removed, so bad input leaves nothing behind; an
 * existing store is left to the transactions inside `fn`.
 */
export async function withWritableStore<T>(
  io: CliIo,
  flag: string | undefined,
  fn: (store: Store, given: string) => Promise<T>,
): Promise<T> {
  const { given, path } = storePath(io, flag);
  const created = path !== ":memory:" && !existsSync(path);
  const store = await Store.open(path);
  try {
    return await fn(store, given);
  } catch (e) {
    store.close();
    if (created) {
      await rm(path, { force: true });
      await rm(`${path}.wal`, { force: true });
    }
    throw e;
  } finally {
    store.close();
  }
}

/**
 * For commands that can answer from the shipped reference data alone (`areas`, `crosswalk list`):
 * the store when it exists, else an in-memory one — nothing is created on disk.
 */
export function storeOrReferencePath(io: CliIo, flag: string | undefined): string {
  const { path } = storePath(io, flag);
  return path !== ":memory:" && !existsSync(path) ? ":memory:" : path;
}

/**
 * The store a read command works on: `--db` resolved against the working directory; a missing file
 * is a MissingDataError (nothing is created).
 */
export function existingStorePath(io: CliIo, flag: string | undefined): string {
  const { given, path } = storePath(io, flag);
  if (given === ":memory:") return given;
  if (!existsSync(path)) {
    throw new MissingDataError(
      `no store at ${given} (load data first with 'rationwatch ingest' or 'npm start')`,
    );
  }
  return path;
}
