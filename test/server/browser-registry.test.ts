// Browser tests of the registry pages (interventions, policies, scorecards) and of the phone
// layout: axe-core in Debian's Chromium through playwright-core, keyboard-only reach of every
// control in the main content, and no sideways scroll at 375 px where the map is. Run where
// /usr/bin/chromium exists (CI installs it).
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { chromiumPresent, serveToBrowser, type BrowserSession } from "../helpers/browser.ts";

import { registryWebFixture, type RegistryWebFixture } from "./registry-fixture.ts";

const hasChromium = chromiumPresent("registry browser tests");

const REGISTRY_PAGES = [
  "/interventions/",
  "/interventions/inguinal-hernia-repair/",
  "/policies/t-03R-hernia/",
  "/scorecards/",
  "/scorecards/ics-patient-involvement/2025/",
];

/**
 * Every control in the main content a keyboard user must reach (links, buttons, fields, scroll
 * regions), leaving out those inside a closed disclosure (reached once it is opened).
 */
async function mainControls(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll(
      "main a[href], main button, main input, main select, main textarea, main summary, main [tabindex='0']"
    )].filter((e) => e.getClientRects().length > 0 && !e.closest("details:not([open]) > :not(summary)"))
     .map((e, i) => { e.setAttribute("data-rw-key", String(i)); return String(i); })`);
}

/** The controls Tab reaches, in order, within `limit` presses. */
async function tabbed(page: Page, limit: number): Promise<Set<string>> {
  const reached = new Set<string>();
  await page.evaluate("document.activeElement && document.activeElement.blur()");
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const key = (await page.evaluate(
      "document.activeElement ? document.activeElement.getAttribute('data-rw-key') : null",
    )) as string | null;
    if (key !== null) reached.add(key);
  }
  return reached;
}

describe.runIf(hasChromium)("registry pages and the phone layout in a browser", () => {
  let f: RegistryWebFixture;
  let session: BrowserSession | undefined;
  let browser: Browser;
  let base = "";

  beforeAll(async () => {
    f = await registryWebFixture();
    session = await serveToBrowser(f.app.fetch);
    ({ base, browser } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    f?.store.close();
    await f?.registry.close();
  });

  it("axe-core finds no WCAG 2.2 AA violations on the intervention, policy and scorecard pages", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const found: string[] = [];
    for (const path of REGISTRY_PAGES) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      const result = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        .analyze();
      for (const v of result.violations)
        found.push(
          `${path}: ${v.id} [${v.impact ?? "?"}] (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`,
        );
    }
    expect(found).toEqual([]);
    await context.close();
  }, 240_000);

  it("the keyboard alone reaches every control of their main content", async () => {
    const page = await browser.newPage();
    for (const path of REGISTRY_PAGES) {
      await page.goto(`${base}${path}`);
      const controls = await mainControls(page);
      expect(controls.length, path).toBeGreaterThan(0);
      // The header's links and the skip link come first: allow for them, then every control once.
      const reached = await tabbed(page, controls.length + 15);
      expect(
        controls.filter((c) => !reached.has(c)),
        path,
      ).toEqual([]);
    }
    await page.close();
  }, 240_000);

  it("on a 375 px phone the map pages do not scroll sideways, and the maps fit the screen", async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    for (const path of [
      "/",
      "/indicator/admitted/all/commissioner/2021-03-2021-04/",
      "/interventions/inguinal-hernia-repair/",
    ]) {
      await page.goto(`${base}${path}`);
      expect(await page.evaluate("document.documentElement.scrollWidth"), path).toBeLessThanOrEqual(
        375,
      );
      const maps = (await page.evaluate(
        `[...document.querySelectorAll("img.rw-chart")].filter((i) => /map|status/.test(i.getAttribute("src"))).map((i) => i.getBoundingClientRect().right)`,
      )) as number[];
      expect(maps.length, path).toBeGreaterThan(0);
      for (const right of maps) expect(right, path).toBeLessThanOrEqual(375);
    }
    await context.close();
  }, 120_000);
});
