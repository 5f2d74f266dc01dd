/**
 * Named queries of the geography model (tables in geo-schema.ts): reference loading, areas and
 * populations, non-geographic codes, crosswalks, and the staging SQL of `population import`.
 */
import type { Store } from "./db.ts";

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

export type ColumnType = "VARCHAR" | "BIGINT" | "INTEGER";

/** Inserts plain objects in one statement (DuckDB unnests a JSON list into rows). */
export async function insertJson(
  store: Store,
  table: string,
  columns: Record<string, ColumnType>,
  rows: Array<Record<string, string | number | null>>,
  conflict = "",
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns)
    .map((n) => `"${n.replaceAll('"', '""')}"`)
    .join(", ");
  const structure = JSON.stringify([columns]);
  await store.run(
    `INSERT INTO ${table} (${names})
     SELECT ${names} FROM (SELECT unnest(from_json($1::JSON, ${literal(structure)}), recursive := true))
     ${conflict}`,
    [JSON.stringify(rows)],
  );
}

export interface AreaRecord {
  vintage: string;
  code: string;
  onsCode: string | null;
  name: string;
  type: string;
  parentCode: string | null;
  regionName: string | null;
  validFrom: string;
  validTo: string | null;
  /** The place a sub-ICB location covers ("Wakefield" for 03R); null when the file has none. */
  place?: string | null;
}

/** What a population counts: ONS residents, GP-registered patients, or NHS England's need-weighted population. */
export type PopulationBasis = "resident" | "registered" | "need-weighted";

export interface PopulationRecord {
  areaCode: string;
  year: number;
  basis: PopulationBasis;
  ageBand: string;
  count: number;
  /** The code as the source file gave it (an ONS E38 code, or the ODS code). */
  sourceCode: string | null;
  geography: string;
  label: string;
  source: string;
  checksum: string | null;
}

export interface VintageRecord {
  id: string;
  label: string;
  validFrom: string | null;
  validTo: string | null;
  files: string;
  checksum: string;
}

const AREA_COLUMNS: Record<string, ColumnType> = {
  vintage: "VARCHAR",
  code: "VARCHAR",
  ons_code: "VARCHAR",
  name: "VARCHAR",
  type: "VARCHAR",
  parent_code: "VARCHAR",
  region_name: "VARCHAR",
  valid_from: "VARCHAR",
  valid_to: "VARCHAR",
  place: "VARCHAR",
};

const POPULATION_COLUMNS: Record<string, ColumnType> = {
  area_code: "VARCHAR",
  year: "INTEGER",
  basis: "VARCHAR",
  age_band: "VARCHAR",
  count: "BIGINT",
  source_code: "VARCHAR",
  geography: "VARCHAR",
  label: "VARCHAR",
  source: "VARCHAR",
  checksum: "VARCHAR",
};

const populationRow = (p: PopulationRecord) => ({
  area_code: p.areaCode,
  year: p.year,
  basis: p.basis,
  age_band: p.ageBand,
  count: p.count,
  source_code: p.sourceCode,
  geography: p.geography,
  label: p.label,
  source: p.source,
  checksum: p.checksum,
});

/** The reference vintages loaded, with the checksum of the files they came from. */
export async function loadedVintages(
  store: Store,
): Promise<Array<{ id: string; checksum: string }>> {
  return store.all("SELECT id, checksum FROM reference_vintage ORDER BY id");
}

/**
 * Replaces one shipped vintage: its areas, its shipped populations (rows a user imported for the
 * same area, year and basis are kept) and its `reference_vintage` entry. Call inside a transaction.
 */
