/** The registry `serve` and `site` show: `--registry PATH`, else DATABASE_URL, else the default folder. */
import { existsSync } from "node:fs";

import { MissingDataError } from "../errors.ts";
import type { RegistryDb } from "../registry/db.ts";
import { openRegistry } from "../registry/registry.ts";
import { registryReader, type RegistryReader } from "../server/registry-data.ts";

import type { CliIo } from "./io.ts";
import { registryLocation } from "./registry-open.ts";

export interface WebRegistry {
  reader: RegistryReader;
  db: RegistryDb;
  shown: string;
}

/**
 * Opens the registry the web pages read. A `--registry` folder that does not exist is an error;
 * the default folder (`./rationwatch-registry`, or `$RATIONWATCH_REGISTRY`) that does not exist
 * means no registry: the site is built without the restrictions pages (null, with a note).
 */
export async function openWebRegistry(
  io: CliIo,
  flag: string | undefined,
  quiet: boolean,
): Promise<WebRegistry | null> {
  const where = registryLocation(io, flag);
  if (where.path !== undefined && !existsSync(where.path)) {
    if (flag !== undefined) {
      throw new MissingDataError(
        `no registry at ${flag} (create one with 'rationwatch registry demo' or 'registry import')`,
      );
    }
    if (!quiet) {
      io.stderr(
        `note: no registry at ${where.shown}: the restrictions pages are left out ('rationwatch registry demo' creates a demonstration one)\n`,
      );
    }
    return null;
  }
  const db = await openRegistry({ ...where, now: io.now() });
  return { reader: registryReader(db), db, shown: where.shown };
}
