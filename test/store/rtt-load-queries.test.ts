import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { headerColumns, parseBandColumn } from "../../src/ingest/layout.ts";
import { Store } from "../../src/store/db.ts";
import {
  firstCsvReject,
  replaceRttPeriod,
  stageRttCsv,
  type RttColumnMap,
} from "../../src/store/rtt-load-queries.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";
import { fixtureCsv, sampleRows, tempDir, writeFixture } from "../ingest/rtt-fixture.ts";

const columns = headerColumns("2021-04");
const bands = columns.filter((c) => parseBandColumn(c));
const counts = columns.slice(13);
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
    countColumns: counts,
    skip: 0,
  });

describe("RTT load queries", () => {
  it("stages every row and replaces a period, recording its facts", async () => {
    const rows = sampleRows();
    expect(await stage(fixtureCsv({ rows }))).toBe(rows.length);
    const result = await replaceRttPeriod(store, map, record);
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
    await replaceRttPeriod(store, map, record);
    const before = JSON.stringify(await readStatus(store));
    // A week band beyond INTEGER range passes staging (UBIGINT) but fails the INTEGER[] insert,
    // after the DELETE of the old rows has run inside the transaction.
    const rows = sampleRows(5);
    rows[0] = { ...rows[0]!, cells: { "Gt 00 To 01 Weeks SUM 1": "3000000000" } };
    await stage(fixtureCsv({ rows }));
    await expect(replaceRttPeriod(store, map, { ...record, checksum: "def" })).rejects.toThrow();
    expect(JSON.stringify(await readStatus(store))).toBe(before);
    const n = await store.one<{ n: number }>("SELECT count(*) AS n FROM rtt_row");
    expect(n?.n).toBe(sampleRows().length);
  });

  it("records lines DuckDB cannot read with their physical line number", async () => {
    const lines = fixtureCsv({ rows: sampleRows() }).split("\n");
    lines[4] = `${lines[4]},extra`;
    await stage(lines.join("\n"));
    expect(await firstCsvReject(store)).toMatchObject({ line: 5, errorType: "TOO MANY COLUMNS" });
  });
});
