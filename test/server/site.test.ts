// `site --out`: the static build, served by a tiny static file server, gives the same bytes as the
// live app for the same routes; links are relative; a sitemap and build stamp are written.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { importCrosswalk } from "../../src/geo/crosswalk.ts";
import { loadPractices } from "../../src/server/lookup.ts";
import { buildSite, fileForRoute, type SiteBuildResult } from "../../src/server/site.ts";
import { withoutPngDownloads } from "../../src/web/layout.ts";
import { chromiumPresent, launchChromium } from "../helpers/browser.ts";

import { ENGLAND_RATE, WAKEFIELD_RATE, webFixture, type WebFixture } from "./fixture.ts";

let f: WebFixture;
let dir: string;
let server: Server;
let base: string;
let built: SiteBuildResult;

beforeAll(async () => {
  f = await webFixture();
  // A made-up former code merged into 02T (Calderdale): the site writes a redirect page for it.
  await importCrosswalk(f.store, [
    { oldCode: "9AA", newCode: "02T", fromMonth: "2020-04", note: "test", source: "test" },
  ]);
  dir = mkdtempSync(join(tmpdir(), "rw-site-"));
  built = await buildSite(f.app, f.data, { outDir: join(dir, "site"), png: false });
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
      "/area/D4U1Y/", // abolished in April 2026: a page naming its successors
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
      const response = await f.app.request(route);
      let fromApp = Buffer.from(await response.arrayBuffer());
      // Built with png: false, the pages offer no PNG downloads.
      if (response.headers.get("content-type")?.startsWith("text/html"))
        fromApp = Buffer.from(withoutPngDownloads(fromApp.toString("utf8")));
      expect(fromSite.length, route).toBeGreaterThan(0);
      expect(fromSite.equals(fromApp), route).toBe(true);
    }
  });

  it("built without PNGs, a page offers each chart's SVG, CSV and XLSX but no PNG", async () => {
    const fromApp = await (await f.app.request("/area/03R/")).text();
    const fromSite = readFileSync(join(dir, "site", "area/03R/index.html"), "utf8");
    const downloads = (page: string) =>
      [...page.matchAll(/class="rw-downloads__link" href="spc\.(\w+)"/g)].map((m) => m[1]);
    expect(downloads(fromApp)).toEqual(["svg", "png", "csv", "xlsx"]);
    expect(downloads(fromSite)).toEqual(["svg", "csv", "xlsx"]);
    expect(fromSite).not.toMatch(/href="[^"]*\.png"/);
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
        const target = decodeURIComponent(new URL(link, `http://x${page}`).pathname);
        expect(existsSync(join(dir, "site", fileForRoute(target))), `${page} → ${link}`).toBe(true);
        // …and not to the 404 page written in its place (except the indicator index's links to
        // every measure and specialty: the fixture holds activity for only some of them, and
        // those pages say so).
        if (!target.startsWith("/indicator/"))
          expect(built.missing, `${page} → ${link}`).not.toContain(target);
      }
    }
    const stamp = JSON.parse(readFileSync(join(dir, "site", "build.json"), "utf8")) as {
      builtAt: string;
      synthetic: boolean;
    };
    expect(stamp.builtAt).toBe("2026-01-15T09:00:00Z");
    expect(stamp.synthetic).toBe(true);
  });

  it("lists every GP practice on the postcode pages, each with the area it counts under", () => {
    const practices = loadPractices();
    expect(practices.length).toBe(6243); // data/reference/gp-practices.csv, December 2025
    const wf = readFileSync(join(dir, "site", "my-area/postcodes/WF/index.html"), "utf8");
    // Trinity Medical Centre, WF1 1PG, is a practice of Wakefield (03R), an area of the fixture.
    expect(wf).toContain('<h2 class="nhsuk-heading-m" id="WF1">WF1</h2>');
    expect(wf).toMatch(
      /TRINITY MEDICAL CENTRE \(B87017\), WF1 1PG:\s*<a href="\.\.\/\.\.\/\.\.\/area\/03R\/">Wakefield \(03R\)<\/a>/,
    );
    // Every practice appears once on its postcode area's page.
    let listed = 0;
    const index = readFileSync(join(dir, "site", "my-area/postcodes/index.html"), "utf8");
    for (const m of index.matchAll(/href="\.\.\/\.\.\/my-area\/postcodes\/([A-Z]+)\/"/g)) {
      const html = readFileSync(join(dir, "site", `my-area/postcodes/${m[1]}/index.html`), "utf8");
      listed += [...html.matchAll(/\), [A-Z0-9]+ [0-9][A-Z]{2}:/g)].length;
    }
    expect(listed).toBe(practices.length);
    // The search file holds them too, with the current area (null where the fixture has none).
    const file = JSON.parse(readFileSync(join(dir, "site", "api/v1/practices.json"), "utf8")) as {
      practices: Array<Array<string | null>>;
    };
    expect(file.practices.length).toBe(practices.length);
    expect(file.practices.find((p) => p[0] === "B87017")).toEqual([
      "B87017",
      "TRINITY MEDICAL CENTRE",
      "WF1 1PG",
      "03R",
      "03R",
    ]);
  });

  it("links a practice of a split or abolished area to that code's page, which says where it went", () => {
    // Bartlett Group Practice, GU16 6QQ, is listed under Frimley (D4U1Y) in the December 2025
    // practice file; D4U1Y was abolished in April 2026 and has no single successor.
    const gu = readFileSync(join(dir, "site", "my-area/postcodes/GU/index.html"), "utf8");
    expect(gu.replace(/\s+/g, " ")).toContain(
      'BARTLETT GROUP PRACTICE (H81013), GU16 6QQ: <a href="../../../area/D4U1Y/">D4U1Y</a> (a former area with no single successor: its page lists the areas it went to)',
    );
    expect(existsSync(join(dir, "site", "area/D4U1Y/index.html"))).toBe(true);
    const file = JSON.parse(readFileSync(join(dir, "site", "api/v1/practices.json"), "utf8")) as {
      formerCodes: string[];
    };
    expect(file.formerCodes).toContain("D4U1Y");
  });

  it("writes every order and basis of an indicator's table as its own page", async () => {
    const page = "/indicator/admitted/all/commissioner/2021-03-2021-04/";
    for (const view of ["", "by-rate/", "by-name/", "need-adjusted/", "need-adjusted-by-rate/"]) {
      const file = join(dir, "site", fileForRoute(`${page}${view}`));
      expect(existsSync(file), view).toBe(true);
      const fromApp = await (await f.app.request(`${page}${view}`)).text();
      expect(readFileSync(file, "utf8"), view).toBe(withoutPngDownloads(fromApp)); // png: false
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

// The static copy in a browser: the files above, served by the plain static server, no app.
describe.runIf(chromiumPresent("static-site browser tests"))("site --out in a browser", () => {
  it("with JavaScript, a postcode search answers on the static copy and leads to the area", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/my-area/`);
      await page.fill("#q", "WF1 1AA");
      await page.click("button[type=submit]");
      await expect.poll(() => page.url()).toBe(`${base}/my-area/?q=WF1+1AA`);
      await page.waitForSelector(".rw-answer");
      expect(await page.textContent(".rw-answer")).toContain(
        "We do not hold home addresses. The 1 GP practice in postcode sector WF1 1 belongs to one area:Wakefield: 1 practiceMost likely your area: Wakefield.",
      );
      await page.click("text=Most likely your area >> a");
      await page.waitForURL(`${base}/area/03R/`);
      expect(await page.textContent("h1")).toBe("Wakefield (03R)");
      // A practice of Frimley (D4U1Y, abolished in April 2026) leads to the page saying where it went.
      await page.goto(`${base}/my-area/?q=H81013`);
      await page.waitForSelector(".rw-answer");
      await page.click('.rw-answer a:has-text("D4U1Y")');
      await page.waitForURL(`${base}/area/D4U1Y/`);
      expect(await page.textContent("h1")).toBe("Frimley (D4U1Y) no longer exists");
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("without JavaScript, the postcode pages lead from a practice to its area", async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${base}/my-area/`);
      expect(await page.textContent("form.rw-search")).toContain(
        "Without JavaScript, searching needs the live site",
      );
      await page.click("text=browse every GP practice by postcode");
      await page.waitForURL(`${base}/my-area/postcodes/`);
      await page.click('a[href="../../my-area/postcodes/WF/"]');
      await page.waitForURL(`${base}/my-area/postcodes/WF/`);
      await page.click('li:has-text("TRINITY MEDICAL CENTRE") >> a');
      await page.waitForURL(`${base}/area/03R/`);
      expect(await page.textContent("h1")).toBe("Wakefield (03R)");
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("with JavaScript, compare on the static copy: a page it holds, else a table from the value file", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // West Yorkshire's three areas are a ready-made comparison: the form leads to its page.
      await page.goto(`${base}/compare/`);
      for (const [i, code] of ["03R", "15F", "02T"].entries()) await page.fill(`#a${i + 1}`, code);
      await page.click("form.rw-compare-form button[type=submit]");
      await page.waitForURL(`${base}/compare/03R+15F+02T/`);
      expect(await page.textContent("h1")).toBe("Compare areas");
      expect(await page.locator("table").first().textContent()).toContain("Wakefield (03R)");
      // Wakefield and Dorset are no page of the copy: the script builds the rates from the file.
      await page.goto(`${base}/compare/?a=03r&a=11J`);
      await page.waitForSelector("section.rw-compare-result table");
      const cells = await page
        .locator("section.rw-compare-result tbody tr")
        .evaluateAll((rows) =>
          rows.map((r) =>
            Array.from((r as unknown as { cells: ArrayLike<{ textContent: string }> }).cells).map(
              (c) => c.textContent,
            ),
          ),
        );
      const v = JSON.parse(
        readFileSync(join(dir, "site", "api/v1/values/admitted/all.json"), "utf8"),
      ) as {
        rows: Array<{ areaCode: string; value: number; lower95: number; upper95: number }>;
      };
      const dorset = v.rows.find((r) => r.areaCode === "11J");
      expect(cells).toEqual([
        [
          "NHS Wakefield CCG (03R)",
          WAKEFIELD_RATE.toFixed(2),
          expect.stringMatching(/^1\.\d\d to 1\.\d\d$/),
          "Within expected range",
        ],
        [
          expect.stringMatching(/\(11J\)$/),
          dorset?.value.toFixed(2),
          `${dorset?.lower95.toFixed(2)} to ${dorset?.upper95.toFixed(2)}`,
          expect.stringMatching(/expected range$/),
        ],
      ]);
      expect(await page.textContent("section.rw-compare-result")).toContain(
        `England: ${ENGLAND_RATE.toFixed(2)}.`,
      );
      await page.goto(`${base}/compare/?a=03R`);
      expect(await page.textContent("section.rw-compare-result")).toContain(
        "Compare takes 2 to 6 areas; 1 given.",
      );
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("without JavaScript, the compare page says what it offers and lists the ready-made pages", async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${base}/compare/`);
      expect(await page.textContent("form.rw-compare-form")).toContain(
        "Without JavaScript, this form needs the live site",
      );
      await page.click("text=Sub-ICB locations of West Yorkshire");
      await page.waitForURL(`${base}/compare/03R+15F+02T/`);
      expect(await page.locator("table").first().textContent()).toContain("Calderdale");
    } finally {
      await browser.close();
    }
  }, 60_000);
});
