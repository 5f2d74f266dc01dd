/**
 * How the store file is shared between one writer and any number of readers (docs/reliability.md).
 *
 * Readers open the store file READ_ONLY and never write to it, so any number can run at once, on a
 * read-only file or mount. A writer never writes the store file either: under a lock file
 * (`<store>.lock`) it copies the store to `<store>.next-<pid>`, opens and changes the copy, checkpoints
 * it (everything in the file, no `.wal`), flushes it to disk and renames it over the store path in one
 * atomic step. A reader that opened the old file keeps reading it (its open file is untouched); the next
 * reader opens the new one. So a reader is never blocked by a load and never sees half of one, and a
 * failed or interrupted write leaves the store exactly as it was.
 */
import {
  constants,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { copyFile, open, realpath, rename, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

import { EnvironmentError, InterruptedError, isDiskFull, MissingDataError } from "../errors.ts";
import { onInterrupt, onInterruptUnwind } from "../interrupt.ts";

import { Store } from "./db.ts";
import { diskFullMessage, isStorageFailure } from "./failure.ts";
import { migrations } from "./schema.ts";

const errnoCode = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

/** The lock file that serialises writers of the store at `path`. */
export const lockFileOf = (path: string) => `${path}.lock`;

/**
 * The store's data version: changes whenever a writer swaps in a new snapshot (a new file, so a new
 * inode), and when anything else rewrites the file. `undefined` when there is no store. A long-lived
 * reader (the web server) compares it to decide when to reopen the store and drop its caches.
 */
export function storeVersion(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined;
  }
}

/**
 * Checks what is at `path` before opening it as a store: a folder, an empty file, a dangling or
 * looping symbolic link, a missing folder or an over-long name become one-line EnvironmentErrors.
 * Returns the real path (symbolic links followed, so a writer replaces the file, not the link) and
 * whether a store exists there.
 */
export async function checkStorePath(
  path: string,
  label: string,
): Promise<{ real: string; exists: boolean }> {
  const fail = (what: string, e?: unknown) =>
    new EnvironmentError(label, what, e === undefined ? undefined : { cause: e });
  let real: string;
  try {
    real = await realpath(path);
  } catch (e) {
    const code = errnoCode(e);
    if (code === "ELOOP") throw fail(`${label}: symbolic link loop (fix or remove the link)`, e);
    if (code === "ENAMETOOLONG")
      throw fail(`${label}: the file name is too long (choose a shorter --db)`, e);
    if (code === "EACCES")
      throw fail(`cannot reach the store at ${label}: permission denied on its folder`, e);
    if (code === "ENOTDIR")
      throw fail(`cannot open the store at ${label}: part of the path is a file, not a folder`, e);
    if (code !== "ENOENT") throw e;
    let link: boolean;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      link = false;
    }
    if (link)
      throw fail(
        `${label} is a symbolic link to a missing file (fix the link, or give --db the real file)`,
      );
    if (!existsSync(dirname(path)))
      throw fail(
        `cannot open the store at ${label}: its folder ${dirname(path)} does not exist (create it first)`,
      );
    return { real: path, exists: false };
  }
  const s = statSync(real);
  if (s.isDirectory())
    throw fail(`${label} is a folder, not a store file (give --db a file name inside it)`);
  if (!s.isFile()) throw fail(`${label} is not a regular file (give --db a store file)`);
  if (s.size === 0)
    throw fail(
      `${label} is an empty file, not a Ration Watch store (delete it, or give --db another file)`,
    );
  return { real, exists: true };
}

/**
 * Migrations the store at hand has not had yet (a store written by an older Ration Watch); optional
 * ones are left out, since readers do without them (the next write-open applies them).
 */
export async function pendingMigrations(store: Store): Promise<string[]> {
  let done: Set<string>;
  try {
    done = new Set(
      (await store.all<{ id: string }>("SELECT id FROM schema_migration")).map((r) => r.id),
    );
  } catch {
    done = new Set();
  }
  return migrations.filter((m) => !done.has(m.id) && m.optional !== true).map((m) => m.id);
}

/**
 * Opens an existing store READ_ONLY: nothing is written, nothing migrated; any number of readers at
 * once, also on a read-only file or mount. `label` is the path as the user gave it.
 */
export async function openStoreForReading(path: string, label = path): Promise<Store> {
  if (path === ":memory:") return Store.open(path);
  const { real, exists } = await checkStorePath(path, label);
  if (!exists)
    throw new MissingDataError(
      `no store at ${label} (load data first with 'rationwatch ingest' or 'npm start')`,
    );
  return Store.open(real, { readOnly: true, label });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === "EPERM";
  }
}

