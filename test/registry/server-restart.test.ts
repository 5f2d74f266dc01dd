// A PostgreSQL server that ends the registry's idle connections (a restart, an administrator's
// pg_terminate_backend) must not end the process: the pool drops them and the next query opens a
// new one. Without a listener on the pool, node-postgres raises such an error as an uncaught
// exception, which ended a test run in CI and would end the web server.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";

import { openRegistryDb } from "../../src/registry/db.ts";

import { BACKENDS } from "./backends.ts";

const server = BACKENDS.find((b) => b.name === "PostgreSQL");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe.runIf(server)("the registry on a PostgreSQL server", () => {
  it("survives the server ending its idle connections, and answers the next query", async () => {
    const fresh = await (server as NonNullable<typeof server>).fresh();
    cleanups.push(fresh.cleanup);
    const url = fresh.options.databaseUrl as string;
    const db = await openRegistryDb({ databaseUrl: url });
    cleanups.unshift(() => db.close());
    // Two connections in the pool, idle after their queries.
    await Promise.all([db.query("SELECT pg_sleep(0.05)"), db.query("SELECT pg_sleep(0.05)")]);
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on("uncaughtException", onUncaught);
    try {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const ended = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()) t`,
      );
      await admin.end();
      expect(ended.rows[0]?.n).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 200)); // the pool hears of it
      expect(await db.query<{ n: number }>("SELECT 41 + 1 AS n")).toEqual([{ n: 42 }]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
