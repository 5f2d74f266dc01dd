// Old area codes move permanently to their successor in the current geography: through the
// store's crosswalk (a former CCG merged into another) and the shipped vintages' ICB mergers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { importCrosswalk } from "../../src/geo/crosswalk.ts";
import { codeChanges } from "../../src/geo/successors.ts";
import { formerCodeView } from "../../src/web/former-code.ts";
import type { SiteMeta } from "../../src/web/types.ts";

import { webFixture, type WebFixture } from "./fixture.ts";

let f: WebFixture;
beforeAll(async () => {
  f = await webFixture();
  // Two made-up former codes: 9AA merged into 02T (Calderdale), 9BB into 9AA (a chain).
  await importCrosswalk(f.store, [
    { oldCode: "9AA", newCode: "02T", fromMonth: "2020-04", note: "test", source: "test" },
    { oldCode: "9BB", newCode: "9AA", fromMonth: "2019-04", note: "test", source: "test" },
  ]);
});
afterAll(() => f.store.close());

describe("old codes", () => {
  it("a former code redirects (301) to its successor, following chains", async () => {
    for (const old of ["9AA", "9BB", "9bb"]) {
      const res = await f.app.request(`/area/${old}/`);
      expect(res.status, old).toBe(301);
      expect(res.headers.get("location")).toBe(old === "9bb" ? "/area/9BB/" : "/area/02T/");
    }
    expect((await f.app.request("/area/02T/")).status).toBe(200);
  });

  it("an unknown code is a 404 saying so", async () => {
    const unknown = await f.app.request("/area/ZZ9/");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("no area with code ZZ9");
  });

  it("a split or abolished code is a page saying what happened, with its successors", async () => {
    // Hertfordshire and West Essex ICB's areas went to two ICBs in April 2026; Frimley's one
    // sub-ICB location was abolished and divided between three. The fixture's figures (2021)
    // hold none of the successors, so they are named, not linked.
    for (const [code, title, to] of [
      ["QM7", "Hertfordshire and West Essex (QM7) no longer exists", ["D7T5G", "S1Y5D"]],
      ["D4U1Y", "Frimley (D4U1Y) no longer exists", ["92A", "D9Y0V", "U2G6B"]],
    ] as const) {
      const res = await f.app.request(`/area/${code}/`);
      expect(res.status, code).toBe(200);
      const text = (await res.text()).replace(/\s+/g, " ");
      expect(text).toContain(`<h1 class="nhsuk-heading-xl">${title}</h1>`);
      expect(text).toContain("From April 2026 it is no longer used.");
      expect(text).toContain(`divided between ${to.length} areas`);
      for (const c of to)
        expect(text).toContain(`<li>${c} (not an area of this site's figures)</li>`);
    }
  });

  it("the page links each successor that is an area of the figures", () => {
    const change = codeChanges().get("D4U1Y");
    if (!change) throw new Error("D4U1Y missing from the shipped vintages");
    const view = formerCodeView(
      change,
      [
        { code: "92A", name: "NHS Surrey and Sussex ICB - 92A" },
        { code: "D9Y0V", name: null },
        { code: "U2G6B", name: "NHS Buckinghamshire, Oxfordshire and Berkshire West ICB - U2G6B" },
      ],
      { path: "/area/D4U1Y/", base: "../../", meta: {} as SiteMeta },
    );
    expect(view.title).toBe("Frimley (D4U1Y) no longer exists");
    expect(view.body).toContain('<a href="../../area/92A/"');
    expect(view.body).toContain('<a href="../../area/U2G6B/"');
    expect(view.body).not.toContain("area/D9Y0V/");
    expect(view.body).toContain("last used in the geography of sub-ICB location April 2023");
  });

  it("the April 2026 ICB mergers, read from the shipped sub-ICB files (ONS, April 2023 and 2026)", () => {
    const c = codeChanges();
    // North West London (QRV) and North Central London (QMJ) → West and North London (Z9B2Z).
    expect(c.get("QRV")?.to).toEqual(["Z9B2Z"]);
    expect(c.get("QMJ")?.to).toEqual(["Z9B2Z"]);
    // Sussex (QNX) and Surrey Heartlands (QXU) → Surrey and Sussex (S9B9J).
    expect(c.get("QNX")?.to).toEqual(["S9B9J"]);
    expect(c.get("QXU")?.to).toEqual(["S9B9J"]);
    expect(c.get("QM7")?.to).toEqual(["D7T5G", "S1Y5D"]);
    expect(c.get("QM7")?.goneFrom).toBe("2026-04");
    // Frimley's one sub-ICB location was abolished: it went to the three areas whose boundaries
    // changed with it (new ONS codes), and Frimley ICB to those areas' ICBs.
    expect(c.get("D4U1Y")?.to).toEqual(["92A", "D9Y0V", "U2G6B"]);
    expect(c.get("QNQ")?.to).toEqual(["QRL", "S0E4D", "S9B9J"]);
    // Codes that carry on are not changes (every April 2021 CCG code is a July 2022 sub-ICB code).
    expect(c.has("03R")).toBe(false);
    expect(c.has("QWO")).toBe(false);
  });
});
