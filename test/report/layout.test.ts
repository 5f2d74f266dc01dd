// The report page laid out by Chromium (screen at desktop and phone widths, and print): what a
// reader sees, measured rather than inferred from the CSS.
import { existsSync } from "node:fs";

import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderCharts } from "../../src/report/charts/index.ts";
import { renderHtml } from "../../src/report/html.ts";
import { DEFAULT_CHROMIUM } from "../../src/report/pdf.ts";

import { loadFixture } from "./helpers.ts";

const input = loadFixture({ boundaries: true });
const html = renderHtml(input, {
  title: "Layout test",
  now: new Date("2025-05-01T09:00:00Z"),
  synthetic: true,
  charts: renderCharts(input).charts,
});
const hasChromium = existsSync(DEFAULT_CHROMIUM);
if (!hasChromium) console.log(`layout tests not run: no Chromium at ${DEFAULT_CHROMIUM}`);

interface Measures {
  containerLeft: number;
  firstCellTextLeft: number;
  nameSize: number;
  icsSize: number;
  wideMap: boolean;
  phoneMap: boolean;
}

// Runs in the page (the project has no DOM types, so the script is a string).
const MEASURE = `(() => {
  const box = document.querySelector("#league-table-data");
  const range = document.createRange();
  range.selectNodeContents(box.querySelector("th"));
  const areaCell = box.querySelector("tbody tr td:nth-child(2)");
  const visible = (id) => getComputedStyle(document.getElementById(id)).display !== "none";
  return {
    containerLeft: box.getBoundingClientRect().left,
    firstCellTextLeft: range.getBoundingClientRect().left,
    nameSize: parseFloat(getComputedStyle(areaCell).fontSize),
    icsSize: parseFloat(getComputedStyle(areaCell.querySelector(".rw-muted")).fontSize),
    wideMap: visible("figure-map"),
    phoneMap: visible("figure-map-phone"),
  };
})()`;

async function measure(page: Page): Promise<Measures> {
  return (await page.evaluate(MEASURE)) as Measures;
}

describe.runIf(hasChromium)("report.html laid out by Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: DEFAULT_CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const open = async (width: number, media: "screen" | "print") => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media });
    const m = await measure(page);
    await page.close();
    return m;
  };

  it.each([
    [1024, "screen"],
    [375, "screen"],
    [794, "print"],
  ] as const)(
    "at %i px (%s) the league table's first column starts inside its box and the ICS line is smaller than the area name",
    async (width, media) => {
      const m = await open(width, media);
      expect(m.firstCellTextLeft).toBeGreaterThanOrEqual(m.containerLeft);
      expect(m.icsSize).toBeLessThan(m.nameSize);
    },
    60_000,
  );

  it("shows the wide map on a desktop and in print, the phone map on a phone", async () => {
    expect(await open(1024, "screen")).toMatchObject({ wideMap: true, phoneMap: false });
    expect(await open(375, "screen")).toMatchObject({ wideMap: false, phoneMap: true });
    expect(await open(794, "print")).toMatchObject({ wideMap: true, phoneMap: false });
  }, 60_000);
});
