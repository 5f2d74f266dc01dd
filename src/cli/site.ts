import { resolve } from "node:path";

import { UsageError } from "../errors.ts";
import { createApp } from "../server/app.ts";
import { SiteData } from "../server/data.ts";
import { buildSite } from "../server/site.ts";
import { withStore } from "../store/db.ts";

import { parseCommandArgs } from "./args.ts";
import { existingStorePath, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { createProgressBar } from "./progress.ts";
import { displayPath } from "./report.ts";
import { openWebRegistry } from "./web-registry.ts";

const HELP = `Usage: rationwatch site --out DIR [--base-url URL] [--no-png] [--db PATH] [--registry PATH]
                       [--quiet]

Writes the whole web site as static files: every page 'rationwatch serve' shows (home, every
area, indicator and compare page, your area, methodology), every chart and table download, and
every open-API response, one file per route (area/03R/index.html, api/v1/areas.json…), with
relative links, a sitemap.xml and a build stamp (build.json). Serve DIR with any static server
or CDN. With a restrictions registry it also writes the intervention, policy and scorecard pages
and their API files. A failed build leaves DIR as it was.

Options:
  --out DIR         output folder (created; replaced if it holds an earlier site)
  --base-url URL    the site's public address, for absolute sitemap entries
  --no-png          skip the PNG downloads (the slowest files to render); the pages then offer
                    none
  --db PATH         store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  --registry PATH   restrictions registry (PGlite folder); default: DATABASE_URL's server if
                    set, else $RATIONWATCH_REGISTRY, else ./rationwatch-registry if it exists
  -q, --quiet       no progress bar
  -h, --help        show this help
`;

export const siteCommand: Command = {
  name: "site",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("site", argv, {
      out: { type: "string" },
      "base-url": { type: "string" },
      "no-png": { type: "boolean" },
      db: { type: "string" },
      registry: { type: "string" },
    });
    if (values.out === undefined) throw new UsageError("--out DIR is required");
    const baseUrl = values["base-url"];
    if (baseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(baseUrl)) {
      throw new UsageError(`--base-url: expected an http(s) address, got "${baseUrl}"`);
    }
    const outDir = resolve(io.cwd, values.out);
    const path = existingStorePath(io, values.db);
    const registry = await openWebRegistry(io, values.registry, Boolean(values.quiet));
    const bar = createProgressBar(io, Boolean(values.quiet), "site");
    const started = Date.now();
    let result;
    try {
      result = await withStore(
        path,
        async (store) => {
          const data = new SiteData(store, { now: io.now, registry: registry?.reader ?? null });
          const app = createApp({ data, cacheSize: 0 });
          // The store does not change during the build: every page asks the same few queries
          // (a policy page's trend asks what every other policy of its specialty asks), so each
          // is put to DuckDB once.
          return store.memoised(() =>
            buildSite(app, data, {
              outDir,
              baseUrl,
              png: !values["no-png"],
              onProgress: (d, t, l) => bar.update(d, t, l),
            }),
          );
        },
        { readOnly: true },
      );
    } finally {
      bar.stop();
      await registry?.db.close();
    }
    if (result.missing.length > 0) {
      io.stderr(
        `warning: ${result.missing.length} linked page(s) have no figures and show the not-found page: ${result.missing.slice(0, 5).join(", ")}${result.missing.length > 5 ? ", …" : ""}\n`,
      );
    }
    io.stdout(
      `Site written: ${displayPath(io, outDir)} (${result.pages} pages, ${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  },
};
