// `site --out`: the static build, served by a tiny static file server, gives the same bytes as the
// live app for the same routes; links are relative; a sitemap and build stamp are written.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { importCrosswalk } from "../../src/geo/crosswalk.ts";
import { buildSite, fileForRoute } from "../../src/server/site.ts";

import { webFixture, type WebFixture } from "./fixture.ts";

let f: WebFixture;
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  f = await webFixture();
  // A made-up former code merged into 02T (Calderdale): the site writes a redirect page for it.
  await importCrosswalk(f.store, [
    { oldCode: "9AA", newCode: "02T", fromMonth: "2020-04", note: "test", source: "test" },
  ]);
  dir = mkdtempSync(join(tmpdir(), "rw-site-"));
  await buildSite(f.app, f.data, { outDir: join(dir, "site"), png: false });
  // The simplest static server: a folder route serves its index.html.
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(dir, "site", fileForRoute(path)));
    if (!file.startsWith(join(dir, "site")) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(() => {
  server?.close();
  f?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("site --out", () => {
  it("serves the same pages, downloads and API responses as the app", async () => {
    for (const route of [
      "/",
      "/area/03R/",
      "/area/QWO/",
      "/area/Y63/",
      "/indicator/admitted/all/icb/2021-03-2021-04/",
      "/compare/03R+15F+02T/",
      "/my-area/",
      "/area/03R/spc.svg",
      "/area/03R/spc.csv",
      "/api/v1/areas.json",
      "/api/v1/areas/03R.json",
      "/api/v1/values/admitted/all.csv",
      "/api/v1/openapi.json",
      "/assets/site.css",
    ]) {
      const fromSite = Buffer.from(await (await fetch(`${base}${route}`)).arrayBuffer());
      const fromApp = Buffer.from(await (await f.app.request(route)).arrayBuffer());
      expect(fromSite.length, route).toBeGreaterThan(0);
      expect(fromSite.equals(fromApp), route).toBe(true);
    }
  });

  it("every relative link of every page resolves to a written file", async () => {
    const sitemap = readFileSync(join(dir, "site", "sitemap.xml"), "utf8");
    const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string);
    expect(pages).toContain("/area/03R/");
    for (const page of pages) {
      const html = readFileSync(join(dir, "site", fileForRoute(page)), "utf8");
      for (const m of html.matchAll(/\s(?:href|src)="([^"#]*)"/g)) {
        const link = (m[1] as string).replace(/&amp;/g, "&");
        if (/^https?:/.test(link)) continue;
        // A query reaches the same file on a static host: no page may depend on one.
        expect(link, `${page} → ${link}`).not.toContain("?");
        if (link.endsWith(".png")) continue; // built with png: false
        const target = decodeURIComponent(new URL(link, `http://x${page}`).pathname);
        expect(existsSync(join(dir, "site", fileForRoute(target))), `${page} → ${link}`).toBe(true);
      }
    }
    const stamp = JSON.parse(readFileSync(join(dir, "site", "build.json"), "utf8")) as {
      builtAt: string;
      synthetic: boolean;
    };
    expect(stamp.builtAt).toBe("2026-01-15T09:00:00Z");
    expect(stamp.synthetic).toBe(true);
  });

  it("writes every order and basis of an indicator's table as its own page", async () => {
    const page = "/indicator/admitted/all/commissioner/2021-03-2021-04/";
    for (const view of ["", "by-rate/", "by-name/", "need-adjusted/", "need-adjusted-by-rate/"]) {
      const file = join(dir, "site", fileForRoute(`${page}${view}`));
      expect(existsSync(file), view).toBe(true);
      const fromApp = await (await f.app.request(`${page}${view}`)).text();
      expect(readFileSync(file, "utf8"), view).toBe(fromApp);
    }
  });

  it("moved addresses are pages that send the browser on", async () => {
    // An indicator without its window, and the former code 9AA: each points at the address the
    // server redirects to, which is written too.
    expect((await f.data.movedCodes()).get("9AA")).toBe("02T");
    for (const route of ["/indicator/admitted/all/icb/", "/area/9AA/"]) {
      const res = await f.app.request(route);
      expect(res.status, route).toBe(301);
      const to = res.headers.get("location") ?? "";
      const html = readFileSync(join(dir, "site", fileForRoute(route)), "utf8");
      const target = /content="0; url=([^"]+)"/.exec(html)?.[1] ?? "";
      expect(new URL(target, `http://x${route}`).pathname, route).toBe(to);
      expect(existsSync(join(dir, "site", fileForRoute(to))), to).toBe(true);
    }
  });

  it("refuses to write over a folder that is not a site, leaving it as it was", async () => {
    const other = join(dir, "other");
    rmSync(other, { recursive: true, force: true });
    await import("node:fs").then((fs) => fs.mkdirSync(other));
    writeFileSync(join(other, "notes.txt"), "mine");
    await expect(buildSite(f.app, f.data, { outDir: other, png: false })).rejects.toThrow(
      `${other} exists and is not a Ration Watch site: choose an empty or new folder`,
    );
    expect(readFileSync(join(other, "notes.txt"), "utf8")).toBe("mine");
  });
});
