import type { Store } from "./db.ts";
import { countSource } from "./rtt-summary.ts";

/** A period held in the store, with what analyses need to cite and interpret it. */
export interface HeldPeriod {
  month: string;
  sourceFile: string;
  checksum: string;
  synthetic: boolean;
  topBandStart: number;
  bandCount: number;
}

/** The periods held from `from` to `to` inclusive, in month order. */
export async function heldPeriods(store: Store, from: string, to: string): Promise<HeldPeriod[]> {
  return store.all<HeldPeriod>(
    `SELECT month, source_file AS "sourceFile", checksum, synthetic,
            top_band_start AS "topBandStart", band_count AS "bandCount"
     FROM rtt_period WHERE month BETWEEN $1 AND $2 ORDER BY month`,
    [from, to],
  );
}

/** Every month the store holds, in order. */
export async function allHeldMonths(store: Store): Promise<string[]> {
  const rows = await store.all<{ month: string }>("SELECT month FROM rtt_period ORDER BY month");
  return rows.map((r) => r.month);
}

/** Which rows of a part to count: every treatment function, or only the given codes. */
export interface ActivityFilter {
  from: string;
  to: string;
  part: string;
  /** Treatment function codes to keep; null = all treatment functions (the C_999 rows are never summed with them). */
  tfCodes: string[] | null;
}

function tfClause(tfCodes: string[] | null): string {
  return tfCodes === null ? "tf_code <> 'C_999'" : "list_contains(string_split($4, ','), tf_code)";
}

function filterParams(f: ActivityFilter): string[] {
  const params = [f.from, f.to, f.part];
  if (f.tfCodes !== null) params.push(f.tfCodes.join(","));
  return params;
}

export interface CommissionerCount {
  code: string;
  /** The commissioner name on its rows (latest month). */
  name: string | null;
  count: number;
}

/** `source`: the summary table or `rtt_row` (`countSource`); the same SQL gives the same rows over either. */
function commissionerCountsQuery(
  filter: ActivityFilter,
  source: string,
): { sql: string; params: string[] } {
  return {
    sql: `SELECT commissioner_code AS code,
            arg_max(NULLIF(commissioner_name, ''), month) AS name,
            sum(total_all)::BIGINT AS count
     FROM ${source}
     WHERE month BETWEEN $1 AND $2 AND part = $3 AND ${tfClause(filter.tfCodes)}
     GROUP BY commissioner_code ORDER BY commissioner_code`,
    params: filterParams(filter),
  };
}

/**
 * Sum of `Total All` per commissioner over a window (all providers), from the treatment-function
 * rows (DESIGN §2 "Count").
 */
export async function commissionerCounts(
  store: Store,
  filter: ActivityFilter,
): Promise<CommissionerCount[]> {
  const { sql, params } = commissionerCountsQuery(filter, await countSource(store));
  return store.all<CommissionerCount>(sql, params);
}

/** Code order as DuckDB's ORDER BY gives it for these ASCII codes (not the locale's). */
const byCode = (a: { code: string }, b: { code: string }) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

/** A literal SQL string list of treatment function codes. */
const tfList = (codes: string[]) => codes.map((c) => `'${c.replaceAll("'", "''")}'`).join(", ");

/**
 * `commissionerCounts` for several treatment-function selections of one window and part, in ONE
 * scan (an aggregate per selection, each FILTERed to its rows) instead of one scan per selection.
 * Returns one list per selection, each exactly what `commissionerCounts` returns for it; inside
 * `store.memoised` it also remembers them, so the analyses' own `commissionerCounts` calls answer
 * without a scan (the publication report: all specialties and its three named ones).
 */
