/**
 * Staging SQL of `population import`: the file lands in a temporary table of text columns (DuckDB's
 * `read_csv`, or rows read from a workbook), is checked, and is summed per area before anything is
 * written. `__line` is each row's line (or worksheet row) number in the file, for error messages.
 */
import type { Store } from "./db.ts";
import { insertJson, type ColumnType } from "./geo-queries.ts";

const STAGE = "population_stage";
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
const num = (column: string) => `TRY_CAST(replace(trim(${ident(column)}), ',', '') AS BIGINT)`;
const text = (column: string) => `NULLIF(trim(${ident(column)}), '')`;

/** Stages a CSV file whose header is on line `skip + 1`; returns the column names DuckDB read. */
export async function stageCsv(store: Store, file: string, skip: number): Promise<string[]> {
  await dropStage(store);
  await store.run(
    `CREATE TEMP TABLE ${STAGE} AS
     SELECT (row_number() OVER () + ${skip + 1})::INTEGER AS __line, *
     FROM read_csv(${literal(file)}, header = true, skip = ${skip}, all_varchar = true,
                   delim = ',', quote = '"', escape = '"', null_padding = true)`,
  );
  const cols = await store.all<{ name: string }>(
    `SELECT column_name AS name FROM duckdb_columns()
     WHERE table_name = '${STAGE}' AND column_name <> '__line' ORDER BY column_index`,
  );
  return cols.map((c) => c.name);
}

/** Stages rows already read (a worksheet): `columns` from the header, `lines` their row numbers. */
export async function stageRows(
  store: Store,
  columns: string[],
  rows: Array<{ line: number; values: string[] }>,
): Promise<void> {
  await dropStage(store);
  const seen = new Set<string>(["__line"]);
  const names = columns.map((c, i) => {
    const name = c === "" || seen.has(c) ? `${c}__${i + 1}` : c;
    seen.add(name);
    return name;
  });
  const defs = names.map((c) => `${ident(c)} VARCHAR`).join(", ");
  await store.run(`CREATE TEMP TABLE ${STAGE} (__line INTEGER, ${defs})`);
  const types: Record<string, ColumnType> = { __line: "INTEGER" };
  for (const c of names) types[c] = "VARCHAR";
  await insertJson(
    store,
    STAGE,
    types,
    rows.map((r) => {
      const out: Record<string, string | number | null> = { __line: r.line };
      names.forEach((c, i) => (out[c] = r.values[i] ?? null));
      return out;
    }),
  );
}

export async function dropStage(store: Store): Promise<void> {
  await store.run(`DROP TABLE IF EXISTS ${STAGE}`);
}

/** Row filter of an ONS table: a code-like value in the code column, or a count (notes are skipped). */
const onsKeep = (codeColumn: string, totalColumn: string) =>
  `(${text(codeColumn)} IS NOT NULL AND (regexp_full_match(trim(${ident(codeColumn)}), '[A-Za-z0-9]{3,9}') OR ${text(totalColumn)} IS NOT NULL))`;

export interface BadCell {
  line: number;
  column: string;
  value: string | null;
}

/** The first kept row (by line, then column order) whose cell in `columns` is not a whole number. */
export async function firstBadCount(
  store: Store,
  options: { keep: { codeColumn: string; totalColumn: string }; columns: string[] },
): Promise<BadCell | undefined> {
  const { codeColumn, totalColumn } = options.keep;
  const order = options.columns.map((c, i) => `(${literal(c)}, ${i})`).join(", ");
  return store.one<BadCell>(
    `WITH kept AS (SELECT __line, ${options.columns.map(ident).join(", ")} FROM ${STAGE}
                   WHERE ${onsKeep(codeColumn, totalColumn)}),
     cells AS (FROM kept UNPIVOT INCLUDE NULLS (value FOR col IN (${options.columns.map(ident).join(", ")})))
     SELECT __line AS line, col AS "column", value FROM cells JOIN (VALUES ${order}) o(col, i) USING (col)
     WHERE TRY_CAST(replace(trim(value), ',', '') AS BIGINT) IS NULL
     ORDER BY __line, o.i LIMIT 1`,
  );
}

export interface StagedCount {
  line: number;
  code: string;
  name: string | null;
  band: string;
  count: number;
}

