// Browser tests: Debian's Chromium through playwright-core against the app on a 127.0.0.1 socket,
// one browser for every test. Run where /usr/bin/chromium exists (CI installs it).
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { chromiumPresent, serveToBrowser, type BrowserSession } from "../helpers/browser.ts";

import { webFixture, type WebFixture } from "./fixture.ts";

const hasChromium = chromiumPresent("browser tests");

describe.runIf(hasChromium)("in a browser", () => {
  let f: WebFixture;
  let session: BrowserSession | undefined;
  let browser: Browser;
  let base = "";

  beforeAll(async () => {
    f = await webFixture();
    session = await serveToBrowser(f.app.fetch);
    ({ base, browser } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    f?.store.close();
  });

  it("the 'your area' journey: a postcode, then the area's page", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/my-area/`);
    await page.fill("#q", "WF1 1AA");
    await page.click("button[type=submit]");
    await expect.poll(() => page.url()).toContain("/my-area/?q=WF1+1AA");
    await page.click("text=Most likely your area >> a");
    await page.waitForURL(`${base}/area/03R/`);
    expect(await page.textContent("h1")).toBe("Wakefield (03R)");
    await page.close();
  }, 60_000);

  it("downloads a chart's data as CSV", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/area/03R/`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('a[href="spc.csv"]'),
    ]);
    expect(download.suggestedFilename()).toBe("spc.csv");
    const stream = await download.createReadStream();
    let text = "";
    for await (const chunk of stream) text += String(chunk);
    // Demo data: one leading # line says so (as the CLI's CSVs), then the tidy header.
    expect(text.split("\n")[0]).toMatch(/^# SYNTHETIC DEMONSTRATION DATA/);
    expect(text.split("\n")[1]).toMatch(/^indicator,areaCode,areaName,areaType,/);
    expect(text).toContain("Open Government Licence v3.0");
    await page.close();
  }, 60_000);

  it("works without JavaScript: charts as images, tables in the page, plain forms", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/indicator/admitted/all/commissioner/2021-03-2021-04/by-rate/`);
    expect(await page.locator("img.rw-chart").count()).toBeGreaterThan(0);
    const firstImg = page.locator("img.rw-chart").first();
    expect(
      await firstImg.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    expect(await page.locator("th[data-sortable] button").count()).toBe(0); // not enhanced
    const rates = await page
      .locator("table.rw-sortable tbody tr td:nth-child(5)")
      .allTextContents();
    const values = rates.map(Number);
    expect(values).toEqual([...values].sort((a, b) => a - b)); // by-rate/, server-side
    await context.close();
  }, 60_000);

  it("with JavaScript, a column header sorts the table", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/indicator/admitted/all/commissioner/2021-03-2021-04/`);
    await page.click("table.rw-sortable th >> text=Area");
    const names = await page
      .locator("table.rw-sortable tbody tr td:nth-child(2)")
      .allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await page.close();
  }, 60_000);

  it("axe-core finds no WCAG 2.2 AA violations on any page type", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const paths = [
      "/",
      "/area/03R/",
      "/area/QWO/",
      "/indicator/admitted/all/commissioner/2021-03-2021-04/",
      "/compare/03R+15F/",
      "/my-area/?q=WF1+1AA",
      "/methodology/",
      "/api/",
      "/nowhere/",
    ];
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(`${base}${path}`);
      const result = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        .analyze();
      for (const v of result.violations)
        found.push(`${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`);
    }
    expect(found).toEqual([]);
    await context.close();
  }, 180_000);

  it("Tab moves through each page's controls in reading order, skip link first", async () => {
    const page = await browser.newPage();
    for (const path of [
      "/",
      "/indicator/admitted/all/commissioner/2021-03-2021-04/",
      "/area/03R/",
      "/compare/03R+15F/",
    ]) {
      await page.goto(`${base}${path}`);
      // Every control a keyboard user can reach, in document (reading) order, numbered; none may
      // jump the order with a positive tabindex.
      const order = (await page.evaluate(`[...document.querySelectorAll(
          "a[href], button, input, select, textarea, summary, [tabindex]"
        )].filter((e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
            && !e.closest("details:not([open]) > :not(summary)") && !e.closest("datalist"))
         .map((e, i) => { e.setAttribute("data-rw-order", String(i)); return String(i); })`)) as string[];
      expect(
        await page.evaluate(
          "[...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).length",
        ),
        path,
      ).toBe(0);
      expect(order.length, path).toBeGreaterThan(10);
      await page.evaluate("document.activeElement && document.activeElement.blur()");
      const reached: string[] = [];
      for (let i = 0; i < order.length; i++) {
        await page.keyboard.press("Tab");
        reached.push(
          (await page.evaluate(
            "document.activeElement ? document.activeElement.getAttribute('data-rw-order') || document.activeElement.tagName : 'none'",
          )) as string,
        );
      }
      expect(reached, path).toEqual(order);
      // …and that order is the order on screen: each control is below the one before, or on its
      // line and to its right (nothing moved about by CSS), at the desktop width.
      const jumps = (await page.evaluate(`(() => {
        const els = [...document.querySelectorAll("[data-rw-order]")]
          .sort((a, b) => Number(a.dataset.rwOrder) - Number(b.dataset.rwOrder));
        const out = [];
        for (let i = 1; i < els.length; i++) {
          const p = els[i - 1].getBoundingClientRect(), c = els[i].getBoundingClientRect();
          const below = c.top >= p.bottom - 4;
          const sameLineRight = c.top < p.bottom && c.bottom > p.top && c.left >= p.right - 4;
          const inside = els[i - 1].contains(els[i]); // a control inside a scroll region
          if (!below && !sameLineRight && !inside) out.push(els[i - 1].outerHTML.slice(0, 80) + " → " + els[i].outerHTML.slice(0, 80));
        }
        return out;
      })()`)) as string[];
      expect(jumps, path).toEqual([]);
      expect(
        await page.evaluate("document.querySelector('[data-rw-order=\"0\"]').textContent.trim()"),
        path,
      ).toBe("Skip to main content");
    }
    await page.close();
  }, 120_000);

  it("reads on a 390 px phone: nothing wider than the screen but scrollable tables", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    for (const path of ["/", "/area/03R/"]) {
      await page.goto(`${base}${path}`);
      const width = await page.evaluate("document.documentElement.scrollWidth");
      expect(width, path).toBeLessThanOrEqual(390);
      const shot = await page.screenshot({ fullPage: false });
      expect(shot.readUInt32BE(16)).toBe(390); // PNG IHDR width
    }
    await context.close();
  }, 60_000);
});
