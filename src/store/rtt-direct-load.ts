import type { Store } from "./db.ts";
import {
  digitsOnly,
  countColumnsOf,
  MAX_COUNT,
  sqlIdent,
  sqlString,
  textColumns,
  type StageOptions,
} from "./rtt-load-queries.ts";
import {
  WARNING_ORDER,
  insertPeriodRecord,
  rowWarningSql,
  warningsSql,
  type ReplacedPeriod,
  type RttPeriodRecord,
} from "./rtt-replace-queries.ts";
import { summariseMonth } from "./rtt-summary.ts";

/**
 * The one-pass load of an RTT extract: DuckDB reads the CSV once, straight into `rtt_row`, inside the
 * transaction that replaces the month. Every row passes cheap typed checks on the way in; the first
 * row that fails one raises an error (`error()` in the SELECT), the transaction rolls back and the
 * caller falls back to the staged path (`rtt-load-queries.ts`), which finds and words the problem
 * with its file, line and column. The checks accept a subset of what the staged path accepts, so a
 * file loads the same whichever path loads it.
 */

/** What the one-pass load needs beyond the staging options. */
export interface DirectLoad extends StageOptions {
  /** The period cells of the file's first data row, exactly as written: every row must repeat them. */
  period: string | null;
  year?: string | null;
  partTypes: string[];
  /**
   * The digits and range check of the count cells, made by the caller on the file's bytes
   * (`CountCellScan`): when given, the SQL leaves both out and the load rolls back if it answers
   * false.
   */
  countCellsOk?: Promise<boolean>;
}

const CHECK_FAILED = "rationwatch: a row failed the one-pass checks";
/** Temporary sequence counting the rows the row-level consistency checks flag. */
const WARNED_ROWS = "rtt_load_warned_rows";

function directSelect(o: DirectLoad & { month: string }): string {
  const c = sqlIdent;
  const m = o.map;
  const text = textColumns(m);
  // With the byte scan, every count cell is known to be blank or digits and spaces, at most nine:
  // DuckDB's reader parses them as integers as it splits the line (about a tenth less CPU than
  // reading text and casting it). Without it, they are read as text for the SQL digits check.
  const typed = o.countCellsOk !== undefined;
  const int = (col: string) => (typed ? c(col) : `CAST(${c(col)} AS INTEGER)`);
  const bands = m.bands.map((b) => `COALESCE(${int(b)}, 0)`).join(", ");
  const nonBlank = [m.providerCode, m.commissionerCode, m.tfCode]
    .map((f) => `trim(${c(f)}) <> ''`)
    .join(" AND ");
  const periodColumn = m.period ?? m.periodName ?? "Period";
  const samePeriod = [
    `${c(periodColumn)} IS NOT DISTINCT FROM ${o.period === null ? "NULL" : sqlString(o.period)}`,
    ...(m.year
      ? [`${c(m.year)} IS NOT DISTINCT FROM ${o.year == null ? "NULL" : sqlString(o.year)}`]
      : []),
  ].join(" AND ");
  const inner = [
    ...text
      .filter(([as]) => as !== "period" && as !== "year")
      .map(([as, col]) => `${c(col ?? "")} AS ${as}`),
    `[${bands}] AS all_bands`,
    `COALESCE(${m.bands.map(c).join(", ")}) IS NULL AS no_bands`,
    `${int(m.total)} AS total`,
    `${int(m.unknownStart)} AS unknown_start`,
    `${int(m.totalAll)} AS total_all`,
    // Digits and spaces only (here, or on the bytes by the caller); the casts above (or the
    // reader, for typed columns) fail on anything else that is not a number, and the range is
    // checked below: no per-cell TRY_CAST a second time.
    [
      `(${samePeriod})`,
      `(${nonBlank})`,
      ...(typed ? [] : [digitsOnly(countColumnsOf(m).map(c))]),
    ].join(" AND ") + " AS cells_ok",
  ].join(",\n");
  const integers = new Set(typed ? countColumnsOf(m) : []);
  const types = o.columns
    .map((col) => `${sqlString(col)}: '${integers.has(col) ? "INTEGER" : "VARCHAR"}'`)
    .join(", ");
  const ok = [
    "cells_ok",
    // Not `part IN (…)`: DuckDB plans this list of constants as a hash join, which
    // loses the ordered batch insert, so the rows were written at COMMIT instead of as they came.
    `list_contains([${o.partTypes.map(sqlString).join(", ")}], part)`,
    "total_all IS NOT NULL",
    // The byte scan refuses a count cell of more than nine digits, so only without it is the
    // range checked here.
    ...(typed
      ? []
      : [
          `list_max(all_bands) <= ${MAX_COUNT}`,
          `greatest(total, unknown_start, total_all) <= ${MAX_COUNT}`,
        ]),
    // Counts the rows a row-level consistency check will flag (`nextval` runs only for them), so
    // that when none does the warnings query need not read every row's bands back.
    `(NOT (${rowWarningSql("part", "total", "unknown_start", "total_all", "list_sum(all_bands)")})
      OR nextval('${WARNED_ROWS}') > 0)`,
  ].join(" AND ");
  return `
    SELECT CASE WHEN ${ok} THEN ${sqlString(o.month)} ELSE error('${CHECK_FAILED}') END,
           provider_parent_code, provider_parent_name, provider_code, provider_name,
           commissioner_parent_code, commissioner_parent_name, commissioner_code,
           commissioner_name, part, part_description, tf_code, tf_name,
           CASE WHEN part = 'Part_3' OR no_bands THEN NULL ELSE all_bands END,
           total, unknown_start, total_all
    FROM (SELECT ${inner}
          FROM read_csv(${sqlString(o.csvPath)}, header = true, skip = ${o.skip}, delim = ',',
                        quote = '"', escape = '"', auto_detect = false, columns = {${types}}))`;
}

