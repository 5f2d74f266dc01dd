/**
 * The two registry backends every registry test runs against: PGlite (in memory) and a PostgreSQL
 * server when DATABASE_URL is set (.ci/run starts one, so in CI it always is). Each `fresh()` gives
 * an empty database: a new PGlite, or a new database on the server, dropped by `cleanup`.
 */
import { randomBytes } from "node:crypto";

import pg from "pg";

import type { OpenOptions } from "../../src/registry/registry.ts";

export const NOW = new Date("2026-01-15T12:00:00Z");

export interface Fresh {
  options: OpenOptions;
  cleanup: () => Promise<void>;
}

export interface Backend {
  name: string;
  fresh: () => Promise<Fresh>;
}

const serverUrl = process.env["DATABASE_URL"];

if (!serverUrl) {
  if (process.env["CI"]) {
    throw new Error(
      "CI must run the registry tests on PostgreSQL: DATABASE_URL is not set (.ci/run sets it)",
    );
  }
  console.log(
    "registry tests on a PostgreSQL server not run: DATABASE_URL is not set (PGlite only)",
  );
}

const pglite: Backend = {
  name: "PGlite",
  fresh: async () => ({ options: { path: "memory://", now: NOW }, cleanup: async () => {} }),
};

const server: Backend = {
  name: "PostgreSQL",
  async fresh() {
    const name = `rw_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl as string);
    url.pathname = `/${name}`;
    return {
      options: { databaseUrl: url.toString(), now: NOW },
      async cleanup() {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  },
};

/** PGlite always; the server too when one is configured. */
export const BACKENDS: Backend[] = serverUrl ? [pglite, server] : [pglite];
