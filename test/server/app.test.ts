// Routes through the real Hono app without a socket (`app.request`), on the variation fixture.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { comparisonPhrase } from "../../src/analysis/headlines.ts";
import { SYNTHETIC_CSV_LINE } from "../../src/csv.ts";
import { CONTENT_SECURITY_POLICY } from "../../src/server/app.ts";
import { esc } from "../../src/web/html.ts";

import { ENGLAND_RATE, WAKEFIELD_RATE, webFixture, type WebFixture } from "./fixture.ts";

let f: WebFixture;
beforeAll(async () => {
  f = await webFixture();
});
afterAll(() => f.store.close());

const get = (path: string, init?: RequestInit) => f.app.request(path, init);

describe("pages", () => {
  it("home: headlines exactly as the analysis words them, vintage, synthetic label, security headers", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    const v = await f.data.variation("admitted", "all", "commissioner");
    expect(v.headlines.length).toBeGreaterThan(0);
    for (const h of v.headlines) expect(html).toContain(esc(h));
    expect(html).toContain("Synthetic demonstration data, not real NHS figures");
    expect(html).toContain("March 2021 to April 2021");
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/); // no inline script
    expect(html).not.toMatch(/\sstyle="/); // no inline style (CSP style-src 'self')
    expect(html).not.toMatch(/https?:\/\/(?!www\.nationalarchives)/); // no CDN or other origins
  });

  it("area page: Wakefield's rate, interval and comparison with England, from the fixture by hand", async () => {
    const res = await get("/area/03R/");
    expect(res.status).toBe(200);
    const html = (await res.text()).replace(/\s+/g, " ");
    expect(WAKEFIELD_RATE).toBeCloseTo(1.2799, 4);
    expect(html).toContain(
      `treated ${WAKEFIELD_RATE.toFixed(2)} patients per 1,000 people a month`,
    );
    expect(html).toContain(`England rate of ${ENGLAND_RATE.toFixed(2)}`);
    // The comparison is the analysis's own (funnel-based), worded by its own phrase.
    const v = await f.data.variation("admitted", "all", "commissioner");
    const w = v.areas.find((a) => a.code === "03R");
    expect(w?.rate).toBeCloseTo(WAKEFIELD_RATE, 10);
    expect(html).toContain(comparisonPhrase(w?.comparedToEngland ?? "similar", v.england.rate));
    expect(html).toContain('href="../../area/QWO/"'); // its ICS, by a relative link
    expect(html).toContain('<img class="rw-chart" src="spc.svg"');
    for (const kind of ["svg", "png", "csv", "xlsx"]) expect(html).toContain(`href="spc.${kind}"`);
  });

  it("ICB and region pages list the areas within them", async () => {
    const icb = await (await get("/area/QWO/")).text();
    for (const code of ["03R", "15F", "02T"]) expect(icb).toContain(`href="../../area/${code}/"`);
    // Every area is labelled one way: its place, then its code.
    for (const label of ["Wakefield (03R)", "Leeds (15F)", "Calderdale (02T)"])
      expect(icb).toContain(`>${label}</a>`);
    const region = await get("/area/Y63/");
    expect(region.status).toBe(200);
    expect(await region.text()).toContain('href="../../area/QWO/"');
  });

  it("canonical addresses: lower-case codes and missing slashes redirect", async () => {
    const lower = await get("/area/03r/");
    expect(lower.status).toBe(301);
    expect(lower.headers.get("location")).toBe("/area/03R/");
    const noSlash = await get("/area/03R");
    expect(noSlash.status).toBe(301);
    expect(noSlash.headers.get("location")).toBe("/area/03R/");
  });

  it("indicator page: league table, switches as links, the no-JS sort, bad sort → 400", async () => {
    const windowId = (await f.data.windows())[0]?.id ?? "";
    expect(windowId).toBe("2021-03-2021-04");
    const redirect = await get("/indicator/?measure=admitted&specialty=all&level=icb");
    expect(redirect.headers.get("location")).toBe(`/indicator/admitted/all/icb/${windowId}/`);
    // The order is in the path (a file of its own in the static site); ?sort= moves there.
    const moved = await get(`/indicator/admitted/all/commissioner/${windowId}/?sort=name`);
    expect(moved.status).toBe(301);
    expect(moved.headers.get("location")).toBe(
      `/indicator/admitted/all/commissioner/${windowId}/by-name/`,
    );
    const byRank = (
      await (await get(`/indicator/admitted/all/commissioner/${windowId}/`)).text()
    ).replace(/\s+/g, " ");
    expect(byRank).toContain(
      `<a href="../../../../../indicator/admitted/all/commissioner/${windowId}/by-name/">name</a>`,
    );
    const res = await get(`/indicator/admitted/all/commissioner/${windowId}/by-name/`);
    expect(res.status).toBe(200);
    const html = (await res.text()).replace(/\s+/g, " ");
    expect(html).toContain(`href="../../../../../../indicator/admitted/all/icb/${windowId}/"`);
    // Its charts and downloads are the default view's, one folder up.
    expect(html).toContain(`src="../league-table.svg"`);
    expect(html).toContain(`href="../funnel.csv"`);
    expect(html).toContain(
      `<a href="../../../../../../indicator/admitted/all/commissioner/${windowId}/">rank</a>`,
    );
    const names = [...html.matchAll(/data-sort="([^"]+)" ?> ?<a href="(?:\.\.\/){6}area\//g)].map(
      (m) => m[1],
    );
    expect(names).toEqual([...names].sort((a, b) => (a ?? "").localeCompare(b ?? "")));
    expect(names).toHaveLength(6);
    expect((await get(`/indicator/admitted/all/commissioner/${windowId}/by-size/`)).status).toBe(
      404,
    );
    const bad = await get(`/indicator/admitted/all/commissioner/${windowId}/?sort=%3Cscript%3E`);
    expect(bad.status).toBe(400);
    const badHtml = (await bad.text()).replace(/\s+/g, " ");
    expect(badHtml).toContain("sort must be rank, rate or name, not &quot;&lt;script&gt;&quot;");
    expect(badHtml).not.toContain("<script>");
  });

  it("compare: 2 to 6 areas side by side; a GET form redirects to the canonical address", async () => {
    const form = await get("/compare/?a=03R&a=15f");
    expect(form.headers.get("location")).toBe("/compare/03R+15F/");
    const res = await get("/compare/03R+15F/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(WAKEFIELD_RATE.toFixed(2));
    expect(html).toContain("Comparison of Wakefield (03R), Leeds (15F)");
    expect((await get("/compare/03R/")).status).toBe(400);
    expect((await get("/compare/03R+03R/")).status).toBe(400);
    expect((await get("/compare/03R+15F+02T+11J+12F+05W+ZZZ/")).status).toBe(400);
  });

  it("your area: a postcode resolves through its sector's GP practices and says what 'your area' means", async () => {
    const html = await (await get("/my-area/?q=wf1%201aa")).text();
    expect(html).toContain("Postcode WF1 1AA");
    expect(html).toContain('href="../area/03R/"');
    expect(html).toContain("follows the GP practice you are registered with");
    const practice = await (await get("/my-area/?q=B87017")).text();
    expect(practice).toContain("TRINITY MEDICAL CENTRE (B87017), WF1 1PG");
    const nothing = await (await get("/my-area/?q=zzzz")).text();
    expect(nothing).toContain("Nothing matches");
    expect((await get(`/my-area/?q=${"x".repeat(101)}`)).status).toBe(400);
  });

  it("unknown pages and areas are NHS-style 404 pages; hostile input is escaped", async () => {
    const res = await get("/nowhere/");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Page not found");
    expect(html).toContain('class="nhsuk-heading-xl"');
    expect((await get("/area/ZZZ/")).status).toBe(404);
    const hostile = await get("/area/%3Csvg%20onload%3Dalert(1)%3E/");
    expect(hostile.status).toBe(400);
    expect(await hostile.text()).not.toContain("<svg onload");
    expect((await get("/area/%E0%A4%A/")).status).toBe(400);
  });

  it("is read-only: POST gets 405", async () => {
    const res = await get("/", { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("ETag and Cache-Control: a repeat with If-None-Match gets 304", async () => {
    const first = await get("/area/03R/");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get("cache-control")).toBe("public, max-age=300");
    const again = await get("/area/03R/", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });
});

describe("downloads", () => {
  it("CSV: the synthetic line, then tidy columns with source, licence and vintage on every row", async () => {
    const res = await get("/area/03R/neighbours.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text()).trim().split("\n");
    expect(lines.shift()).toBe(SYNTHETIC_CSV_LINE);
    const header = lines[0]?.split(",") ?? [];
    expect(header.slice(0, 14).join(",")).toBe(
      "indicator,areaCode,areaName,areaType,parentCode,period,count,denominator,value,lower95,upper95,lower998,upper998,comparedToEngland",
    );
    expect(header.slice(-3)).toEqual(["source", "licence", "vintage"]);
    const wakefield = lines.find((l) => l.includes(",03R,"));
    expect(wakefield).toContain(",2021-03/2021-04,900,351592,");
    expect(Number(wakefield?.split(",")[8])).toBeCloseTo(WAKEFIELD_RATE, 10);
    expect(wakefield).toContain("Open Government Licence v3.0");
  });

  it("SVG and PNG of a chart carry the source line and the synthetic label", async () => {
    const svg = await (await get("/area/03R/spc.svg")).text();
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Synthetic demonstration data, not real NHS figures.");
    expect(svg).toContain("Open Government Licence");
    const png = Buffer.from(await (await get("/area/03R/spc.png")).arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });

  it("XLSX: the data sheet and an About sheet with source, licence and vintage", async () => {
    const res = await get("/area/03R/waits.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const about = wb.getWorksheet("About");
    const rows = new Map<string, string>();
    about?.eachRow((r) => rows.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(rows.get("licence")).toContain("Open Government Licence v3.0");
    expect(rows.get("vintage")).toContain("data to 2021-04");
    expect(rows.get("synthetic")).toContain("yes");
    expect(wb.getWorksheet("Data")?.getRow(1).getCell(2).value).toBe("areaCode");
    expect(wb.getWorksheet("Data")?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(about?.getRow(2).getCell(1).font?.bold).toBe(true);
  });

  it("a table has no SVG; an unknown figure is a 404", async () => {
    expect((await get("/area/03R/waits.svg")).status).toBe(400);
    expect((await get("/area/03R/nothing.csv")).status).toBe(404);
  });
});

describe("API", () => {
  it("areas with parents and children; CORS for GET", async () => {
    const res = await get("/api/v1/areas.json");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as {
      areas: Array<{ code: string; parentCode: string | null; children: string[] }>;
      synthetic: boolean;
    };
    expect(body.synthetic).toBe(true);
    const wakefield = body.areas.find((a) => a.code === "03R");
    expect(wakefield?.parentCode).toBe("QWO");
    expect(body.areas.find((a) => a.code === "QWO")?.children.sort()).toEqual([
      "02T",
      "03R",
      "15F",
    ]);
    const one = (await (await get("/api/v1/areas/QWO.json")).json()) as {
      area: { parent: { code: string } };
    };
    expect(one.area.parent.code).toBe("Y63");
  });

  it("values: tidy rows, filtered by area, level and period, as JSON and CSV", async () => {
    const body = (await (
      await get("/api/v1/values/admitted/all.json?area=03R&level=commissioner")
    ).json()) as {
      rows: Array<{ areaCode: string; value: number; count: number; denominator: number }>;
    };
    expect(body.rows.map((r) => r.areaCode)).toEqual(["E92000001", "03R"]);
    expect(body.rows[1]?.value).toBeCloseTo(WAKEFIELD_RATE, 10);
    expect(body.rows[0]?.value).toBeCloseTo(ENGLAND_RATE, 10);
    const csv = await (
      await get("/api/v1/values/admitted/all.csv?period=2021-03-2021-04&level=region")
    ).text();
    expect(csv.split("\n")[0]).toBe(SYNTHETIC_CSV_LINE);
    expect(csv.split("\n")[1]).toContain("indicator,areaCode,areaName,areaType");
    expect(csv).toContain(",Y63,");
  });

  it("bad parameters are 400 with a JSON message; unknown routes 404", async () => {
    const bad = await get("/api/v1/values/admitted/all.json?level=ward");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { status: 400, message: 'unknown level "ward" (choose commissioner, icb, region)' },
    });
    const unknownParam = await get("/api/v1/areas.json?colour=red");
    expect(unknownParam.status).toBe(400);
    expect(((await unknownParam.json()) as { error: { message: string } }).error.message).toBe(
      'unknown parameter "colour" (this route takes level)',
    );
    expect((await get("/api/v1/values/admitted/hernia.json")).status).toBe(400);
    const missing = await get("/api/v1/nothing.json");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/json");
  });

  it("an OpenAPI 3.1 document lists every route", async () => {
    const doc = (await (await get("/api/v1/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/v1/values/{measure}/{specialty}.json");
  });
});
