/** Colours, fonts and the shared text of every chart (NHS.UK palette, colour-blind-safe pairs). */
import type { Comparison, FunnelPosition } from "../../analysis/types.ts";

/** Arial first (the NHS.UK fallback for Frutiger); Liberation Sans has Arial's metrics for PNGs. */
export const FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif";

export const COLOURS = {
  text: "#212b32",
  secondary: "#4c6272",
  grid: "#d8dde0",
  nhsBlue: "#005eb8",
  darkBlue: "#003087",
  england: "#212b32",
  noData: "#f0f4f5",
  warning: "#ffeb3b",
} as const;

/** Blue above England, orange below: distinguishable with every common colour-vision deficiency. */
export const COMPARISON_COLOURS: Record<Comparison, string> = {
  higher: "#005eb8",
  similar: "#aeb7bd",
  lower: "#c25700",
};

/** The headline comparison's words (NHS "Making Data Count" / Fingertips): the expected range. */
export const COMPARISON_LABELS: Record<Comparison, string> = {
  higher: "Above the expected range",
  similar: "Within the expected range",
  lower: "Below the expected range",
};

/** The diverging map scale: orange (lower) through near-white (England) to blue (higher). */
export const DIVERGING_RANGE = ["#a64b00", "#f2b574", "#f7f7f7", "#8fb8de", "#00407d"];

export const POSITION_COLOURS: Record<FunnelPosition, string> = {
  above998: "#00407d",
  above95: "#5b9bd5",
  within: "#aeb7bd",
  below95: "#e69a4f",
  below998: "#a64b00",
};

export const POSITION_LABELS: Record<FunnelPosition, string> = {
  above998: "Above the 99.8% limit",
  above95: "Above the 95% limit",
  within: "Within the limits",
  below95: "Below the 95% limit",
  below998: "Below the 99.8% limit",
};

/** What every chart needs to say where its figures come from. */
export interface ChartMeta {
  /** Full source line, without the synthetic label (added when `synthetic`). */
  source: string;
  synthetic: boolean;
}

export const SYNTHETIC_LABEL = "Synthetic demonstration data, not real NHS figures.";
