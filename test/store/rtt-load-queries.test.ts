import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { headerColumns, parseBandColumn } from "../../src/ingest/layout.ts";
import { Store } from "../../src/store/db.ts";
import {
  firstBadCountRow,
  firstCsvReject,
  stageRttCsv,
  type RttColumnMap,
} from "../../src/store/rtt-load-queries.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";
import { replaceRttPeriod } from "../../src/store/rtt-replace-queries.ts";
import { fixtureCsv, sampleRows, tempDir, writeFixture } from "../ingest/rtt-fixture.ts";

const columns = headerColumns("2021-04");
const bands = columns.filter((c) => parseBandColumn(c));
const map: RttColumnMap = {
  period: "Period",
  providerParentCode: "Provider Parent Org Code",
  providerParentName: "Provider Parent Name",
  providerCode: "Provider Org Code",
  providerName: "Provider Org Name",
  commissionerParentCode: "Commissioner Parent Org Code",
  commissionerParentName: "Commissioner Parent Name",
  commissionerCode: "Commissioner Org Code",
  commissionerName: "Commissioner Org Name",
  part: "RTT Part Type",
  partDescription: "RTT Part Description",
  tfCode: "Treatment Function Code",
  tfName: "Treatment Function Name",
  bands,
  total: "Total",
  unknownStart: "Patients with unknown clock start date",
  totalAll: "Total All",
};
const record = {
  month: "2024-11",
  periodLabel: "RTT-November-2024",
  era: "2021-04",
  bandCount: 105,
  topBandStart: 104,
  sourceFile: "x.csv",
  checksum: "abc",
  revised: false,
  loadedAt: new Date("2026-01-15T12:00:00Z"),
};

let store: Store;
let dir: string;
beforeEach(async () => {
  store = await Store.open(":memory:");
  dir = tempDir();
});
afterEach(() => store.close());

const stage = (text: string) =>
  stageRttCsv(store, {
    csvPath: writeFixture(dir, "s.csv", text),
    columns,
    map,
    skip: 0,
  });

describe("RTT load queries", () => {
  it("stages every row and replaces a period, recording its facts", async () => {
    const rows = sampleRows();
    expect(await stage(fixtureCsv({ rows }))).toBe(rows.length);
    const result = await replaceRttPeriod(store, record);
    expect(result).toEqual({ rows: rows.length, warnings: 0, synthetic: false });
    const period = await store.one(
      `SELECT band_count, top_band_start, source_file, checksum, row_count,
              strftime(loaded_at, '%Y-%m-%dT%H:%M:%S') AS loaded_at FROM rtt_period`,
    );
    expect(period).toEqual({
      band_count: 105,
      top_band_start: 104,
      source_file: "x.csv",
      checksum: "abc",
      row_count: rows.length,
      loaded_at: "2026-01-15T12:00:00",
    });
  });

  it("rolls the whole period back when the insert fails half way", async () => {
    await stage(fixtureCsv({ rows: sampleRows() }));
    await replaceRttPeriod(store, record);
    const before = JSON.stringify(await readStatus(store));
    // A blank provider code stages as NULL (the ingest checks would refuse it first) and breaks
    // rtt_row's NOT NULL on the last row of the INSERT, after the DELETE ran in the transaction.
    const rows = sampleRows(5);
    const last = rows.length - 1;
    rows[last] = { ...rows[last]!, cells: { "Provider Org Code": "" } };
    await stage(fixtureCsv({ rows }));
    await expect(replaceRttPeriod(store, { ...record, checksum: "def" })).rejects.toThrow(
      /NOT NULL/,
    );
    expect(JSON.stringify(await readStatus(store))).toBe(before);
    const n = await store.one<{ n: number }>("SELECT count(*) AS n FROM rtt_row");
    expect(n?.n).toBe(sampleRows().length);
  });

  it("stages rows in rtt_row's shape, bands from a list of the band columns", async () => {
    const rows = sampleRows();
    rows[0] = { ...rows[0]!, cells: { "Gt 02 To 03 Weeks SUM 1": "", Total: "" } };
    await stage(fixtureCsv({ rows }));
    const first = await store.one(
      `SELECT period, year, provider_code, part, tf_code, len(bands) AS n, bands[1] AS b0,
              bands[3] AS b2, total, total_all FROM rtt_stage WHERE rowid = 0`,
    );
    expect(first).toEqual({
      period: "RTT-November-2024",
      year: null,
      provider_code: "RBD",
      part: "Part_1A",
      tf_code: "C_100",
      n: 105,
      b0: 2,
      b2: 0,
      total: null,
      total_all: 4,
    });
  });

  it("keeps the raw count cells of a row with a bad count", async () => {
    const rows = sampleRows();
    rows[2] = { ...rows[2]!, cells: { "Total All": "4.0", "Gt 01 To 02 Weeks SUM 1": "" } };
    await stage(fixtureCsv({ rows }));
    const bad = await firstBadCountRow(store);
    expect(bad?.rowid).toBe(2);
    expect(bad?.cells).toHaveLength(108);
    // rows[2] is the Part_1A C_999 row: 2 patients in the 0–1 week band.
    expect(bad?.cells.slice(0, 3)).toEqual(["2", null, "0"]);
    expect(bad?.cells[107]).toBe("4.0");
  });

  it("records lines DuckDB cannot read with their physical line number", async () => {
    const lines = fixtureCsv({ rows: sampleRows() }).split("\n");
    lines[4] = `${lines[4]},extra`;
    await stage(lines.join("\n"));
    expect(await firstCsvReject(store)).toMatchObject({ line: 5, errorType: "TOO MANY COLUMNS" });
  });
});
