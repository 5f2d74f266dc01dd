// The demo zips load through the real ingest in every header era with no consistency warnings.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { writeDemoData } from "../../src/demo/index.ts";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";

import { demoMonth, national } from "./demo-csv.ts";

describe("demo data through the ingest", () => {
  it.each([
    ["2016-09", "pre-2017-10", 53],
    ["2020-04", "2017-10", 53],
    ["2022-07", "2021-04", 105],
  ])(
    "%s loads as era %s with %d bands, flagged synthetic, no warnings",
    async (month, era, bands) => {
      const dir = mkdtempSync(join(tmpdir(), "rationwatch-demo-ingest-"));
      const { files } = await writeDemoData({ outDir: dir, from: month, to: month });
      const store = await Store.open(":memory:");
      try {
        const summary = await ingestPaths(store, files);
        expect(summary.warnings).toEqual([]);
        expect(summary.commissioners).toBe(108);
        const [p] = (await readStatus(store)).periods;
        expect(p?.month).toBe(month);
        expect(p?.era).toBe(era);
        expect(p?.bandCount).toBe(bands);
        expect(p?.synthetic).toBe(true);
        const csv = demoMonth(month);
        expect(p?.rows).toBe(csv.rows.length);
        expect(p?.totals).toEqual(national(csv).totals);
      } finally {
        store.close();
      }
    },
  );
});