/**
 * Replaces a month with the rows of one CSV read once, in one transaction: deletes what the store
 * held for it, inserts the rows (checked on the way), checks the file had rows and no repeated
 * (provider, commissioner, part, treatment function), records the consistency warnings and the
 * `rtt_period` row (`record` is awaited only then, so a checksum can be computed meanwhile). Returns undefined (with the store unchanged) when any check fails or DuckDB
 * cannot read the file, so the caller can find and report the problem on the staged path.
 */
export async function loadRttDirect(
  store: Store,
  o: DirectLoad & { month: string },
  record: () => Promise<RttPeriodRecord>,
): Promise<ReplacedPeriod | undefined> {
  const p = { month: o.month };
  await store.run("BEGIN TRANSACTION");
  let done = false;
  try {
    // A month is written to the three tables together (here or by `replaceRttPeriod`), so one
    // not in `rtt_period` has nothing to delete: a first load skips three deletes (their scans
    // of `rtt_row` cost 30-50 ms of CPU even on an empty store).
    if (await store.one("SELECT 1 FROM rtt_period WHERE month = $1", [p.month]))
      for (const table of ["rtt_row", "rtt_warning", "rtt_period"])
        await store.run(`DELETE FROM ${table} WHERE month = $1`, [p.month]);
    await store.run(`CREATE OR REPLACE TEMP SEQUENCE ${WARNED_ROWS} START 1`);
    try {
      // The month as a literal, not a parameter: DuckDB spent about 12% more CPU on the same
      // INSERT … SELECT prepared with a `$1`.
      await store.run(`INSERT INTO rtt_row ${directSelect(o)}`);
    } catch {
      return undefined;
    }
    if (o.countCellsOk && !(await o.countCellsOk)) return undefined;
    const warned = await store.one<{ n: number | null }>(
      `SELECT last_value AS n FROM duckdb_sequences() WHERE sequence_name = '${WARNED_ROWS}'`,
    );
    await store.run(`DROP SEQUENCE ${WARNED_ROWS}`);
    // One scan of the keys: a repeated (provider, commissioner, part, treatment function) makes
    // fewer distinct key hashes than rows. So can a hash collision, rarely: that costs only the
    // staged path, which compares the keys themselves.
    const facts = await store.one<{ rows: number; keys: number; synthetic: boolean }>(
      `SELECT count(*) AS rows,
              count(DISTINCT hash(provider_code, commissioner_code, part, tf_code)) AS keys,
              COALESCE(bool_or(contains(upper(provider_name), 'SYNTHETIC')), false) AS synthetic
       FROM rtt_row WHERE month = $1`,
      [p.month],
    );
    if (!facts || facts.rows === 0 || facts.keys < facts.rows) return undefined;
    const source = `(SELECT * FROM rtt_row WHERE month = ${sqlString(p.month)})`;
    const w = await store.one<{ Count: number }>(
      `INSERT INTO rtt_warning SELECT $1, kind, detail
       FROM (${warningsSql(source, { rowChecks: warned?.n !== null })}) ${WARNING_ORDER}`,
      [p.month],
    );
    const result = { rows: facts.rows, synthetic: facts.synthetic, warnings: w?.Count ?? 0 };
    await insertPeriodRecord(store, await record(), result);
    await summariseMonth(store, p.month);
    await store.commit();
    done = true;
    return result;
  } catch (e) {
    // Keep the first error: a failing ROLLBACK must not hide it.
    done = true;
    await store.run("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    if (!done) await store.run("ROLLBACK");
  }
}
