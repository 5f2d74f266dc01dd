/**
 * Summaries of `rtt_row` written in the same transaction as each month's rows, which the analyses
 * read instead of it:
 *
 * `rtt_commissioner_month`: the RTT rows summed over providers, one row per month × part ×
 * treatment function × commissioner. The per-commissioner counts (activity-queries.ts) read it: a
 * demo month's 38,000 rows become 12,000, and none of the provider columns or week bands are read.
 *
 * `rtt_provider_month`: the treatment-function rows (not `C_999`) summed over commissioners and
 * treatment functions, one row per month × part × provider, with `provider_name` and `total_all`
 * as below. The completeness check's provider scan (completeness-queries.ts) reads it: about 400
 * rows a month instead of every row.
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
 * A store written before a summary existed gets it at its next write-open (the migration fills it
 * from `rtt_row`); until then, opened read-only, the queries fall back to `rtt_row` (`countSource`,
 * `providerSource`).
 *
 * Each summarised month is stamped with its `rtt_period.loaded_at`, in one stamp table per summary.
 * A month loaded without a summary being rewritten — by an earlier version of Ration Watch, which
 * knows nothing of it — has a period whose stamp differs, and then the queries read `rtt_row`
 * rather than a stale summary; the next month written here rewrites the stale months.
 */
import type { Store } from "./db.ts";
import { sqlString } from "./rtt-load-queries.ts";
import type { Migration } from "./schema.ts";

/** One summary of `rtt_row`: its table, its stamp table and the SELECT that computes its rows. */
interface Summary {
  table: string;
  stamp: string;
  /** The summary rows of the `rtt_row` rows that `where` selects (a condition on `rtt_row`). */
  select: (where: string) => string;
  /** The key columns, in the order `freshSummary` sorts by. */
  key: string;
}

export const SUMMARY_TABLE = "rtt_commissioner_month";
export const PROVIDER_SUMMARY_TABLE = "rtt_provider_month";

const COMMISSIONER: Summary = {
  table: SUMMARY_TABLE,
  stamp: "rtt_commissioner_month_stamp",
  select: (where) => `SELECT month, part, tf_code, commissioner_code,
            max(NULLIF(commissioner_name, '')) AS commissioner_name,
            count(*)::BIGINT AS row_count,
            sum(total_all)::BIGINT AS total_all
     FROM rtt_row WHERE ${where}
     GROUP BY month, part, tf_code, commissioner_code`,
  key: "month, part, tf_code, commissioner_code",
};

const PROVIDER: Summary = {
  table: PROVIDER_SUMMARY_TABLE,
  stamp: "rtt_provider_month_stamp",
  select: (where) => `SELECT month, part, provider_code,
            max(NULLIF(provider_name, '')) AS provider_name,
            sum(total_all)::BIGINT AS total_all
     FROM rtt_row WHERE (${where}) AND tf_code <> 'C_999'
     GROUP BY month, part, provider_code`,
  key: "month, part, provider_code",
};

const SUMMARIES = [COMMISSIONER, PROVIDER];

