/** Number and label formatting the pages share (the report's formatters, plus a few web words). */
import type { Level } from "../analysis/types.ts";

export {
  areaLabel,
  formatCount,
  formatInterval,
  formatMonth,
  formatPercent,
  formatPeriod,
  periodPhrase,
  formatRate,
  formatRatio,
  formatWeeks,
  ordinal,
  rateDigits,
  shortName,
} from "../report/format.ts";

export const LEVEL_LABEL: Record<Level, string> = {
  commissioner: "sub-ICB location",
  icb: "integrated care board (ICB)",
  region: "NHS region",
};

export const LEVEL_PLURAL: Record<Level, string> = {
  commissioner: "Sub-ICB locations",
  icb: "Integrated care boards",
  region: "NHS regions",
};
