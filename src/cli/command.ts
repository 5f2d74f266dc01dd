import { lstatSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";

import { EnvironmentError, MissingDataError, UsageError } from "../errors.ts";
import { ensureReferenceLoaded } from "../geo/reference.ts";
import { Store } from "../store/db.ts";
import { storeUseFailure } from "../store/failure.ts";
import { openStoreForReading, pendingMigrations, withStoreSnapshot } from "../store/snapshot.ts";

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
 * Runs a writing command on the store: `fn` works on a snapshot of the store (created if there is
 * none) that is swapped in atomically when it returns, under a writer lock (store/snapshot.ts). The
 * snapshot gets the shipped reference geography first, so read commands never need to write. If `fn`
 * fails, a store this run would have created is not created, and an existing store keeps only what
 * `fn` committed (nothing at all after a disk-full or I/O failure).
 */
export async function withWritableStore<T>(
  io: CliIo,
  flag: string | undefined,
  fn: (store: Store, given: string) => Promise<T>,
): Promise<T> {
  const { given, path } = storePath(io, flag);
  return withStoreSnapshot(path, (store) => fn(store, given), {
    label: given,
    prepare: (store) => ensureReferenceLoaded(store),
  });
}

/** Something is at `path`, even a dangling symbolic link (which the reader then reports). */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** True when a read-only store lacks a migration or the current reference geography. */
async function needsUpgrade(store: Store): Promise<boolean> {
  if ((await pendingMigrations(store)).length > 0) return true;
  try {
    await ensureReferenceLoaded(store);
    return false;
  } catch (e) {
    if (e instanceof MissingDataError && store.readOnly) return true;
    throw e;
  }
}

/**
 * Runs a read command on the existing store, opened READ_ONLY: nothing is written, any number of
 * readers run at once, also during a load (they read the last complete snapshot) and on a read-only
 * file or mount. A store written by an older Ration Watch (a schema migration or the reference
 * geography missing) is first brought up to date through a snapshot, as a writer would, when it can
 * be written; otherwise the message says so.
 */
export async function withReadStore<T>(
  io: CliIo,
  flag: string | undefined,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const { given, path } = storePath(io, flag);
  if (given === ":memory:")
    throw new UsageError(
      "--db :memory: is an empty in-memory store, with nothing to read: give the store file (default ./rationwatch.duckdb)",
    );
  let store = await openStoreForReading(path, given);
  try {
    if (await needsUpgrade(store)) {
      store.close();
      try {
        await withStoreSnapshot(path, async () => {}, {
          label: given,
          prepare: (s) => ensureReferenceLoaded(s),
        });
      } catch (e) {
        if (!(e instanceof EnvironmentError)) throw e;
        throw new EnvironmentError(
          given,
          `the store at ${given} was written by an older Ration Watch and needs updating, which this run cannot do (${e.message}); run any command again where the store can be written`,
          { cause: e },
        );
      }
      store = await openStoreForReading(path, given);
    }
    return await fn(store);
  } catch (e) {
    throw storeUseFailure(e, given) ?? e;
  } finally {
    store.close();
  }
}

/**
 * For commands that can answer from the shipped reference data alone (`areas`, `crosswalk list`):
 * the store (read-only) when it exists, else an in-memory one — nothing is created on disk.
 */
export async function withStoreOrReference<T>(
  io: CliIo,
  flag: string | undefined,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const { given, path } = storePath(io, flag);
  if (given === ":memory:" || !present(path)) {
    const store = await Store.open(":memory:");
    try {
      return await fn(store);
    } finally {
      store.close();
    }
  }
  return withReadStore(io, flag, fn);
}

/**
 * The store a read command works on: `--db` resolved against the working directory; a missing file
 * is a MissingDataError (nothing is created). Open it with `openStoreForReading` (or use
 * `withReadStore`).
 */
export function existingStorePath(io: CliIo, flag: string | undefined): string {
  const { given, path } = storePath(io, flag);
  if (given === ":memory:") return given;
  if (!present(path)) {
    throw new MissingDataError(
      `no store at ${given} (load data first with 'rationwatch ingest' or 'npm start')`,
    );
  }
  return path;
}
