// A store of one national file (as a user holds after ingesting only April 2026): the site serves
// every page and the API without a trend, and says why, instead of answering 400 "a trend needs at
// least two months" on the home page and every area page.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { TREND_NEEDS_TWO_MONTHS } from "../../src/analysis/trend.ts";
import { createApp } from "../../src/server/app.ts";
import { SiteData } from "../../src/server/data.ts";
import { buildSite, fileForRoute } from "../../src/server/site.ts";
import type { Store } from "../../src/store/db.ts";
import { rowsWithRyyIn } from "../helpers/incomplete-area.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import { NOW } from "./fixture.ts";

let store: Store;
let data: SiteData;
let app: ReturnType<typeof createApp>;
const dir = mkdtempSync(join(tmpdir(), "rw-one-month-"));
beforeAll(async () => {
  store = await buildRttStore(rowsWithRyyIn(["2021-07"], ["2021-07"]));
  data = new SiteData(store, { now: () => NOW });
  app = createApp({ data });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  return store.close();
});

const ONE_MONTH_NOTE =
  "The rate over time appears once two or more consecutive months are held; the figures here\n        are for July 2021 only.";

describe("a store of one month", () => {
  it("home and an area page answer 200; the area page gives its rate and says why there is no series", async () => {
    const home = await app.request("/");
    expect(home.status).toBe(200);
    const res = await app.request("/area/03R/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("In July 2021, Wakefield (03R)'s NHS treated");
    expect(html).toContain(ONE_MONTH_NOTE);
    expect(html).toMatch(/ in 1 month; population /);
    expect(html).not.toContain("spc.svg");
  });

  it("the trend API answers with no rows and the reason", async () => {
    const res = await app.request("/api/v1/trend/03R.json");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { note?: string; rows: unknown[] };
    expect(body.rows).toEqual([]);
    expect(body.note).toBe(TREND_NEEDS_TWO_MONTHS);
  });

  it("with a second month the area page draws the series again", async () => {
    const two = await buildRttStore(rowsWithRyyIn(["2021-06", "2021-07"], ["2021-06", "2021-07"]));
    try {
      const html = await (
        await createApp({ data: new SiteData(two, { now: () => NOW }) }).request("/area/03R/")
      ).text();
      expect(html).toContain("spc.svg");
      expect(html).not.toContain("appears once two or more consecutive months are held");
    } finally {
      await two.close();
    }
  });

  it("the static site builds, with the area page and the empty trend file", async () => {
    const out = join(dir, "site");
    await buildSite(app, data, { outDir: out, png: false });
    const area = join(out, fileForRoute("/area/03R/"));
    expect(existsSync(area)).toBe(true);
    expect(readFileSync(area, "utf8")).toContain(ONE_MONTH_NOTE);
    const trend = JSON.parse(
      readFileSync(join(out, fileForRoute("/api/v1/trend/03R.json")), "utf8"),
    ) as {
      rows: unknown[];
    };
    expect(trend.rows).toEqual([]);
  }, 120_000);
});
