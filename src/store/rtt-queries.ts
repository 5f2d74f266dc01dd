import type { Store } from "./db.ts";
import { monthsParams } from "./month-filter.ts";

/** Named read queries over the RTT tables (`rtt_period`, `rtt_row`, `rtt_warning`). */

/** One consistency warning recorded when a period was loaded. */
export interface RttWarning {
  month: string;
  kind: string;
  detail: string;
}

/** Sum of `Total All` per RTT part over the treatment-function rows (never the C_999 rows). */
export interface RttPartTotals {
  Part_1A: number;
  Part_1B: number;
  Part_2: number;
  Part_2A: number;
  Part_3: number;
}

/** A period the store holds. */
export interface StatusPeriod {
  month: string;
  periodLabel: string;
  era: string;
  bandCount: number;
  topBandStart: number;
  sourceFile: string;
  checksum: string;
  revised: boolean;
  synthetic: boolean;
  rows: number;
  /** Number of warnings recorded for the period. */
  warnings: number;
  /** ISO timestamp of the load. */
  loadedAt: string;
  totals: RttPartTotals;
  /** The first `warningLimit` warnings, by provider, commissioner, part and treatment function. */
  warningList: RttWarning[];
}

/** What the store holds, periods in month order. */
export interface StoreStatus {
  periods: StatusPeriod[];
}

type PeriodRow = Omit<StatusPeriod, "totals" | "warningList" | "loadedAt"> & { loadedAt: unknown };

const emptyTotals = (): RttPartTotals => ({
  Part_1A: 0,
  Part_1B: 0,
  Part_2: 0,
  Part_2A: 0,
  Part_3: 0,
});

/**
 * The periods held, with row counts, source, checksum, warnings and per-part totals (sum of
 * `Total All` over the treatment-function rows, C_999 excluded: DESIGN §2 "Count").
 */
export async function readStatus(
  store: Store,
  options: { warningLimit?: number } = {},
): Promise<StoreStatus> {
  const limit = options.warningLimit ?? 20;
  const periods = await store.all<PeriodRow>(
    `SELECT month, period_label AS "periodLabel", era, band_count AS "bandCount",
            top_band_start AS "topBandStart", source_file AS "sourceFile", checksum, revised,
            synthetic, row_count AS rows, warning_count AS warnings,
            strftime(loaded_at, '%Y-%m-%dT%H:%M:%SZ') AS "loadedAt"
     FROM rtt_period ORDER BY month`,
  );
  const totals = await store.all<{ month: string; part: string; total: number }>(
    `SELECT month, part, sum(total_all) AS total FROM rtt_row WHERE tf_code <> 'C_999'
     GROUP BY month, part`,
  );
  const warnings = await store.all<RttWarning>(
    `SELECT month, kind, detail FROM (
       SELECT *, row_number() OVER (PARTITION BY month ORDER BY rowid) AS n FROM rtt_warning
     ) WHERE n <= $1 ORDER BY month, n`,
    [limit],
  );
  return {
    periods: periods.map((p) => {
      const t = emptyTotals();
      for (const r of totals)
        if (r.month === p.month && r.part in t) t[r.part as keyof RttPartTotals] = r.total;
      return {
        ...p,
        loadedAt: String(p.loadedAt),
        totals: t,
        warningList: warnings.filter((w) => w.month === p.month),
      };
    }),
  };
}

/** Distinct commissioners, providers and rows over the given months. */
export async function countRttEntities(
  store: Store,
  months: string[],
): Promise<{ rows: number; commissioners: number; providers: number }> {
  const row = await store.one<{ rows: number; commissioners: number; providers: number }>(
    `SELECT count(*) AS rows, count(DISTINCT commissioner_code) AS commissioners,
            count(DISTINCT provider_code) AS providers
     FROM rtt_row WHERE month BETWEEN $2 AND $3 AND list_contains(string_split($1, ','), month)`,
    monthsParams(months),
  );
  return row ?? { rows: 0, commissioners: 0, providers: 0 };
}

/** The warnings recorded for the given months, in month then provider, commissioner, part, treatment-function order. */
export async function readRttWarnings(store: Store, months: string[]): Promise<RttWarning[]> {
  return store.all<RttWarning>(
    `SELECT month, kind, detail FROM rtt_warning
     WHERE list_contains(string_split($1, ','), month) ORDER BY month, rowid`,
    [months.join(",")],
  );
}
