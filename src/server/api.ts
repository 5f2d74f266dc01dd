/**
 * The open API, `/api/v1/…`: read-only JSON (and CSV for values) built from the same analysis
 * results as the pages. Each route is one file of the static site, so paths end in `.json`/`.csv`;
 * the live server also filters value files by `area`, `level` and `period`.
 */
import { variationToTidy, trendToTidy, waitsToTidy } from "../analysis/tidy.ts";
import { TREND_METHOD, TREND_NEEDS_TWO_MONTHS } from "../analysis/trend.ts";
import type { IndicatorValue } from "../analysis/types.ts";
import { VARIATION_METHOD } from "../analysis/variation.ts";
import { WAITS_METHOD } from "../analysis/waits.ts";
import { formatCsv, labelCsv } from "../csv.ts";
import { MissingDataError, UsageError } from "../errors.ts";
import { MEASURE_NAMES } from "../report/words.ts";
import { LEVEL_LABEL, shortName } from "../web/format.ts";
import { TIDY_COLUMNS } from "../web/tidy-table.ts";

import { about, allowOnly, LICENCE } from "./api-common.ts";
import { WEB_LEVELS, WEB_MEASURES, WEB_SPECIALTIES, type SiteData } from "./data.ts";
import { loadPractices } from "./lookup.ts";
import { openApiDocument } from "./openapi.ts";
import { checkCode, checkLevel, checkMeasure, checkSpecialty, practiceArea } from "./pages.ts";
import { registryApiResponse } from "./registry-api.ts";

export interface ApiResponse {
  type: "json" | "csv";
  body: unknown;
}

/**
 * Columns of a value file: the tidy ones, then whether each area is complete and why not (as the
 * CLI's variation CSV; an incomplete area has no rank or comparison).
 */
const VALUE_COLUMNS: Array<keyof IndicatorValue> = [
  ...TIDY_COLUMNS,
  "completeness",
  "incompleteReason",
];

/** Every value file: one per measure and specialty. */
export function valueFiles(): Array<{ measure: string; specialty: string }> {
  return WEB_MEASURES.flatMap((measure) =>
    WEB_SPECIALTIES.map((specialty) => ({ measure, specialty })),
  );
}

