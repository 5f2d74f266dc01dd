/**
 * Completeness (docs/methodology.md "Completeness"): which providers did not submit in a month, and
 * how much of each area's activity normally comes from them. A rate is only as complete as the
 * submissions behind it: when Sheffield Teaching Hospitals (RHQ) sends no April 2026 file,
 * Sheffield (03N) looks rationed. An area whose share of activity normally from non-submitting
 * providers exceeds COMPLETENESS_THRESHOLD is `incomplete`: it keeps its row, marked, with the
 * missing trusts named, but has no rank and is left out of England's like-for-like rate, the
 * spread, the funnel's over-dispersion estimate, headlines and superlatives.
 */
import { acuteTrustsOpenIn, type AcuteTrust } from "../geo/acute-trusts.ts";
import type { ReferenceOptions } from "../geo/reference.ts";
import { addMonths } from "../months.ts";
import { allHeldMonths } from "../store/activity-queries.ts";
import { commissionerProviderTotals, providersByMonth } from "../store/completeness-queries.ts";
import type { Store } from "../store/db.ts";

/**
 * An area is incomplete when more than 5% of its activity normally comes from providers that did
 * not submit. Why 5%: it is below the half-width of the 95% interval of a typical sub-ICB
 * location's monthly rate (about 300,000 people, about 1,200 admitted pathways a month: ±6%), so a
 * shortfall under it cannot on its own move an area across England's rate, while a larger one
 * can move an area tens of places in the ranking.
 */
export const COMPLETENESS_THRESHOLD = 0.05;

/** How far (months) to look for a month in which a missing provider did submit. */
export const NEIGHBOUR_SPAN = 3;

/** A month is a national file, checked against the ODS acute trust list, when this share of open acute trusts submitted. */
export const NATIONAL_SHARE = 0.5;

/** Providers below this share of an area's activity are not named for it. */
const NAMED_SHARE = 0.005;

export interface MissingProvider {
  code: string;
  name: string | null;
  /** Why it counts as missing. */
  why: "acute trust open in ODS with no rows" | "submitted in a neighbouring month, no rows";
}

export interface MonthSubmissions {
  month: string;
  /** Providers that did not submit this month. */
  missing: MissingProvider[];
  /** Held months whose submissions gave each area's usual provider mix; empty when none. */
  referenceMonths: string[];
}

export interface AreaShortfall {
  code: string;
  name: string | null;
  /** Share of the area's activity normally from this provider; null when no neighbouring month shows it. */
  share: number | null;
  month: string;
}

export interface AreaCompleteness {
  /** Commissioner (or group) code. */
  code: string;
  /** Share of the window's activity normally from non-submitting providers; null when unknown. */
  share: number | null;
  incomplete: boolean;
  /** `neighbouring months` when shares come from the store, `trust location` for the fallback. */
  basis: "neighbouring months" | "trust location" | "none";
  missing: AreaShortfall[];
  /** One sentence for every presenter, e.g. "incomplete: … RHQ … did not submit …". */
  reason: string;
}

export interface Completeness {
  threshold: number;
  months: MonthSubmissions[];
  /** By commissioner code (every code with rows in the window or a shortfall). */
  areas: Map<string, AreaCompleteness>;
  method: string;
}

export const COMPLETENESS_METHOD =
  "Providers that did not submit in a month: acute NHS trusts open in the ODS list (OHID's acute trusts) with no rows (checked when at least half of them submitted, i.e. a national file), and providers with rows in the previous or next held month but none in it. " +
  `Each area's share of activity normally from them: their share of its Total All in the nearest held months (within ${NEIGHBOUR_SPAN}) in which they submitted; ` +
  "when the store holds no such month, an area is flagged if a missing acute trust stands in it (the trust's postcode, by its GP practices), share unknown. " +
  `An area is incomplete above ${COMPLETENESS_THRESHOLD * 100}% (averaged over the window's months): not ranked, and left out of England's rate, the spread, the funnel and the headlines.`;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The completeness of every held month from `from` to `to` and of every commissioner's activity
 * over them.
 */
