// A local stand-in for NHS England's statistics site: the fixture pages under test/fixtures/nhse-site
// (whose links point at https://www.england.nhs.uk, as the real ones do) and a tiny valid zip for
// every Full CSV link on them, with switchable faults.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { parseFullCsvLink } from "../../src/fetch/full-csv-links.ts";
import { extractLinks } from "../../src/fetch/links.ts";

import { rttZip } from "./rtt-zip.ts";

const FIXTURES = new URL("../fixtures/nhse-site/", import.meta.url);
const RTT = "/statistics/statistical-work-areas/rtt-waiting-times/";

export const PAGES: Record<string, string> = {
  [RTT]: "main.html",
  [`${RTT}rtt-data-2015-16/`]: "rtt-data-2015-16.html",
  [`${RTT}rtt-data-2021-22/`]: "rtt-data-2021-22.html",
  [`${RTT}rtt-data-2022-23/`]: "rtt-data-2022-23.html",
};

/** Switchable misbehaviour, keyed by request path. */
export interface Faults {
  notFound: Set<string>;
  /** Answer 503 this many more times. */
  serverError: Map<string, number>;
  /** Send half the body, then reset the connection (once per path). */
  dropOnce: Set<string>;
  /** Send two thirds of the body, then close the connection cleanly (once per path). */
  shortOnce: Set<string>;
  /** Serve the zip with its compressed data damaged. */
  corrupt: Set<string>;
  /** Never answer. */
  hang: Set<string>;
  /** Ignore `Range` headers (always 200 with the whole file). */
  ignoreRange: boolean;
  /** Rewrites a page before it is served (e.g. to hide a link). */
  editPage?: (path: string, html: string) => string;
}

export interface LoggedRequest {
  path: string;
  range: string | undefined;
  userAgent: string | undefined;
  status: number;
}

export interface SiteServer {
  baseUrl: string;
  faults: Faults;
  requests: LoggedRequest[];
  /** Paths asked with HEAD (is the cached file still the one published?), kept apart from `requests`. */
  heads: string[];
  /** The exact bytes served for a zip path (before any fault). */
  zipBytes: (path: string) => Promise<Buffer>;
  close: () => Promise<void>;
}

function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

/** Paths of every Full CSV zip linked from the fixture pages, with their month and revised flag. */
export function fixtureZips(): Map<string, { month: string; revised: boolean }> {
  const zips = new Map<string, { month: string; revised: boolean }>();
  for (const name of Object.values(PAGES))
    for (const link of extractLinks(fixture(name))) {
      const parsed = parseFullCsvLink(link);
      if (parsed)
        zips.set(new URL(parsed.url).pathname, {
          month: parsed.month,
          revised: parsed.revision > 0,
        });
    }
  return zips;
}

/** Starts the stand-in on 127.0.0.1 with an ephemeral port. */
export async function startSiteServer(): Promise<SiteServer> {
  const zips = fixtureZips();
  const built = new Map<string, Promise<Buffer>>();
  const zipBytes = (path: string) => {
    const info = zips.get(path);
    if (!info) throw new Error(`no zip at ${path}`);
    let bytes = built.get(path);
    if (!bytes) {
      bytes = rttZip(info.month, { revised: info.revised, seed: info.revised ? 1 : 0 });
      built.set(path, bytes);
    }
    return bytes;
  };
  const faults: Faults = {
    notFound: new Set(),
    serverError: new Map(),
    dropOnce: new Set(),
    shortOnce: new Set(),
    corrupt: new Set(),
    hang: new Set(),
    ignoreRange: false,
  };
  const requests: LoggedRequest[] = [];
  const heads: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const log = (status: number) =>
      req.method === "HEAD"
        ? heads.push(path)
        : requests.push({
            path,
            range: req.headers.range,
            userAgent: req.headers["user-agent"],
            status,
          });
    if (faults.hang.has(path)) return;
    const errors = faults.serverError.get(path) ?? 0;
    if (errors > 0) {
      faults.serverError.set(path, errors - 1);
      log(503);
      res.writeHead(503, { "content-type": "text/plain" }).end("Service Unavailable");
      return;
    }
    if (faults.notFound.has(path)) {
      log(404);
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Page not found</h1>");
      return;
    }
    if (!path.endsWith("/") && PAGES[`${path}/`]) {
      log(301);
      res.writeHead(301, { location: `${path}/` }).end();
      return;
    }
    const page = PAGES[path];
    if (page) {
      log(200);
      const html = fixture(page);
      res
        .writeHead(200, { "content-type": "text/html; charset=UTF-8" })
        .end(faults.editPage ? faults.editPage(path, html) : html);
      return;
    }
    if (!zips.has(path)) {
      log(404);
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Page not found</h1>");
      return;
    }
    let body = await zipBytes(path);
    if (faults.corrupt.has(path)) {
      body = Buffer.from(body);
      for (let i = 200; i < 220; i++) body[i] = (body[i] ?? 0) ^ 0xff;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const start = range && !faults.ignoreRange ? Number(range[1]) : 0;
    if (start >= body.length && start > 0) {
      log(416);
      res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
      return;
    }
    const status = start > 0 ? 206 : 200;
    const slice = body.subarray(start);
    const headers: Record<string, string | number> = {
      "content-type": "application/zip",
      "content-length": slice.length,
      "accept-ranges": "bytes",
    };
    if (status === 206)
      headers["content-range"] = `bytes ${start}-${body.length - 1}/${body.length}`;
    log(status);
    if (faults.dropOnce.delete(path)) {
      res.writeHead(status, headers);
      // Give the client time to read the half before the cut (a stream that errors drops its queue).
      res.write(slice.subarray(0, Math.floor(slice.length / 2)), () =>
        setTimeout(() => res.socket?.destroy(), 50),
      );
      return;
    }
    if (faults.shortOnce.delete(path)) {
      res.writeHead(status, headers);
      res.write(slice.subarray(0, Math.floor((slice.length * 2) / 3)), () =>
        setTimeout(() => res.socket?.end(), 50),
      );
      return;
    }
    res.writeHead(status, headers).end(slice);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    faults,
    requests,
    heads,
    zipBytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
