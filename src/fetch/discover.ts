/**
 * Crawls NHS England's RTT pages for the Full CSV links of a set of months: the main page, then only
 * the financial-year pages those months fall in.
 */

import { chooseLinks, type ChosenLink } from "./choose.ts";
import { findFullCsvLinks, type FullCsvLink } from "./full-csv-links.ts";
import { getText, type HttpOptions } from "./http.ts";
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
  if (years.length === 0) return { chosen: new Map(), yearPages: [], unlinkedYears: [] };

  const main = mainPageUrl(baseUrl);
  const pages = findYearPages(extractLinks(await getText(main, http)), main, baseUrl);
  const candidates: FullCsvLink[] = [];
  const yearPages: string[] = [];
  const unlinkedYears: string[] = [];
  for (const year of years) {
    const page = pages.get(year);
    if (page === undefined) {
      unlinkedYears.push(year);
      continue;
    }
    yearPages.push(page);
    for (const link of findFullCsvLinks(extractLinks(await getText(page, http)))) {
      const url = resolveHref(link.url, page, baseUrl);
      if (url === undefined || !wanted.has(link.month)) continue;
      candidates.push({ ...link, url, index: candidates.length });
    }
  }
  return { chosen: chooseLinks(candidates), yearPages, unlinkedYears: unlinkedYears.sort() };
}
