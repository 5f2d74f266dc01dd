/**
 * The "your area" lookup over the shipped GP practice list (data/reference/gp-practices.csv): a
 * practice names its sub-ICB location exactly; a postcode resolves through the practices of its
 * sector (`LS1 4`), else its district (`LS1`); names match areas and practices by words.
 */
import { readFileSync } from "node:fs";

import { parseCsvRecords } from "../csv.ts";
import { defaultReferenceDir } from "../geo/vintages.ts";
import type { AreaMatch, MyAreaResult, PracticeMatch } from "../web/my-area.ts";
import { parsePostcode, practicesNear, wordMatcher } from "../web/postcode-search.ts";

export interface Practice {
  code: string;
  name: string;
  postcode: string;
  subIcbCode: string;
  icbCode: string;
  /** The month of the NHS Digital extract the practice list comes from (YYYY-MM). */
  extract: string;
}

let cached: Practice[] | undefined;

/** The shipped practice list, read once. */
export function loadPractices(dir: string = defaultReferenceDir()): Practice[] {
  cached ??= parseCsvRecords(readFileSync(`${dir}/gp-practices.csv`, "utf8")).map((r) => ({
    code: r["practice_code"] ?? "",
    name: r["practice_name"] ?? "",
    postcode: r["postcode"] ?? "",
    subIcbCode: r["sub_icb_code"] ?? "",
    icbCode: r["icb_code"] ?? "",
    extract: r["extract"] ?? "",
  }));
  return cached;
}

const districtOf = (postcode: string) => postcode.split(" ")[0] ?? "";

/**
 * Resolves a query against the practices and the areas. `areaName` gives a code's name (null when
 * the code is not an area of the current data, e.g. a sub-ICB created after it).
 */
export function lookUp(
  query: string,
  practices: readonly Practice[],
  areas: ReadonlyArray<{ code: string; name: string; levelLabel: string }>,
  areaName: (code: string) => string | null,
): MyAreaResult {
  const q = query.trim().slice(0, 100);
  const result: MyAreaResult = {
    query: q,
    postcode: null,
    postcodeUnknown: false,
    areas: [],
    practices: [],
  };
  if (q === "") return result;
  const pc = parsePostcode(q);
  if (pc) {
    const { scope, key, near } = practicesNear(pc, practices);
    if (near.length > 0) {
      const counts = new Map<string, number>();
      for (const p of near) counts.set(p.subIcbCode, (counts.get(p.subIcbCode) ?? 0) + 1);
      result.postcode = {
        postcode: pc.full,
        scope,
        key,
        practices: near.length,
        areas: [...counts]
          .map(([code, n]) => ({ code, name: areaName(code), practices: n }))
          .sort((a, b) => b.practices - a.practices || a.code.localeCompare(b.code)),
      };
    } else result.postcodeUnknown = true;
  }
  const upper = q.toUpperCase();
  const matchesWords = wordMatcher(q);
  const practiceMatches: PracticeMatch[] = practices
    .filter((p) => p.code === upper || (!pc && matchesWords(p.name)))
    .slice(0, 20)
    .map((p) => ({ ...p, subIcbName: areaName(p.subIcbCode) }));
  result.practices = practiceMatches;
  const areaMatches: AreaMatch[] = areas.filter(
    (a) => a.code.toUpperCase() === upper || (!pc && matchesWords(a.name)),
  );
  result.areas = areaMatches.slice(0, 20);
  return result;
}

/** The letters of a postcode district (`LS1` → `LS`, `B33` → `B`): its postcode area. */
export const postcodeAreaOf = (district: string) => /^[A-Z]+/.exec(district)?.[0] ?? "";

/** `LS2` before `LS10`, `LS1` before `LS1A`…: districts in the order people read them. */
function districtOrder(a: string, b: string): number {
  const [, al = "", an = "0", as = ""] = /^([A-Z]+)(\d+)(.*)$/.exec(a) ?? [];
  const [, bl = "", bn = "0", bs = ""] = /^([A-Z]+)(\d+)(.*)$/.exec(b) ?? [];
  return al.localeCompare(bl) || Number(an) - Number(bn) || as.localeCompare(bs);
}

/**
 * The practices by postcode area and district (`LS` → `LS1` → practices by name), for the
 * browsable A–Z pages that stand in for the search on a static host.
 */
export function practicesByPostcode(
  practices: readonly Practice[],
): Map<string, Map<string, Practice[]>> {
  const byDistrict = new Map<string, Practice[]>();
  for (const p of practices) {
    const d = districtOf(p.postcode);
    if (d === "") continue;
    const list = byDistrict.get(d);
    if (list) list.push(p);
    else byDistrict.set(d, [p]);
  }
  const out = new Map<string, Map<string, Practice[]>>();
  for (const d of [...byDistrict.keys()].sort(districtOrder)) {
    const area = postcodeAreaOf(d);
    if (!out.has(area)) out.set(area, new Map());
    const list = (byDistrict.get(d) ?? []).sort((x, y) => x.name.localeCompare(y.name));
    out.get(area)?.set(d, list);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
