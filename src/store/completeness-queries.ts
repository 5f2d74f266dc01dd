/**
 * Queries behind the completeness check (analysis/completeness.ts): which providers submitted rows
 * in which months, with their count in each part, and how each commissioner's activity splits
 * across providers.
 */
import type { Store } from "./db.ts";
import { monthsParams } from "./month-filter.ts";
import { providerSource } from "./rtt-summary.ts";

/** A provider with rows in a month, and its `Total All` in each asked part (0 when it has none). */
export interface ProviderMonth {
  month: string;
  code: string;
  name: string | null;
  counts: Record<string, number>;
}

interface ProviderMonthRow {
  month: string;
  code: string;
  name: string | null;
  [part: string]: string | number | null;
}

/**
 * `source`: `rtt_provider_month` or `rtt_row` (`providerSource`); the same SQL gives the same rows
 * over either, the summary holding only treatment-function rows already.
 */
function providersQuery(
  months: readonly string[],
  parts: readonly string[],
  source: string,
): {
  sql: string;
  params: string[];
} {
  return {
    sql: `SELECT month, provider_code AS code, max(NULLIF(provider_name, '')) AS name,
            ${parts.map((_, i) => `coalesce(sum(total_all) FILTER (WHERE part = $${i + 4}), 0)::BIGINT AS p${i}`).join(",\n            ")}
     FROM ${source}
     WHERE month BETWEEN $2 AND $3 AND list_contains(string_split($1, ','), month)
       ${source === "rtt_row" ? "AND tf_code <> 'C_999'" : ""}
     GROUP BY month, provider_code ORDER BY month, provider_code`,
    params: [...monthsParams(months), ...parts],
  };
}

/**
 * Each provider with rows in each of `months` (any part, treatment-function rows), with its count
 * in each of `parts` (RTT part codes, `Part_1A`…), from the provider summary when it is current.
 * Inside the store's `memoised` scope, the same scan also answers the query for each of `subsets`
 * (lists of months within `months`): the completeness of a single month (waits) asks for a subset
 * of the months the window's completeness (variation) already read.
 */
export async function providersByMonth(
  store: Store,
  months: readonly string[],
  parts: readonly string[],
  subsets: ReadonlyArray<readonly string[]> = [],
): Promise<ProviderMonth[]> {
  if (months.length === 0) return [];
  const source = await providerSource(store);
  const { sql, params } = providersQuery(months, parts, source);
  const rows = await store.all<ProviderMonthRow>(sql, params);
  if (store.memoising) {
    for (const subset of subsets) {
      if (subset.length === 0 || !subset.every((m) => months.includes(m))) continue;
      const q = providersQuery(subset, parts, source);
      store.remember(
        q.sql,
        q.params,
        rows.filter((r) => subset.includes(r.month)),
      );
    }
  }
  return rows.map((r) => ({
    month: r.month,
    code: r.code,
    name: r.name,
    counts: Object.fromEntries(parts.map((p, i) => [p, Number(r[`p${i}`] ?? 0)])),
  }));
}

/**
 * Sum of `Total All` (every part, treatment-function rows) by commissioner and provider over
 * `months`: how each commissioner's activity normally splits across its providers.
 */
export async function commissionerProviderTotals(
  store: Store,
  months: readonly string[],
): Promise<Array<{ commissioner: string; provider: string; count: number }>> {
  if (months.length === 0) return [];
  return store.all(
    `SELECT commissioner_code AS commissioner, provider_code AS provider,
            sum(total_all)::BIGINT AS count
     FROM rtt_row
     WHERE month BETWEEN $2 AND $3 AND list_contains(string_split($1, ','), month)
       AND tf_code <> 'C_999'
     GROUP BY ALL ORDER BY ALL`,
    monthsParams(months),
  );
}