export async function replaceReferenceVintage(
  store: Store,
  vintage: VintageRecord,
  areas: AreaRecord[],
  populations: PopulationRecord[],
): Promise<void> {
  await store.run("DELETE FROM area WHERE vintage = $1", [vintage.id]);
  await store.run("DELETE FROM population WHERE source = $1", [vintage.files]);
  await store.run("DELETE FROM reference_vintage WHERE id = $1", [vintage.id]);
  await insertJson(
    store,
    "area",
    AREA_COLUMNS,
    areas.map((a) => ({
      vintage: a.vintage,
      code: a.code,
      ons_code: a.onsCode,
      name: a.name,
      type: a.type,
      parent_code: a.parentCode,
      region_name: a.regionName,
      valid_from: a.validFrom,
      valid_to: a.validTo,
      place: a.place ?? null,
    })),
  );
  await insertJson(
    store,
    "population",
    POPULATION_COLUMNS,
    populations.map(populationRow),
    "ON CONFLICT DO NOTHING",
  );
  await store.run(
    `INSERT INTO reference_vintage (id, label, valid_from, valid_to, files, checksum)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      vintage.id,
      vintage.label,
      vintage.validFrom,
      vintage.validTo,
      vintage.files,
      vintage.checksum,
    ],
  );
}

export interface NonGeographicRecord {
  code: string;
  name: string | null;
  kind: string;
  reason: string;
}

/** Replaces the list of non-geographic commissioner codes. Call inside a transaction. */
export async function replaceNonGeographicCodes(
  store: Store,
  rows: NonGeographicRecord[],
): Promise<void> {
  await store.run("DELETE FROM non_geographic_code");
  await insertJson(
    store,
    "non_geographic_code",
    { code: "VARCHAR", name: "VARCHAR", kind: "VARCHAR", reason: "VARCHAR" },
    rows.map((r) => ({ ...r })),
  );
}

export async function nonGeographicCodes(store: Store): Promise<NonGeographicRecord[]> {
  return store.all("SELECT code, name, kind, reason FROM non_geographic_code ORDER BY code");
}

export interface CrosswalkRecord {
  oldCode: string;
  newCode: string;
  fromMonth: string;
  note: string | null;
  source: string;
}

/** Adds crosswalk entries; an entry for the same old code and month replaces the earlier one. */
export async function upsertCrosswalk(store: Store, rows: CrosswalkRecord[]): Promise<void> {
  await insertJson(
    store,
    "code_crosswalk",
    {
      old_code: "VARCHAR",
      new_code: "VARCHAR",
      from_month: "VARCHAR",
      note: "VARCHAR",
      source: "VARCHAR",
    },
    rows.map((r) => ({
      old_code: r.oldCode,
      new_code: r.newCode,
      from_month: r.fromMonth,
      note: r.note,
      source: r.source,
    })),
    "ON CONFLICT (old_code, from_month) DO UPDATE SET new_code = excluded.new_code, note = excluded.note, source = excluded.source, loaded_at = now()",
  );
}

/** Removes the crosswalk entries that came from one source file. Call inside a transaction. */
export async function deleteCrosswalkSource(store: Store, source: string): Promise<void> {
  await store.run("DELETE FROM code_crosswalk WHERE source = $1", [source]);
}

/** Crosswalk entries in force by `asOf` (from_month ≤ asOf), in order of their month. */
export async function crosswalkEntries(store: Store, asOf: string): Promise<CrosswalkRecord[]> {
  return store.all(
    `SELECT old_code AS "oldCode", new_code AS "newCode", from_month AS "fromMonth", note, source
     FROM code_crosswalk WHERE from_month <= $1 ORDER BY from_month, old_code`,
    [asOf],
  );
}

/** Areas of one type in one vintage, by code. */
export async function areasOfType(
  store: Store,
  vintage: string,
  type: string,
): Promise<AreaRecord[]> {
  return store.all(
    `SELECT vintage, code, ons_code AS "onsCode", name, type, parent_code AS "parentCode",
            region_name AS "regionName", valid_from AS "validFrom", valid_to AS "validTo", place
     FROM area WHERE vintage = $1 AND type = $2 ORDER BY code`,
    [vintage, type],
  );
}

/** Every (ONS code, ODS code) pair of the commissioner areas of every vintage. */
export async function commissionerCodePairs(
  store: Store,
): Promise<Array<{ onsCode: string | null; code: string }>> {
  return store.all(
    `SELECT DISTINCT ons_code AS "onsCode", code FROM area
     WHERE type IN ('ccg', 'sub-icb') ORDER BY code, "onsCode"`,
  );
}

export interface ChosenPopulation {
  areaCode: string;
  count: number;
  year: number;
  basis: string;
  label: string;
  geography: string;
  /** True when the figure came from a user's `population import` rather than data/reference. */
  imported: boolean;
}

/**
 * The all-ages population of `basis` each commissioner area of a vintage uses for a period in
 * `year`. A population applies to an area when it is for one of `geographies`, or carries the
 * area's ONS code (same code, same boundary). Of those: the latest year up to `year`, else the
 * earliest after it; in a tie, an imported figure before a shipped one, then `geographies` order.
 */
export async function chosenPopulations(
  store: Store,
  options: {
    year: number;
    basis: PopulationBasis;
    vintage: string;
    types: readonly string[];
    geographies: readonly string[];
  },
): Promise<ChosenPopulation[]> {
  return store.all(
    `SELECT "areaCode", count, year, basis, label, geography, imported FROM (
       SELECT a.code AS "areaCode", p.count, p.year, p.basis, p.label, p.geography,
              NOT starts_with(p.source, 'data/reference/') AS imported,
              row_number() OVER (
                PARTITION BY a.code
                ORDER BY CASE WHEN p.year <= $1 THEN 0 ELSE 1 END,
                         CASE WHEN p.year <= $1 THEN -p.year ELSE p.year END,
                         CASE WHEN starts_with(p.source, 'data/reference/') THEN 1 ELSE 0 END,
                         coalesce(list_position(string_split($5, '|'), p.geography), 99),
                         p.geography) AS rn
       FROM area a JOIN population p
         ON p.area_code = a.code AND p.basis = $2 AND p.age_band = 'all'
        AND (list_contains(string_split($5, '|'), p.geography) OR p.source_code = a.ons_code)
       WHERE a.vintage = $3 AND list_contains(string_split($4, '|'), a.type))
     WHERE rn = 1 ORDER BY "areaCode"`,
    [
      options.year,
      options.basis,
      options.vintage,
      options.types.join("|"),
      options.geographies.join("|"),
    ],
  );
}

export interface CommissionerActivity {
  code: string;
  name: string | null;
  parentCode: string | null;
  rows: number;
  count: number;
}

/** Each commissioner code in a month's RTT rows: its rows and sum of `Total All` (non-C_999 rows). */
export async function commissionerActivity(
  store: Store,
  month: string,
): Promise<CommissionerActivity[]> {
  return store.all(
    `SELECT commissioner_code AS code, max(NULLIF(commissioner_name, '')) AS name,
            mode(NULLIF(commissioner_parent_code, '')) AS "parentCode",
            count(*)::BIGINT AS rows, sum(total_all)::BIGINT AS count
     FROM rtt_row WHERE month = $1 AND tf_code <> 'C_999'
     GROUP BY commissioner_code ORDER BY commissioner_code`,
    [month],
  );
}

/** Replaces populations for the (area, year, basis) keys the rows cover. Call inside a transaction. */
export async function replacePopulations(store: Store, rows: PopulationRecord[]): Promise<void> {
  const keys = [...new Set(rows.map((r) => `${r.areaCode}|${r.year}|${r.basis}`))];
  await store.run(
    "DELETE FROM population WHERE list_contains(string_split($1, ','), area_code || '|' || year || '|' || basis)",
    [keys.join(",")],
  );
  await insertJson(store, "population", POPULATION_COLUMNS, rows.map(populationRow));
}
