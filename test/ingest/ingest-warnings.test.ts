import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ingestPaths } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";

import { fixtureCsv, tempDir, withC999, writeFixture, type FixtureRow } from "./rtt-fixture.ts";

let store: Store;
let dir: string;
beforeEach(async () => {
  store = await Store.open(":memory:");
  dir = tempDir();
});
afterEach(() => store.close());

/**
 * Consistent rows (with C_999) plus one row made inconsistent by `bad`, alone in its group; the
 * group's C_999 row copies its Total All, with `c999` making the rest of that row consistent.
 */
async function ingestWith(bad: FixtureRow, c999: Partial<FixtureRow> = {}) {
  const rows = withC999([
    { part: "Part_1A", tf: "C_100", bands: { 0: 2 } },
    { part: "Part_2", tf: "C_100", bands: { 4: 3 } },
    bad,
  ]).map((r) => (r.tf === "C_999" && r.part === bad.part ? { ...r, ...c999 } : r));
  const summary = await ingestPaths(store, [writeFixture(dir, "w.csv", fixtureCsv({ rows }))]);
  return { summary, status: await readStatus(store) };
}

describe("consistency warnings (each triggered once by a fixture made for it)", () => {
  it.each<[string, FixtureRow, Partial<FixtureRow>, string]>([
    [
      "total-vs-bands",
      // Total says 9 but the bands hold 4; Total All = Total + unknown stays consistent.
      { part: "Part_1B", tf: "C_110", bands: { 1: 4 }, total: 9, unknown: 0, totalAll: 9 },
      { bands: { 1: 9 } },
      "RBD / 15F Part_1B C_110: Total 9 but the week bands sum to 4",
    ],
    [
      "total-all-vs-total-plus-unknown",
      { part: "Part_1B", tf: "C_110", bands: { 1: 4 }, total: 4, unknown: 1, totalAll: 7 },
      { unknown: 3 },
      "RBD / 15F Part_1B C_110: Total All 7 but Total + unknown clock start = 5",
    ],
    [
      "total-all-vs-bands",
      { part: "Part_2A", tf: "C_110", bands: { 30: 2 }, totalAll: 3 },
      { bands: { 30: 3 } },
      "RBD / 15F Part_2A C_110: Total All 3 but the week bands sum to 2",
    ],
  ])("%s", async (kind, bad, c999, detail) => {
    const { summary, status } = await ingestWith(bad, c999);
    expect(summary.warnings).toEqual([{ month: "2024-11", kind, detail }]);
    expect(summary.periods[0]?.warnings).toBe(1);
    expect(status.periods[0]?.warnings).toBe(1);
    expect(status.periods[0]?.warningList).toEqual([{ month: "2024-11", kind, detail }]);
  });

  it("c999-vs-treatment-functions", async () => {
    const rows = withC999([
      { part: "Part_2", tf: "C_100", bands: { 4: 3 } },
      { part: "Part_2", tf: "C_110", bands: { 9: 2 } },
    ]);
    const c999 = rows.find((r) => r.tf === "C_999") as FixtureRow;
    c999.bands = { 4: 3, 9: 3 };
    c999.totalAll = 6;
    const summary = await ingestPaths(store, [writeFixture(dir, "c.csv", fixtureCsv({ rows }))]);
    expect(summary.warnings).toEqual([
      {
        month: "2024-11",
        kind: "c999-vs-treatment-functions",
        detail: "RBD / 15F Part_2: C_999 Total All 6 but the treatment functions sum to 5",
      },
    ]);
  });

  it("loads the rows even when they warn", async () => {
    const { status } = await ingestWith(
      { part: "Part_2A", tf: "C_110", bands: { 30: 2 }, totalAll: 3 },
      { bands: { 30: 3 } },
    );
    expect(status.periods[0]?.rows).toBe(6);
    expect(status.periods[0]?.totals.Part_2A).toBe(3);
  });

  it("replaces a period's warnings when it is loaded again", async () => {
    await ingestWith({ part: "Part_2A", tf: "C_110", bands: { 30: 2 }, totalAll: 3 });
    expect((await readStatus(store)).periods[0]?.warnings).toBe(2);
    const rows = withC999([{ part: "Part_2", tf: "C_100", bands: { 4: 3 } }]);
    await ingestPaths(store, [writeFixture(dir, "ok.csv", fixtureCsv({ rows }))]);
    const status = await readStatus(store);
    expect(status.periods[0]?.warnings).toBe(0);
    expect(await store.all("SELECT * FROM rtt_warning")).toEqual([]);
  });
});
