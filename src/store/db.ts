import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";

import { migrate } from "./schema.ts";

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/** Turns DuckDB's JS values into plain JSON-friendly ones: BIGINT/HUGEINT → number, DECIMAL → number. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

/**
 * The Ration Watch store: one DuckDB database (a file, or `:memory:` in tests). The only class that
 * talks SQL; everything else calls the named queries in `store/*-queries.ts`.
 */
export class Store {
  readonly path: string;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  #closed = false;

  private constructor(path: string, instance: DuckDBInstance, connection: DuckDBConnection) {
    this.path = path;
    this.#instance = instance;
    this.#connection = connection;
  }

  /** Opens (creating if needed) the store and brings its schema up to date. */
  static async open(path = ":memory:", options: { readOnly?: boolean } = {}): Promise<Store> {
    const instance = await DuckDBInstance.create(
      path,
      options.readOnly ? { access_mode: "READ_ONLY" } : {},
    );
    const connection = await instance.connect();
    const store = new Store(path, instance, connection);
    if (!options.readOnly) await migrate(store);
    return store;
  }

  /** Runs a statement (or several separated by semicolons when there are no params). */
  async run(sql: string, params?: Params): Promise<void> {
    await this.#connection.run(sql, params);
  }

  /** Runs a query and returns its rows as plain objects (numbers, strings, arrays, null). */
  async all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.#connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((row) => plain(row) as T);
  }

  /** First row or undefined. */
  async one<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  /** Runs `fn` inside one transaction: all of it lands, or none of it. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run("BEGIN TRANSACTION");
    try {
      const result = await fn();
      await this.run("COMMIT");
      return result;
    } catch (e) {
      await this.run("ROLLBACK");
      throw e;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#connection.closeSync();
    this.#instance.closeSync();
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
