/**
 * The "your area" search rules, in one place for both places that answer it: the server
 * (`src/server/lookup.ts`) imports these functions, and the static site's script
 * (`src/web/assets.ts`) embeds their source, so a browser on a static host answers exactly as the
 * server does. Each function is therefore self-contained: no imports and no names from outside
 * its own body, and nothing a browser lacks.
 */

export interface ParsedPostcode {
  /** The outward code: `LS1`. */
  district: string;
  /** `LS1 4`; null when only the outward code was given. */
  sector: string | null;
  /** As the user should see it: `LS1 4AP`, `LS1 4` or `LS1`. */
  full: string;
}

/**
 * A UK postcode, full (`LS1 4AP`), sector (`LS1 4`) or outward code only (`LS1`), spaces and case
 * free: `ls14ap` → `{ district: 'LS1', sector: 'LS1 4', full: 'LS1 4AP' }`; null when not a postcode.
 */
export function parsePostcode(query: string): ParsedPostcode | null {
  const q = query.trim().toUpperCase().replace(/\s+/g, " ");
  const partial = /^([A-Z]{1,2}\d[A-Z\d]?)\s+(\d)$/.exec(q);
  if (partial) return { district: partial[1] ?? "", sector: q, full: q };
  const m = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})?$/.exec(q);
  if (!m) return null;
  const district = m[1] ?? "";
  const inward = m[2];
  return {
    district,
    sector: inward ? `${district} ${inward[0] ?? ""}` : null,
    full: inward ? `${district} ${inward}` : district,
  };
}

/**
 * The practices of a postcode's sector (`LS1 4`), else of its district (`LS1`); `near` is empty
 * when neither holds a practice. Practice postcodes are in the standard `LS1 4AP` form.
 */
export function practicesNear<P extends { postcode: string }>(
  pc: ParsedPostcode,
  practices: readonly P[],
): { scope: "sector" | "district"; key: string; near: P[] } {
  const sector = pc.sector;
  if (sector !== null) {
    const near = practices.filter((p) => p.postcode.slice(0, -2) === sector);
    if (near.length > 0) return { scope: "sector", key: sector, near };
  }
  return {
    scope: "district",
    key: pc.district,
    near: practices.filter((p) => p.postcode.split(" ")[0] === pc.district),
  };
}

/**
 * A name search: true for a text holding every word of two or more letters or digits in the
 * query, whatever the case; false for every text when the query has no such word.
 */
export function wordMatcher(query: string): (text: string) => boolean {
  const words = query
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 1);
  return (text) => {
    const t = text.toUpperCase();
    return words.length > 0 && words.every((w) => t.includes(w));
  };
}
