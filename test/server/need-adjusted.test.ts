// Crude and need-adjusted views: the league table ranks by either (need-adjusted/ in the URL) and the
// area page states the need-adjusted ratio beside the crude rate, both exactly as the analysis gives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatInterval, formatRate } from "../../src/web/format.ts";

import { webFixture, type WebFixture } from "./fixture.ts";

let f: WebFixture;
beforeAll(async () => {
  f = await webFixture();
});
afterAll(() => f.store.close());

describe("need-adjusted views", () => {
  it("the fixture's areas have need-weighted populations (the premise)", async () => {
    const v = await f.data.variation("admitted", "all", "commissioner");
    expect(v.needAdjusted).not.toBeNull();
    expect(v.areas.find((a) => a.code === "03R")?.needAdjustedRatio).toBeGreaterThan(0);
  });

  it("the league table ranks by the need-adjusted ratio at need-adjusted/ (?basis= moves there); a bad basis is a 400", async () => {
    const v = await f.data.variation("admitted", "all", "commissioner");
    const w = (await f.data.windows())[0]?.id ?? "";
    const path = `/indicator/admitted/all/commissioner/${w}/`;
    const crude = await (await f.app.request(path)).text();
    expect(crude).toContain(`href="../../../../..${path}need-adjusted/"`);
    const moved = await f.app.request(`${path}?basis=need-adjusted`);
    expect(moved.status).toBe(301);
    expect(moved.headers.get("location")).toBe(`${path}need-adjusted/`);
    const res = await f.app.request(`${path}need-adjusted/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Rank (need-adjusted)");
    const byNeed = [...v.areas]
      .filter((a) => a.needAdjustedRank != null)
      .sort((a, b) => (a.needAdjustedRank ?? 0) - (b.needAdjustedRank ?? 0))
      .map((a) => a.code);
    const table = html.slice(html.indexOf("Rank (need-adjusted)"));
    const order = [...table.matchAll(/area\/([0-9A-Z]+)\/"/g)]
      .map((m) => m[1])
      .slice(0, byNeed.length);
    expect(order).toEqual(byNeed);
    const wakefield = v.areas.find((a) => a.code === "03R");
    expect(html).toContain(
      `${formatRate(wakefield?.needAdjustedRatio ?? 0, 2)} (${formatInterval(wakefield?.needAdjustedLower95 ?? null, wakefield?.needAdjustedUpper95 ?? null, 2)})`,
    );
    expect((await f.app.request(`${path}?basis=age`)).status).toBe(400);
  });

  it("the area page gives the need-adjusted ratio beside the crude rate", async () => {
    const v = await f.data.variation("admitted", "all", "commissioner");
    const a = v.areas.find((x) => x.code === "03R");
    const html = (await (await f.app.request("/area/03R/")).text()).replace(/\s+/g, " ");
    expect(html).toContain(
      `it treated ${formatRate(a?.needAdjustedRatio ?? 0, 2)} times England's rate for its need`,
    );
  });
});
