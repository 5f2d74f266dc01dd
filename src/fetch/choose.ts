/**
 * Picks one Full CSV link per month (shared docs/nhs-england-downloads.md §1.4): identical URLs count
 * once (the "Latest … full extract" block repeats the newest month's link); then the newest upload
 * folder wins, then the stronger revision marker (`revised-2` > `revised`/`revisions`/`v2` > none),
 * then page order.
 */

import { addMonths } from "../months.ts";

import type { FullCsvLink } from "./full-csv-links.ts";

/** The link chosen for a month, with what it beat. */
export interface ChosenLink extends FullCsvLink {
  /** True when the link is marked as a revision, was uploaded four or more months after its data
   * month (a normal publication is two months after), or replaced another link for the month. */
  revised: boolean;
  /** The other (superseded) URLs seen for the month. */
  superseded: string[];
}

/** Sort order: best candidate first. */
export function compareCandidates(a: FullCsvLink, b: FullCsvLink): number {
  const folderA = a.uploadFolder ?? "";
  const folderB = b.uploadFolder ?? "";
  if (folderA !== folderB) return folderA > folderB ? -1 : 1;
  if (a.revision !== b.revision) return b.revision - a.revision;
  return a.index - b.index;
}

function lateUpload(link: FullCsvLink): boolean {
  return link.uploadFolder !== undefined && link.uploadFolder >= addMonths(link.month, 4);
}

/** One link per month, keyed by `YYYY-MM`, in month order. */
export function chooseLinks(candidates: FullCsvLink[]): Map<string, ChosenLink> {
  const byMonth = new Map<string, FullCsvLink[]>();
  const seen = new Set<string>();
  for (const link of candidates) {
    if (seen.has(link.url)) continue;
    seen.add(link.url);
    const list = byMonth.get(link.month) ?? [];
    list.push(link);
    byMonth.set(link.month, list);
  }
  const chosen = new Map<string, ChosenLink>();
  for (const month of [...byMonth.keys()].sort()) {
    const [best, ...rest] = [...(byMonth.get(month) ?? [])].sort(compareCandidates);
    if (!best) continue;
    chosen.set(month, {
      ...best,
      revised: best.revision > 0 || lateUpload(best) || rest.length > 0,
      superseded: rest.map((l) => l.url),
    });
  }
  return chosen;
}
