/**
 * The download cache: files named after their URL, and `manifest.json` recording for each URL the
 * file, its sha256 and size, the data month, when it was fetched and whether it is a revision.
 */

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { InputFileError } from "../errors.ts";
import { sha256File } from "../ingest/source-file.ts";

/** What the cache knows about one downloaded URL. */
export interface CacheEntry {
  /** Path inside the cache directory (`<hash>/<file name>`). */
  file: string;
  sha256: string;
  bytes: number;
  /** Data month, `YYYY-MM`. */
  month: string;
  /** ISO timestamp of the download. */
  fetchedAt: string;
  revised: boolean;
  /** The server's ETag and Last-Modified for the file when it was downloaded, if it gave them. */
  etag?: string;
  lastModified?: string;
}

/** `manifest.json`: URL → entry. */
export interface Manifest {
  version: 1;
  entries: Record<string, CacheEntry>;
}

export const MANIFEST_FILE = "manifest.json";

/** The cache path of a URL, relative to the cache folder: a folder named by 12 hex digits of the
 * URL's sha256, holding the file under its own name (so ingest records NHS England's file name). */
export function cacheFileName(url: string): string {
  const hash = createHash("sha256").update(url).digest("hex").slice(0, 12);
  const last = new URL(url).pathname.split("/").pop() ?? "";
  const safe = decodeURIComponentSafe(last).replace(/[^A-Za-z0-9._-]+/g, "_") || "download";
  return `${hash}/${safe}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Reads the manifest; an absent one is empty, an unreadable one an InputFileError naming it. */
export async function readManifest(cacheDir: string): Promise<Manifest> {
  const path = join(cacheDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, entries: {} };
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Manifest>;
    if (parsed.version !== 1 || typeof parsed.entries !== "object" || parsed.entries === null)
      throw new Error("not a Ration Watch cache manifest");
    return { version: 1, entries: parsed.entries };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new InputFileError({ file: path }, `${reason} (delete it to rebuild the cache)`);
  }
}

/** Writes the manifest atomically (temporary file, then rename). */
export async function writeManifest(cacheDir: string, manifest: Manifest): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const path = join(cacheDir, MANIFEST_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** The cache checks its files with the checksum ingest records (one reader of a file's sha256). */
export { sha256File };

/** True when the entry's file exists with the recorded size and sha256. */
export async function verifyEntry(cacheDir: string, entry: CacheEntry): Promise<boolean> {
  const path = join(cacheDir, entry.file);
  try {
    if ((await stat(path)).size !== entry.bytes) return false;
  } catch {
    return false;
  }
  return (await sha256File(path)) === entry.sha256;
}

/** The URL a month was last cached under, other than `url`, if any. */
export function previousUrlForMonth(
  manifest: Manifest,
  month: string,
  url: string,
): string | undefined {
  let best: [string, CacheEntry] | undefined;
  for (const [u, entry] of Object.entries(manifest.entries)) {
    if (entry.month !== month || u === url) continue;
    if (!best || entry.fetchedAt > best[1].fetchedAt) best = [u, entry];
  }
  return best?.[0];
}
