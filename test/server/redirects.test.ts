// Old area codes move permanently to their successor in the current geography: through the
// store's crosswalk (a former CCG merged into another) and the shipped vintages' ICB mergers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { importCrosswalk } from "../../src/geo/crosswalk.ts";
import { codeChanges } from "../../src/geo/successors.ts";

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

  it("a code with no successor is a 404 saying why", async () => {
    const unknown = await f.app.request("/area/ZZ9/");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("no area with code ZZ9");
    // Hertfordshire and West Essex ICB's areas went to two ICBs in April 2026.
    const split = await f.app.request("/area/QM7/");
    expect(split.status).toBe(404);
    expect(await split.text()).toContain(
      "was split from April 2026 between D7T5G and S1Y5D: choose one of those areas",
    );
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
    // Frimley's one sub-ICB location was divided: no successor.
    expect(c.get("D4U1Y")?.to).toEqual([]);
    // Codes that carry on are not changes (every April 2021 CCG code is a July 2022 sub-ICB code).
    expect(c.has("03R")).toBe(false);
    expect(c.has("QWO")).toBe(false);
  });
});
