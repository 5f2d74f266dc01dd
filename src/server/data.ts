/**
 * The figures behind the web pages and the API, read from the store through the analyses and
 * memoised per data version: every result is computed once per (analysis, options) and reused by
 * every page, download and API response that shows it. Nothing here renders or recomputes a figure.
 */
import { createHash } from "node:crypto";

import { impactFromTrends, type PolicyImpact } from "../analysis/policy-impact.ts";
import { REPORT_SPECIALTIES } from "../analysis/publication.ts";
import { overlayFromVariation, type RestrictionOverlay } from "../analysis/restrictions.ts";
import type { MonthlyPosition } from "../analysis/trend-series.ts";
import { trend } from "../analysis/trend.ts";
import type {
  Level,
  Measure,
  TrendOutput,
  VariationResult,
  WaitsOutput,
} from "../analysis/types.ts";
import { variation } from "../analysis/variation.ts";
import { waits } from "../analysis/waits.ts";
import { MissingDataError, UsageError } from "../errors.ts";
import { loadBoundaries, type Boundaries } from "../geo/boundaries.ts";
import { applyCrosswalk } from "../geo/crosswalk.ts";
import { codeChanges, type CodeChange } from "../geo/successors.ts";
import { addMonths, monthLabel } from "../months.ts";
import type { Intervention } from "../registry/intervention-schema.ts";
import type { Policy } from "../registry/policy-schema.ts";
import type { RegistryContent } from "../registry/registry.ts";
import type { Store } from "../store/db.ts";
import { crosswalkEntries } from "../store/geo-queries.ts";
import { readStatus } from "../store/rtt-queries.ts";
import type { SiteMeta } from "../web/types.ts";

import type { RegistryReader } from "./registry-data.ts";

/** A window the pages offer: the latest 12 months, and every complete financial year held. */
export interface WindowChoice {
  /** `2023-04-2024-03` (from-to), the id used in URLs. */
  id: string;
  from: string;
  to: string;
  label: string;
}

/** One area of the current geography with its place in the hierarchy. */
/**
 * A former code with no single successor (split or abolished): the server and the static site show
 * a page saying what happened, with links to the successors; elsewhere a 404 with this message.
 */
export class FormerCodeError extends MissingDataError {
  readonly change: CodeChange;
  constructor(change: CodeChange) {
    const to = change.to;
    const list =
      to.length <= 2 ? to.join(" and ") : `${to.slice(0, -1).join(", ")} and ${to.at(-1)}`;
    super(
      to.length === 0
        ? `${change.code} (${change.name}, ${change.lastVintage}) no longer exists from ${monthLabel(change.goneFrom)} and has no single successor: its areas went to different places`
        : `${change.code} (${change.name}, ${change.lastVintage}) was split from ${monthLabel(change.goneFrom)} between ${list}: choose one of those areas`,
    );
    this.change = change;
  }
}

export interface AreaEntry {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  parentName: string | null;
  children: string[];
}

export const WEB_SPECIALTIES = ["all", ...REPORT_SPECIALTIES] as const;
export const WEB_MEASURES: readonly Measure[] = ["admitted", "non-admitted", "clock-starts"];
export const WEB_LEVELS: readonly Level[] = ["commissioner", "icb", "region"];

export interface SiteDataOptions {
  /** The build stamp's clock. */
  now: () => Date;
  /** Rank-interval seed (same seed, same intervals, as the report). */
  seed?: number;
  /** The restrictions registry (policies, scorecards); without it the registry pages are 404s. */
  registry?: RegistryReader | null;
}

/** An intervention's overlay on the site's default window, and why activity is missing if it is. */
export interface WebOverlay {
  intervention: Intervention;
  overlay: RestrictionOverlay;
  /** Set when the overlay has no activity beside it: no RTT proxy, or none held in the window. */
  noActivity: string | null;
}

/** Months in a financial year window: April of `year` to March of `year + 1`. */
function financialYear(year: number): { from: string; to: string } {
  return { from: `${year}-04`, to: `${year + 1}-03` };
}

/**
 * The site's data: opened on one store, it answers every page's question from the analyses,
 * once per data version. Analyses run one at a time, each on the store's connections (a read-only
 * store runs at most two reads at once, and an analysis starts its independent reads together).
 */
export class SiteData {
  readonly #store: Store;
  readonly #options: SiteDataOptions;
  #memo = new Map<string, Promise<unknown>>();
  /** Every area's monthly funnel positions, shared by the trends of one level and specialty. */
  #positions = new Map<string, Map<string, MonthlyPosition[]>>();
  #queue: Promise<unknown> = Promise.resolve();
  #state: Promise<{ months: string[]; meta: SiteMeta; windows: WindowChoice[] }> | undefined;

