/**
 * Queries behind the completeness check (analysis/completeness.ts): which providers submitted rows
 * in which months, and how each commissioner's activity splits across providers.
 */
import type { Store } from "./db.ts";
import { monthsParams } from "./month-filter.ts";

/** Each provider with rows in each of `months` (any part, treatment-function rows). */
export async function providersByMonth(
  store: Store,
  months: readonly string[],
): Promise<Array<{ month: string; code: string; name: string | null }>> {
  if (months.length === 0) return [];
  return store.all(
    `SELECT month, provider_code AS code, max(NULLIF(provider_name, '')) AS name
     FROM rtt_row
     WHERE month BETWEEN $2 AND $3 AND list_contains(string_split($1, ','), month)
       AND tf_code <> 'C_999'
     GROUP BY month, provider_code ORDER BY month, provider_code`,
    monthsParams(months),
  );
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
