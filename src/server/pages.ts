/**
 * Route → page view: reads the figures a page needs from `SiteData` and hands them to the pure
 * render functions of `web/`. Bad parameters throw UsageError (400), unknown areas or pages
 * MissingDataError (404); a canonical-address change throws `Redirect`.
 */
import { isPartial } from "../analysis/completeness.ts";
import { resolveSpecialty } from "../analysis/options.ts";
import type { Level, Measure } from "../analysis/types.ts";
import { MissingDataError, UsageError } from "../errors.ts";
import { measureWithUnit } from "../report/words.ts";
import { areaView } from "../web/area.ts";
import {
  COMPARE_MAX,
  COMPARE_MIN,
  compareView,
  type CompareArea,
  type CompareIndex,
} from "../web/compare.ts";
import { LEVEL_LABEL, shortName } from "../web/format.ts";
import { formerCodeView } from "../web/former-code.ts";
import { homeView } from "../web/home.ts";
import {
  indicatorIndexView,
  indicatorPath,
  indicatorView,
  indicatorViewOf,
  type IndicatorBasis,
  type IndicatorSort,
} from "../web/indicator.ts";
import {
  myAreaView,
  postcodeAreaView,
  postcodeIndexView,
  type BrowsePractice,
} from "../web/my-area.ts";
import { apiGuideView, methodologyView } from "../web/simple.ts";
import type { PageContext, PageView } from "../web/types.ts";

import {
  FormerCodeError,
  WEB_LEVELS,
  WEB_MEASURES,
  WEB_SPECIALTIES,
  type SiteData,
} from "./data.ts";
import { loadPractices, lookUp, practicesByPostcode, type Practice } from "./lookup.ts";
import { areaRestrictions, registryPageView } from "./registry-pages.ts";

/** A permanent move to a canonical address (relative to the root). */
export class Redirect extends Error {
  readonly location: string;
  constructor(location: string) {
    super(`moved to ${location}`);
    this.location = location;
  }
}

const CODE = /^[A-Z0-9]{3,9}$/;

export function checkCode(code: string): string {
  const c = decodeURIComponent(code).toUpperCase();
  if (!CODE.test(c))
    throw new UsageError(
      `"${c.slice(0, 40)}" is not an area code (3 to 9 letters and digits, such as 03R, QWO or Y63)`,
    );
  return c;
}

export function checkMeasure(m: string): Measure {
  if (!(WEB_MEASURES as readonly string[]).includes(m)) {
    throw new UsageError(`unknown measure "${m.slice(0, 40)}" (choose ${WEB_MEASURES.join(", ")})`);
  }
  return m as Measure;
}

export function checkSpecialty(s: string): string {
  if (!(WEB_SPECIALTIES as readonly string[]).includes(s)) {
    throw new UsageError(
      `unknown specialty "${s.slice(0, 40)}" (choose ${WEB_SPECIALTIES.join(", ")})`,
    );
  }
  return s;
}

export function checkLevel(l: string): Level {
  if (!(WEB_LEVELS as readonly string[]).includes(l)) {
    throw new UsageError(`unknown level "${l.slice(0, 40)}" (choose ${WEB_LEVELS.join(", ")})`);
  }
  return l as Level;
}

/** The level below: an ICB's sub-ICB locations, a region's ICBs. */
const CHILD_LEVEL: Record<Level, Level | null> = {
  commissioner: null,
  icb: "commissioner",
  region: "icb",
};

function specialtyChoices() {
  return WEB_SPECIALTIES.map((s) => ({ id: s, label: resolveSpecialty(s).name }));
}

