/**
 * The web server as a Hono app (no listen(): `cli/serve.ts` serves it, tests call `app.request`,
 * `site.ts` renders every route through it). One dispatcher maps a path to a page, a page figure's
 * download, an API response or an asset; `onError` is the one place errors become HTTP statuses.
 * Responses are cached per data version and carry ETag, Cache-Control and security headers.
 */
import { createHash } from "node:crypto";

import { Hono, type Context } from "hono";

import { isAppError, MissingDataError, UsageError } from "../errors.ts";
import { faviconSvg, siteCss, SITE_JS } from "../web/assets.ts";
import { renderPage } from "../web/layout.ts";
import { errorView } from "../web/simple.ts";
import { baseFor, type PageContext, type PageView, type SiteMeta } from "../web/types.ts";

import { apiResponse } from "./api.ts";
import type { SiteData } from "./data.ts";
import { DOWNLOAD_TYPES, renderDownload, type DownloadKind } from "./downloads.ts";
import type { EditorApp } from "./edit/editor.ts";
import { pageView, Redirect } from "./pages.ts";

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with a same-origin
  // form POST, which the editor's Origin check must refuse; no other site is sent a referrer either way.
  "Referrer-Policy": "same-origin",
  "Permissions-Policy": "geolocation=(), camera=(), microphone=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

const TYPES = {
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  ...DOWNLOAD_TYPES,
} as const;

interface Rendered {
  status: number;
  type: string;
  body: string | Buffer;
  etag: string;
}

export interface AppOptions {
  data: SiteData;
  /** Most responses kept in memory per data version (default 5,000). */
  cacheSize?: number;
  /** The registry editor (/edit/…, `serve --registry`), mounted before the read-only routes. */
  editor?: EditorApp;
}

const etagOf = (body: string | Buffer) =>
  `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;

function rendered(status: number, type: string, body: string | Buffer): Rendered {
  return { status, type, body, etag: etagOf(body) };
}

/** The Hono app serving the site and the API from `options.data`. */
export function createApp(options: AppOptions): Hono {
  const { data } = options;
  const limit = options.cacheSize ?? 5000;
  const cache = new Map<string, Promise<Rendered>>();
  const app = new Hono();

  const context = (meta: SiteMeta, path: string): PageContext => ({
    path,
    base: baseFor(path),
    meta,
  });
  // A page's view, kept so its downloads reuse the charts rendered for the page.
  const views = new Map<string, Promise<PageView>>();
  function viewOf(meta: SiteMeta, segments: string[], query: URLSearchParams, path: string) {
    const key = `${meta.dataVersion}:${meta.registryVersion ?? ""} ${path}?${query.toString()}`;
    let v = views.get(key);
    if (!v) {
      if (views.size >= 200) views.clear();
      v = pageView(data, segments, query, context(meta, path));
      views.set(key, v);
      v.catch(() => views.delete(key));
    }
    return v;
  }

  async function dispatch(path: string, query: URLSearchParams): Promise<Rendered> {
    const segments = path
      .split("/")
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          throw new UsageError("the address is not valid (bad % escape)");
        }
      });
    if (segments[0] === "assets" && segments.length === 2 && query.size === 0) {
      if (segments[1] === "site.css") return rendered(200, TYPES.css, siteCss());
      if (segments[1] === "site.js") return rendered(200, TYPES.js, SITE_JS);
      if (segments[1] === "favicon.svg") return rendered(200, DOWNLOAD_TYPES.svg, faviconSvg());
      throw new MissingDataError("no such asset");
    }
    const meta = await data.meta();
    if (segments[0] === "api" && segments[1] === "v1") {
      const r = await apiResponse(data, segments.slice(2), query);
      if (r.type === "csv") return rendered(200, DOWNLOAD_TYPES.csv, r.body as string);
      return rendered(200, TYPES.json, `${JSON.stringify(r.body, null, 1)}\n`);
    }
    const last = segments[segments.length - 1] ?? "";
    const download = /^([a-z0-9-]+)\.(svg|png|csv|xlsx)$/.exec(last);
    if (!path.endsWith("/") && download) {
      const pagePath = `/${segments.slice(0, -1).join("/")}${segments.length > 1 ? "/" : ""}`;
      const view = await viewOf(meta, segments.slice(0, -1), query, pagePath);
      const e = view.exports.find((x) => x.name === download[1]);
      if (!e) throw new MissingDataError(`this page has no figure called ${download[1]}`);
      const kind = download[2] as DownloadKind;
      return rendered(200, DOWNLOAD_TYPES[kind], await renderDownload(e, kind, meta));
    }
    if (!path.endsWith("/")) throw new Redirect(`${path}/`);
    const ctx = context(meta, path);
    const view = await viewOf(meta, segments, query, path);
    return rendered(200, TYPES.html, renderPage(view, ctx));
  }

  app.use("*", async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (c.req.path.startsWith("/api/")) {
      c.header("Access-Control-Allow-Origin", "*");
      c.header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    }
  });

  if (options.editor) app.route("/", options.editor);

  app.on(["GET", "HEAD"], "*", async (c) => {
    const url = new URL(c.req.url);
    const meta = await data.meta();
    const key = `${meta.dataVersion}:${meta.registryVersion ?? ""} ${url.pathname}${url.search}`;
    let p = cache.get(key);
    if (!p) {
      if (cache.size >= limit) cache.clear();
      p = dispatch(url.pathname, url.searchParams);
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    const r = await p;
    const isAsset = url.pathname.startsWith("/assets/");
    const headers: Record<string, string> = {
      "Content-Type": r.type,
      ETag: r.etag,
      "Cache-Control": isAsset ? "public, max-age=86400" : "public, max-age=300",
    };
    if (c.req.header("If-None-Match") === r.etag) return c.body(null, 304, headers);
    return c.body(r.body as string, r.status as 200, headers);
  });

  app.options("/api/*", (c) => c.body(null, 204, { "Access-Control-Max-Age": "86400" }));

  app.all("*", (c) =>
    c.text("Only GET and HEAD are allowed: this site is read-only\n", 405, {
      Allow: "GET, HEAD, OPTIONS",
    }),
  );

  app.onError(async (err, c) => errorResponse(err, c, data));
  return app;
}

/** The one place an error becomes an HTTP status: 301, 400, 404, else 500 (logged). */
async function errorResponse(err: Error, c: Context, data: SiteData): Promise<Response> {
  if (err instanceof Redirect) {
    return c.redirect(err.location, 301);
  }
  let status = 500;
  let message = "Sorry, something went wrong on our side. Please try again later.";
  if (err instanceof UsageError) status = 400;
  else if (err instanceof MissingDataError) status = 404;
  if (isAppError(err) && status !== 500) message = err.message;
  if (status === 500) console.error(err);
  const path = new URL(c.req.url).pathname;
  if (path.startsWith("/api/")) {
    return c.json({ error: { status, message } }, status as 400);
  }
  let meta: SiteMeta;
  try {
    meta = await data.meta();
  } catch {
    meta = {
      latestMonth: "",
      window: { from: "", to: "" },
      populationVintage: "",
      synthetic: false,
      dataVersion: "",
      builtAt: "",
    };
  }
  const ctx: PageContext = { path, base: baseFor(path), meta };
  const html = renderPage(errorView(status, message, ctx), ctx);
  return c.html(html, status as 400, { "Cache-Control": "no-store" });
}
