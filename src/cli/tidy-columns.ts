import type { IndicatorValue } from "../analysis/types.ts";

import type { Column } from "./output.ts";

/** The CSV columns of the tidy shape (DESIGN §3), in order; numbers unrounded. */
export const TIDY_COLUMNS: Column<IndicatorValue>[] = [
  { header: "indicator", value: (r) => r.indicator },
  { header: "areaCode", value: (r) => r.areaCode },
  { header: "areaName", value: (r) => r.areaName },
  { header: "areaType", value: (r) => r.areaType },
  { header: "parentCode", value: (r) => r.parentCode },
  { header: "period", value: (r) => r.period },
  { header: "count", value: (r) => r.count },
  { header: "denominator", value: (r) => r.denominator },
  { header: "value", value: (r) => r.value },
  { header: "lower95", value: (r) => r.lower95 },
  { header: "upper95", value: (r) => r.upper95 },
  { header: "lower998", value: (r) => r.lower998 },
  { header: "upper998", value: (r) => r.upper998 },
  { header: "comparedToEngland", value: (r) => r.comparedToEngland },
  { header: "comparisonBasis", value: (r) => r.comparisonBasis },
  { header: "poissonComparedToEngland", value: (r) => r.poissonComparedToEngland },
];

/** A variation CSV: the tidy columns, then whether each area is complete and why not. */
export const VARIATION_TIDY_COLUMNS: Column<IndicatorValue>[] = [
  ...TIDY_COLUMNS,
  { header: "completeness", value: (r) => r.completeness ?? null },
  { header: "incompleteReason", value: (r) => r.incompleteReason ?? null },
];
