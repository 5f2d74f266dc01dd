import { createRequire } from "node:module";

import type * as DuckDB from "@duckdb/node-api";
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from "@duckdb/node-api";

import { loadVendored } from "../code-cache.ts";

import { storeOpenFailure } from "./failure.ts";
import { migrate } from "./schema.ts";

/**
 * @duckdb/node-api is CommonJS. Imported from ESM, Node first scans each of its ~180 files with
 * cjs-module-lexer to find their export names; required, it just loads them: half the library's
 * load time, on every command that opens a store. The build bundles those files into one
 * (scripts/bundle-vendor.mjs, dist/vendor/), which loads faster still, and from V8's code cache of
 * it (src/code-cache.ts) faster again; run from source (tests, `npm run dev`) there is no bundle
 * and the package itself is loaded.
 */
const duckdb = loadVendored<typeof DuckDB>(
  new URL("../vendor/duckdb-node-api.cjs", import.meta.url),
  () => createRequire(import.meta.url)("@duckdb/node-api") as typeof DuckDB,
);

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/**
 * Turns DuckDB's JS values into plain JSON-friendly ones (BIGINT/HUGEINT → number, DECIMAL →
 * number) as a deep copy: arrays, objects and dates are new. Given rows that are plain already it
 * copies them, which is how the memo hands out rows a caller may change (three to ten times faster
 * than `structuredClone`, which cost the report ~85 ms over 126 copies).
 */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return new Date(value.getTime());
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = plain((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

function memoKey(sql: string, params: Params | undefined): string {
  return JSON.stringify([sql, params ?? null], (_k, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : v,
  );
}

/**
 * The Ration Watch store: one DuckDB database (a file, or `:memory:` in tests). The only class that
 * talks SQL; everything else calls the named queries in `store/*-queries.ts`.
 */
export class Store {
  readonly path: string;
  /** Opened with DuckDB's READ_ONLY access mode: any number of such readers may share the file. */
  readonly readOnly: boolean;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  #closed = false;
  #commits = 0;
  /** Read queries running on `#connection` now. */
  #reading = 0;
  /**
   * A read-only store's second connection, for a read issued while the first is busy: independent
   * queries of one analysis (started together with `Promise.all`) then run side by side on the
   * machine's cores instead of one after another. A writable store keeps to one connection, so that
   * every statement of a transaction is in it.
   */
  #spare: Promise<DuckDBConnection> | null = null;
  #spareConnection: DuckDBConnection | null = null;
  /** Statements DuckDB is running now: `close` must not pull the connection from under them. */
  readonly #running = new Set<Promise<unknown>>();
  /**
   * Rows of read queries while a `memoised` scope is open (SQL + params → rows, from the moment the
   * query is sent: analyses running side by side ask DuckDB once); else null.
   */
  #memo: Map<string, Promise<unknown[]>> | null = null;
  /** Values computed from reads while a `memoised` scope is open (`derived`); else null. */
  #derived: Map<string, Promise<unknown>> | null = null;

  private constructor(
    path: string,
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    readOnly: boolean,
  ) {
    this.path = path;
    this.readOnly = readOnly;
    this.#instance = instance;
    this.#connection = connection;
  }

  /**
   * Opens (creating if needed) the store and brings its schema up to date; with `readOnly`, opens an
   * existing store as it is (no migration, nothing written). A file that cannot be opened (missing
   * folder, a folder, not DuckDB, locked, unreadable) is an EnvironmentError naming `label` (default
   * the path).
   */
  static async open(
    path = ":memory:",
    options: { readOnly?: boolean; label?: string } = {},
  ): Promise<Store> {
    const readOnly = options.readOnly === true;
    let instance: DuckDBInstance;
    let connection: DuckDBConnection;
    try {
      instance = await duckdb.DuckDBInstance.create(
        path,
        readOnly ? { access_mode: "READ_ONLY" } : {},
      );
      connection = await instance.connect();
    } catch (e) {
      throw storeOpenFailure(e, options.label ?? path, readOnly) ?? e;
    }
    const store = new Store(path, instance, connection, readOnly);
    if (!readOnly) {
      try {
        await migrate(store);
      } catch (e) {
        store.close();
        throw e;
      }
    }
    return store;
  }

  /** Runs a statement (or several separated by semicolons when there are no params). */
  async run(sql: string, params?: Params): Promise<void> {
    this.#memo?.clear();
    this.#derived?.clear();
    this.#checkOpen();
    await this.#tracked(this.#connection.run(sql, params));
  }

  /**
   * Refuses a statement once the store is closed: a chain of reads started alongside one that
   * failed goes on issuing them after its command has closed the store.
   */
  #checkOpen(): void {
    if (this.#closed) throw new Error(`the store ${this.path} is closed`);
  }

  /** `statement`, counted in `#running` until it settles. */
  async #tracked<T>(statement: Promise<T>): Promise<T> {
    this.#running.add(statement);
    try {
      return await statement;
    } finally {
      this.#running.delete(statement);
    }
  }

  /** Runs a query and returns its rows as plain objects (numbers, strings, arrays, null). */
  async all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    const memo = this.#memo;
    const key = memo && /^\s*(SELECT|WITH)\b/i.test(sql) ? memoKey(sql, params) : null;
    if (memo === null || key === null) {
      memo?.clear();
      this.#derived?.clear();
      const reader = await this.#read(sql, params);
      return reader.getRowObjectsJS().map((row) => plain(row) as T);
    }
    let rows = memo.get(key);
    if (rows === undefined) {
      rows = this.#read(sql, params).then((r) => r.getRowObjectsJS().map(plain));
      memo.set(key, rows);
    }
    return plain(await rows) as T[];
  }

  async #read(sql: string, params: Params | undefined) {
    this.#checkOpen();
    if (this.readOnly && this.#reading > 0) {
      this.#spare ??= this.#tracked(this.#instance.connect()).then(
        (c) => (this.#spareConnection = c),
      );
      const spare = await this.#spare;
      this.#checkOpen();
      return this.#tracked(spare.runAndReadAll(sql, params));
    }
    this.#reading++;
    try {
      return await this.#tracked(this.#connection.runAndReadAll(sql, params));
    } finally {
      this.#reading--;
    }
  }

  /**
   * Runs `fn` with read queries memoised: the same SELECT with the same params answers from the
   * first run's rows (a copy) instead of asking DuckDB again; any other statement empties the memo.
   * For a batch of analyses over data that does not change meanwhile (the publication report runs
   * the same area, period and waiting-list queries many times).
   */
  async memoised<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#memo) return fn();
    this.#memo = new Map();
    this.#derived = new Map();
    try {
      return await fn();
    } finally {
      this.#memo = null;
      this.#derived = null;
    }
  }

  /**
   * Inside `memoised`, records `rows` as the answer to `sql` with `params`, so a later `all` of that
   * query uses them: for a query function that computes several queries' rows in one (grouped) scan.
   * Outside `memoised` it does nothing. The rows must be exactly what DuckDB would return.
   */
  remember(sql: string, params: Params | undefined, rows: unknown[]): void {
    this.#memo?.set(memoKey(sql, params), Promise.resolve(plain(rows) as unknown[]));
  }

  /**
   * Inside `memoised`, the value `compute` gives for `key`, computed once and then shared (callers
   * must not change it); outside, `compute()` each time. For a figure computed only from this
   * store's reads, which several analyses of one report ask for (a window's completeness); any
   * other statement forgets it, as it does the memo's rows.
   */
  derived<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const values = this.#derived;
    if (values === null) return compute();
    let value = values.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = compute();
      values.set(key, value);
    }
    return value;
  }

  /** True while a `memoised` scope is open (so `remember` is worth computing). */
  get memoising(): boolean {
    return this.#memo !== null;
  }

  /** First row or undefined. */
  async one<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  /**
   * Runs `fn` inside one transaction: all of it lands, or none of it. When something fails, the
   * first error is the one thrown: a ROLLBACK that fails in turn (DuckDB has already aborted the
   * transaction after a disk-full or I/O error) must not hide it.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run("BEGIN TRANSACTION");
    try {
      const result = await fn();
      await this.commit();
      return result;
    } catch (e) {
      await this.run("ROLLBACK").catch(() => {});
      throw e;
    }
  }

  /** Commits the open transaction (counted in `commits`). */
  async commit(): Promise<void> {
    await this.run("COMMIT");
    this.#commits++;
  }

  /** Transactions committed (through `transaction` or `commit`) since the store was opened. */
  get commits(): number {
    return this.#commits;
  }

  /** Interrupts the statements running now (they fail, and a transaction can be rolled back). */
  interrupt(): void {
    if (this.#closed) return;
    this.#connection.interrupt();
    this.#spareConnection?.interrupt();
  }

  /**
   * Runs `fn` with DuckDB's automatic checkpoint put off until the write-ahead log holds `size`
   * (DuckDB's default is 16 MiB), then restores the setting: for a run of many small commits, each
   * of which would otherwise checkpoint and rewrite the table's last row groups. The log's rows wait
   * in memory until the checkpoint, so a larger size costs memory (ingest's CHECKPOINT_THRESHOLD
   * gives the measurements).
   */
  async withCheckpointThreshold<T>(size: string, fn: () => Promise<T>): Promise<T> {
    const before = await this.one<{ v: string }>(
      "SELECT current_setting('checkpoint_threshold') AS v",
    );
    await this.run(`SET checkpoint_threshold = '${size.replace(/[^0-9A-Za-z. ]/g, "")}'`);
    try {
      return await fn();
    } finally {
      // Not over the error that stopped `fn` (the setting is the instance's, gone when it closes).
      if (before) await this.run(`SET checkpoint_threshold = '${before.v}'`).catch(() => {});
    }
  }

  /** Writes everything committed into the database file itself (nothing left in the `.wal`). */
  async checkpoint(): Promise<void> {
    await this.run("CHECKPOINT");
  }

  /**
   * Closes the store. A statement still running (a read started alongside one that failed, say) is
   * interrupted and the connections close once it has ended: closing DuckDB under a running
   * statement would leave its promise unsettled and the process waiting for ever.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const closeNow = () => {
      this.#spareConnection?.closeSync();
      this.#connection.closeSync();
      this.#instance.closeSync();
    };
    if (this.#running.size === 0) return closeNow();
    this.#connection.interrupt();
    this.#spareConnection?.interrupt();
    void Promise.allSettled([...this.#running]).then(closeNow);
  }
}

/** Opens a store, runs `fn`, and always closes it. */
export async function withStore<T>(
  path: string,
  fn: (store: Store) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const store = await Store.open(path, options);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
