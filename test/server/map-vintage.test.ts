// The web's maps draw the geography in force at the end of the window shown: an indicator page for
// financial year 2025/26 draws the April 2023 sub-ICB shapes (Frimley, D4U1Y), the latest 12
// months (to April 2026) the April 2026 ones (U2G6B). A generated store of 12 sub-ICB locations
// whose codes are the same in both vintages, April 2025 to April 2026.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMonths } from "../../src/months.ts";
import { createApp } from "../../src/server/app.ts";
import { SiteData } from "../../src/server/data.ts";
import type { Store } from "../../src/store/db.ts";
import { buildRttStore, type RttRowSpec } from "../helpers/rtt-store.ts";

import { NOW } from "./fixture.ts";

const CODES = ["03R", "00L", "00N", "00P", "00Q", "00R", "00T", "00V", "00X", "00Y", "01A", "01D"];
const MONTHS = Array.from({ length: 13 }, (_, i) => addMonths("2025-04", i));
const ROWS: RttRowSpec[] = CODES.flatMap((commissioner, k) =>
  MONTHS.map((month): RttRowSpec => ({
    month,
    commissioner,
    provider: "RXX",
    part: "Part_1A",
    bands: { 5: 100 + 20 * k },
  })),
);

let store: Store;
let app: ReturnType<typeof createApp>;
let data: SiteData;
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

describe("web maps by the window's geography", () => {
  it("offers the latest 12 months and financial year 2025/26", async () => {
    const windows = await data.windows();
    expect(windows.map((w) => [w.from, w.to])).toEqual([
      ["2025-05", "2026-04"],
      ["2025-04", "2026-03"],
    ]);
  });

  it("financial year 2025/26: the April 2023 shapes; the latest 12 months and the home page: April 2026's", async () => {
    const [latest, fy] = await data.windows();
    // The pages show the map as an image, map.svg beside them.
    const fyPage = await page(`/indicator/admitted/all/commissioner/${fy?.id ?? ""}/map.svg`);
    expect(fyPage).toContain("NHS Frimley ICB - D4U1Y: no data");
    expect(fyPage).not.toContain("U2G6B");
    for (const path of [
      `/indicator/admitted/all/commissioner/${latest?.id ?? ""}/map.svg`,
      "/map.svg",
    ]) {
      const html = await page(path);
      expect(html, path).toContain("NHS Thames Valley ICB - U2G6B: no data");
      expect(html, path).not.toContain("D4U1Y");
    }
  }, 60_000);
});
