/**
 * Completeness (docs/methodology.md "Completeness"): which providers did not submit in a month, or
 * submitted far less of the measured part than in their neighbouring months (partial submitters),
 * and how much of each area's activity normally comes from them. A rate is only as complete as the
 * submissions behind it: when Sheffield Teaching Hospitals (RHQ) sends no April 2026 file,
 * Sheffield (03N) looks rationed. An area whose share of activity normally from non-submitting or
 * partial providers exceeds COMPLETENESS_THRESHOLD is `incomplete`: it keeps its row, marked, with
 * the trusts named, but has no rank and is left out of England's like-for-like rate, the spread,
 * the funnel's over-dispersion estimate, headlines and superlatives.
 */
import { acuteTrustsOpenIn, type AcuteTrust } from "../geo/acute-trusts.ts";
import type { ReferenceOptions } from "../geo/reference.ts";
import { PART_TYPES, type Part } from "../ingest/layout.ts";
import { addMonths } from "../months.ts";
import { quantile } from "../stats/index.ts";
import { allHeldMonths } from "../store/activity-queries.ts";
import {
  commissionerProviderTotals,
  providersByMonth,
  type ProviderMonth,
} from "../store/completeness-queries.ts";
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

/**
 * A provider is a partial submitter in a month when its count for the measured part is below this
 * fraction of its usual count (the median of its counts in the held months within NEIGHBOUR_SPAN in
 * which it submitted). Why a half: a trust's elective activity dips in holiday months (December,
 * August) and with industrial action, and a shortfall that counts a whole provider as missing
 * should be far larger than such dips; half is a judgement (the shared real data hold one month, so
 * it is not fitted to real month-to-month variation), documented in docs/methodology.md.
 */
export const PARTIAL_FRACTION = 0.5;

/**
 * Providers whose usual count is below this are not checked for partial submission: at a usual 100
 * a month, fewer than 50 by Poisson chance alone has probability about 1 × 10⁻⁸, while at a usual
 * 10, fewer than 5 has about 0.03; and such a provider is rarely a large share of an area.
 */
export const PARTIAL_MINIMUM = 100;

/** What each part counts, for the partial-submission reason ("30 admitted completions"). */
const PART_NOUN: Record<Part, string> = {
  Part_1A: "admitted completions",
  Part_1B: "non-admitted completions",
  Part_2: "pathways on the waiting list",
  Part_2A: "waiting-list pathways with a decision to admit",
  Part_3: "clock starts",
};

/** The parts `status` checks for partial submission: every part an analysis measures. */
export const STATUS_PARTS: readonly Part[] = ["Part_1A", "Part_1B", "Part_2", "Part_3"];

/** Providers below this share of an area's activity are not named for it. */
const NAMED_SHARE = 0.005;

export interface MissingProvider {
  code: string;
  name: string | null;
  /** Why it counts as missing; a partial submitter's starts `partial submission: `. */
  why:
    | "acute trust open in ODS with no rows"
    | "submitted in a neighbouring month, no rows"
    | `partial submission: ${string}`;
}

const PARTIAL_PREFIX = "partial submission: ";

/** True for a provider counted because its submission was partial (it has rows). */
export const isPartial = (p: { why: string }): boolean => p.why.startsWith(PARTIAL_PREFIX);

/** What a partial submitter sent against its usual ("30 admitted completions against a usual 100"); null for a non-submitter. */
export const partialShortfall = (p: { why: string }): string | null =>
  isPartial(p) ? p.why.slice(PARTIAL_PREFIX.length) : null;

export interface MonthSubmissions {
  month: string;
  /** Providers that did not submit this month. */
  missing: MissingProvider[];
  /** Held months whose submissions gave each area's usual provider mix; empty when none. */
  referenceMonths: string[];
  /** False when no other month within NEIGHBOUR_SPAN is held: partial submissions could not be checked. */
  partialChecked: boolean;
}

export interface AreaShortfall {
  code: string;
  name: string | null;
  /** Share of the area's activity normally from this provider; null when no neighbouring month shows it. */
  share: number | null;
  month: string;
  /** For a partial submitter, e.g. "30 admitted completions against a usual 100 in 2021-06"; else null. */
  partial: string | null;
}