export async function windowCompleteness(
  store: Store,
  options: { from: string; to: string } & ReferenceOptions,
): Promise<Completeness> {
  const held = await allHeldMonths(store);
  const window = held.filter((m) => m >= options.from && m <= options.to);
  const near = (m: string) =>
    held
      .filter(
        (h) => h !== m && h >= addMonths(m, -NEIGHBOUR_SPAN) && h <= addMonths(m, NEIGHBOUR_SPAN),
      )
      .sort(
        (a, b) => Math.abs(monthsApart(a, m)) - Math.abs(monthsApart(b, m)) || (a < b ? -1 : 1),
      );
  const wanted = [...new Set(window.flatMap((m) => [m, ...near(m)]))].sort();
  const providers = await providersByMonth(store, wanted);
  const byMonth = new Map<string, Map<string, string | null>>();
  for (const p of providers) {
    const m = byMonth.get(p.month) ?? new Map<string, string | null>();
    m.set(p.code, p.name);
    byMonth.set(p.month, m);
  }

  const months: MonthSubmissions[] = [];
  const perMonthShares: Array<Map<string, AreaShortfall[]>> = [];
  const locationHits = new Map<string, AreaShortfall[]>();
  for (const m of window) {
    const { missing, trusts } = missingIn(m, held, byMonth, options);
    const ref = near(m).filter((h) => [...missing.keys()].some((c) => byMonth.get(h)?.has(c)));
    months.push({
      month: m,
      missing: [...missing.values()].sort((a, b) => (a.code < b.code ? -1 : 1)),
      referenceMonths: ref,
    });
    const shares = new Map<string, AreaShortfall[]>();
    if (missing.size > 0 && ref.length > 0) {
      const totals = await commissionerProviderTotals(store, ref);
      const all = new Map<string, number>();
      const fromMissing = new Map<string, Map<string, number>>();
      for (const t of totals) {
        all.set(t.commissioner, (all.get(t.commissioner) ?? 0) + t.count);
        if (!missing.has(t.provider)) continue;
        const f = fromMissing.get(t.commissioner) ?? new Map<string, number>();
        f.set(t.provider, (f.get(t.provider) ?? 0) + t.count);
        fromMissing.set(t.commissioner, f);
      }
      for (const [code, f] of fromMissing) {
        const total = all.get(code) ?? 0;
        if (total <= 0) continue;
        shares.set(
          code,
          [...f].map(([p, c]) => ({
            code: p,
            name: missing.get(p)?.name ?? null,
            share: c / total,
            month: m,
          })),
        );
      }
    } else if (missing.size > 0) {
      // No held month shows the missing providers: fall back to where each acute trust stands.
      for (const p of missing.values()) {
        const at = trusts.get(p.code)?.subIcbCode;
        if (!at) continue;
        locationHits.set(at, [
          ...(locationHits.get(at) ?? []),
          { code: p.code, name: p.name, share: null, month: m },
        ]);
      }
    }
    perMonthShares.push(shares);
  }

  const codes = new Set<string>([...locationHits.keys()]);
  for (const s of perMonthShares) for (const c of s.keys()) codes.add(c);
  const areas = new Map<string, AreaCompleteness>();
  const n = Math.max(window.length, 1);
  for (const code of codes) {
    const shortfalls: AreaShortfall[] = [];
    let share = 0;
    for (const s of perMonthShares) {
      const list = s.get(code) ?? [];
      share += list.reduce((t, x) => t + (x.share ?? 0), 0) / n;
      shortfalls.push(...list.filter((x) => (x.share ?? 0) >= NAMED_SHARE));
    }
    const located = locationHits.get(code) ?? [];
    shortfalls.push(...located);
    const incomplete = share > COMPLETENESS_THRESHOLD || located.length > 0;
    const basis =
      located.length > 0
        ? "trust location"
        : shortfalls.length > 0
          ? "neighbouring months"
          : "none";
    areas.set(code, {
      code,
      share: located.length > 0 && share === 0 ? null : share,
      incomplete,
      basis,
      missing: mergeShortfalls(shortfalls, n),
      reason: incomplete ? reasonFor(shortfalls, share, located.length > 0, n) : "",
    });
  }
  return { threshold: COMPLETENESS_THRESHOLD, months, areas, method: COMPLETENESS_METHOD };
}

type ProvidersByMonth = Map<string, Map<string, string | null>>;

/**
 * The providers that did not submit in month `m`: open acute trusts absent from a national file,
 * and providers of the previous or next held month (within two months) absent from this one.
 */
