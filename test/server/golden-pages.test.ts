// Golden HTML: one outline per page type (test/golden/web/*.txt, see test/helpers/html-outline.ts),
// rendered by the real app on the web fixtures, so any change in a page's markup or wording is a
// diff to review. Accept an intended change with `RW_UPDATE_GOLDEN=1 npx vitest run
// test/server/golden-pages.test.ts` (or vitest's -u) and read `git diff test/golden/web` before
// committing (CONTRIBUTING.md, Golden files). In CI a missing or changed file fails.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { htmlOutline } from "../helpers/html-outline.ts";

import { registryWebFixture, type RegistryWebFixture } from "./registry-fixture.ts";

const GOLDEN = fileURLToPath(new URL("../golden/web/", import.meta.url));

let f: RegistryWebFixture;
beforeAll(async () => {
  f = await registryWebFixture();
}, 120_000);
afterAll(async () => {
  f?.store.close();
  await f?.registry.close();
});

const PAGES: Array<[string, string, number]> = [
  ["home", "/", 200],
  ["area-sub-icb", "/area/03R/", 200],
  ["area-icb", "/area/QWO/", 200],
  ["area-region", "/area/Y63/", 200],
  ["indicator", "/indicator/admitted/all/commissioner/2021-03-2021-04/", 200],
  [
    "indicator-need-adjusted-by-name",
    "/indicator/admitted/all/commissioner/2021-03-2021-04/need-adjusted-by-name/",
    200,
  ],
  ["indicator-index", "/indicator/", 200],
  ["compare", "/compare/03R+15F/", 200],
  ["my-area", "/my-area/", 200],
  ["my-area-results", "/my-area/?q=Wakefield", 200],
  ["postcode-area", "/my-area/postcodes/WF/", 200],
  ["methodology", "/methodology/", 200],
  ["api-guide", "/api/", 200],
  ["not-found", "/no-such-page/", 404],
  ["bad-request", "/area/%3Cb%3E/", 400],
  ["interventions", "/interventions/", 200],
  ["intervention", "/interventions/inguinal-hernia-repair/", 200],
  ["policy", "/policies/t-03R-hernia/", 200],
  ["scorecards", "/scorecards/", 200],
  ["scorecard-round", "/scorecards/ics-patient-involvement/2025/", 200],
];

describe("golden HTML, one per page type", () => {
  for (const [name, route, status] of PAGES) {
    it(`${name}: ${route}`, async () => {
      const res = await f.app.request(route);
      expect(res.status, route).toBe(status);
      const outline = htmlOutline(await res.text());
      if (process.env["RW_UPDATE_GOLDEN"] === "1") {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(join(GOLDEN, `${name}.txt`), outline);
      }
      await expect(outline).toMatchFileSnapshot(`../golden/web/${name}.txt`);
    });
  }
});