  constructor(store: Store, options: SiteDataOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Runs `fn` after every analysis already queued (one analysis at a time on the store). */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Memoises `fn` under `key`. Only the store calls inside `fn` go through `#serial`: a memoised
   * task that queued as a whole could wait for a task queued behind it, and never start.
   */
  #cached<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.#memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fn();
      this.#memo.set(key, p);
      p.catch(() => this.#memo.delete(key));
    }
    return p;
  }

  /** Held months, the page metadata and the windows offered. */
  state(): Promise<{ months: string[]; meta: SiteMeta; windows: WindowChoice[] }> {
    this.#state ??= this.#serial(async () => {
      const status = await readStatus(this.#store, { warningLimit: 0 });
      const months = status.periods.map((p) => p.month);
      const latest = months[months.length - 1];
      if (latest === undefined) {
        throw new MissingDataError("the store holds no RTT periods: load data first (npm start)");
      }
      const version = createHash("sha256")
        .update(status.periods.map((p) => `${p.month}:${p.checksum}`).join("\n"))
        .digest("hex")
        .slice(0, 12);
      const held = new Set(months);
      const windows: WindowChoice[] = [];
      const latestFrom = addMonths(latest, -11);
      const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))].sort((a, b) => b - a);
      for (const y of [years[0] ?? 0, ...years].map((y) => y - 1).concat(years)) {
        const fy = financialYear(y);
        const id = `${fy.from}-${fy.to}`;
        if (windows.some((w) => w.id === id)) continue;
        let all = true;
        for (let m = fy.from; m <= fy.to; m = addMonths(m, 1)) if (!held.has(m)) all = false;
        if (all)
          windows.push({ id, ...fy, label: `Financial year ${y}/${String(y + 1).slice(2)}` });
      }
      windows.sort((a, b) => (a.from < b.from ? 1 : -1));
      if (held.has(latestFrom) && !windows.some((w) => w.to === latest && w.from === latestFrom)) {
        windows.unshift({
          id: `${latestFrom}-${latest}`,
          from: latestFrom,
          to: latest,
          label: "Latest 12 months",
        });
      } else if (windows[0]) {
        windows[0] = { ...windows[0], label: `${windows[0].label} (latest 12 months)` };
      }
      if (windows.length === 0) {
        // Fewer than 12 months held: the unbroken run of months ending at the latest (up to 12).
        let from = latest;
        while (from > latestFrom && held.has(addMonths(from, -1))) from = addMonths(from, -1);
        windows.push({ id: `${from}-${latest}`, from, to: latest, label: "Latest months held" });
      }
      const first = windows[0] as WindowChoice;
      const synthetic = status.periods.some((p) => p.synthetic);
      return {
        months,
        windows,
        meta: {
          latestMonth: latest,
          window: { from: first.from, to: first.to },
          populationVintage: "",
          synthetic,
          dataVersion: version,
          builtAt: this.#options
            .now()
            .toISOString()
            .replace(/\.\d{3}Z$/, "Z"),
        },
      };
    });
    return this.#state;
  }

  /** The page metadata, with the population vintage of the default window. */
  async meta(): Promise<SiteMeta> {
    const s = await this.state();
    const v = await this.variation("admitted", "all", "commissioner");
    const registry = this.#options.registry;
    return {
      ...s.meta,
      populationVintage: v.source.populationVintage,
      registryVersion: registry ? await registry.version() : null,
    };
  }

  /** Whether the site shows the restrictions registry. */
  get hasRegistry(): boolean {
    return Boolean(this.#options.registry);
  }

  /** The registry, or a 404 when the site has none. */
  registry(): RegistryReader {
    const r = this.#options.registry;
    if (!r) {
      throw new MissingDataError(
        "this site was started without the restrictions registry (serve --registry PATH)",
      );
    }
    return r;
  }

  /** The registry's approved records. */
  registryContent(): Promise<RegistryContent> {
    return this.registry().content();
  }

  /** One intervention by slug (404 when the registry has no such intervention). */
  async intervention(slug: string): Promise<Intervention> {
    const i = (await this.registryContent()).interventions.find((x) => x.slug === slug);
    if (!i) throw new MissingDataError(`the registry has no intervention "${slug.slice(0, 60)}"`);
    return i;
  }

  /** One approved policy by id (404 when there is none). */
  async policy(id: string): Promise<Policy> {
    const p = (await this.registryContent()).policies.find((x) => x.id === id);
    if (!p) throw new MissingDataError(`the registry has no published policy "${id.slice(0, 60)}"`);
    return p;
  }

  /**
   * Restriction status by sub-ICB area on the default window's last day, with activity in the
   * intervention's RTT proxy beside it (restrictions.ts), once per registry version.
   */
  async overlay(slug: string): Promise<WebOverlay> {
    const version = await this.registry().version();
    return this.#cached(`overlay:${version}:${slug}`, async () => {
      const content = await this.registryContent();
      const intervention = await this.intervention(slug);
      const tf = intervention.rttTreatmentFunction;
      let noActivity: string | null = tf === null ? intervention.proxyLimits : null;
      let v: VariationResult | null = null;
      if (tf !== null) {
        try {
          v = await this.variation("admitted", tf, "commissioner");
        } catch (e) {
          if (!(e instanceof MissingDataError)) throw e;
          noActivity = e.message;
        }
      }
      v ??= await this.variation("admitted", "all", "commissioner");
      return {
        intervention,
        overlay: overlayFromVariation(intervention, content.policies, v, noActivity === null),
        noActivity,
      };
    });
  }

  /**
   * Before and after a policy's effective date over every held month (policy-impact.ts), with the
   * need-adjusted series beside it when the area has a need-weighted population (as the CLI's).
   */
  async policyImpact(policy: Policy, intervention: Intervention): Promise<PolicyImpact> {
    const tf = intervention.rttTreatmentFunction;
    if (tf === null) throw new MissingDataError(intervention.proxyLimits);
    const level = policy.commissioner.level === "icb" ? "icb" : "commissioner";
    const code = policy.commissioner.code;
    const [area, england] = await Promise.all([
      this.trend(level, code, tf),
      this.trend(level, null, tf),
    ]);
    // Without a need-weighted population for the area there is no need-adjusted series.
    const need = await Promise.all([
      this.trend(level, code, tf, "need-weighted"),
      this.trend(level, null, tf, "need-weighted"),
    ])
      .then(([a, e]) => ({ area: a, england: e }))
      .catch((e: unknown) => {
        if (e instanceof UsageError || e instanceof MissingDataError) return undefined;
        throw e;
      });
    return impactFromTrends(policy, intervention, area, england, need);
  }

  async windows(): Promise<WindowChoice[]> {
    return (await this.state()).windows;
  }

  /** The window with this id; the default (latest) when `id` is undefined. */
  async window(id?: string): Promise<WindowChoice> {
    const windows = await this.windows();
    if (id === undefined) return windows[0] as WindowChoice;
    const w = windows.find((x) => x.id === id);
    if (!w)
      throw new MissingDataError(
        `no window ${id} (choose one of ${windows.map((x) => x.id).join(", ")})`,
      );
    return w;
  }

  variation(
    measure: Measure,
    specialty: string,
    level: Level,
    windowId?: string,
  ): Promise<VariationResult> {
    return this.#cached(
      `variation:${measure}:${specialty}:${level}:${windowId ?? ""}`,
      async () => {
        const w = await this.window(windowId);
        const run = this.#serial(() =>
          variation(this.#store, {
            from: w.from,
            to: w.to,
            measure,
            specialty,
            level,
            seed: this.#options.seed ?? 1,
          }),
        );
        // A window with no activity at all for the specialty has no rates (the statistics refuse a
        // zero England population or count); that is missing data, not a fault.
        return run.catch((e: unknown) => {
          if (e instanceof RangeError) {
            throw new MissingDataError(
              `no ${specialty === "all" ? "" : `${specialty} `}activity is held for ${w.from} to ${w.to}: there are no rates to show`,
            );
          }
          throw e;
        });
      },
    );
  }

  /** Monthly trend over every held month up to the latest, for England (area null) or one area. */
  /**
   * The trend, or null when the latest run of consecutive held months is a single month (a store
   * of one national file): pages then say the series needs two months instead of failing.
   */
  async trendIfHeld(level: Level, area: string | null): Promise<TrendOutput | null> {
    const { from, to } = await this.#latestRun();
    return from === to ? null : this.trend(level, area);
  }

  /** The latest run of consecutive held months: the window every trend on the site covers. */
  async #latestRun(): Promise<{ from: string; to: string }> {
    const { months } = await this.state();
    const to = months[months.length - 1] as string;
    const held = new Set(months);
    let from = to;
    while (from !== undefined && held.has(addMonths(from, -1))) from = addMonths(from, -1);
    return { from, to };
  }

  trend(
    level: Level,
    area: string | null,
    specialty = "all",
    denominator?: "need-weighted",
  ): Promise<TrendOutput> {
    const key = `trend:${level}:${area ?? ""}:${specialty}${denominator ? `:${denominator}` : ""}`;
    return this.#cached(key, async () => {
      const { from, to } = await this.#latestRun();
      return this.#serial(() =>
        trend(this.#store, {
          from,
          to,
          level,
          area,
          specialty,
          ...(denominator ? { denominator } : {}),
          positionsMemo: this.#positions,
        }),
      );
    });
  }

  /** Waiting times in the latest month at a level, against the same month of 2019 when held. */
  waits(level: Level): Promise<WaitsOutput> {
    return this.#cached(`waits:${level}`, async () => {
      const { months } = await this.state();
      const month = months[months.length - 1] as string;
      const baseline = `2019-${month.slice(5)}`;
      return this.#serial(() =>
        waits(this.#store, {
          month,
          level,
          baseline: months.includes(baseline) && baseline !== month ? baseline : null,
        }),
      );
    });
  }

  /**
   * The map boundaries of the geography in force in `month` (the window's last month; default the
   * latest held), so a map of an older financial year draws the areas of that year.
   */
  boundaries(month?: string): Promise<Boundaries> {
    return this.#cached(`boundaries:${month ?? "latest"}`, async () =>
      loadBoundaries(month ?? (await this.state()).meta.latestMonth),
    );
  }

  /** Every area of the latest window's geography, by code, with parents and children. */
  areas(): Promise<Map<string, AreaEntry>> {
    return this.#cached("areas", async () => {
      const [sub, icb, region] = await Promise.all(
        WEB_LEVELS.map((l) => this.variation("admitted", "all", l)),
      );
      const out = new Map<string, AreaEntry>();
      const regionByName = new Map<string, { code: string; name: string }>();
      for (const r of [...(region?.areas ?? []), ...(region?.completeness?.incomplete ?? [])]) {
        regionByName.set(r.name, { code: r.code, name: r.name });
        out.set(r.code, {
          code: r.code,
          name: r.name,
          level: "region",
          parentCode: null,
          parentName: null,
          children: [],
        });
      }
      for (const a of [...(icb?.areas ?? []), ...(icb?.completeness?.incomplete ?? [])]) {
        const parent = a.regionName ? regionByName.get(a.regionName) : undefined;
        out.set(a.code, {
          code: a.code,
          name: a.name,
          level: "icb",
          parentCode: parent?.code ?? null,
          parentName: parent?.name ?? null,
          children: [],
        });
        if (parent) out.get(parent.code)?.children.push(a.code);
      }
      // Incomplete areas are areas too (their pages say why they are not ranked).
      for (const a of [...(sub?.areas ?? []), ...(sub?.completeness?.incomplete ?? [])]) {
        out.set(a.code, {
          code: a.code,
          name: a.name,
          level: "commissioner",
          parentCode: a.icbCode,
          parentName: a.icbName,
          children: [],
        });
        if (a.icbCode) out.get(a.icbCode)?.children.push(a.code);
      }
      return out;
    });
  }

  /**
   * Where a code that is not an area of the current geography went: a current area's code (through
   * the store's crosswalk, then the shipped vintages' renames and ICB mergers, following chains),
   * or a MissingDataError saying why there is none (unknown, split, abolished).
   */
  async successor(code: string): Promise<string> {
    const areas = await this.areas();
    const { meta } = await this.state();
    const crosswalk = await this.#serial(() =>
      applyCrosswalk(this.#store, { codes: [code], asOf: meta.latestMonth }),
    );
    let to = crosswalk.get(code) ?? code;
    const changes = codeChanges();
    const seen = new Set([code]);
    while (!areas.has(to)) {
      const change = changes.get(to);
      if (!change) break;
      if (change.to.length !== 1) throw new FormerCodeError(change);
      const next = change.to[0] as string;
      if (seen.has(next)) break;
      seen.add(next);
      to = next;
    }
    if (to === code || !areas.has(to)) throw new MissingDataError(`no area with code ${code}`);
    return to;
  }

  /**
   * Every former code the site knows (the store's crosswalk, the shipped vintages' changes) that
   * has a successor, with it: the static site writes a redirect page for each.
   */
  movedCodes(): Promise<Map<string, string>> {
    return this.#cached("moved", async () => {
      const { meta } = await this.state();
      const entries = await this.#serial(() => crosswalkEntries(this.#store, meta.latestMonth));
      const areas = await this.areas();
      const old = new Set([...entries.map((e) => e.oldCode), ...codeChanges().keys()]);
      const out = new Map<string, string>();
      for (const code of [...old].sort()) {
        if (areas.has(code)) continue;
        try {
          out.set(code, await this.successor(code));
        } catch (e) {
          if (!(e instanceof MissingDataError)) throw e;
        }
      }
      return out;
    });
  }

  /** Every former code of the shipped vintages with no single successor (split or abolished). */
  async formerCodes(): Promise<CodeChange[]> {
    const areas = await this.areas();
    return [...codeChanges().values()].filter((c) => c.to.length !== 1 && !areas.has(c.code));
  }

  async area(code: string): Promise<AreaEntry> {
    const a = (await this.areas()).get(code);
    if (!a) throw new MissingDataError(`no area with code ${code}`);
    return a;
  }
}