/** Counts per area row and age band of a staged ONS table (`bands` maps columns to band labels). */
export async function stagedOnsCounts(
  store: Store,
  options: {
    codeColumn: string;
    nameColumn: string | null;
    totalColumn: string;
    bands: Array<{ column: string; band: string }>;
  },
): Promise<StagedCount[]> {
  const cols = [{ column: options.totalColumn, band: "all" }, ...options.bands];
  const mapping = cols.map((c) => `(${literal(c.column)}, ${literal(c.band)})`).join(", ");
  const name = options.nameColumn ? text(options.nameColumn) : "NULL";
  return store.all<StagedCount>(
    `WITH kept AS (
       SELECT __line, trim(${ident(options.codeColumn)}) AS code, ${name} AS name,
              ${cols.map((c) => ident(c.column)).join(", ")}
       FROM ${STAGE} WHERE ${onsKeep(options.codeColumn, options.totalColumn)}),
     cells AS (FROM kept UNPIVOT (value FOR col IN (${cols.map((c) => ident(c.column)).join(", ")})))
     SELECT __line AS line, code, name, m.band,
            sum(TRY_CAST(replace(trim(value), ',', '') AS BIGINT))::BIGINT AS count
     FROM cells JOIN (VALUES ${mapping}) m(col, band) USING (col)
     GROUP BY __line, code, name, m.band ORDER BY __line, m.band`,
  );
}

export interface GpColumns {
  code: string;
  onsCode: string;
  practice: string;
  sex: string;
  age: string;
  count: string;
  extractDate: string;
}

/** First GP row with a commissioner code whose patient count is not a whole number. */
export async function firstBadGpCount(store: Store, c: GpColumns): Promise<BadCell | undefined> {
  return store.one<BadCell>(
    `SELECT __line AS line, ${literal(c.count)} AS "column", ${ident(c.count)} AS value
     FROM ${STAGE} WHERE ${text(c.code)} IS NOT NULL AND ${num(c.count)} IS NULL
     ORDER BY __line LIMIT 1`,
  );
}

/** The distinct extract dates of a staged GP file. */
export async function stagedExtractDates(store: Store, c: GpColumns): Promise<string[]> {
  const rows = await store.all<{ d: string }>(
    `SELECT DISTINCT ${text(c.extractDate)} AS d FROM ${STAGE}
     WHERE ${text(c.code)} IS NOT NULL AND ${text(c.extractDate)} IS NOT NULL ORDER BY d`,
  );
  return rows.map((r) => r.d);
}

export interface StagedGpTotal {
  code: string;
  onsCode: string | null;
  line: number;
  count: number;
  practices: number;
}

/**
 * Registered patients per commissioner: per practice, the SEX=ALL rows if it has any (else every
 * sex), and of those the AGE=ALL rows if any (else every age band) — so totals are never added to
 * their own breakdowns.
 */
export async function stagedGpTotals(store: Store, c: GpColumns): Promise<StagedGpTotal[]> {
  return store.all<StagedGpTotal>(
    `WITH s AS (
       SELECT __line AS line, trim(${ident(c.code)}) AS code, ${text(c.onsCode)} AS ons,
              coalesce(trim(${ident(c.practice)}), '') AS practice,
              upper(coalesce(trim(${ident(c.sex)}), 'ALL')) AS sex,
              upper(coalesce(trim(${ident(c.age)}), 'ALL')) AS age, ${num(c.count)} AS n
       FROM ${STAGE} WHERE ${text(c.code)} IS NOT NULL),
     by_sex AS (SELECT practice, bool_or(sex = 'ALL') AS has_all FROM s GROUP BY practice),
     s2 AS (SELECT s.* FROM s JOIN by_sex USING (practice) WHERE (s.sex = 'ALL') = by_sex.has_all),
     by_age AS (SELECT practice, sex, bool_or(age = 'ALL') AS has_all FROM s2 GROUP BY practice, sex),
     s3 AS (SELECT s2.* FROM s2 JOIN by_age USING (practice, sex) WHERE (s2.age = 'ALL') = by_age.has_all)
     SELECT code, mode(ons) AS "onsCode", min(line) AS line, sum(n)::BIGINT AS count,
            count(DISTINCT practice)::BIGINT AS practices
     FROM s3 GROUP BY code ORDER BY code`,
  );
}
