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
import { downloadToFile, remoteFileInfo, type DownloadResult, type HttpOptions } from "./http.ts";
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
  /** For `revised-upstream`: the URL the month was cached under before (the same URL when the file there changed). */
  replaces?: string;
  /** For a file changed at the same URL: what changed (`size 1,234 → 1,240 bytes`, `ETag`, …). */
  change?: string;
}

export interface CacheLinkOptions {
  cacheDir: string;
  manifest: Manifest;
  http: HttpOptions;
  now: () => Date;
  onBytes?: (done: number, total: number) => void;
}

async function downloadAndCheck(
  url: string,
  part: string,
  options: CacheLinkOptions,
): Promise<DownloadResult> {
  const http = { ...options.http, onBytes: options.onBytes };
  const first = await downloadToFile(url, part, http);
  try {
    await checkZip(part, url);
    return first;
  } catch (e) {
    await unlink(part).catch(() => {});
    // A resumed file may have joined two different versions, and a body sent without a length may
    // have been cut short unnoticed: start over once from byte 0.
    if ((first.lengthKnown && !first.resumed) || !isInputFileError(e)) throw e;
    const again = await downloadToFile(url, part, http);
    await checkZip(part, url).catch(async (error: unknown) => {
      await unlink(part).catch(() => {});
      throw error;
    });
    return again;
  }
}

/** What differs between the cached file and what the server now says is at its URL, if anything. */
async function changedUpstream(
  url: string,
  entry: CacheEntry,
  http: HttpOptions,
): Promise<string | undefined> {
  const now = await remoteFileInfo(url, http);
  if (now === undefined) return undefined;
  if (now.bytes !== undefined && now.bytes !== entry.bytes)
    return `size ${entry.bytes.toLocaleString("en-GB")} → ${now.bytes.toLocaleString("en-GB")} bytes`;
  if (entry.etag !== undefined && now.etag !== undefined && now.etag !== entry.etag)
    return `ETag ${entry.etag} → ${now.etag}`;
  if (
    entry.lastModified !== undefined &&
    now.lastModified !== undefined &&
    now.lastModified !== entry.lastModified
  )
    return `Last-Modified ${entry.lastModified} → ${now.lastModified}`;
  return undefined;
}

/**
 * Ensures `link` is in the cache and records it in `options.manifest` (the caller writes the
 * manifest). Throws HttpStatusError/NetworkError for download failures and InputFileError for a bad zip.
 */
export async function cacheLink(link: ChosenLink, options: CacheLinkOptions): Promise<FetchedFile> {
  const { cacheDir, manifest } = options;
  const known = manifest.entries[link.url];
  const intact = known !== undefined && (await verifyEntry(cacheDir, known));
  // NHS England sometimes replaces a published file at the same URL: ask the server (HEAD) whether
  // the size, ETag or Last-Modified still match before trusting the cached copy.
  const change = intact ? await changedUpstream(link.url, known, options.http) : undefined;
  if (known && intact && change === undefined) {
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
  const got = await downloadAndCheck(link.url, part, options);
  const sha256 = await sha256File(part);
  const { size } = await stat(part);
  await rename(part, path);
  const sameUrlChanged = change !== undefined && known !== undefined && known.sha256 !== sha256;
  const previous = sameUrlChanged ? link.url : previousUrlForMonth(manifest, link.month, link.url);
  const entry: CacheEntry = {
    file,
    sha256,
    bytes: size,
    month: link.month,
    fetchedAt: options.now().toISOString(),
    revised: link.revised,
    ...(got.etag === undefined ? {} : { etag: got.etag }),
    ...(got.lastModified === undefined ? {} : { lastModified: got.lastModified }),
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
    ...(sameUrlChanged ? { change } : {}),
  };
}