export interface AreaCompleteness {
  /** Commissioner (or group) code. */
  code: string;
  /** Share of the window's activity normally from non-submitting or partial providers; null when unknown. */
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
  `Partial submitters: providers whose count for the measured part is below ${PARTIAL_FRACTION * 100}% of its median in the held months within ${NEIGHBOUR_SPAN} in which they submitted (when that median is at least ${PARTIAL_MINIMUM}), scaled by all providers' change from their medians (so a national fall is not partial submission); not checked for a month with no held month within ${NEIGHBOUR_SPAN}. ` +
  `Each area's share of activity normally from them: their share of its Total All in the nearest held months (within ${NEIGHBOUR_SPAN}) in which they submitted; ` +
  "when the store holds no such month, an area is flagged if a missing acute trust stands in it (the trust's postcode, by its GP practices), share unknown. " +
  `An area is incomplete above ${COMPLETENESS_THRESHOLD * 100}% (averaged over the window's months; a partial submitter's whole share counts): not ranked, and left out of England's rate, the spread, the funnel and the headlines.`;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The completeness of every held month from `from` to `to` and of every commissioner's activity
 * over them, `part` (the measured RTT part) deciding which providers submitted only part of it.
 */
export async function windowCompleteness(
  store: Store,
  options: { from: string; to: string; part: Part } & ReferenceOptions,
): Promise<Completeness> {
  // The report's four variations ask for the same window's completeness, its waits for the last
  // month's twice: inside its memoised scope, computed once.
  return store.derived(`windowCompleteness ${JSON.stringify(options)}`, () =>
    computeWindowCompleteness(store, options),
  );
}

async function computeWindowCompleteness(
  store: Store,
  options: { from: string; to: string; part: Part } & ReferenceOptions,
): Promise<Completeness> {
  const held = await allHeldMonths(store);
  const window = held.filter((m) => m >= options.from && m <= options.to);
  const near = (m: string) => nearMonths(m, held);
  const byMonth = await readProviders(store, window, held);

  const months: MonthSubmissions[] = [];
  const perMonthShares: Array<Map<string, AreaShortfall[]>> = [];
  const locationHits = new Map<string, AreaShortfall[]>();
  for (const m of window) {
    const { missing, trusts, partialChecked } = shortIn(m, held, byMonth, options, [options.part]);
    const ref = near(m).filter((h) => [...missing.keys()].some((c) => byMonth.get(h)?.has(c)));
    months.push({
      month: m,
      missing: [...missing.values()].sort((a, b) => (a.code < b.code ? -1 : 1)),
      referenceMonths: ref,
      partialChecked,
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
            partial: partialDetail(missing.get(p), m),
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
          { code: p.code, name: p.name, share: null, month: m, partial: null },
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

type ProvidersByMonth = Map<string, Map<string, ProviderMonth>>;

/** Held months other than `m` within NEIGHBOUR_SPAN of it, nearest first (earlier first on ties). */
function nearMonths(m: string, held: readonly string[]): string[] {
  return held
    .filter(
      (h) => h !== m && h >= addMonths(m, -NEIGHBOUR_SPAN) && h <= addMonths(m, NEIGHBOUR_SPAN),
    )
    .sort((a, b) => Math.abs(monthsApart(a, m)) - Math.abs(monthsApart(b, m)) || (a < b ? -1 : 1));
}

/**
 * The providers (with their count in every part) of each window month and of its neighbouring
 * months, in one scan; inside a memoised scope the scan also answers each single month's query (the
 * waiting-list completeness of the window's last month asks for those months again).
 */
async function readProviders(
  store: Store,
  window: readonly string[],
  held: readonly string[],
): Promise<ProvidersByMonth> {
  const around = (m: string) => [...new Set([m, ...nearMonths(m, held)])].sort();
  const wanted = [...new Set(window.flatMap(around))].sort();
  const byMonth: ProvidersByMonth = new Map();
  for (const p of await providersByMonth(store, wanted, PART_TYPES, window.map(around))) {
    const m = byMonth.get(p.month) ?? new Map<string, ProviderMonth>();
    m.set(p.code, p);
    byMonth.set(p.month, m);
  }
  return byMonth;
}

/**
 * The providers that fell short in month `m`: those that did not submit (`missingIn`), then the
 * partial submitters of `parts` (`partialIn`) not already among them; `partialChecked` false when
 * no neighbouring month is held to check partial submission against.
 */
function shortIn(
  m: string,
  held: readonly string[],
  byMonth: ProvidersByMonth,
  options: ReferenceOptions,
  parts: readonly Part[],
): ReturnType<typeof missingIn> & { partialChecked: boolean } {
  const { missing, trusts } = missingIn(m, held, byMonth, options);
  const partial = partialIn(m, held, byMonth, parts);
  for (const p of partial ?? []) if (!missing.has(p.code)) missing.set(p.code, p);
  return { missing, trusts, partialChecked: partial !== null };
}

/**
 * The partial submitters of month `m` for `parts`: providers with rows in `m` whose count for a
 * part is below PARTIAL_FRACTION of its usual count, the median of its counts in the held months
 * within NEIGHBOUR_SPAN in which it has rows (one side only at the store's first or last month),
 * scaled by the change of all providers together (Σ count ÷ Σ usual: in April 2020 every trust's
 * activity fell by half or more, which is not partial submission), when that usual count is at
 * least PARTIAL_MINIMUM. Null when no such month is held: one month
 * alone cannot tell a partial submission from low activity, so nothing is claimed.
 */
function partialIn(
  m: string,
  held: readonly string[],
  byMonth: ProvidersByMonth,
  parts: readonly Part[],
): MissingProvider[] | null {
  const near = nearMonths(m, held);
  if (near.length === 0) return null;
  // Each provider's count and usual count by part, and England's: Σ count ÷ Σ usual over the
  // providers that have both, so a national fall (April 2020) is not read as partial submission.
  const present = [...(byMonth.get(m) ?? [])].map(([code, p]) => ({
    code,
    name: p.name,
    byPart: parts.map((part) => {
      const counts = near.flatMap((h) => {
        const q = byMonth.get(h)?.get(code);
        return q ? [q.counts[part] ?? 0] : [];
      });
      return {
        part,
        count: p.counts[part] ?? 0,
        usual: counts.length === 0 ? null : quantile(counts, 0.5),
      };
    }),
  }));
  const england = parts.map((_, i) => {
    let count = 0;
    let usual = 0;
    for (const p of present) {
      const x = p.byPart[i];
      if (x?.usual === null || x === undefined) continue;
      count += x.count;
      usual += x.usual;
    }
    return usual > 0 ? count / usual : 1;
  });
  const out: MissingProvider[] = [];
  for (const p of present) {
    const short: string[] = [];
    p.byPart.forEach(({ part, count, usual }, i) => {
      const change = england[i] ?? 1;
      if (usual === null || usual < PARTIAL_MINIMUM) return;
      if (count >= PARTIAL_FRACTION * usual * change) return;
      const national =
        Math.abs(change - 1) >= 0.1 ? ` (all providers: ${pct(change)} of their usual)` : "";
      short.push(`${whole(count)} ${PART_NOUN[part]} against a usual ${whole(usual)}${national}`);
    });
    if (short.length > 0) {
      out.push({ code: p.code, name: p.name, why: `${PARTIAL_PREFIX}${short.join("; ")}` });
    }
  }
  return out;
}

/** "30 admitted completions against a usual 100 in 2021-06" for a partial submitter, else null. */
function partialDetail(p: MissingProvider | undefined, month: string): string | null {
  const shortfall = p && partialShortfall(p);
  return shortfall ? `${shortfall} in ${month}` : null;
}

const whole = (n: number) => Math.round(n).toLocaleString("en-GB");

/**
 * The providers that did not submit in month `m`: open acute trusts absent from a national file,
 * and providers of the previous or next held month (within two months) absent from this one.
 */
function missingIn(
  m: string,
  held: readonly string[],
  byMonth: ProvidersByMonth,
  options: ReferenceOptions,
): { missing: Map<string, MissingProvider>; trusts: Map<string, AcuteTrust> } {
  const present = byMonth.get(m) ?? new Map<string, ProviderMonth>();
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
    const around = byMonth.get(n) ?? new Map<string, ProviderMonth>();
    // A partial extract (most of the neighbour's providers absent) is not checked this way.
    if ([...around.keys()].filter((c) => present.has(c)).length < around.size * NATIONAL_SHARE) {
      continue;
    }
    for (const [code, { name }] of around) {
      if (!present.has(code) && !missing.has(code)) {
        missing.set(code, { code, name, why: "submitted in a neighbouring month, no rows" });
      }
    }
  }
  return { missing, trusts };
}

/**
 * The providers that submitted no data, or only part of it, in each held month from `from` to `to`
 * (every held month when not given), for `status`: the same rules as the completeness check,
 * without the shares, partial submission checked for every part an analysis measures (STATUS_PARTS).
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
  const byMonth = await readProviders(store, window, held);
  return window.map((m) => {
    const { missing, partialChecked } = shortIn(m, held, byMonth, options, STATUS_PARTS);
    return {
      month: m,
      missing: [...missing.values()].sort((a, b) => (a.code < b.code ? -1 : 1)),
      referenceMonths: [],
      partialChecked,
    };
  });
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
      hit.partial =
        hit.partial === null
          ? s.partial
          : s.partial === null
            ? hit.partial
            : `${hit.partial}; ${s.partial}`;
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
        `${s.name ?? s.code} (${s.code})${s.share === null ? "" : `, ${pct(s.share)} of its activity`}${s.partial === null ? "" : ` (partial submission: ${s.partial})`}`,
    )
    .join("; ");
  const when = [...new Set(list.map((s) => s.month))].join(", ");
  const partial = list.some((s) => s.partial !== null);
  const none = list.some((s) => s.partial === null);
  const what = !partial
    ? "that submitted no data"
    : none
      ? "that submitted no data or only part of it"
      : "that submitted only part of their data";
  return located && share === 0
    ? `incomplete: ${named} submitted no data for ${when} and stands in this area (no neighbouring month in the store gives the share); not ranked`
    : `incomplete: ${pct(share)} of its activity normally comes from providers ${what} for ${when} — ${named}; not ranked`;
}

function monthsApart(a: string, b: string): number {
  const [ya, ma] = a.split("-").map(Number);
  const [yb, mb] = b.split("-").map(Number);
  return ((ya ?? 0) - (yb ?? 0)) * 12 + ((ma ?? 0) - (mb ?? 0));
}
