/**
 * Brings one chosen Full CSV link into the cache: reuse the cached file when its sha256 still matches,
 * otherwise download into `<file>.part` (resuming), check the zip, hash it and rename it into place.
 */

import { mkdir, rename, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";

import { isInputFileError } from "../errors.ts";

import {
  cacheFileName,
  previousUrlForMonth,
  sha256File,
  verifyEntry,
  type CacheEntry,
  type Manifest,
} from "./cache.ts";
import type { ChosenLink } from "./choose.ts";
import { downloadToFile, type HttpOptions } from "./http.ts";
import { checkZip } from "./zip-check.ts";

/** `cached`: already held; `downloaded`: new; `revised-upstream`: the month was held under another URL. */
export type FetchStatus = "cached" | "downloaded" | "revised-upstream";

/** A Full CSV zip in the cache. */
export interface FetchedFile {
  month: string;
  /** Absolute path of the cached zip. */
  path: string;
  url: string;
  status: FetchStatus;
  bytes: number;
  sha256: string;
  /** The link is a revision (marker, late upload folder, or it replaced another link). */
  revised: boolean;
  /** For `revised-upstream`: the URL the month was cached under before. */
  replaces?: string;
}

export interface CacheLinkOptions {
  cacheDir: string;
  manifest: Manifest;
  http: HttpOptions;
  now: () => Date;
  onBytes?: (done: number, total: number) => void;
}

async function downloadAndCheck(url: string, part: string, options: CacheLinkOptions) {
  const http = { ...options.http, onBytes: options.onBytes };
  const { resumed } = await downloadToFile(url, part, http);
  try {
    await checkZip(part, url);
  } catch (e) {
    await unlink(part).catch(() => {});
    // A resumed file may have joined two different versions: start over once from byte 0.
    if (!resumed || !isInputFileError(e)) throw e;
    await downloadToFile(url, part, http);
    await checkZip(part, url).catch(async (again: unknown) => {
      await unlink(part).catch(() => {});
      throw again;
    });
  }
}

/**
 * Ensures `link` is in the cache and records it in `options.manifest` (the caller writes the
 * manifest). Throws HttpStatusError/NetworkError for download failures and InputFileError for a bad zip.
 */
export async function cacheLink(link: ChosenLink, options: CacheLinkOptions): Promise<FetchedFile> {
  const { cacheDir, manifest } = options;
  const known = manifest.entries[link.url];
  if (known && (await verifyEntry(cacheDir, known))) {
    return {
      month: link.month,
      path: join(cacheDir, known.file),
      url: link.url,
      status: "cached",
      bytes: known.bytes,
      sha256: known.sha256,
      revised: link.revised,
    };
  }
  const file = cacheFileName(link.url);
  const path = join(cacheDir, file);
  const part = `${path}.part`;
  await mkdir(dirname(path), { recursive: true });
  await downloadAndCheck(link.url, part, options);
  const sha256 = await sha256File(part);
  const { size } = await stat(part);
  await rename(part, path);
  const previous = previousUrlForMonth(manifest, link.month, link.url);
  const entry: CacheEntry = {
    file,
    sha256,
    bytes: size,
    month: link.month,
    fetchedAt: options.now().toISOString(),
    revised: link.revised,
  };
  manifest.entries[link.url] = entry;
  return {
    month: link.month,
    path,
    url: link.url,
    status: previous === undefined ? "downloaded" : "revised-upstream",
    bytes: size,
    sha256,
    revised: link.revised,
    ...(previous === undefined ? {} : { replaces: previous }),
  };
}