/** The view of the page at `path` (segments without slashes), given its query. */
export async function pageView(
  data: SiteData,
  segments: string[],
  query: URLSearchParams,
  ctx: PageContext,
): Promise<PageView> {
  const [first, ...rest] = segments;
  if (first === undefined) {
    const [variation, waits, boundaries] = await Promise.all([
      data.variation("admitted", "all", "commissioner"),
      data.waits("region"),
      data.boundaries(),
    ]);
    // The latest month's trusts that did not submit (analysis/completeness.ts); null when the
    // result carries no completeness assessment.
    const c = variation.completeness;
    const nonSubmitters = c
      ? (c.nonSubmitters.find((m) => m.month === ctx.meta.latestMonth)?.providers ?? []).map(
          (p) => ({ code: p.code, name: p.name ?? p.code, partial: isPartial(p) }),
        )
      : null;
    return homeView({ variation, waits, boundaries, nonSubmitters }, ctx);
  }
  const registryView = await registryPageView(data, first, rest, ctx);
  if (registryView) return registryView;
  if (first === "area" && rest.length === 1) {
    const code = checkCode(rest[0] as string);
    if (code !== rest[0]) throw new Redirect(`/area/${code}/`);
    // An old code (a former CCG, a pre-2026 ICB) moves permanently to its successor.
    const areas = await data.areas();
    if (!areas.has(code)) {
      let to: string;
      try {
        to = await data.successor(code);
      } catch (e) {
        // A split or abolished code gets a page saying so, linking its successors.
        if (!(e instanceof FormerCodeError)) throw e;
        const successors = e.change.to.map((c) => ({ code: c, name: areas.get(c)?.name ?? null }));
        return formerCodeView(e.change, successors, ctx);
      }
      throw new Redirect(`/area/${to}/`);
    }
    const area = await data.area(code);
    const child = CHILD_LEVEL[area.level];
    const [variation, trend, waits, children, restrictions] = await Promise.all([
      data.variation("admitted", "all", area.level),
      data.trendIfHeld(area.level, code),
      data.waits(area.level),
      child ? data.variation("admitted", "all", child) : Promise.resolve(null),
      areaRestrictions(data, area),
    ]);
    // A specialty the window holds no activity for has no rates: the page says so rather than fail.
    const specialties = [];
    const missing: string[] = [];
    for (const s of WEB_SPECIALTIES.slice(1)) {
      try {
        specialties.push(await data.variation("admitted", s, area.level));
      } catch (e) {
        if (!(e instanceof MissingDataError)) throw e;
        missing.push(resolveSpecialty(s).name);
      }
    }
    const parent = area.parentCode
      ? { code: area.parentCode, name: area.parentName ?? area.parentCode }
      : null;
    return areaView(
      {
        code,
        name: area.name,
        level: area.level,
        parent,
        variation,
        specialties,
        missingSpecialties: missing,
        children,
        trend,
        waits,
        restrictions,
      },
      ctx,
    );
  }
  if (first === "indicator") {
    const windows = await data.windows();
    const w0 = windows[0]?.id ?? "";
    if (rest.length === 0) {
      const m = query.get("measure");
      if (m !== null) {
        const s = checkSpecialty(query.get("specialty") ?? "all");
        const l = checkLevel(query.get("level") ?? "commissioner");
        const w = query.get("window") ?? w0;
        await data.window(w).catch(() => {
          throw new UsageError(
            `unknown window "${w.slice(0, 40)}" (choose ${windows.map((x) => x.id).join(", ")})`,
          );
        });
        throw new Redirect(indicatorPath(checkMeasure(m), s, l, w));
      }
      const specialties = specialtyChoices();
      return indicatorIndexView(
        WEB_MEASURES.flatMap((measure) => specialties.map((specialty) => ({ measure, specialty }))),
        "commissioner",
        w0,
        ctx,
      );
    }
    if (rest.length >= 3 && rest.length <= 5) {
      const measure = checkMeasure(rest[0] as string);
      const specialty = checkSpecialty(rest[1] as string);
      const level = checkLevel(rest[2] as string);
      if (rest.length === 3) throw new Redirect(indicatorPath(measure, specialty, level, w0));
      const windowId = rest[3] as string;
      if (!windows.some((x) => x.id === windowId)) {
        throw new MissingDataError(
          `no window ${windowId.slice(0, 40)} (choose ${windows.map((x) => x.id).join(", ")})`,
        );
      }
      // The table's order and basis are in the path; the older ?sort= and ?basis= move there.
      const view = rest.length === 5 ? indicatorViewOf(rest[4] as string) : null;
      if (rest.length === 5 && !view)
        throw new MissingDataError("there is no page at this address");
      const sortParam = query.get("sort") ?? view?.sort ?? "rank";
      if (!["rank", "rate", "name"].includes(sortParam))
        throw new UsageError(`sort must be rank, rate or name, not "${sortParam.slice(0, 40)}"`);
      const basisParam = query.get("basis") ?? view?.basis ?? "crude";
      if (!["crude", "need-adjusted"].includes(basisParam))
        throw new UsageError(
          `basis must be crude or need-adjusted, not "${basisParam.slice(0, 40)}"`,
        );
      if (query.has("sort") || query.has("basis")) {
        throw new Redirect(
          indicatorPath(
            measure,
            specialty,
            level,
            windowId,
            sortParam as IndicatorSort,
            basisParam as IndicatorBasis,
          ),
        );
      }
      const [variation, boundaries, specialties] = await Promise.all([
        data.variation(measure, specialty, level, windowId),
        data.boundaries(windows.find((x) => x.id === windowId)?.to),
        specialtyChoices(),
      ]);
      if (basisParam === "need-adjusted" && !variation.needAdjusted) {
        throw new MissingDataError(
          "this indicator has no need-adjusted ratio (the store holds no need-weighted populations for its areas)",
        );
      }
      return indicatorView(
        {
          variation,
          measure,
          specialty,
          level,
          windowId,
          measures: WEB_MEASURES,
          specialties,
          levels: WEB_LEVELS,
          windows: windows.map((x) => ({ id: x.id, label: x.label })),
          boundaries,
          sort: sortParam as IndicatorSort,
          basis: basisParam as IndicatorBasis,
        },
        ctx,
      );
    }
  }
  if (first === "compare" && rest.length <= 1) {
    let codes: string[];
    if (rest.length === 0) {
      const given = query
        .getAll("a")
        .map((a) => a.trim())
        .filter(Boolean);
      if (given.length === 0) return compareView([], ctx, await compareIndex(data));
      codes = given.map(checkCode);
      if (codes.length < COMPARE_MIN || codes.length > COMPARE_MAX) {
        throw new UsageError(
          `compare takes ${COMPARE_MIN} to ${COMPARE_MAX} areas; ${codes.length} given`,
        );
      }
      throw new Redirect(`/compare/${codes.join("+")}/`);
    }
    codes = decodeURIComponent(rest[0] as string)
      .split(/[+ ]/)
      .filter(Boolean)
      .map(checkCode);
    if (codes.length < COMPARE_MIN || codes.length > COMPARE_MAX) {
      throw new UsageError(
        `compare takes ${COMPARE_MIN} to ${COMPARE_MAX} areas; ${codes.length} given`,
      );
    }
    if (new Set(codes).size !== codes.length)
      throw new UsageError("compare: an area is given twice");
    const areas: CompareArea[] = [];
    for (const code of codes) {
      const a = await data.area(code);
      const variation = await data.variation("admitted", "all", a.level);
      const waitsOutput = await data.waits(a.level);
      areas.push({
        code,
        name: a.name,
        levelLabel: LEVEL_LABEL[a.level],
        rate: variation.areas.find((x) => x.code === code) ?? null,
        variation,
        waits: waitsOutput.areas.find((x) => x.code === code) ?? null,
        waitsOutput,
      });
    }
    return compareView(areas, ctx);
  }
  if (first === "my-area" && rest.length === 0) {
    const q = query.get("q");
    if (q === null) return myAreaView(null, ctx);
    if (q.length > 100) throw new UsageError("the search is longer than 100 characters");
    const areas = await data.areas();
    const list = [...areas.values()].map((a) => ({
      code: a.code,
      name: a.name,
      levelLabel: LEVEL_LABEL[a.level],
    }));
    return myAreaView(
      lookUp(q, loadPractices(), list, (code) => areas.get(code)?.name ?? null),
      ctx,
    );
  }
  if (first === "my-area" && rest[0] === "postcodes" && rest.length <= 2) {
    const practices = loadPractices();
    const extract = practices[0]?.extract ?? "";
    const byArea = practicesByPostcode(practices);
    if (rest.length === 1) {
      const list = [...byArea].map(([area, districts]) => ({
        area,
        districts: [...districts.keys()],
        practices: [...districts.values()].reduce((n, l) => n + l.length, 0),
      }));
      return postcodeIndexView(list, extract, ctx);
    }
    const letters = decodeURIComponent(rest[1] as string);
    const districts = byArea.get(letters.toUpperCase());
    if (!districts) {
      throw new MissingDataError(
        `no GP practice has a postcode starting ${letters.slice(0, 10)} (postcode areas are letters such as LS or B)`,
      );
    }
    if (letters !== letters.toUpperCase())
      throw new Redirect(`/my-area/postcodes/${letters.toUpperCase()}/`);
    const areaOf = await practiceArea(data);
    const former = new Set((await data.formerCodes()).map((c) => c.code));
    return postcodeAreaView(
      letters,
      [...districts].map(([district, list]) => ({
        district,
        practices: list.map((p): BrowsePractice => ({
          ...p,
          area: areaOf(p),
          formerArea: former.has(p.subIcbCode),
        })),
      })),
      extract,
      ctx,
    );
  }
  if (first === "methodology" && rest.length === 0) return methodologyView(ctx);
  if (first === "api" && rest.length === 0) return apiGuideView(ctx);
  throw new MissingDataError("there is no page at this address");
}

