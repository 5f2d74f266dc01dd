import type { Store } from "./db.ts";
import { STAGE_TABLE } from "./rtt-load-queries.ts";
import { summariseMonth } from "./rtt-summary.ts";

/** Warning kinds (DESIGN §2: report any group whose C_999 row disagrees with its treatment functions). */
export const RTT_WARNING_KINDS = [
  "total-vs-bands",
  "total-all-vs-total-plus-unknown",
  "total-all-vs-bands",
  "c999-vs-treatment-functions",
] as const;
export type RttWarningKind = (typeof RTT_WARNING_KINDS)[number];

/**
 * Consistency checks over the staged rows: Parts 1A/1B `Total` = Σ bands and `Total All` = `Total` +
 * unknown clock start; Parts 2/2A `Total All` = Σ bands; each (provider, commissioner, part) group's
 * C_999 `Total All` = Σ of its treatment-function rows. Blank totals count as 0. `source` is a table
 * or subquery with the columns of `rtt_row`. Insert with WARNING_ORDER: warnings are kept in
 * (provider, commissioner, part, treatment function, kind) order, which does not depend on the
 * order DuckDB happened to write the rows in.
 */
export const WARNING_ORDER = "ORDER BY provider_code, commissioner_code, part, tf_code, kind";

/**
 * SQL true for a row that one of the row-level checks of `warningsSql` flags (`t`, `u`: the totals,
 * `bandSum`: the sum of its week bands, each an SQL expression that is NULL when blank).
 */
export function rowWarningSql(
  part: string,
  t: string,
  u: string,
  totalAll: string,
  bandSum: string,
): string {
  const [tt, uu, b] = [t, u, bandSum].map((x) => `COALESCE(${x}, 0)`);
  return `CASE WHEN ${part} = 'Part_1A' OR ${part} = 'Part_1B'
                 THEN ${tt} <> ${b} OR ${totalAll} <> ${tt}::BIGINT + ${uu}
               WHEN ${part} = 'Part_2' OR ${part} = 'Part_2A' THEN ${totalAll} <> ${b}
               ELSE false END`;
}

/**
 * `rowChecks: false` leaves out the row-level checks (their scan of every row's week bands) when
 * the caller knows no row fails them (the one-pass load counts the rows that do as it reads them).
 */
export function warningsSql(source: string, options: { rowChecks?: boolean } = {}): string {
  const c999 = `
  SELECT 'c999-vs-treatment-functions' AS kind, provider AS provider_code,
         commissioner AS commissioner_code, part, 'C_999' AS tf_code,
         provider || ' / ' || commissioner || ' ' || part || ': C_999 Total All ' || c999
           || ' but the treatment functions sum to ' || tfs AS detail
  FROM (
    SELECT provider_code AS provider, commissioner_code AS commissioner, part,
           sum(total_all) FILTER (WHERE tf_code = 'C_999') AS c999,
           COALESCE(sum(total_all) FILTER (WHERE tf_code <> 'C_999'), 0) AS tfs
    FROM ${source} GROUP BY provider_code, commissioner_code, part
  ) WHERE c999 IS NOT NULL AND c999 <> tfs`;
  if (options.rowChecks === false) return c999;
  return `
  WITH s AS (
    SELECT *, provider_code || ' / ' || commissioner_code || ' ' || part || ' ' || tf_code AS row_name
    FROM (SELECT provider_code, commissioner_code, part, tf_code, total_all,
                 COALESCE(list_sum(bands), 0) AS band_sum, COALESCE(total, 0) AS t,
                 COALESCE(unknown_start, 0) AS u
          FROM ${source})
    WHERE (part IN ('Part_1A', 'Part_1B') AND (t <> band_sum OR total_all <> t + u))
       OR (part IN ('Part_2', 'Part_2A') AND total_all <> band_sum)
  )
  SELECT 'total-vs-bands' AS kind, provider_code, commissioner_code, part, tf_code,
         row_name || ': Total ' || t || ' but the week bands sum to ' || band_sum AS detail
  FROM s WHERE part IN ('Part_1A', 'Part_1B') AND t <> band_sum
  UNION ALL
  SELECT 'total-all-vs-total-plus-unknown', provider_code, commissioner_code, part, tf_code,
         row_name || ': Total All ' || total_all || ' but Total + unknown clock start = ' || (t + u)
  FROM s WHERE part IN ('Part_1A', 'Part_1B') AND total_all <> t + u
  UNION ALL
  SELECT 'total-all-vs-bands', provider_code, commissioner_code, part, tf_code,
         row_name || ': Total All ' || total_all || ' but the week bands sum to ' || band_sum
  FROM s WHERE part IN ('Part_2', 'Part_2A') AND total_all <> band_sum
  UNION ALL${c999}`;
}