/** Takes the writer lock of the store at `path`; returns its release. A stale lock is taken over. */
function acquireWriterLock(path: string, label: string): () => void {
  const lock = lockFileOf(path);
  const content = `${process.pid}\n${hostname()}\n${new Date().toISOString()}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, content, { flag: "wx" });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      const code = errnoCode(e);
      if (code === "EACCES" || code === "EPERM" || code === "EROFS")
        throw new EnvironmentError(
          label,
          `cannot write the store at ${label}: ${code === "EROFS" ? "the file system is read-only" : "permission denied on its folder"} (a writer needs to create files beside it)`,
          { cause: e },
        );
      if (isDiskFull(e)) throw new EnvironmentError(label, diskFullMessage(label, true));
      if (code !== "EEXIST" || attempt > 0) throw e;
    }
    let pid = NaN;
    let host = "";
    let since = "";
    try {
      [pid, host, since] = ((text) => [Number(text[0]), text[1] ?? "", text[2] ?? ""])(
        readFileSync(lock, "utf8").split("\n"),
      );
    } catch {
      // Vanished or unreadable: try once more below.
    }
    const stale = Number.isInteger(pid) && host === hostname() && !processAlive(pid);
    if (!stale)
      throw new EnvironmentError(
        label,
        `the store at ${label} is being written by another rationwatch run` +
          `${Number.isInteger(pid) ? ` (process ${pid}${since ? ` since ${since}` : ""})` : ""}: ` +
          `wait for it to finish and run again (if no run is active, delete ${lockFileOf(label)})`,
      );
    rmSync(lock, { force: true });
  }
}

/** Removes snapshots that an interrupted writer left behind (the caller holds the lock). */
function removeStaleSnapshots(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.next-`;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix)) rmSync(join(dir, name), { force: true });
  }
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Runs a writing `fn` on a snapshot of the store at `path` and swaps the snapshot in atomically (see
 * the module comment). `prepare` runs first on the snapshot (loading reference data, say).
 *
 * When `fn` fails: a store this run would have created is not created; an existing store gets what
 * `fn` committed before failing (each load is its own transaction), unless the failure came from
 * storage (disk full, I/O), in which case the snapshot is dropped and the store is unchanged. A
 * disk-full failure is an EnvironmentError naming `label` and saying the store is unchanged.
 */
export async function withStoreSnapshot<T>(
  path: string,
  fn: (store: Store) => Promise<T>,
  options: { label?: string; prepare?: (store: Store) => Promise<void> } = {},
): Promise<T> {
  const label = options.label ?? path;
  if (path === ":memory:") {
    const store = await Store.open(path);
    try {
      await options.prepare?.(store);
      return await fn(store);
    } finally {
      store.close();
    }
  }
  const { real, exists } = await checkStorePath(path, label);
  const release = acquireWriterLock(real, label);
  const next = `${real}.next-${process.pid}`;
  const leftovers = () => {
    rmSync(next, { force: true });
    rmSync(`${next}.wal`, { force: true });
  };
  // A second signal ends the process: the process-wide handler removes the snapshot and the lock.
  const unregister = onInterrupt(() => {
    leftovers();
    release();
  }, `the store at ${label} is unchanged`);
  // The first one is handled here: the DuckDB statement under way is interrupted and this function
  // unwinds, so the snapshot is removed only once nothing writes it any more (removed while DuckDB
  // was still opening or writing it, it would come back as a stray `.wal`).
  let stopped: InterruptedError | undefined;
  let store: Store | undefined;
  const unwind = onInterruptUnwind((signal) => {
    stopped = new InterruptedError(signal, `the store at ${label} is unchanged`);
    store?.interrupt();
  });
  const halt = () => {
    if (stopped) throw stopped;
  };
  try {
    removeStaleSnapshots(real);
    if (exists) {
      // Opening the store read-only first checks it is a store (before copying anything) and, held
      // during the copy, keeps any other program from writing it meanwhile.
      const source = await Store.open(real, { readOnly: true, label });
      try {
        await copyFile(real, next, constants.COPYFILE_FICLONE);
        // A store last written by an older Ration Watch may hold commits in its write-ahead log.
        if (existsSync(`${real}.wal`)) await copyFile(`${real}.wal`, `${next}.wal`);
      } finally {
        source.close();
      }
    }
    halt();
    const opened = await Store.open(next, { label });
    store = opened;
    let result: T | undefined;
    let failure: { error: unknown } | undefined;
    let committed = 0;
    try {
      halt();
      await options.prepare?.(opened);
      halt();
      committed = opened.commits;
      result = await fn(opened);
    } catch (e) {
      failure = { error: e };
    }
    // After a failure, the snapshot is swapped in only when `fn` committed something to keep; after
    // an interrupt, only when `fn` itself stopped on it (and said what it kept).
    const fnStopped = failure?.error instanceof InterruptedError && failure.error !== stopped;
    const keep = stopped
      ? fnStopped && exists && opened.commits > committed
      : !failure || (exists && opened.commits > committed);
    if (!keep || (failure && isStorageFailure(failure.error))) {
      opened.close();
      throw stopped && !fnStopped ? stopped : failure?.error;
    }
    try {
      await opened.checkpoint();
    } finally {
      opened.close();
    }
    if (existsSync(`${next}.wal`))
      throw new EnvironmentError(label, `could not write the store at ${label} in full`);
    await fsyncPath(next, "r+");
    // Interrupted meanwhile (and `fn` did not say what it kept): publish nothing.
    if (stopped && !fnStopped) throw stopped;
    await rm(`${real}.wal`, { force: true });
    await rename(next, real);
    await fsyncPath(dirname(real), "r").catch(() => {});
    if (failure) throw failure.error;
    return result as T;
  } catch (e) {
    if (isDiskFull(e))
      throw new EnvironmentError(label, diskFullMessage(label, exists), { cause: e });
    throw e;
  } finally {
    unwind();
    leftovers();
    release();
    unregister();
  }
}
