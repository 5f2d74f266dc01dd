/**
 * `fetchRttFiles`: downloads NHS England's monthly RTT "Full CSV data file" zips for a window of months
 * into a local cache (shared docs/nhs-england-downloads.md PART 1). The only network code in Ration Watch.
 */

import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";

import { EnvironmentError, isAppError } from "../errors.ts";
import { monthRange } from "../months.ts";

import { readManifest, writeManifest } from "./cache.ts";
import { discoverFullCsvLinks } from "./discover.ts";
import { cacheLink, type FetchedFile } from "./download.ts";
import { UnreachableError, type HttpOptions } from "./http.ts";
import { financialYear, NHS_ENGLAND_ORIGIN } from "./site.ts";

export type { FetchedFile, FetchStatus } from "./download.ts";
export { HttpStatusError, UnreachableError } from "./http.ts";
export { FIRST_FULL_CSV_MONTH, NHS_ENGLAND_ORIGIN } from "./site.ts";

/**
 * A month whose link was found but whose file could not be fetched or was not a valid zip, or whose
 * financial-year page could not be read (then `url` is that page).
 */
export interface FailedFile {
  month: string;
  url: string;
  reason: string;
}

export interface FetchRttOptions {
  /** First and last month of the window, `YYYY-MM`, inclusive. */
  from: string;
  to: string;
  /** Site root (default `https://www.england.nhs.uk`); links to the real site are re-rooted here. */
  baseUrl?: string;
  cacheDir: string;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  retries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  userAgent?: string;
  /** Called with files done / files to fetch, labelled with the month. */
  onProgress?: (done: number, total: number, label?: string) => void;
  /** Clock for the manifest's `fetchedAt`. */
  now: () => Date;
}

export interface FetchRttResult {
  /** One per month with a file, in month order. */
  files: FetchedFile[];
  /** Months of the window with no Full CSV link (or before the first year page). */
  missing: string[];
  failed: FailedFile[];
  /** Year pages read. */
  yearPages: string[];
  /** Financial years the window needs that the main page does not link. */
  unlinkedYears: string[];
}

/**
 * Fetches the Full CSV zips of every month from `from` to `to` into `cacheDir`: cached files are
 * reused (verified by sha256), new or revised ones downloaded, checked and recorded in
 * `manifest.json`. A month without a link is `missing`; a link that fails (404, corrupt zip) is
 * `failed` and the others still land. Throws NetworkError when the site cannot be reached at all.
 */
export async function fetchRttFiles(options: FetchRttOptions): Promise<FetchRttResult> {
  const cacheDir = resolve(options.cacheDir);
  const http: HttpOptions = {
    fetchImpl: options.fetchImpl,
    sleep: options.sleep,
    retries: options.retries,
    backoffMs: options.backoffMs,
    timeoutMs: options.timeoutMs,
    userAgent: options.userAgent,
  };
  const months = monthRange(options.from, options.to);
  const discovery = await discoverFullCsvLinks({
    months,
    baseUrl: options.baseUrl ?? NHS_ENGLAND_ORIGIN,
    http,
  });
  const links = [...discovery.chosen.values()];
  const files: FetchedFile[] = [];
  const failed: FailedFile[] = [];
  const failedYear = new Map(discovery.failedYears.map((y) => [y.year, y]));
  for (const month of months) {
    const page = failedYear.get(financialYear(month));
    if (page) failed.push({ month, url: page.url, reason: `its year page failed: ${page.reason}` });
  }
  if (links.length > 0) {
    await mkdir(cacheDir, { recursive: true });
    const manifest = await readManifest(cacheDir);
    options.onProgress?.(0, links.length);
    for (const [i, link] of links.entries()) {
      try {
        files.push(await cacheLink(link, { cacheDir, manifest, http, now: options.now }));
        await writeManifest(cacheDir, manifest);
      } catch (e) {
        // The site or the disk is gone for every month; anything else (a 404, a stall, a redirect
        // loop, a corrupt zip) fails this month only, and the others still land.
        if (!isAppError(e) || e instanceof UnreachableError || e instanceof EnvironmentError)
          throw e;
        failed.push({ month: link.month, url: link.url, reason: e.message });
      }
      options.onProgress?.(i + 1, links.length, link.month);
    }
  }
  const failedMonths = new Set(failed.map((f) => f.month));
  return {
    files,
    missing: months.filter((m) => !discovery.chosen.has(m) && !failedMonths.has(m)),
    failed: failed.sort((a, b) => a.month.localeCompare(b.month)),
    yearPages: discovery.yearPages,
    unlinkedYears: discovery.unlinkedYears,
  };
}