/** What `rtt_period` records about a loaded file. */
export interface RttPeriodRecord {
  month: string;
  periodLabel: string;
  era: string;
  /** Week bands per row, and the start in weeks of the open top band. */
  bandCount: number;
  topBandStart: number;
  sourceFile: string;
  checksum: string;
  revised: boolean;
  loadedAt: Date;
}

/** Outcome of replacing one period. */
export interface ReplacedPeriod {
  rows: number;
  warnings: number;
  synthetic: boolean;
}

/**
 * Replaces a month in one transaction: deletes what the store held for it, copies the staged rows
 * into `rtt_row` with one INSERT … SELECT, records the consistency warnings computed over the staged
 * rows, and writes the `rtt_period` row (`synthetic` when a provider name contains SYNTHETIC). A
 * failure rolls everything back.
 */
export async function replaceRttPeriod(store: Store, p: RttPeriodRecord): Promise<ReplacedPeriod> {
  return store.transaction(async () => {
    for (const table of ["rtt_row", "rtt_warning", "rtt_period"])
      await store.run(`DELETE FROM ${table} WHERE month = $1`, [p.month]);
    await store.run(
      `INSERT INTO rtt_row
       SELECT $1, provider_parent_code, provider_parent_name, provider_code, provider_name,
              commissioner_parent_code, commissioner_parent_name, commissioner_code,
              commissioner_name, part, part_description, tf_code, tf_name, bands, total,
              unknown_start, total_all
       FROM ${STAGE_TABLE}`,
      [p.month],
    );
    await store.run(
      `INSERT INTO rtt_warning SELECT $1, kind, detail FROM (${warningsSql(STAGE_TABLE)}) ${WARNING_ORDER}`,
      [p.month],
    );
    const facts = await store.one<ReplacedPeriod>(
      `SELECT count(*) AS rows,
              COALESCE(bool_or(contains(upper(provider_name), 'SYNTHETIC')), false) AS synthetic,
              (SELECT count(*) FROM rtt_warning WHERE month = $1) AS warnings
       FROM ${STAGE_TABLE}`,
      [p.month],
    );
    const result = { rows: 0, synthetic: false, warnings: 0, ...facts };
    await insertPeriodRecord(store, p, result);
    await summariseMonth(store, p.month);
    return result;
  });
}

/** Writes the `rtt_period` row of a loaded month (inside the caller's transaction). */
export async function insertPeriodRecord(
  store: Store,
  p: RttPeriodRecord,
  r: ReplacedPeriod,
): Promise<void> {
  await store.run(
    `INSERT INTO rtt_period
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CAST($12 AS TIMESTAMP))`,
    [
      p.month,
      p.periodLabel,
      p.era,
      p.bandCount,
      p.topBandStart,
      p.sourceFile,
      p.checksum,
      p.revised,
      r.synthetic,
      r.rows,
      r.warnings,
      p.loadedAt.toISOString().replace("T", " ").replace("Z", ""),
    ],
  );
}
