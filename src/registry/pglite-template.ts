/**
 * A new PGlite registry starts from a cached copy of a freshly initialised cluster instead of
 * running `initdb` again: initdb costs about 4.5 s of CPU (≈ 6.5 s against ≈ 3 s from the copy),
 * paid by every new registry, every read of a registry that does not exist yet (an in-memory one
 * with the shipped vocabulary) and every registry test. The copy is PGlite's own `dumpDataDir`
 * of an empty cluster (no Ration Watch schema: migrations run on it as on any new cluster), kept
 * once per PGlite version in `$RATIONWATCH_CACHE` (default `<tmpdir>/rationwatch-cache`), written
 * atomically; a copy that cannot be read or loaded is deleted and initdb runs as before.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import type { PGlite } from "@electric-sql/pglite";

type PGliteClass = typeof PGlite;

/** The installed PGlite's version, from its package.json (the copy is only valid for it). */
function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve("@electric-sql/pglite"));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const parsed = JSON.parse(readFileSync(manifest, "utf8")) as {
      name?: string;
      version?: string;
    };
    if (parsed.name === "@electric-sql/pglite" && parsed.version) return parsed.version;
  }
  return "unknown";
}

/** Where the initialised-cluster copy for this PGlite version lives. */
export function templatePath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env["RATIONWATCH_CACHE"] ?? join(tmpdir(), "rationwatch-cache");
  return join(dir, `pglite-${pgliteVersion()}-initdb.tar.gz`);
}

/** True when `dataDir` (undefined: in memory) holds no cluster yet. */
function isNewCluster(dataDir: string | undefined): boolean {
  if (dataDir === undefined) return true;
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/**
 * `PGlite.create(dataDir)`, starting a new cluster from the cached initdb copy when there is one,
 * and leaving such a copy behind when there was not.
 */
export async function createPglite(
  PGliteImpl: PGliteClass,
  dataDir: string | undefined,
): Promise<PGlite> {
  if (!isNewCluster(dataDir)) return PGliteImpl.create(dataDir);
  const template = templatePath();
  if (existsSync(template)) {
    try {
      const loadDataDir = new Blob([readFileSync(template)]);
      return await PGliteImpl.create(dataDir, { loadDataDir });
    } catch {
      await rm(template, { force: true });
      if (dataDir !== undefined) await emptyFolder(dataDir);
    }
  }
  const pg = await PGliteImpl.create(dataDir);
  await saveTemplate(pg, template).catch(() => {}); // a cache: no copy just means initdb next time
  return pg;
}

async function saveTemplate(pg: PGlite, template: string): Promise<void> {
  const dump = await pg.dumpDataDir("gzip");
  await mkdir(dirname(template), { recursive: true });
  const part = `${template}.${process.pid}.part`;
  await writeFile(part, Buffer.from(await dump.arrayBuffer()));
  await rename(part, template);
}

async function emptyFolder(dir: string): Promise<void> {
  for (const name of readdirSync(dir)) await rm(join(dir, name), { recursive: true, force: true });
}
