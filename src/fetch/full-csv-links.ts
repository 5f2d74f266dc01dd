/**
 * The grammar of "Full CSV data file" links on NHS England's year pages (shared
 * docs/nhs-england-downloads.md §1.3): link text `Full CSV data file Mar24 (ZIP, 3832K) revised`, href
 * `…/wp-content/uploads/sites/2/2024/07/Full-CSV-data-file-Mar24-ZIP-3832K-revised.zip`. The tail after
 * the month token varies (size in K or M, random suffixes, `-1`, `revised` before or after `ZIP`,
 * `revised-2`, `revisions`, `v2`, missing hyphens, double dots), so only the month token is anchored.
 */

import { makeMonth, monthNumber } from "../months.ts";

import type { PageLink } from "./links.ts";

/** How strongly a link says it is a revision: 2 = `revised-2`, 1 = `revised`/`revisions`/`v2`, 0 = none. */
export type RevisionRank = 0 | 1 | 2;

/** A Full CSV zip link read from a year page. */
export interface FullCsvLink {
  /** Data month, `YYYY-MM`. */
  month: string;
  /** The href as given (the caller resolves it). */
  url: string;
  /** Upload folder `YYYY-MM` from `/uploads/sites/2/YYYY/MM/` (the publication or revision month). */
  uploadFolder: string | undefined;
  revision: RevisionRank;
  /** The link text. */
  text: string;
  /** Position on the page (document order), the last tie-breaker. */
  index: number;
}

const TEXT_MARK = /full\s*csv\s*data\s*file\s*[-–—:]?\s*([a-z]{3})[a-z]*[\s'’-]*(\d{2})(?!\d)/i;
const HREF_MARK = /full[-_ ]?csv[-_ ]?data[-_ ]?file[-_ ]*([a-z]{3})[a-z]*[-_ ]*(\d{2})(?!\d)/i;
const UPLOAD_FOLDER = /\/uploads\/(?:sites\/\d+\/)?(\d{4})\/(0[1-9]|1[0-2])\//;

function fileName(href: string): string {
  const path = href.split(/[?#]/)[0] ?? "";
  const last = path.slice(path.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function toMonth(mon: string | undefined, yy: string | undefined): string | undefined {
  const number = monthNumber(mon ?? "");
  if (number === undefined || yy === undefined) return undefined;
  return makeMonth(2000 + Number(yy), number);
}

function revisionRank(text: string): RevisionRank {
  if (/\brevised[-_ ]?2\b/i.test(text)) return 2;
  if (/\b(?:revised|revisions?|v2)\b/i.test(text)) return 1;
  return 0;
}

/**
 * Reads one link as a Full CSV zip link, or undefined when it is anything else (XLSX files, year
 * pages, anchors). The month comes from the link text's `{Mon}{YY}` token, else from the href's.
 */
export function parseFullCsvLink(link: PageLink, index = 0): FullCsvLink | undefined {
  const name = fileName(link.href);
  if (!/\.zip$/i.test(name)) return undefined;
  const textMark = TEXT_MARK.exec(link.text);
  const hrefMark = HREF_MARK.exec(name);
  if (!textMark && !hrefMark) return undefined;
  const month =
    toMonth(textMark?.[1], textMark?.[2]) ?? toMonth(hrefMark?.[1], hrefMark?.[2]) ?? undefined;
  if (month === undefined) return undefined;
  const tail = hrefMark ? name.slice((hrefMark.index ?? 0) + hrefMark[0].length) : name;
  const textTail = textMark ? link.text.slice((textMark.index ?? 0) + textMark[0].length) : "";
  const folder = UPLOAD_FOLDER.exec(link.href);
  return {
    month,
    url: link.href,
    uploadFolder: folder ? `${folder[1]}-${folder[2]}` : undefined,
    revision: Math.max(revisionRank(tail), revisionRank(textTail)) as RevisionRank,
    text: link.text,
    index,
  };
}

/** Every Full CSV zip link on a page, in page order. */
export function findFullCsvLinks(links: PageLink[]): FullCsvLink[] {
  const out: FullCsvLink[] = [];
  links.forEach((link, i) => {
    const parsed = parseFullCsvLink(link, i);
    if (parsed) out.push(parsed);
  });
  return out;
}
