// Missing submissions on the pages: the home page names the latest month's trusts that did not
// submit, an incomplete area's page says so and names them, and the league table lists it unranked.
// A generated store of 12 CCGs in which provider RYY (a fifth of Wakefield's usual activity)
// submits nothing in the latest month, July 2021.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseCsv } from "../../src/csv.ts";
import { deprivationSentences } from "../../src/report/text.ts";
import { createApp } from "../../src/server/app.ts";
import { SiteData } from "../../src/server/data.ts";
import type { Store } from "../../src/store/db.ts";
import { esc } from "../../src/web/html.ts";
import { rowsWithRyyIn } from "../helpers/incomplete-area.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import { NOW } from "./fixture.ts";

const MONTHS = ["2021-05", "2021-06", "2021-07"];
const ROWS = rowsWithRyyIn(MONTHS, ["2021-05", "2021-06"]);

let store: Store;
let data: SiteData;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  store = await buildRttStore(ROWS);
  data = new SiteData(store, { now: () => NOW });
  app = createApp({ data });
});
afterAll(() => store.close());

const page = async (path: string) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe("deprivation on area pages", () => {
  it("a sub-ICB location's IMD 2025 fifth and the gradient sentences, as the report words them", async () => {
    const v = await data.variation("admitted", "all", "commissioner");
    const q = v.deprivation?.quintiles.find((x) => x.codes.includes("00L"));
    expect(q).toBeDefined();
    const html = await page("/area/00L/");
    expect(html).toContain(`is in deprivation fifth ${esc(q?.label ?? "?")} of the`);
    for (const sentence of deprivationSentences(v)) expect(html).toContain(esc(sentence));
  });
});

describe("completeness on the pages", () => {
  it("the analysis finds Wakefield incomplete (the premise of the page tests)", async () => {
    const v = await data.variation("admitted", "all", "commissioner");
    expect(v.areas.map((a) => a.code)).not.toContain("03R");
    expect(v.completeness?.incomplete.map((a) => a.code)).toEqual(["03R"]);
    const july = v.completeness?.nonSubmitters.find((m) => m.month === "2021-07");
    expect(july?.providers.map((p) => p.code)).toEqual(["RYY"]);
  });

  it("home names the latest month's trusts that did not submit", async () => {
    const html = await page("/");
    const list = html.slice(html.indexOf("Trusts that did not submit in full"));
    expect(list).toMatch(/Trusts that did not submit in full,\s+July 2021/);
    expect(list.slice(0, 600)).toContain("(RYY)");
  });

  it("the incomplete area's page gives its rate unranked, the reason and the missing trust", async () => {
    const v = await data.variation("admitted", "all", "commissioner");
    const inc = v.completeness?.incomplete[0];
    const html = await page("/area/03R/");
    expect(html).toContain("this figure is incomplete and is not ranked or compared with England");
    expect(html).toContain(esc(`${inc?.reason ?? "?"}.`));
    expect(html).toMatch(/Incomplete data[\s\S]*RYY/);
    expect(html).not.toContain("Ranked against the");
    // A complete area says it is complete.
    const northumberland = await page("/area/00L/");
    expect(northumberland).toContain("Complete: no trust that normally provides more than");
    // Headed by the label every table and sentence uses (analysis/labels.ts), place and code.
    expect(html).toMatch(/<h1 class="nhsuk-heading-xl">Wakefield \(03R\)<\/h1>/);
    expect(northumberland).toMatch(/<h1 class="nhsuk-heading-xl">Northumberland \(00L\)<\/h1>/);
  });

  it("the league table lists the incomplete area as not ranked, with the reason", async () => {
    const w = (await data.windows())[0]?.id ?? "";
    const html = await page(`/indicator/admitted/all/commissioner/${w}/`);
    expect(html).toMatch(/Not ranked<\/strong>\s*<\/td>\s*<td[^>]*>\s*<a href="[./]*area\/03R\/"/);
    expect(html).toMatch(/1 area is not ranked/);
  });

  it("the API's value CSV and JSON say which areas are incomplete and why, as the CLI's CSV does", async () => {
    const v = await data.variation("admitted", "all", "commissioner");
    const reason = v.completeness?.incomplete[0]?.reason ?? "?";
    const csv = await page("/api/v1/values/admitted/all.csv?level=commissioner");
    const [header = "", ...lines] = csv.trimEnd().split("\n");
    const cols = header.split(",");
    expect(cols.slice(-4)).toEqual(["completeness", "incompleteReason", "source", "licence"]);
    const rows = lines.map((l) => parseCsv(l)[0] ?? []);
    const wakefield = rows.find((r) => r[cols.indexOf("areaCode")] === "03R");
    expect(wakefield?.[cols.indexOf("completeness")]).toBe("incomplete");
    expect(wakefield?.[cols.indexOf("incompleteReason")]).toBe(reason);
    expect(wakefield?.[cols.indexOf("comparedToEngland")]).toBe("");
    const bolton = rows.find((r) => r[cols.indexOf("areaCode")] === "00T");
    expect(bolton?.[cols.indexOf("completeness")]).toBe("complete");
    expect(bolton?.[cols.indexOf("incompleteReason")]).toBe("");
    const json = JSON.parse(
      await page("/api/v1/values/admitted/all.json?area=03R&level=commissioner"),
    ) as {
      rows: Array<{ areaCode: string; completeness: string; incompleteReason: string }>;
    };
    const row = json.rows.find((r) => r.areaCode === "03R");
    expect([row?.completeness, row?.incompleteReason]).toEqual(["incomplete", reason]);
    const meta = JSON.parse(await page("/api/v1/metadata.json")) as { columns: string[] };
    expect(meta.columns.slice(-2)).toEqual(["completeness", "incompleteReason"]);
  });

  it("an incomplete ICB and region have pages (by their codes) that say so, and the region table links them", async () => {
    for (const code of ["QWO", "Y63"]) {
      const html = await page(`/area/${code}/`);
      expect(html, code).toContain(
        "this figure is incomplete and is not ranked or compared with England",
      );
      expect(html, code).toContain("includes 03R, whose providers did not all submit (RYY)");
    }
    const moved = await app.request("/indicator/admitted/all/region/");
    const table = await page(moved.headers.get("location") ?? "?");
    expect(table).toContain('/area/Y63/"');
    expect(table).not.toMatch(/\/area\/[^"/]*\s/);
  });
});