function missingIn(
  m: string,
  held: string[],
  byMonth: ProvidersByMonth,
  options: ReferenceOptions,
): { missing: Map<string, MissingProvider>; trusts: Map<string, AcuteTrust> } {
  const present = byMonth.get(m) ?? new Map<string, string | null>();
  const missing = new Map<string, MissingProvider>();
  const trusts = new Map<string, AcuteTrust>();
  const open = acuteTrustsOpenIn(m, options);
  for (const t of open) trusts.set(t.code, t);
  // The ODS list is checked only for a national file (most open acute trusts present): a
  // partial extract (one provider) or synthetic data would otherwise "miss" every trust.
  const submitted = open.filter((t) => present.has(t.code)).length;
  const national = submitted >= open.length * NATIONAL_SHARE;
  for (const t of national ? open : []) {
    if (!present.has(t.code)) {
      missing.set(t.code, {
        code: t.code,
        name: t.name,
        why: "acute trust open in ODS with no rows",
      });
    }
  }
  const prev = held.filter((h) => h < m).pop();
  const next = held.find((h) => h > m);
  for (const n of [prev, next]) {
    if (n === undefined || Math.abs(monthsApart(n, m)) > 2) continue;
    const around = byMonth.get(n) ?? new Map<string, string | null>();
    // A partial extract (most of the neighbour's providers absent) is not checked this way.
    if ([...around.keys()].filter((c) => present.has(c)).length < around.size * NATIONAL_SHARE) {
      continue;
    }
    for (const [code, name] of around) {
      if (!present.has(code) && !missing.has(code)) {
        missing.set(code, { code, name, why: "submitted in a neighbouring month, no rows" });
      }
    }
  }
  return { missing, trusts };
}

/** Held months within two months either side of `m` that `missingIn` reads, and `m`. */
function aroundMonths(m: string, held: string[]): string[] {
  const prev = held.filter((h) => h < m).pop();
  const next = held.find((h) => h > m);
  return [prev, m, next].filter(
    (h): h is string => h !== undefined && Math.abs(monthsApart(h, m)) <= 2,
  );
}

/**
 * The providers that submitted no data in each held month from `from` to `to` (every held month
 * when not given), for `status`: the same rule as the completeness check, without the shares.
 */
export async function nonSubmittingProviders(
  store: Store,
  options: { from?: string; to?: string } & ReferenceOptions = {},
): Promise<MonthSubmissions[]> {
  const held = await allHeldMonths(store);
  const window = held.filter(
    (m) =>
      (options.from === undefined || m >= options.from) &&
      (options.to === undefined || m <= options.to),
  );
  const wanted = [...new Set(window.flatMap((m) => aroundMonths(m, held)))].sort();
  const byMonth: ProvidersByMonth = new Map();
  for (const p of await providersByMonth(store, wanted)) {
    const m = byMonth.get(p.month) ?? new Map<string, string | null>();
    m.set(p.code, p.name);
    byMonth.set(p.month, m);
  }
  return window.map((m) => ({
    month: m,
    missing: [...missingIn(m, held, byMonth, options).missing.values()].sort((a, b) =>
      a.code < b.code ? -1 : 1,
    ),
    referenceMonths: [],
  }));
}

/** One entry per provider, its share averaged over the window's months. */
function mergeShortfalls(list: AreaShortfall[], months: number): AreaShortfall[] {
  const by = new Map<string, AreaShortfall & { months: string[] }>();
  for (const s of list) {
    const hit = by.get(s.code);
    if (!hit) {
      by.set(s.code, {
        ...s,
        share: s.share === null ? null : s.share / months,
        months: [s.month],
      });
    } else {
      hit.months.push(s.month);
      hit.share = hit.share === null || s.share === null ? hit.share : hit.share + s.share / months;
    }
  }
  return [...by.values()]
    .map(({ months: ms, ...s }) => ({ ...s, month: ms.join(", ") }))
    .sort((a, b) => (b.share ?? 1) - (a.share ?? 1) || (a.code < b.code ? -1 : 1));
}

function reasonFor(list: AreaShortfall[], share: number, located: boolean, months: number): string {
  const named = mergeShortfalls(list, months)
    .map(
      (s) =>
        `${s.name ?? s.code} (${s.code})${s.share === null ? "" : `, ${pct(s.share)} of its activity`}`,
    )
    .join("; ");
  const when = [...new Set(list.map((s) => s.month))].join(", ");
  return located && share === 0
    ? `incomplete: ${named} submitted no data for ${when} and stands in this area (no neighbouring month in the store gives the share); not ranked`
    : `incomplete: ${pct(share)} of its activity normally comes from providers that submitted no data for ${when} — ${named}; not ranked`;
}

function monthsApart(a: string, b: string): number {
  const [ya, ma] = a.split("-").map(Number);
  const [yb, mb] = b.split("-").map(Number);
  return ((ya ?? 0) - (yb ?? 0)) * 12 + ((ma ?? 0) - (mb ?? 0));
}
