/** Tidy rows (the analyses' own `IndicatorValue` shape) as a download table. */
import type { IndicatorValue } from "../analysis/types.ts";

import type { ExportTable } from "./types.ts";

/** Column order of every tidy download (DESIGN §3), with any extra fields of the rows after. */
export const TIDY_COLUMNS: Array<keyof IndicatorValue> = [
  "indicator",
  "areaCode",
  "areaName",
  "areaType",
  "parentCode",
  "period",
  "count",
  "denominator",
  "value",
  "lower95",
  "upper95",
  "lower998",
  "upper998",
  "comparedToEngland",
];

/** Rows → header and cells; extra keys of the first row (signal, recovery…) follow the tidy ones. */
export function tidyTable<T extends IndicatorValue>(rows: readonly T[]): ExportTable {
  const extra = Object.keys(rows[0] ?? {}).filter((k) => !(TIDY_COLUMNS as string[]).includes(k));
  const header = [...TIDY_COLUMNS, ...extra] as string[];
  return {
    header,
    rows: rows.map((r) =>
      header.map((k) => {
        const v = (r as Record<string, unknown>)[k];
        return typeof v === "number" || typeof v === "string"
          ? v
          : v === null || v === undefined
            ? null
            : JSON.stringify(v);
      }),
    ),
  };
}
