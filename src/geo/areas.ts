/**
 * Areas in force in a month, with their parents, regions and populations (DESIGN §2 "Population",
 * "Region"). ICB/STP and region populations are sums of their commissioners' populations, so every
 * level is like for like with the areas.
 */
import type { Store } from "../store/db.ts";
import {
  areasOfType,
  chosenPopulations,
  type AreaRecord,
  type PopulationBasis,
} from "../store/geo-queries.ts";

import { ensureReferenceLoaded, type ReferenceOptions } from "./reference.ts";
import { vintageForMonth, type AreaType, type Vintage } from "./vintages.ts";

/** Geographic level: commissioners (CCGs or sub-ICB locations), ICBs (STPs before July 2022), regions. */
export type AreaLevel = "commissioner" | "icb" | "region";

export interface AreaInfo {
  code: string;
  onsCode: string | null;
  name: string;
  type: AreaType;
  /** The vintage the area belongs to (`ccg21`, `sicbl22`). */
  vintage: string;
  parentCode: string | null;
  /** The ICB (or STP/ICS before July 2022) of a commissioner; null at ICB and region level. */
  icbCode: string | null;
  icbName: string | null;
  /** NHS region ODS code (`Y63`) and name; regions are joined by name across vintages. */
  regionCode: string | null;
  regionName: string | null;
  /** All-ages population (sum over members for ICBs and regions); null when none is known. */
  population: number | null;
  /** Mid-year (or GP extract year) of the population; for sums, the latest member year. */
  populationYear: number | null;
  /** The place a sub-ICB location covers ("Wakefield" for 03R), when the reference has it. */
  place?: string | null;
}

export interface AreasOptions extends ReferenceOptions {
  month: string;
  level?: AreaLevel;
  /** Which population divides: ONS `resident` (default), GP `registered`, or `need-weighted`. */
  denominator?: PopulationBasis;
}

interface Populated {
  vintage: Vintage;
  commissioners: AreaInfo[];
  parents: AreaRecord[];
  regions: AreaRecord[];
  labels: Map<string, string>;
}

/** A vintage's boundary records, the same whichever population divides. */
interface VintageAreas {
  commissioners: AreaRecord[];
  parents: AreaRecord[];
  regions: AreaRecord[];
  /** Sub-ICB locations without a place in their file take their April 2021 CCG's (same code). */
  ccgPlaces: Map<string, string>;
}

/**
 * Areas of a vintage and population year, memoised per store: one analysis asks for the same
 * month's areas several times (and `variation` with two denominators, which share the vintage's
 * boundaries, memoised apart). `forgetAreas` drops the memo after populations change.
 */
const memo = new WeakMap<Store, Map<string, Promise<Populated>>>();
const vintageAreasMemo = new WeakMap<Store, Map<string, Promise<VintageAreas>>>();

/** `load()`, memoised in `memo` under `key` (a failure is not kept). */
function memoised<T>(
  memo: WeakMap<Store, Map<string, Promise<T>>>,
  store: Store,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const byKey = memo.get(store) ?? new Map<string, Promise<T>>();
  memo.set(store, byKey);
  let hit = byKey.get(key);
  if (!hit) {
    hit = load();
    byKey.set(key, hit);
    hit.catch(() => byKey.delete(key));
  }
  return hit;
}

/** Forgets the memoised areas of a store (call after importing populations). */
export function forgetAreas(store: Store): void {
  memo.delete(store);
  vintageAreasMemo.delete(store);
}

async function commissionerAreas(store: Store, options: AreasOptions): Promise<Populated> {
  await ensureReferenceLoaded(store, options);
  const key = `${options.referenceDir ?? ""}|${vintageForMonth(options.month).id}|${options.month.slice(0, 4)}|${options.denominator ?? "resident"}`;
  return memoised(memo, store, key, () => loadCommissionerAreas(store, options));
}

async function loadVintageAreas(store: Store, vintage: Vintage): Promise<VintageAreas> {
  const [commissioners, parents, regions] = await Promise.all([
    areasOfType(store, vintage.id, vintage.commissionerType),
    areasOfType(store, vintage.id, vintage.parentType),
    areasOfType(store, vintage.id, "region"),
  ]);
  const ccgPlaces =
    vintage.commissionerType === "sub-icb" && commissioners.some((c) => !c.place)
      ? new Map((await areasOfType(store, "ccg21", "ccg")).map((c) => [c.code, placeOf(c.name)]))
      : new Map<string, string>();
  return { commissioners, parents, regions, ccgPlaces };
}

