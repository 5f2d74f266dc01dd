// The registry editor's own pages in a browser: axe-core (WCAG 2.2 AA) on the login, dashboard,
// record forms (empty and with errors), review, two-factor, accounts and public submission pages,
// each as the role that sees it. Debian's Chromium through playwright-core, against the editor on a
// 127.0.0.1 socket; each role logs in through the login form, as a person would (which is what caught the editor's
// Referrer-Policy making every form POST arrive with `Origin: null`). Run
// where /usr/bin/chromium exists (CI installs it).
import { AxeBuilder } from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createApp } from "../../src/server/app.ts";
import { chromiumPresent, serveToBrowser, type BrowserSession } from "../helpers/browser.ts";

import { addUser, editFixture, nextCode, PASSWORD, type EditFixture } from "./edit-fixture.ts";
import { webFixture, type WebFixture } from "./fixture.ts";

const hasChromium = chromiumPresent("editor browser tests");

async function violations(page: Page, path: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return result.violations.map(
    (v) => `${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ") ?? ""}`,
  );
}

describe.runIf(hasChromium)("the editor's pages in a browser", () => {
  let f: EditFixture;
  let w: WebFixture | undefined;
  let session: BrowserSession | undefined;
  let base = "";

  beforeAll(async () => {
    f = await editFixture();
    await addUser(f, "admin@example.org", "admin");
    await addUser(f, "rev@example.org", "reviewer");
    // The site with the editor mounted, as `rationwatch serve` runs it (its headers and assets too).
    w = await webFixture();
    session = await serveToBrowser(createApp({ data: w.data, editor: f.app }).fetch);
    base = session.base;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    w?.store.close();
    await f?.close();
  });

  /** A browser context logged in as `email` through the login form (with a code for an admin). */
  async function contextFor(email: string | null): Promise<BrowserContext> {
    const context = await (session as BrowserSession).browser.newContext();
    if (email) {
      const page = await context.newPage();
      await page.goto(`${base}/edit/login`);
      await page.fill("input[name=email]", email);
      await page.fill("input[name=password]", PASSWORD);
      if (f.totp.has(email)) await page.fill("input[name=code]", nextCode(f, email));
      await page.click("form button[type=submit]");
      await page.waitForURL(`${base}/edit/`);
      await page.close();
    }
    return context;
  }

  it("axe-core finds no WCAG 2.2 AA violations on any editor page", async () => {
    const found: string[] = [];
    for (const [who, paths] of [
      [null, ["/edit/login", "/edit/submit"]],
      [
        "admin@example.org",
        [
          "/edit/",
          "/edit/policy/new",
          "/edit/record/intervention/new",
          "/edit/record/framework/new",
          "/edit/record/assessment/new",
          "/edit/review",
          "/edit/mfa",
          "/edit/users",
        ],
      ],
    ] as const) {
      const context = await contextFor(who);
      const page = await context.newPage();
      for (const path of paths) {
        const res = await page.goto(`${base}${path}`);
        expect(res?.status(), path).toBe(200);
        found.push(...(await violations(page, path)));
      }
      // A form sent back with errors: the error summary and the fields' messages.
      if (who) {
        await page.goto(`${base}/edit/policy/new`);
        await page.click("form button[type=submit]");
        await page.waitForSelector(".nhsuk-error-summary");
        found.push(...(await violations(page, "/edit/policy (errors)")));
      } else {
        await page.goto(`${base}/edit/login`);
        await page.fill("input[name=email]", "nobody@example.org");
        await page.fill("input[name=password]", "not the password at all");
        await page.click("form button[type=submit]");
        await page.waitForSelector(".nhsuk-error-summary");
        found.push(...(await violations(page, "/edit/login (refused)")));
      }
      await context.close();
    }
    expect(found).toEqual([]);
  }, 240_000);
});
