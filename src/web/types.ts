/** The plain data the web pages take: no store, no server, only results and words. */
import type { Chart } from "../report/charts/frame.ts";

/** What every page says about the data it shows: vintage, source, synthetic, build stamp. */
export interface SiteMeta {
  /** The latest month the store holds (YYYY-MM). */
  latestMonth: string;
  /** The default window (latest 12 held months). */
  window: { from: string; to: string };
  populationVintage: string;
  synthetic: boolean;
  /** The store's data version (changes whenever a month is loaded or replaced). */
  dataVersion: string;
  /** The restrictions registry's version (changes with every write); null when the site has none. */
  registryVersion?: string | null;
  /** When the pages were rendered (ISO), the build stamp. */
  builtAt: string;
}

/** Where a page sits: its route (always ending in `/` for pages) and the relative way back to the root. */
export interface PageContext {
  path: string;
  /** `./`, `../`, `../../`…: every link is relative, so the static site works from any folder. */
  base: string;
  meta: SiteMeta;
}

/** A table of figures as tidy columns, for CSV and XLSX downloads. */
export interface ExportTable {
  header: string[];
  rows: Array<Array<string | number | null>>;
}

/** One downloadable figure of a page: its chart (SVG/PNG) when it has one, and its data. */
export interface PageExport {
  /** File stem under the page's route, e.g. `spc` → `area/03R/spc.svg`. */
  name: string;
  /** Where the files are, relative to the page (default: beside it); `../` for a page's variant. */
  dir?: string;
  title: string;
  chart: Chart | null;
  table: ExportTable;
}

/** A rendered page body, before the layout wraps it. */
export interface PageView {
  title: string;
  /** Breadcrumb trail above the heading (label, route). */
  breadcrumbs: Array<{ label: string; path: string }>;
  body: string;
  exports: PageExport[];
  /** Shows synthetic registry records (the banner says so even when the RTT data are real). */
  syntheticRecords?: boolean;
}

/** The relative prefix from a page route to the root: `/` → `./`, `/area/03R/` → `../../`. */
export function baseFor(path: string): string {
  const depth = path.split("/").filter(Boolean).length - (path.endsWith("/") ? 0 : 1);
  return depth <= 0 ? "./" : "../".repeat(depth);
}

/** A link from the page at `ctx` to the route `to` (given from the root, with or without `/`). */
export function href(ctx: { base: string }, to: string): string {
  const rel = to.replace(/^\//, "");
  return rel === "" ? ctx.base : `${ctx.base === "./" ? "" : ctx.base}${rel}`;
}
