/**
 * `rtt_commissioner_month`: the RTT rows summed over providers, one row per month × part ×
 * treatment function × commissioner, written in the same transaction as each month's rows. The
 * analyses' per-commissioner counts (activity-queries.ts) read it instead of `rtt_row`: a demo
 * month's 38,000 rows become 12,000, and none of the provider columns or week bands are read.
 *
 * Its columns keep `rtt_row`'s names and meanings for what they hold, so a query over either gives
 * the same answer:
 * - `commissioner_name`: the largest non-empty name on the group's rows (NULL when none has one),
 *   so `max(NULLIF(commissioner_name, ''))` and `arg_max(NULLIF(commissioner_name, ''), month)`
 *   pick among the same names;
 * - `total_all`: the sum of the rows' `Total All`; `row_count`: how many rows were summed (≥ 1),
 *   so `count(*) > 0` over either means the same.
 *
 * Week bands are not kept: summing 105 bands per row made writing the summary cost about 4 times
 * the rest of it (some 120 ms of CPU a demo month), so the waiting-list queries still read `rtt_row`.
 *
 * A store written before this table existed gets it at its next write-open (the migration fills it
 * from `rtt_row`); until then, opened read-only, the queries fall back to `rtt_row` (`countSource`).
 *
 * Each summarised month is stamped with its `rtt_period.loaded_at` (`rtt_commissioner_month_stamp`).
 * A month loaded without the summary being rewritten — by an earlier version of Ration Watch, which
 * knows nothing of it — has a period whose stamp differs, and then every count reads `rtt_row`
 * rather than a stale summary; the next month written here rewrites the stale months.
 */
import type { Store } from "./db.ts";
import { sqlString } from "./rtt-load-queries.ts";
import type { Migration } from "./schema.ts";

export const SUMMARY_TABLE = "rtt_commissioner_month";
const STAMP_TABLE = "rtt_commissioner_month_stamp";

/** The months whose summary does not match their load: stamp missing, different or orphaned. */
const STALE_MONTHS = `SELECT coalesce(p.month, s.month) AS month
  FROM rtt_period p FULL JOIN ${STAMP_TABLE} s ON s.month = p.month
  WHERE p.loaded_at IS DISTINCT FROM s.loaded_at`;

/** The summary rows of the `rtt_row` rows that `where` selects (a condition on `rtt_row`). */
function summarySelect(where: string): string {
  return `SELECT month, part, tf_code, commissioner_code,
            max(NULLIF(commissioner_name, '')) AS commissioner_name,
            count(*)::BIGINT AS row_count,
            sum(total_all)::BIGINT AS total_all
     FROM rtt_row WHERE ${where}
     GROUP BY month, part, tf_code, commissioner_code`;
}

export const summaryMigrations: Migration[] = [
  {
    id: "rtt-002-commissioner-month",
    // Optional: a store without it still reads (from rtt_row), so a read-only reader of an older
    // store is not asked to upgrade it; the next write-open builds it.
    optional: true,
    sql: `
      CREATE TABLE ${SUMMARY_TABLE} (
        month VARCHAR NOT NULL,
        part VARCHAR NOT NULL,
        tf_code VARCHAR NOT NULL,
        commissioner_code VARCHAR NOT NULL,
        commissioner_name VARCHAR,
        row_count BIGINT NOT NULL,
        total_all BIGINT NOT NULL
      );
      INSERT INTO ${SUMMARY_TABLE} ${summarySelect("true")} ORDER BY month;
    `,
  },
  {
    id: "rtt-003-commissioner-month-stamp",
    optional: true,
    // The summary was just built from rtt_row by rtt-002 (or written with each load since): every
    // held month's summary is current.
    sql: `
      CREATE TABLE ${STAMP_TABLE} (month VARCHAR PRIMARY KEY, loaded_at TIMESTAMP NOT NULL);
      INSERT INTO ${STAMP_TABLE} SELECT month, loaded_at FROM rtt_period;
    `,
  },
];

/**
 * Rewrites the summary of one month from its `rtt_row` rows (none left when the month has none).
 * Call inside the transaction that changed the month's rows, after they are in.
 */
export async function summariseMonth(store: Store, month: string): Promise<void> {
  const stale = await store.all<{ month: string }>(STALE_MONTHS);
  for (const m of new Set([month, ...stale.map((r) => r.month)])) {
    await store.run(`DELETE FROM ${SUMMARY_TABLE} WHERE month = $1`, [m]);
    // The month as a literal: a `$1` cost DuckDB more CPU for the same rows (as in rtt-direct-load).
    await store.run(`INSERT INTO ${SUMMARY_TABLE} ${summarySelect(`month = ${sqlString(m)}`)}`);
    await store.run(`DELETE FROM ${STAMP_TABLE} WHERE month = $1`, [m]);
    await store.run(
      `INSERT INTO ${STAMP_TABLE} SELECT month, loaded_at FROM rtt_period WHERE month = $1`,
      [m],
    );
  }
}

/** The summary of every month held, computed afresh from `rtt_row`, in key order (for checks). */
export async function freshSummary(store: Store): Promise<Record<string, unknown>[]> {
  return store.all(`${summarySelect("true")} ORDER BY month, part, tf_code, commissioner_code`);
}

const hasSummary = new WeakMap<Store, Promise<boolean>>();

/**
 * Where the per-commissioner sums come from: the summary table when the store has it, else
 * `rtt_row` (a store written before it existed, opened read-only). Asked once per open store.
 */
export async function countSource(store: Store): Promise<string> {
  let known = hasSummary.get(store);
  if (known === undefined) {
    known = (async () => {
      const tables = await store.one<{ n: number }>(
        `SELECT count(*) AS n FROM duckdb_tables()
         WHERE table_name IN ('${SUMMARY_TABLE}', '${STAMP_TABLE}') AND schema_name = 'main'`,
      );
      if (Number(tables?.n ?? 0) < 2) return false;
      return (await store.all(STALE_MONTHS)).length === 0;
    })();
    hasSummary.set(store, known);
  }
  return (await known) ? SUMMARY_TABLE : "rtt_row";
}
