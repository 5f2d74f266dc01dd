import { MissingDataError } from "../errors.ts";
import { monthRange } from "../months.ts";
import { heldPeriods, type HeldPeriod } from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";

import type { SourceInfo } from "./types.ts";

/** The periods of a window, every one of which the store must hold. */
export interface Window {
  from: string;
  to: string;
  months: string[];
  periods: HeldPeriod[];
}

/** Loads a window; a month the store lacks is a MissingDataError naming every missing month. */
export async function loadWindow(store: Store, from: string, to: string): Promise<Window> {
  const months = monthRange(from, to);
  const periods = await heldPeriods(store, from, to);
  const held = new Set(periods.map((p) => p.month));
  const missing = months.filter((m) => !held.has(m));
  if (missing.length > 0 && months.length === 1) {
    throw new MissingDataError(`the store does not hold ${from} (ingest it first)`);
  }
  if (missing.length > 0) {
    throw new MissingDataError(
      `the store does not hold ${missing.length === months.length ? "any month" : `${missing.length} of ${months.length} months`} of ${from} to ${to}: missing ${summariseMonths(missing)} (ingest them first)`,
    );
  }
  return { from, to, months, periods };
}

/** `2021-07, 2021-08 … 2022-03` style list, shortened when long. */
export function summariseMonths(months: string[]): string {
  if (months.length <= 6) return months.join(", ");
  return `${months.slice(0, 3).join(", ")} … ${months.slice(-2).join(", ")}`;
}

/** Where a result's figures come from, for citation on every output. */
export function sourceInfo(window: Window, populationVintage: string, method: string): SourceInfo {
  return {
    periods: window.months,
    files: window.periods.map((p) => ({
      month: p.month,
      file: p.sourceFile,
      checksum: p.checksum,
    })),
    populationVintage,
    method,
    synthetic: window.periods.some((p) => p.synthetic),
  };
}
