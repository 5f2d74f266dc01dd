/**
 * NHS England's statistics site: where the RTT pages live, how links on a mirror are read, and which
 * financial-year page holds a month (shared docs/nhs-england-downloads.md §1.1).
 */

import { splitMonth } from "../months.ts";

import type { PageLink } from "./links.ts";

/** The real site. */
export const NHS_ENGLAND_ORIGIN = "https://www.england.nhs.uk";

/** Path of the main RTT waiting times page, the crawl's entry point. */
export const RTT_MAIN_PATH = "/statistics/statistical-work-areas/rtt-waiting-times/";

/** The first financial year with an NHS England year page (2007-08 … 2010-11 are on the DH archive). */
export const FIRST_YEAR_PAGE = "2011-12";

/** The first month with a "Full CSV data file" (one definition, in months.ts). */
export { FIRST_FULL_CSV_MONTH } from "../months.ts";

const NHS_HOSTS = new Set(["www.england.nhs.uk", "england.nhs.uk"]);

/** `https://host/prefix/` → `https://host/prefix` (no trailing slash, no query or hash). */
export function normaliseBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The main RTT page under a base URL. */
export function mainPageUrl(baseUrl: string): string {
  return `${normaliseBaseUrl(baseUrl)}${RTT_MAIN_PATH}`;
}

/**
 * Resolves an href found on `pageUrl` to an absolute URL without its hash. Links to NHS England's own
 * host (`http:`, bare `england.nhs.uk` or protocol-relative alike) are re-rooted on `baseUrl`, so a
 * mirror of the site is crawled as if it were the real one, and the real one always over https.
 * Returns undefined for `mailto:`, `javascript:` and unparseable hrefs.
 */
export function resolveHref(href: string, pageUrl: string, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, pageUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  url.hash = "";
  const base = normaliseBaseUrl(baseUrl);
  if (NHS_HOSTS.has(url.hostname.toLowerCase())) return `${base}${url.pathname}${url.search}`;
  return url.href;
}

/** The financial year (`2021-22`) whose page lists a month: April YYYY … March YYYY+1. */
export function financialYear(month: string): string {
  const { year, month: m } = splitMonth(month);
  const start = m >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

const YEAR_PATH = /\/rtt-data-(\d{4})-(\d{2})\/?$/;

/**
 * Finds the year pages linked from the main page (body "Latest data" block or sidebar), keyed by
 * financial year. Trailing-slash variants and legacy aliases (`/statistics/rtt-data-2014-15/`) of the
 * same year collapse to one URL, the canonical `/statistical-work-areas/rtt-waiting-times/` form
 * preferred; every URL ends with a slash. Spreadsheet links whose text starts with a year are ignored.
 */
export function findYearPages(
  links: PageLink[],
  pageUrl: string,
  baseUrl: string,
): Map<string, string> {
  const found = new Map<string, string>();
  for (const link of links) {
    const url = resolveHref(link.href, pageUrl, baseUrl);
    if (url === undefined) continue;
    const parsed = new URL(url);
    const m = YEAR_PATH.exec(parsed.pathname);
    if (!m || parsed.search !== "") continue;
    const start = Number(m[1]);
    if ((start + 1) % 100 !== Number(m[2])) continue;
    const year = `${m[1]}-${m[2]}`;
    const normalised = `${parsed.origin}${parsed.pathname.replace(/\/?$/, "/")}`;
    const known = found.get(year);
    if (known === undefined || (!isCanonical(known) && isCanonical(normalised)))
      found.set(year, normalised);
  }
  return found;
}

function isCanonical(url: string): boolean {
  return url.includes("/statistical-work-areas/rtt-waiting-times/rtt-data-");
}