export async function commissionerCountsFor(
  store: Store,
  window: { from: string; to: string; part: string },
  selections: Array<string[] | null>,
): Promise<CommissionerCount[][]> {
  const source = await countSource(store);
  const where = selections.map((tf) =>
    tf === null ? "tf_code <> 'C_999'" : tf.length === 0 ? "false" : `tf_code IN (${tfList(tf)})`,
  );
  const rows = await store.all<Record<string, string | number | null>>(
    `SELECT commissioner_code AS code,
            ${where
              .map(
                (
                  w,
                  i,
                ) => `arg_max(NULLIF(commissioner_name, ''), month) FILTER (WHERE ${w}) AS n${i},
            sum(total_all) FILTER (WHERE ${w})::BIGINT AS c${i},
            count(*) FILTER (WHERE ${w}) AS k${i}`,
              )
              .join(",\n            ")}
     FROM ${source}
     WHERE month BETWEEN $1 AND $2 AND part = $3
     GROUP BY commissioner_code`,
    [window.from, window.to, window.part],
  );
  rows.sort((a, b) => byCode({ code: String(a.code) }, { code: String(b.code) }));
  return selections.map((tfCodes, i) => {
    const counts = rows
      .filter((r) => Number(r[`k${i}`]) > 0)
      .map((r): CommissionerCount => ({
        code: String(r.code),
        name: (r[`n${i}`] as string | null) ?? null,
        count: Number(r[`c${i}`]),
      }));
    if (store.memoising) {
      const { sql, params } = commissionerCountsQuery({ ...window, tfCodes }, source);
      store.remember(sql, params, counts);
    }
    return counts;
  });
}

/** Sum of `Total All` per provider over a window (all commissioners, non-geographic ones too). */
export async function providerCounts(
  store: Store,
  filter: ActivityFilter,
): Promise<CommissionerCount[]> {
  return store.all<CommissionerCount>(
    `SELECT provider_code AS code,
            arg_max(NULLIF(provider_name, ''), month) AS name,
            sum(total_all)::BIGINT AS count
     FROM rtt_row
     WHERE month BETWEEN $1 AND $2 AND part = $3 AND ${tfClause(filter.tfCodes)}
     GROUP BY provider_code ORDER BY provider_code`,
    filterParams(filter),
  );
}

export interface MonthlyCommissionerCount {
  month: string;
  code: string;
  count: number;
}

/** Sum of `Total All` per commissioner and month over a window. */
export async function monthlyCommissionerCounts(
  store: Store,
  filter: ActivityFilter,
): Promise<MonthlyCommissionerCount[]> {
  return store.all<MonthlyCommissionerCount>(
    `SELECT month, commissioner_code AS code, sum(total_all)::BIGINT AS count
     FROM ${await countSource(store)}
     WHERE month BETWEEN $1 AND $2 AND part = $3 AND ${tfClause(filter.tfCodes)}
     GROUP BY month, commissioner_code ORDER BY month, commissioner_code`,
    filterParams(filter),
  );
}

/** National total of a part from the C_999 rows (the reconciliation check for `commissionerCounts`). */
export async function nationalTotalFromTotalRows(
  store: Store,
  filter: Omit<ActivityFilter, "tfCodes">,
): Promise<number> {
  const row = await store.one<{ n: number | null }>(
    `SELECT sum(total_all)::BIGINT AS n FROM ${await countSource(store)}
     WHERE month BETWEEN $1 AND $2 AND part = $3 AND tf_code = 'C_999'`,
    [filter.from, filter.to, filter.part],
  );
  return row?.n ?? 0;
}

/** The `Commissioner Parent Org Code` (and name) on each commissioner's rows in one month. */
export async function commissionerParentsInMonth(
  store: Store,
  month: string,
): Promise<Array<{ code: string; parentCode: string | null; parentName: string | null }>> {
  return store.all(
    `SELECT commissioner_code AS code,
            mode(NULLIF(commissioner_parent_code, '')) AS "parentCode",
            mode(NULLIF(commissioner_parent_name, '')) AS "parentName"
     FROM rtt_row WHERE month = $1 GROUP BY commissioner_code ORDER BY commissioner_code`,
    [month],
  );
}

export interface BandTotals {
  code: string;
  name: string | null;
  /** Patients per week band (index 0 = 0–1 weeks; last = the open top band). */
  bands: number[];
}

/** The most week bands any period has (105: 0–1 … 103–104 and 104+, from April 2021). */
const MAX_BANDS = 105;

