/**
 * Crawls NHS England's RTT pages for the Full CSV links of a set of months: the main page, then only
 * the financial-year pages those months fall in.
 */

import { isAppError } from "../errors.ts";

import { chooseLinks, type ChosenLink } from "./choose.ts";
import { findFullCsvLinks, type FullCsvLink } from "./full-csv-links.ts";
import { getText, UnreachableError, type HttpOptions } from "./http.ts";
import { extractLinks } from "./links.ts";
import { FIRST_YEAR_PAGE, financialYear, findYearPages, mainPageUrl, resolveHref } from "./site.ts";

/** What the crawl found. */
export interface Discovery {
  /** The link chosen for each month that has one. */
  chosen: Map<string, ChosenLink>;
  /** Year pages read, in the order read. */
  yearPages: string[];
  /** Financial years needed but not linked from the main page (not published yet, or too old). */
  unlinkedYears: string[];
  /** Year pages that were linked but could not be read (404, stall, redirect loop): their months fail. */
  failedYears: FailedYearPage[];
}

/** A year page that could not be read, and why. */
export interface FailedYearPage {
  year: string;
  url: string;
  reason: string;
}

/** Finds the Full CSV link of each of `months` (YYYY-MM) under `baseUrl`. */
export async function discoverFullCsvLinks(options: {
  months: string[];
  baseUrl: string;
  http: HttpOptions;
}): Promise<Discovery> {
  const { baseUrl, http } = options;
  const wanted = new Set(options.months);
  const years = [...new Set(options.months.map(financialYear))]
    .filter((y) => y >= FIRST_YEAR_PAGE)
    .sort()
    .reverse();
  if (years.length === 0)
    return { chosen: new Map(), yearPages: [], unlinkedYears: [], failedYears: [] };

  const main = mainPageUrl(baseUrl);
  const pages = findYearPages(extractLinks(await getText(main, http)), main, baseUrl);
  const candidates: FullCsvLink[] = [];
  const yearPages: string[] = [];
  const unlinkedYears: string[] = [];
  const failedYears: FailedYearPage[] = [];
  for (const year of years) {
    const page = pages.get(year);
    if (page === undefined) {
      unlinkedYears.push(year);
      continue;
    }
    let html: string;
    try {
      html = await getText(page, http);
    } catch (e) {
      // The main page answered, so the site is there: a year page that 404s, stalls or loops fails
      // its own months only. A host that refuses or does not resolve fails everything, as before.
      if (!isAppError(e) || e instanceof UnreachableError) throw e;
      failedYears.push({ year, url: page, reason: e.message });
      continue;
    }
    yearPages.push(page);
    for (const link of findFullCsvLinks(extractLinks(html))) {
      const url = resolveHref(link.url, page, baseUrl);
      if (url === undefined || !wanted.has(link.month)) continue;
      candidates.push({ ...link, url, index: candidates.length });
    }
  }
  return {
    chosen: chooseLinks(candidates),
    yearPages,
    unlinkedYears: unlinkedYears.sort(),
    failedYears: failedYears.sort((a, b) => a.year.localeCompare(b.year)),
  };
}