/**
 * The area of this site's data a practice counts under: its own sub-ICB location when that is a
 * current area, else the code's successor (a merged or renamed area); null when there is none.
 */
export async function practiceArea(
  data: SiteData,
): Promise<(p: Practice) => { code: string; name: string } | null> {
  const [areas, moved] = await Promise.all([data.areas(), data.movedCodes()]);
  return (p) => {
    const code = areas.has(p.subIcbCode) ? p.subIcbCode : moved.get(p.subIcbCode);
    const a = code ? areas.get(code) : undefined;
    return a ? { code: a.code, name: a.name } : null;
  };
}

/**
 * The compare page's ready-made comparisons (each ICB's sub-ICB locations, each region's ICBs, the
 * first six where there are more) and what its script needs to compare from the static value file.
 */
async function compareIndex(data: SiteData): Promise<CompareIndex> {
  const [areas, v] = await Promise.all([
    data.areas(),
    data.variation("admitted", "all", "commissioner"),
  ]);
  const readyMade = [];
  for (const level of ["region", "icb"] as const) {
    for (const a of [...areas.values()].filter((x) => x.level === level)) {
      const codes = a.children.filter((c) => areas.has(c));
      if (codes.length < COMPARE_MIN) continue;
      const what = level === "icb" ? "Sub-ICB locations" : "ICBs";
      const first =
        codes.length > COMPARE_MAX ? ` (the first ${COMPARE_MAX} of ${codes.length})` : "";
      readyMade.push({
        label: `${what} of ${shortName(a.name)}${first}`,
        codes: codes.slice(0, COMPARE_MAX),
      });
    }
  }
  return { readyMade, period: `${v.from}/${v.to}`, caption: measureWithUnit(v) };
}
