/** Where `registry` and `scorecard` commands find the registry, and opening it for one command. */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";

import type { RegistryDb } from "../registry/db.ts";
import { withRegistry } from "../registry/registry.ts";

import type { CliIo } from "./io.ts";

export interface RegistryLocation {
  /** PGlite folder (absolute), when not a server. */
  path?: string;
  databaseUrl?: string;
  /** How to name it in messages. */
  shown: string;
}

/**
 * `--registry PATH` if given; else `DATABASE_URL` (a PostgreSQL server); else
 * `$RATIONWATCH_REGISTRY`; else `./rationwatch-registry/`.
 */
export function registryLocation(io: CliIo, flag: string | undefined): RegistryLocation {
  const url = io.env["DATABASE_URL"];
  if (flag === undefined && url) return { databaseUrl: url, shown: "DATABASE_URL" };
  const given = flag ?? io.env["RATIONWATCH_REGISTRY"] ?? "rationwatch-registry";
  return { path: isAbsolute(given) ? given : resolve(io.cwd, given), shown: given };
}

/**
 * Opens the registry for a writing command. A PGlite folder this run created is removed again if
 * the command fails, so bad input leaves nothing behind.
 */
export async function withWritableRegistry<T>(
  io: CliIo,
  flag: string | undefined,
  fn: (db: RegistryDb, where: RegistryLocation) => Promise<T>,
): Promise<T> {
  const where = registryLocation(io, flag);
  const created = where.path !== undefined && !existsSync(where.path);
  try {
    return await withRegistry({ ...where, now: io.now() }, (db) => fn(db, where));
  } catch (e) {
    if (created && where.path) await rm(where.path, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Opens the registry for a reading command. A PGlite folder that does not exist is not created:
 * the command reads a fresh in-memory registry (the shipped vocabulary and framework) instead.
 */
export async function withReadRegistry<T>(
  io: CliIo,
  flag: string | undefined,
  fn: (db: RegistryDb, where: RegistryLocation) => Promise<T>,
): Promise<T> {
  const where = registryLocation(io, flag);
  const missing = where.path !== undefined && !existsSync(where.path);
  const open = missing ? { path: "memory://", now: io.now() } : { ...where, now: io.now() };
  return withRegistry(open, (db) => fn(db, where));
}

/** The actor recorded for changes: `--actor`, else `$USER`, else `cli`. */
export const actorOf = (io: CliIo, flag: string | undefined): string =>
  flag ?? io.env["USER"] ?? "cli";
