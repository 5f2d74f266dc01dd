/**
 * Which commissioner codes are areas (DESIGN §2 "Areas"): geographic commissioners of the month's
 * vintage are; non-geographic ones (NONC, NHS England hubs, regions) are excluded from per-capita
 * figures with a reason; anything else is unknown to the reference data and excluded too.
 */
import { commissionerParentsInMonth } from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";
import { commissionerActivity, nonGeographicCodes } from "../store/geo-queries.ts";

import { areasInForce } from "./areas.ts";
import { applyCrosswalk } from "./crosswalk.ts";
import { ensureReferenceLoaded, type ReferenceOptions } from "./reference.ts";

export interface NonGeographic {
  code: string;
  name: string | null;
  /** `hub`, `region`, `national`, `area-team` or `other`. */
  kind: string;
  reason: string;
}

/** Code patterns that are never areas, beyond the listed codes. */
const PATTERNS: Array<{ re: RegExp; kind: string; reason: string }> = [
  {
    re: /^Y\d\d$/,
    kind: "region",
    reason:
      "NHS England region as a commissioner (specialised and direct commissioning): overlaps its areas' populations",
  },
  {
    re: /^Q\d\d$/,
    kind: "area-team",
    reason:
      "NHS England area team or local office (direct commissioning, 2013–2019): overlaps its areas' populations",
  },
];

/** Every known non-geographic code (the shipped list; patterns match more). */
export async function knownNonGeographic(
  store: Store,
  options: ReferenceOptions = {},
): Promise<NonGeographic[]> {
  await ensureReferenceLoaded(store, options);
  return nonGeographicCodes(store);
}

function matchNonGeographic(code: string, listed: Map<string, NonGeographic>) {
  const hit = listed.get(code);
  if (hit) return hit;
  const p = PATTERNS.find((x) => x.re.test(code));
  return p ? { code, name: null, kind: p.kind, reason: p.reason } : undefined;
}

export interface Classification {
  /** Codes that are areas in force (directly or through the crosswalk). */
  geographic: string[];
  /** Codes rolled up to another area by the crosswalk (`to` is the area in force). */
  mapped: Array<{ code: string; to: string }>;
  nonGeographic: NonGeographic[];
  /** Codes neither in the month's geography nor known to be non-geographic. */
  unknown: string[];
}

/**
 * Sorts commissioner codes (by default every code in the month's RTT rows) into geographic,
 * non-geographic (with the reason they are excluded) and unknown, as of `month`.
 */
export async function classifyCommissioners(
  store: Store,
  options: { month: string; codes?: readonly string[] } & ReferenceOptions,
): Promise<Classification> {
  const codes =
    options.codes ?? (await commissionerActivity(store, options.month)).map((r) => r.code);
  const areas = new Set((await areasInForce(store, options)).map((a) => a.code));
  const listed = new Map((await knownNonGeographic(store, options)).map((n) => [n.code, n]));
  const crosswalk = await applyCrosswalk(store, { ...options, codes, asOf: options.month });
  const out: Classification = { geographic: [], mapped: [], nonGeographic: [], unknown: [] };
  for (const code of [...new Set(codes)].sort()) {
    const to = crosswalk.get(code) ?? code;
    if (areas.has(to)) {
      out.geographic.push(code);
      if (to !== code) out.mapped.push({ code, to });
      continue;
    }
    const ng = matchNonGeographic(code, listed);
    if (ng) out.nonGeographic.push(ng);
    else out.unknown.push(code);
  }
  return out;
}

export interface CommissionerInData {
  code: string;
  name: string | null;
  /** Rows (treatment-function rows, C_999 excluded) carrying the code in the month. */
  rows: number;
  /** Sum of `Total All` over those rows (all parts). */
  count: number;
}

/** The codes in a month's RTT rows that are unknown to the reference data, with their volume. */
export async function unknownCommissioners(
  store: Store,
  options: { month: string } & ReferenceOptions,
): Promise<CommissionerInData[]> {
  const activity = await commissionerActivity(store, options.month);
  const { unknown } = await classifyCommissioners(store, {
    ...options,
    codes: activity.map((a) => a.code),
  });
  const set = new Set(unknown);
  return activity
    .filter((a) => set.has(a.code))
    .map(({ code, name, rows, count }) => ({ code, name, rows, count }));
}

/** The non-geographic codes in a month's RTT rows, with their reason and volume. */
export async function nonGeographicInData(
  store: Store,
  options: { month: string } & ReferenceOptions,
): Promise<Array<NonGeographic & { rows: number; count: number }>> {
  const activity = await commissionerActivity(store, options.month);
  const { nonGeographic } = await classifyCommissioners(store, {
    ...options,
    codes: activity.map((a) => a.code),
  });
  const byCode = new Map(activity.map((a) => [a.code, a]));
  return nonGeographic.map((n) => ({
    ...n,
    rows: byCode.get(n.code)?.rows ?? 0,
    count: byCode.get(n.code)?.count ?? 0,
  }));
}

export interface CommissionerParent {
  code: string;
  icbCode: string | null;
  icbName: string | null;
  /** `rtt`: the Commissioner Parent Org Code on the month's rows; `reference`: the lookup. */
  source: "rtt" | "reference";
}

/** Parent codes on RTT rows mean the STP/ICS or ICB only from April 2020 (before: NHS England offices). */
const PARENTS_ARE_ICS_FROM = "2020-04";

/**
 * The ICS/ICB of each commissioner for a window ending in `month` (DESIGN §2): the Commissioner
 * Parent Org Code on its rows in that month, else the reference lookup. Covers every area in force
 * and every other code in the month's rows that carries a parent.
 */
export async function commissionerParents(
  store: Store,
  month: string,
  options: ReferenceOptions = {},
): Promise<CommissionerParent[]> {
  const areas = await areasInForce(store, { ...options, month });
  const parentNames = new Map(
    (await areasInForce(store, { ...options, month, level: "icb" })).map((a) => [a.code, a.name]),
  );
  const inData =
    month >= PARENTS_ARE_ICS_FROM
      ? (await commissionerParentsInMonth(store, month)).filter((r) => r.parentCode !== null)
      : [];
  const fromData = new Map(inData.map((r) => [r.code, r]));
  const out = new Map<string, CommissionerParent>();
  for (const a of areas) {
    const d = fromData.get(a.code);
    out.set(
      a.code,
      d
        ? {
            code: a.code,
            icbCode: d.parentCode,
            icbName: parentNames.get(d.parentCode ?? "") ?? d.parentName,
            source: "rtt",
          }
        : { code: a.code, icbCode: a.icbCode, icbName: a.icbName, source: "reference" },
    );
  }
  for (const d of inData) {
    if (out.has(d.code)) continue;
    out.set(d.code, {
      code: d.code,
      icbCode: d.parentCode,
      icbName: parentNames.get(d.parentCode ?? "") ?? d.parentName,
      source: "rtt",
    });
  }
  return [...out.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}
