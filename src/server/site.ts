/**
 * `rationwatch site --out DIR`: the whole site as static files, rendered through the same Hono app
 * as `serve` (so the files are the server's responses byte for byte). It crawls from the home page
 * and the API's own routes, following every relative link, writes one file per route (`/area/03R/`
 * → `area/03R/index.html`), a sitemap and a build stamp. Everything is written to a temporary folder
 * first and moved into place at the end, so a failed build leaves nothing half-written.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import type { Hono } from "hono";

import { UsageError } from "../errors.ts";
import { withoutPngDownloads } from "../web/layout.ts";

import { valueFiles } from "./api.ts";
import { WEB_LEVELS, WEB_MEASURES, WEB_SPECIALTIES, type SiteData } from "./data.ts";
import { scorecardRounds } from "./registry-pages.ts";

export interface SiteBuildOptions {
  outDir: string;
  /** Absolute address the site will be served from, for the sitemap (default: paths only). */
  baseUrl?: string;
  onProgress?: (done: number, total: number, label?: string) => void;
  /**
   * Write the PNG of every chart (default true; slow: resvg renders each); without them the pages
   * offer no PNG downloads.
   */
  png?: boolean;
  /** Routes rendered at once (default 4). */
  concurrency?: number;
}

export interface SiteBuildResult {
  files: number;
  pages: number;
  bytes: number;
  /** Linked routes that answered 404 (written as the 404 page, as the server shows them). */
  missing: string[];
}

/** The file a route is written to. */
export function fileForRoute(route: string): string {
  const rel = route.replace(/^\//, "");
  return rel === "" || rel.endsWith("/") ? `${rel}index.html` : rel;
}

/** The link from the page at `from` to the route `to`, relative (both from the root). */
export function relativeTo(from: string, to: string): string {
  const dir = from.endsWith("/") ? from : `${from}/`;
  const depth = dir.split("/").filter(Boolean).length;
  return `${"../".repeat(depth)}${to.replace(/^\//, "")}` || "./";
}

/** Relative links and sources in a page, resolved against its route (query links are skipped). */
export function linksOf(html: string, route: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src|data-suggest|data-practices)="([^"#?]*)(["#?])/g)) {
    const link = (m[1] ?? "").replace(/&amp;/g, "&");
    if (m[2] === "?" || link === "" || /^[a-z]+:/i.test(link) || link.startsWith("//")) continue;
    const url = new URL(link, `http://site${route}`);
    out.push(decodeURIComponent(url.pathname));
  }
  return out;
}

/** Whether `link` is one of the figure downloads of the page at `route` (`/area/03R/spc.svg`). */
function isDownloadOf(link: string, route: string): boolean {
  return (
    link.startsWith(route) && /^[a-z0-9-]+\.(svg|png|csv|xlsx)$/.test(link.slice(route.length))
  );
}

/** Routes the pages do not link to but the API serves: one area, trend and waits file each. */
async function apiSeeds(data: SiteData): Promise<string[]> {
  const areas = [...(await data.areas()).keys()];
  return [
    ...(await registrySeeds(data)),
    "/api/v1/openapi.json",
    "/api/v1/metadata.json",
    "/api/v1/methodology.json",
    "/api/v1/areas.json",
    "/api/v1/indicators.json",
    "/api/v1/places.json",
    "/api/v1/practices.json",
    ...areas.map((c) => `/api/v1/areas/${c}.json`),
    ...areas.map((c) => `/api/v1/trend/${c}.json`),
    ...["commissioner", "icb", "region"].map((l) => `/api/v1/waits/${l}.json`),
    ...valueFiles().flatMap((f) => [
      `/api/v1/values/${f.measure}/${f.specialty}.json`,
      `/api/v1/values/${f.measure}/${f.specialty}.csv`,
    ]),
  ];
}

/**
 * Addresses that moved, so that links and bookmarks to them still land on a static host: every
 * former area code with a successor (a redirect page) or without one (a page saying what
 * happened), and each indicator without its window.
 */
async function movedSeeds(data: SiteData): Promise<string[]> {
  return [
    ...[...(await data.movedCodes()).keys()].map((c) => `/area/${c}/`),
    ...(await data.formerCodes()).map((c) => `/area/${c.code}/`),
    ...WEB_MEASURES.flatMap((m) =>
      WEB_SPECIALTIES.flatMap((s) => WEB_LEVELS.map((l) => `/indicator/${m}/${s}/${l}/`)),
    ),
  ];
}

