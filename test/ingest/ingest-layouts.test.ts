import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ingestPaths } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";

import {
  fixtureCsv,
  rowTotals,
  sampleRows,
  tempDir,
  writeFixture,
  type FixtureOptions,
  type FixtureRow,
} from "./rtt-fixture.ts";

/** Part totals the status should show: Total All over the non-C_999 rows, computed from the rows. */
function expectedTotals(rows: FixtureRow[]): Record<string, number> {
  const out: Record<string, number> = { Part_1A: 0, Part_1B: 0, Part_2: 0, Part_2A: 0, Part_3: 0 };
  for (const r of rows)
    if (r.tf !== "C_999") out[r.part] = (out[r.part] ?? 0) + (rowTotals(r).totalAll ?? 0);
  return out;
}

let store: Store;
let dir: string;
beforeEach(async () => {
  store = await Store.open(":memory:");
  dir = tempDir();
});
afterEach(() => store.close());

async function ingestOne(name: string, o: FixtureOptions) {
  const path = writeFixture(dir, name, fixtureCsv(o));
  const summary = await ingestPaths(store, [path]);
  const status = await readStatus(store);
  return { summary, period: status.periods[0] };
}

describe("header eras", () => {
  it("reads the April 2021 layout (105 bands to Gt 104 Weeks)", async () => {
    const rows = sampleRows();
    const { period } = await ingestOne("a.csv", { rows });
    expect(period).toMatchObject({
      month: "2024-11",
      era: "2021-04",
      bandCount: 105,
      topBandStart: 104,
      rows: rows.length,
      warnings: 0,
    });
    expect(period?.totals).toEqual(expectedTotals(rows));
  });

  it("reads the October 2017 – March 2021 layout (53 bands to Gt 52 Weeks)", async () => {
    const rows = sampleRows(2);
    const { period } = await ingestOne("b.csv", {
      era: "2017-10",
      period: "RTT-October-2019",
      rows,
    });
    expect(period).toMatchObject({
      month: "2019-10",
      era: "2017-10",
      bandCount: 53,
      topBandStart: 52,
      warnings: 0,
    });
    expect(period?.totals).toEqual(expectedTotals(rows));
    const band = await store.one<{ len: number; open: number }>(
      `SELECT len(bands) AS len, bands[53] AS open FROM rtt_row
       WHERE part = 'Part_2' AND tf_code = 'C_100'`,
    );
    expect(band).toEqual({ len: 53, open: 2 });
  });

  const preamble = ['"18wksRTT - Monthly EXTRACTS - Apr17 revised",,', "Source: NHS England,,"];
  it.each([
    { periodName: "RTT-March-2017", year: "2016-17", month: "2017-03", label: "RTT-March-2017" },
    { periodName: "JANUARY", year: "2016-17", month: "2017-01", label: "JANUARY 2016-17" },
    { periodName: "April", year: "2016/17", month: "2016-04", label: "April 2016/17" },
    { periodName: "June", year: "2016", month: "2016-06", label: "June 2016" },
  ])(
    "reads the pre-October 2017 layout with its preamble (Period Name $periodName, Year $year)",
    async ({ periodName, year, month, label }) => {
      const rows = sampleRows();
      const { period } = await ingestOne("old.csv", {
        era: "pre-2017-10",
        period: periodName,
        year,
        preamble,
        rows,
      });
      expect(period).toMatchObject({
        month,
        periodLabel: label,
        era: "pre-2017-10",
        bandCount: 53,
        topBandStart: 52,
        warnings: 0,
      });
      expect(period?.totals).toEqual(expectedTotals(rows));
    },
  );
});

describe("file quirks", () => {
  it.each<[string, Partial<FixtureOptions>]>([
    ["a UTF-8 byte-order mark", { bom: true }],
    ["CRLF line ends", { eol: "\r\n" }],
    ["a BOM and CRLF together", { bom: true, eol: "\r\n" }],
    ["an upper-case period", { period: "RTT-NOVEMBER-2024" }],
    ["a lower-case period", { period: "rtt-november-2024" }],
  ])("reads a file with %s", async (_, quirk) => {
    const rows = sampleRows(3);
    const { period } = await ingestOne("q.csv", { rows, ...quirk });
    expect(period).toMatchObject({ month: "2024-11", rows: rows.length, warnings: 0 });
    expect(period?.totals).toEqual(expectedTotals(rows));
  });

  it("reads quoted fields holding commas and quotes", async () => {
    const name = 'NHS BATH, SWINDON AND "WILTSHIRE"';
    const rows = sampleRows().map((r) => ({ ...r, commissionerName: name }));
    const { period } = await ingestOne("quoted.csv", { rows });
    expect(period?.totals).toEqual(expectedTotals(rows));
    const names = await store.all(`SELECT DISTINCT commissioner_name AS n FROM rtt_row`);
    expect(names).toEqual([{ n: name }]);
  });

  it("reads blank band cells as 0, keeps blank totals NULL, and all-blank bands as NULL", async () => {
    const rows: FixtureRow[] = [
      { part: "Part_2", tf: "C_100", bands: { 2: 4, 7: 1 }, blank: true },
      { part: "Part_1A", tf: "C_100", bands: { 0: 1 }, blank: true },
      { part: "Part_1B", tf: "C_100", blank: true, total: 0, unknown: 2, totalAll: 2 },
      { part: "Part_3", tf: "C_100", totalAll: 9 },
    ];
    await ingestOne("blank.csv", { rows });
    const got = await store.all<{ part: string; bands: number[] | null; total: number | null }>(
      `SELECT part, bands, total, unknown_start AS unknown, total_all AS "totalAll"
       FROM rtt_row ORDER BY part`,
    );
    const zeros = (set: Record<number, number>) =>
      Array.from({ length: 105 }, (_, i) => set[i] ?? 0);
    expect(got).toEqual([
      { part: "Part_1A", bands: zeros({ 0: 1 }), total: 1, unknown: 0, totalAll: 1 },
      { part: "Part_1B", bands: null, total: 0, unknown: 2, totalAll: 2 },
      { part: "Part_2", bands: zeros({ 2: 4, 7: 1 }), total: null, unknown: null, totalAll: 5 },
      { part: "Part_3", bands: null, total: null, unknown: null, totalAll: 9 },
    ]);
  });

  it("finds week bands by name, whatever their column order", async () => {
    const rows = sampleRows();
    const text = fixtureCsv({ era: "2017-10", period: "RTT-May-2019", rows });
    // Move the 0–1 week band column to the end of every line.
    const moved = text
      .trimEnd()
      .split("\n")
      .map((line) => {
        const cells = line.split(",");
        const [band] = cells.splice(13, 1);
        return [...cells, band].join(",");
      })
      .join("\n");
    await ingestPaths(store, [writeFixture(dir, "moved.csv", `${moved}\n`)]);
    const status = await readStatus(store);
    expect(status.periods[0]?.totals).toEqual(expectedTotals(rows));
    const first = await store.one<{ b: number }>(
      `SELECT bands[1] AS b FROM rtt_row WHERE part = 'Part_2' AND tf_code = 'C_100'`,
    );
    expect(first).toEqual({ b: 5 });
  });

  it("marks a period synthetic when a provider's name says SYNTHETIC", async () => {
    const rows = sampleRows().map((r) => ({ ...r, providerName: "SYNTHETIC TRUST 1" }));
    const { summary, period } = await ingestOne("synthetic.csv", { rows });
    expect(summary.periods[0]?.synthetic).toBe(true);
    expect(period?.synthetic).toBe(true);
  });
});