async function loadCommissionerAreas(store: Store, options: AreasOptions): Promise<Populated> {
  const vintage = vintageForMonth(options.month);
  const [{ commissioners, parents, regions, ccgPlaces }, pops] = await Promise.all([
    memoised(vintageAreasMemo, store, `${options.referenceDir ?? ""}|${vintage.id}`, () =>
      loadVintageAreas(store, vintage),
    ),
    chosenPopulations(store, {
      year: Number(options.month.slice(0, 4)),
      basis: options.denominator ?? "resident",
      vintage: vintage.id,
      types: [vintage.commissionerType],
      geographies: vintage.populationGeographies,
    }),
  ]);
  const parentByCode = new Map(parents.map((p) => [p.code, p]));
  const regionByName = new Map(regions.map((r) => [r.name, r]));
  const popByCode = new Map(pops.map((p) => [p.areaCode, p]));
  const labels = new Map<string, string>();
  const infos = commissioners.map((a): AreaInfo => {
    const pop = popByCode.get(a.code);
    if (pop) labels.set(a.code, populationLabel(pop.label, pop.geography, vintage));
    return {
      code: a.code,
      onsCode: a.onsCode,
      name: a.name,
      type: a.type as AreaType,
      vintage: a.vintage,
      parentCode: a.parentCode,
      icbCode: a.parentCode,
      icbName: parentByCode.get(a.parentCode ?? "")?.name ?? null,
      regionCode: regionByName.get(a.regionName ?? "")?.code ?? null,
      regionName: a.regionName,
      population: pop?.count ?? null,
      populationYear: pop?.year ?? null,
      place: a.place ?? ccgPlaces.get(a.code) ?? null,
    };
  });
  return { vintage, commissioners: infos, parents, regions, labels };
}

/** `NHS Wakefield CCG` → `Wakefield`. */
const placeOf = (name: string) => name.replace(/^NHS\s+/, "").replace(/\s+CCG$/, "");

function populationLabel(label: string, geography: string, vintage: Vintage): string {
  return geography === vintage.label ? label : `${label} (${geography} boundaries)`;
}

/** Sums member populations: null if any member has none. */
function sumPopulation(members: AreaInfo[]): { population: number | null; year: number | null } {
  if (members.length === 0 || members.some((m) => m.population === null)) {
    return { population: null, year: null };
  }
  return {
    population: members.reduce((s, m) => s + (m.population ?? 0), 0),
    year: Math.max(...members.map((m) => m.populationYear ?? 0)),
  };
}

function grouped(records: AreaRecord[], members: (r: AreaRecord) => AreaInfo[]): AreaInfo[] {
  return records.map((r) => {
    const { population, year } = sumPopulation(members(r));
    return {
      code: r.code,
      onsCode: r.onsCode,
      name: r.name,
      type: r.type as AreaType,
      vintage: r.vintage,
      parentCode: r.parentCode,
      icbCode: null,
      icbName: null,
      regionCode: r.type === "region" ? r.code : r.parentCode,
      regionName: r.regionName,
      population,
      populationYear: year,
    };
  });
}

/**
 * The geographic areas in force in `month` at a level, by code: the commissioners of the month's
 * vintage (months before April 2021 use the April 2021 CCGs), their ICBs/STPs, or the 7 regions.
 * @example (await areasInForce(store, { month: "2021-08" })).find((a) => a.code === "03R")?.population // 351592
 */
export async function areasInForce(store: Store, options: AreasOptions): Promise<AreaInfo[]> {
  const { commissioners, parents, regions } = await commissionerAreas(store, options);
  const level = options.level ?? "commissioner";
  if (level === "commissioner") return commissioners;
  if (level === "icb") {
    return grouped(parents, (p) => commissioners.filter((c) => c.icbCode === p.code));
  }
  return grouped(regions, (r) => commissioners.filter((c) => c.regionName === r.name));
}

/**
 * How the populations of a month's areas are cited, e.g. `ONS mid-2020 estimates, CCG April 2021
 * geography`; mixed sources are listed with how many areas use each.
 */
export async function populationVintage(
  store: Store,
  month: string,
  options: ReferenceOptions & { denominator?: PopulationBasis } = {},
): Promise<string> {
  const { vintage, commissioners, labels } = await commissionerAreas(store, { ...options, month });
  const counts = new Map<string, number>();
  let missing = 0;
  for (const a of commissioners) {
    const label = labels.get(a.code);
    if (label === undefined) missing++;
    else counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const parts = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const sources =
    parts.length === 1 && missing === 0
      ? [parts[0]?.[0] ?? ""]
      : [
          // "of the N areas in force": these counts cover every area of the geography, ranked or not
          // (an incomplete area has a population but no rank), so they need not add up to a ranking's total.
          ...parts.map(
            ([label, n]) => `${label} for ${n} of the ${commissioners.length} areas in force`,
          ),
          ...(missing > 0
            ? [`no population for ${missing} of the ${commissioners.length} areas in force`]
            : []),
        ];
  return `${sources.join("; ")}, ${vintage.label} geography`;
}