/** The months whose summary does not match their load: stamp missing, different or orphaned. */
const staleMonths = (summary: Summary) => `SELECT coalesce(p.month, s.month) AS month
  FROM rtt_period p FULL JOIN ${summary.stamp} s ON s.month = p.month
  WHERE p.loaded_at IS DISTINCT FROM s.loaded_at`;

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
      INSERT INTO ${SUMMARY_TABLE} ${COMMISSIONER.select("true")} ORDER BY month;
    `,
  },
  {
    id: "rtt-003-commissioner-month-stamp",
    optional: true,
    // The summary was just built from rtt_row by rtt-002 (or written with each load since): every
    // held month's summary is current.
    sql: `
      CREATE TABLE ${COMMISSIONER.stamp} (month VARCHAR PRIMARY KEY, loaded_at TIMESTAMP NOT NULL);
      INSERT INTO ${COMMISSIONER.stamp} SELECT month, loaded_at FROM rtt_period;
    `,
  },
  {
    id: "rtt-004-provider-month",
    optional: true,
    sql: `
      CREATE TABLE ${PROVIDER_SUMMARY_TABLE} (
        month VARCHAR NOT NULL,
        part VARCHAR NOT NULL,
        provider_code VARCHAR NOT NULL,
        provider_name VARCHAR,
        total_all BIGINT NOT NULL
      );
      INSERT INTO ${PROVIDER_SUMMARY_TABLE} ${PROVIDER.select("true")} ORDER BY month;
      CREATE TABLE ${PROVIDER.stamp} (month VARCHAR PRIMARY KEY, loaded_at TIMESTAMP NOT NULL);
      INSERT INTO ${PROVIDER.stamp} SELECT month, loaded_at FROM rtt_period;
    `,
  },
];

/**
 * Rewrites every summary of one month from its `rtt_row` rows (none left when the month has none),
 * and of any month whose summary is stale. Call inside the transaction that changed the month's
 * rows, after they are in.
 */
export async function summariseMonth(store: Store, month: string): Promise<void> {
  for (const summary of SUMMARIES) {
    const stale = await store.all<{ month: string }>(staleMonths(summary));
    for (const m of new Set([month, ...stale.map((r) => r.month)])) {
      await store.run(`DELETE FROM ${summary.table} WHERE month = $1`, [m]);
      // The month as a literal: a `$1` cost DuckDB more CPU for the same rows (as in rtt-direct-load).
      await store.run(`INSERT INTO ${summary.table} ${summary.select(`month = ${sqlString(m)}`)}`);
      await store.run(`DELETE FROM ${summary.stamp} WHERE month = $1`, [m]);
      await store.run(
        `INSERT INTO ${summary.stamp} SELECT month, loaded_at FROM rtt_period WHERE month = $1`,
        [m],
      );
    }
  }
}

/**
 * A summary of every month held, computed afresh from `rtt_row`, in key order (for checks): the
 * commissioner summary, or the provider one.
 */
export async function freshSummary(
  store: Store,
  which: "commissioner" | "provider" = "commissioner",
): Promise<Record<string, unknown>[]> {
  const summary = which === "provider" ? PROVIDER : COMMISSIONER;
  return store.all(`${summary.select("true")} ORDER BY ${summary.key}`);
}

const current = new WeakMap<Store, Map<Summary, Promise<boolean>>>();

/** Whether the store has `summary`'s tables and every held month's summary is current. Asked once per open store. */
function isCurrent(store: Store, summary: Summary): Promise<boolean> {
  let known = current.get(store);
  if (!known) current.set(store, (known = new Map()));
  let answer = known.get(summary);
  if (answer === undefined) {
    answer = (async () => {
      const tables = await store.one<{ n: number }>(
        `SELECT count(*) AS n FROM duckdb_tables()
         WHERE table_name IN ('${summary.table}', '${summary.stamp}') AND schema_name = 'main'`,
      );
      if (Number(tables?.n ?? 0) < 2) return false;
      return (await store.all(staleMonths(summary))).length === 0;
    })();
    known.set(summary, answer);
  }
  return answer;
}

/**
 * Where the per-commissioner sums come from: the summary table when the store has it and it is
 * current, else `rtt_row` (a store written before it existed, opened read-only).
 */
export async function countSource(store: Store): Promise<string> {
  return (await isCurrent(store, COMMISSIONER)) ? SUMMARY_TABLE : "rtt_row";
}

/**
 * Where the per-provider sums of the treatment-function rows come from: `rtt_provider_month` when
 * the store has it and it is current, else `rtt_row` (whose `C_999` rows the caller must leave out).
 */
export async function providerSource(store: Store): Promise<string> {
  return (await isCurrent(store, PROVIDER)) ? PROVIDER_SUMMARY_TABLE : "rtt_row";
}
