/**
 * The only module that talks PostgreSQL. A registry is either an embedded PGlite folder (the
 * default, `./rationwatch-registry/`) or a PostgreSQL server (`DATABASE_URL`); both run the same
 * SQL and the same migrations (`migrations.ts`). Queries use $1 parameters only.
 */
import { mkdirSync } from "node:fs";

import { AppError } from "../errors.ts";

import { MIGRATIONS } from "./migrations.ts";
import { createPglite } from "./pglite-template.ts";

/** A query runner: the whole registry, or the inside of one transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** An open registry database. `transaction` commits all of `fn` or none of it. */
export interface RegistryDb extends Queryable {
  /** `pglite:<folder>` or `postgresql://host/db` (password removed). */
  readonly location: string;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenRegistryOptions {
  /** PGlite folder (ignored when `databaseUrl` is set); `memory://` for an in-memory database. */
  path?: string;
  /** A PostgreSQL connection string: use that server instead of PGlite. */
  databaseUrl?: string;
}

/** Opens (creating and migrating if needed) the registry database. */
export async function openRegistryDb(options: OpenRegistryOptions): Promise<RegistryDb> {
  const db = options.databaseUrl
    ? await openServer(options.databaseUrl)
    : await openPglite(options.path ?? "rationwatch-registry");
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

async function openPglite(path: string): Promise<RegistryDb> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (!path.startsWith("memory://")) mkdirSync(path, { recursive: true });
  let pg;
  try {
    pg = await createPglite(PGlite, path.startsWith("memory://") ? undefined : path);
  } catch (e) {
    throw new AppError(`cannot open the registry at ${path}: ${firstLine(e)}`, 1, { cause: e });
  }
  type Runner = { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };
  const runner = (r: Runner): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await r.query(sql, params)).rows as T[];
    },
  });
  return {
    location: `pglite:${path}`,
    ...runner(pg),
    transaction: (fn) => pg.transaction((tx) => fn(runner(tx))),
    close: () => pg.close(),
  };
}

async function openServer(url: string): Promise<RegistryDb> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle pooled connection that the server ends (a restart, an administrator's
  // pg_terminate_backend, a dropped database) is reported here, outside any query: without a
  // listener it would be an uncaught exception that ends the web server. The pool has already
  // discarded that connection and opens a new one for the next query; an error during a query
  // still reaches that query's caller.
  pool.on("error", () => {});
  const location = redact(url);
  try {
    await pool.query("SELECT 1");
  } catch (e) {
    await pool.end();
    throw new AppError(`cannot connect to the registry at ${location}: ${firstLine(e)}`, 1, {
      cause: e,
    });
  }
  type Client = { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };
  const runner = (c: Client): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await c.query(sql, params)).rows as T[];
    },
  });
  return {
    location,
    ...runner(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(runner(client));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Runs the migrations the database lacks, each in its own transaction, recording each one. */
async function migrate(db: RegistryDb): Promise<void> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set(
    (await db.query<{ version: number }>("SELECT version FROM schema_migration")).map(
      (r) => r.version,
    ),
  );
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      // Two processes migrating at once: the second waits here and then finds the row present.
      await tx.query("LOCK TABLE schema_migration IN EXCLUSIVE MODE");
      const present = await tx.query("SELECT 1 FROM schema_migration WHERE version = $1", [
        m.version,
      ]);
      if (present.length > 0) return;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query("INSERT INTO schema_migration (version, name) VALUES ($1, $2)", [
        m.version,
        m.name,
      ]);
    });
  }
}

/** Splits a migration into statements at semicolons that end a line outside $$-quoted bodies. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let inBody = false;
  for (const line of sql.split("\n")) {
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inBody = !inBody;
    current += `${line}\n`;
    if (!inBody && line.trimEnd().endsWith(";")) {
      out.push(current.trim());
      current = "";
    }
  }
  if (current.trim() !== "") out.push(current.trim());
  return out;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0];
