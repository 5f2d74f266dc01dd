import type { Command } from "./command.ts";

/** A sub-command as `rationwatch --help` lists it; its module is imported only when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

/**
 * Every sub-command, in the order `rationwatch --help` lists them. Modules load lazily so that
 * `--help`, `--version` and light commands don't pay for DuckDB, Plot, exceljs or Chromium.
 */
export const commands: CommandEntry[] = [
  {
    name: "start",
    summary: "quick start: generate the synthetic demo data, load it, show the status",
    load: async () => (await import("./start.ts")).startCommand,
  },
  {
    name: "demo-data",
    summary: "write synthetic demonstration RTT extracts (one zip a month)",
    load: async () => (await import("./demo-data.ts")).demoDataCommand,
  },
  {
    name: "fetch",
    summary: "download NHS England's monthly RTT Full CSV zips for a window of months",
    load: async () => (await import("./fetch.ts")).fetchCommand,
  },
  {
    name: "ingest",
    summary: "load RTT Full CSV extracts (.csv, .zip, folders) into the store",
    load: async () => (await import("./ingest.ts")).ingestCommand,
  },
  {
    name: "status",
    summary: "show the RTT periods the store holds, their totals and warnings",
    load: async () => (await import("./status.ts")).statusCommand,
  },
  {
    name: "variation",
    summary: "patients per 1,000 by area: ranks, intervals, regions, ICS gaps, funnel",
    load: async () => (await import("./variation.ts")).variationCommand,
  },
  {
    name: "trend",
    summary: "monthly rates per 1,000: change, areas up, recovery vs 2019, SPC signals",
    load: async () => (await import("./trend.ts")).trendCommand,
  },
  {
    name: "waits",
    summary: "waiting list by area: 18-week %, long waits, median and 92nd-percentile waits",
    load: async () => (await import("./waits.ts")).waitsCommand,
  },
  {
    name: "report",
    summary: "write the publication report: HTML, PDF, XLSX, charts, map and figures.json",
    load: async () => (await import("./report.ts")).reportCommand,
  },
  {
    name: "serve",
    summary: "serve the web pages and the open API from the store (read-only)",
    load: async () => (await import("./serve.ts")).serveCommand,
  },
  {
    name: "site",
    summary: "write the web pages and API as a static site (one file per route)",
    load: async () => (await import("./site.ts")).siteCommand,
  },
  {
    name: "release",
    summary: "write a media-release draft (DOCX, Markdown, HTML) with every figure traced",
    load: async () => (await import("./release.ts")).releaseCommand,
  },
  {
    name: "areas",
    summary: "list the areas in force in a month, their populations, and unknown commissioners",
    load: async () => (await import("./areas.ts")).areasCommand,
  },
  {
    name: "population",
    summary: "import ONS population estimates or GP registered patients for the areas",
    load: async () => (await import("./population.ts")).populationCommand,
  },
  {
    name: "crosswalk",
    summary: "import or list code changes (old code → new code from a month)",
    load: async () => (await import("./crosswalk.ts")).crosswalkCommand,
  },
  {
    name: "registry",
    summary: "the restrictions registry: import, list, show, history, audit, export",
    load: async () => (await import("./registry.ts")).registryCommand,
  },
  {
    name: "scorecard",
    summary: "scorecard frameworks and assessments: import, list, summary",
    load: async () => (await import("./scorecard.ts")).scorecardCommand,
  },
];