/** The registry's pages and API files (none when the site has no registry). */
async function registrySeeds(data: SiteData): Promise<string[]> {
  if (!data.hasRegistry) return [];
  const content = await data.registryContent();
  return [
    "/interventions/",
    "/scorecards/",
    "/api/v1/interventions.json",
    "/api/v1/policies.json",
    "/api/v1/scorecards.json",
    ...content.interventions.map((i) => `/api/v1/interventions/${i.slug}.json`),
    ...content.policies.map((p) => `/api/v1/policies/${p.id}.json`),
    ...scorecardRounds(content).map((r) => `/api/v1/scorecards/${r.framework}/${r.round}.json`),
  ];
}

export async function buildSite(
  app: Hono,
  data: SiteData,
  o: SiteBuildOptions,
): Promise<SiteBuildResult> {
  if (
    existsSync(o.outDir) &&
    readdirSync(o.outDir).length > 0 &&
    !existsSync(join(o.outDir, "build.json"))
  ) {
    throw new UsageError(
      `${o.outDir} exists and is not a Ration Watch site: choose an empty or new folder`,
    );
  }
  const tmp = `${o.outDir.replace(/\/+$/, "")}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const seen = new Set<string>();
    const queue: string[] = [
      "/",
      "/my-area/",
      "/my-area/postcodes/",
      "/compare/",
      "/indicator/",
      "/methodology/",
      "/api/",
      ...(await apiSeeds(data)),
      ...(await movedSeeds(data)),
    ];
    const pages: string[] = [];
    let bytes = 0;
    const missing: string[] = [];
    const progress = o.onProgress ?? (() => {});
    // Routes are rendered a few at a time (DuckDB's work for one overlaps the drawing of another);
    // each wave ends before the next starts, so a failure stops the build with nothing in flight.
    const concurrency = Math.max(1, o.concurrency ?? 4);
    const one = async (route: string) => {
      const res = await app.request(route);
      if (res.status === 301) {
        // A moved address gets a tiny page that sends the browser on (no script: the CSP allows none).
        const to = res.headers.get("location");
        if (to) queue.push(to);
        if (to && route.endsWith("/")) {
          const rel = relativeTo(route, to);
          const file = join(tmp, fileForRoute(route));
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(
            file,
            `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${rel}"><title>Moved</title></head><body><p><a href="${rel}">This page has moved</a>.</p></body></html>\n`,
          );
        }
        return;
      }
      if (res.status === 404) missing.push(route);
      else if (res.status !== 200) {
        throw new Error(
          `site: ${route} answered ${res.status}: ${(await res.text()).slice(0, 200)}`,
        );
      }
      const isPage = (res.headers.get("content-type") ?? "").startsWith("text/html");
      let body = Buffer.from(await res.arrayBuffer());
      if (isPage && o.png === false) body = Buffer.from(withoutPngDownloads(body.toString("utf8")));
      const file = join(tmp, fileForRoute(route));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
      bytes += body.length;
      if (isPage) {
        pages.push(route);
        // The page's own downloads go next, while the app still holds the page's charts; the
        // other links join the end of the queue.
        const own: string[] = [];
        for (const link of linksOf(body.toString("utf8"), route)) {
          if (seen.has(link)) continue;
          if (isDownloadOf(link, route)) own.push(link);
          else queue.push(link);
        }
        queue.unshift(...own);
      }
    };
    while (queue.length > 0) {
      const wave: string[] = [];
      while (wave.length < concurrency && queue.length > 0) {
        const route = queue.shift() as string;
        if (seen.has(route)) continue;
        seen.add(route);
        wave.push(route);
      }
      const settled = await Promise.allSettled(wave.map(one));
      const failed = settled.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
      progress(seen.size, seen.size + queue.length, wave[wave.length - 1]);
    }
    pages.sort();
    const meta = await data.meta();
    const base = (o.baseUrl ?? "").replace(/\/$/, "");
    const sitemap = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${pages
      .map((p) => `<url><loc>${base}${p}</loc></url>`)
      .join("\n")}\n</urlset>\n`;
    writeFileSync(join(tmp, "sitemap.xml"), sitemap);
    const stamp = {
      builtAt: meta.builtAt,
      dataVersion: meta.dataVersion,
      latestMonth: meta.latestMonth,
      synthetic: meta.synthetic,
      pages: pages.length,
      files: seen.size,
    };
    writeFileSync(join(tmp, "build.json"), `${JSON.stringify(stamp, null, 2)}\n`);
    rmSync(o.outDir, { recursive: true, force: true });
    renameSync(tmp, o.outDir);
    return { files: seen.size + 2, pages: pages.length, bytes, missing };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
