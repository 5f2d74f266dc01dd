import type { TrendResult, VariationResult, WaitsResult } from "../analysis/types.ts";

import type { GeoFeatureCollection } from "./geo.ts";
import type { RestrictionsInput } from "./restrictions-section.ts";

/** Boundaries for the map, as plain GeoJSON (WGS84 lon/lat). */
export interface ReportBoundaries {
  /** Commissioner polygons; `properties.code` is the ODS code used in the results (e.g. `03R`). */
  areas: GeoFeatureCollection;
  /** ICS/ICB outlines, drawn over the areas (any properties). */
  icbs?: GeoFeatureCollection;
  /** What the outlines are, as the map's note names them: `ICB` or `ICS` (the default). */
  parentName?: string;
  /** NHS region outlines, drawn thicker (`properties.name`). */
  regions?: GeoFeatureCollection;
  /** Copyright line for the boundaries; default "Contains OS data © Crown copyright and database right 2022". */
  attribution?: string;
}

/** Everything the report shows: the analyses' results, unchanged, plus boundaries for the map. */
export interface ReportInput {
  /** The main variation result (all specialties, commissioner level). */
  variation: VariationResult;
  /** One result per specialty shown (general surgery, trauma and orthopaedics, cardiology). */
  specialties: VariationResult[];
  /**
   * National monthly trend with its XmR (SPC) limits and signals; null when the store holds only
   * the window's last month (a trend needs two consecutive months; the report says so).
   */
  trend: TrendResult | null;
  /** Waiting times by region (`level: 'region'`), with England. */
  waits: WaitsResult;
  /** Waiting times by commissioner: written to the workbook when given. */
  waitsByCommissioner?: WaitsResult;
  /** Without boundaries the map is left out, with a warning. */
  boundaries?: ReportBoundaries;
  /** From the restrictions registry (`report --registry`): a Restrictions section and sheets. */
  restrictions?: RestrictionsInput;
}

/** Progress callback, structurally the CLI's `OnProgress`. */
export type ReportProgress = (done: number, total: number, label?: string) => void;

export interface RenderReportOptions {
  /** Directory to write into (created if missing). */
  outDir: string;
  /** The clock: the report's "generated" date. */
  now: Date;
  /** Title of the report; a default names the measure and period. */
  title?: string;
  /** Print report.pdf with Chromium (default true). */
  pdf?: boolean;
  /** Chromium executable (default `/usr/bin/chromium`). */
  chromiumPath?: string;
  /** Write charts/*.png besides the SVGs (default true). */
  png?: boolean;
  /** Font files for the PNGs (default: Liberation Sans and DejaVu Sans from /usr/share/fonts). */
  fontFiles?: string[];
  onProgress?: ReportProgress;
}

export interface RenderReportResult {
  /** Paths written, each `outDir` joined with the file's relative name. */
  files: string[];
  /** Things the reader of the command should know (no Chromium, no boundaries…). */
  warnings: string[];
}