/** The response for `/api/v1/<rest>`. */
export async function apiResponse(
  data: SiteData,
  rest: string[],
  query: URLSearchParams,
): Promise<ApiResponse> {
  const meta = await data.meta();
  const path = rest.join("/");
  const json = (body: unknown): ApiResponse => ({ type: "json", body });
  if (path === "openapi.json") {
    allowOnly(query, []);
    return json(openApiDocument(meta));
  }
  if (path === "metadata.json") {
    allowOnly(query, []);
    const windows = await data.windows();
    return json({
      ...about(meta),
      populationVintage: meta.populationVintage,
      measures: WEB_MEASURES.map((m) => ({
        id: m,
        name: MEASURE_NAMES[m].title,
        definition: MEASURE_NAMES[m].definition,
      })),
      specialties: WEB_SPECIALTIES,
      levels: WEB_LEVELS.map((l) => ({ id: l, name: LEVEL_LABEL[l] })),
      windows,
      columns: VALUE_COLUMNS,
    });
  }
  if (path === "methodology.json") {
    allowOnly(query, []);
    return json({
      ...about(meta),
      variation: VARIATION_METHOD,
      trend: TREND_METHOD,
      waits: WAITS_METHOD,
    });
  }
  if (path === "areas.json") {
    allowOnly(query, ["level"]);
    const level = query.get("level");
    if (level !== null) checkLevel(level);
    const areas = [...(await data.areas()).values()].filter(
      (a) => level === null || a.level === level,
    );
    return json({ ...about(meta), areas });
  }
  const area = /^areas\/([^/]+)\.json$/.exec(path);
  if (area) {
    allowOnly(query, []);
    const all = await data.areas();
    const a = await data.area(checkCode(area[1] as string));
    const ref = (code: string | null) =>
      code ? { code, name: all.get(code)?.name ?? null, href: `${code}.json` } : null;
    return json({
      ...about(meta),
      area: { ...a, parent: ref(a.parentCode), children: a.children.map(ref) },
    });
  }
  if (path === "indicators.json") {
    allowOnly(query, []);
    const indicators = [];
    // A measure and specialty the window holds no activity for is listed with the reason, not
    // as a link to a file that would answer 404.
    const unavailable = [];
    for (const f of valueFiles()) {
      let v;
      try {
        v = await data.variation(f.measure as never, f.specialty, "commissioner");
      } catch (e) {
        if (!(e instanceof MissingDataError)) throw e;
        unavailable.push({ measure: f.measure, specialty: f.specialty, reason: e.message });
        continue;
      }
      indicators.push({
        measure: f.measure,
        specialty: f.specialty,
        specialtyName: v.specialtyName,
        name: `${MEASURE_NAMES[v.measure].title}: ${v.specialtyName}`,
        unit: v.unit,
        values: {
          json: `values/${f.measure}/${f.specialty}.json`,
          csv: `values/${f.measure}/${f.specialty}.csv`,
        },
      });
    }
    return json({ ...about(meta), indicators, unavailable });
  }
  const values = /^values\/([^/]+)\/([^/]+)\.(json|csv)$/.exec(path);
  if (values) {
    allowOnly(query, ["area", "level", "period"]);
    const measure = checkMeasure(values[1] as string);
    const specialty = checkSpecialty(values[2] as string);
    const level = query.get("level");
    const levels = level === null ? WEB_LEVELS : [checkLevel(level)];
    const windows = await data.windows();
    const period = query.get("period");
    if (period !== null && !windows.some((w) => w.id === period)) {
      throw new UsageError(
        `unknown period "${period.slice(0, 40)}" (choose ${windows.map((w) => w.id).join(", ")})`,
      );
    }
    const areaCode = query.get("area") === null ? null : checkCode(query.get("area") as string);
    if (areaCode !== null) await data.area(areaCode);
    const rows: IndicatorValue[] = [];
    for (const w of windows) {
      if (period !== null && w.id !== period) continue;
      for (const l of levels) {
        const tidy = variationToTidy(await data.variation(measure, specialty, l, w.id));
        for (const r of tidy) {
          if (r.areaType === "england" && l !== levels[0]) continue;
          if (areaCode !== null && r.areaCode !== areaCode && r.areaType !== "england") continue;
          rows.push(r);
        }
      }
    }
    if (values[3] === "csv") {
      const extra = about(meta);
      return {
        type: "csv",
        body: labelCsv(
          formatCsv(
            [...VALUE_COLUMNS, "source", "licence"],
            rows.map((r) => [
              ...VALUE_COLUMNS.map((k) => (r[k] ?? null) as string | number | null),
              extra.source,
              LICENCE.attribution,
            ]),
          ),
          meta.synthetic,
        ),
      };
    }
    return json({ ...about(meta), rows });
  }
  const trendMatch = /^trend\/([^/]+)\.json$/.exec(path);
  if (trendMatch) {
    allowOnly(query, []);
    const a = await data.area(checkCode(trendMatch[1] as string));
    const t = await data.trendIfHeld(a.level, a.code);
    // One held month is not an error of the request: the series is empty and says why.
    return json({
      ...about(meta),
      ...(t ? {} : { note: TREND_NEEDS_TWO_MONTHS }),
      rows: t ? trendToTidy(t).filter((r) => r.signal !== null) : [],
    });
  }
  const waitsMatch = /^waits\/([^/]+)\.json$/.exec(path);
  if (waitsMatch) {
    allowOnly(query, []);
    return json({
      ...about(meta),
      rows: waitsToTidy(await data.waits(checkLevel(waitsMatch[1] as string))),
    });
  }
  const registry = await registryApiResponse(data, path, query);
  if (registry !== null) return json(registry);
  if (path === "places.json") {
    allowOnly(query, []);
    const areas = await data.areas();
    return json({
      ...about(meta),
      places: [
        ...[...areas.values()].map((a) => ({ value: a.code, label: `${a.name} (${a.code})` })),
        ...loadPractices().map((p) => ({
          value: p.code,
          label: `${p.name}, ${p.postcode} (${p.code})`,
        })),
      ],
    });
  }
  if (path === "practices.json") {
    // The "your area" search as a file: what the page's script needs to answer a search on a
    // static host (each practice with the current area it counts under, and every area's name).
    allowOnly(query, []);
    const areas = await data.areas();
    const areaOf = await practiceArea(data);
    const practices = loadPractices();
    return json({
      ...about(meta),
      practiceSource: `NHS Digital, patients registered at a GP practice, ${practices[0]?.extract ?? ""}`,
      areas: [...areas.values()].map((a) => ({
        code: a.code,
        name: a.name,
        label: shortName(a.name),
        levelLabel: LEVEL_LABEL[a.level],
      })),
      // Former codes with no single successor (Frimley's D4U1Y): each has a page saying where its areas went.
      formerCodes: (await data.formerCodes()).map((c) => c.code),
      practiceColumns: ["code", "name", "postcode", "subIcbCode", "areaCode"],
      practices: practices.map((p) => [
        p.code,
        p.name,
        p.postcode,
        p.subIcbCode,
        areaOf(p)?.code ?? null,
      ]),
    });
  }
  throw new MissingDataError(`no API route /api/v1/${path.slice(0, 80)}`);
}