/** Each week band summed over a group's rows, cut to the group's longest list (`sum(bands[i])`). */
const BAND_SUMS = `list_slice([${Array.from(
  { length: MAX_BANDS },
  (_, i) => `sum(bands[${i + 1}])::BIGINT`,
).join(", ")}], 1, max(len(bands)))`;

function waitingBandsQuery(options: {
  month: string;
  tfCodes: string[] | null;
  group: "commissioner" | "provider";
}): { sql: string; params: string[] } {
  const key = options.group === "provider" ? "provider" : "commissioner";
  const params = [options.month, options.month, "Part_2"];
  if (options.tfCodes !== null) params.push(options.tfCodes.join(","));
  // Band by band, not by unnesting every row's list: about twice as fast once the rows are read.
  return {
    sql: `SELECT ${key}_code AS code, max(NULLIF(${key}_name, '')) AS name, ${BAND_SUMS} AS bands
     FROM rtt_row
     WHERE month BETWEEN $1 AND $2 AND part = $3 AND ${tfClause(options.tfCodes)} AND bands IS NOT NULL
     GROUP BY ${key}_code HAVING max(len(bands)) > 0 ORDER BY ${key}_code`,
    params,
  };
}

/**
 * Waiting list (Part_2) week bands summed per commissioner or provider for one month.
 * `group` 'provider' groups by provider code; 'commissioner' by commissioner code.
 */
export async function waitingBands(
  store: Store,
  options: { month: string; tfCodes: string[] | null; group: "commissioner" | "provider" },
): Promise<BandTotals[]> {
  const { sql, params } = waitingBandsQuery(options);
  return store.all<BandTotals>(sql, params);
}

/**
 * The waiting list of several months for one treatment-function selection, per commissioner, in
 * ONE scan: for each month, exactly what `waitingBands` (group 'commissioner') and
 * `commissionerCounts` (part Part_2, that month alone) return. The week bands are summed band by
 * band (`sum(bands[i])`) rather than by unnesting every row's list. Inside `store.memoised` it
 * also remembers both answers for each month, so `waits` at any level answers without a scan.
 */
export async function waitingListFor(
  store: Store,
  months: string[],
  tfCodes: string[] | null,
): Promise<Map<string, { bands: BandTotals[]; counts: CommissionerCount[] }>> {
  const out = new Map<string, { bands: BandTotals[]; counts: CommissionerCount[] }>();
  if (months.length === 0) return out;
  const monthParams = months.map((_, i) => `$${i + 2}`).join(", ");
  const tf = tfCodes === null ? "tf_code <> 'C_999'" : `tf_code IN (${tfList(tfCodes)})`;
  const rows = await store.all<{
    month: string;
    code: string;
    countName: string | null;
    count: number;
    bandName: string | null;
    bandRows: number;
    bands: Array<number | null> | null;
  }>(
    `SELECT month, commissioner_code AS code,
            arg_max(NULLIF(commissioner_name, ''), month) AS "countName",
            sum(total_all)::BIGINT AS count,
            max(NULLIF(commissioner_name, '')) FILTER (WHERE bands IS NOT NULL) AS "bandName",
            count(bands) AS "bandRows",
            ${BAND_SUMS} AS bands
     FROM rtt_row
     WHERE part = $1 AND month IN (${monthParams}) AND ${tf}
     GROUP BY month, commissioner_code`,
    ["Part_2", ...months],
  );
  rows.sort(byCode);
  for (const month of months) {
    const mine = rows.filter((r) => r.month === month);
    const counts = mine.map((r) => ({ code: r.code, name: r.countName, count: r.count }));
    const bands = mine
      .filter((r) => r.bandRows > 0)
      .map((r) => ({ code: r.code, name: r.bandName, bands: (r.bands ?? []) as number[] }));
    out.set(month, { bands, counts });
    if (store.memoising) {
      const b = waitingBandsQuery({ month, tfCodes, group: "commissioner" });
      store.remember(b.sql, b.params, bands);
      // What `commissionerCounts` would ask (over whichever source it reads), answered from here.
      const c = commissionerCountsQuery(
        { from: month, to: month, part: "Part_2", tfCodes },
        await countSource(store),
      );
      store.remember(c.sql, c.params, counts);
    }
  }
  return out;
}
