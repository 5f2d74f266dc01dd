// The one-pass load and the staged load must store exactly the same thing: the staged path is what
// words a problem, and a file the one-pass checks are too strict for (a period spelt differently on a later row, say)
// loads through it.
import { fileURLToPath } from "node:url";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { detectHeader } from "../../src/ingest/header.ts";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { PART_TYPES } from "../../src/ingest/layout.ts";
import { readFileHead } from "../../src/ingest/source-file.ts";
import { checkStaged } from "../../src/ingest/validate.ts";
import { Store } from "../../src/store/db.ts";
import { loadRttDirect } from "../../src/store/rtt-direct-load.ts";
import { dropStage, stageRttCsv } from "../../src/store/rtt-load-queries.ts";
import { replaceRttPeriod } from "../../src/store/rtt-replace-queries.ts";

import {
  fixtureCsv,
  sampleRows,
  tempDir,
  withC999,
  writeFixture,
  type FixtureRow,
} from "./rtt-fixture.ts";

const RBD = fileURLToPath(
  new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url),
);

let a: Store;
let b: Store;
beforeEach(async () => {
  a = await Store.open(":memory:");
  b = await Store.open(":memory:");
});
afterEach(() => {
  a.close();
  b.close();
});

async function both(path: string) {
  const { head, complete } = await readFileHead(path, 256 * 1024);
  const header = detectHeader(head.toString("utf8"), path, complete);
  const record = {
    month: header.month,
    periodLabel: header.periodLabel,
    era: header.era,
    bandCount: header.map.bands.length,
    topBandStart: header.topBandStart,
    sourceFile: "x.csv",
    checksum: "abc",
    revised: false,
    loadedAt: new Date("2026-01-15T12:00:00Z"),
  };
  const stage = { csvPath: path, columns: header.columns, map: header.map, skip: header.skip };
  const direct = await loadRttDirect(
    a,
    { ...stage, month: header.month, partTypes: PART_TYPES, ...header.periodCells },
    () => Promise.resolve(record),
  );
  const rows = await stageRttCsv(b, stage);
  await checkStaged(b, { file: path, csvPath: path, header }, rows);
  const staged = await replaceRttPeriod(b, record);
  await dropStage(b);
  return { direct, staged };
}

const dump = async (s: Store) => ({
  rows: await s.all(
    "SELECT * FROM rtt_row ORDER BY provider_code, commissioner_code, part, tf_code",
  ),
  warnings: await s.all("SELECT * FROM rtt_warning ORDER BY rowid"), // inserted in key order
  period: await s.all("SELECT * FROM rtt_period"),
});

describe("one-pass and staged loads store the same rows", () => {
  it("for the real RBD extract", async () => {
    const { direct, staged } = await both(RBD);
    expect(direct).toEqual(staged);
    expect(direct?.rows).toBe(512);
    expect(await dump(a)).toEqual(await dump(b));
  });

  it("for blank bands, blank totals, quoted commas, a multi-line name and warnings", async () => {
    const rows = withC999([
      { part: "Part_1A", tf: "C_100", bands: { 0: 2, 104: 1 }, blank: true },
      { part: "Part_1B", tf: "C_110", bands: { 1: 4 }, total: 9, unknown: 0, totalAll: 9 },
      { part: "Part_2", tf: "C_100", bands: { 30: 3 }, totalAll: 4, providerName: 'A, "B"\nC' },
      { part: "Part_3", tf: "C_100", totalAll: 7 },
      { part: "Part_2A", tf: "C_120", blank: true, totalAll: 0 },
    ]);
    const path = writeFixture(tempDir(), "w.csv", fixtureCsv({ rows, eol: "\r\n", bom: true }));
    const { direct, staged } = await both(path);
    expect(direct).toEqual(staged);
    expect(direct?.warnings).toBeGreaterThan(1);
    expect(await dump(a)).toEqual(await dump(b));
  });

  it("for a file whose only warning is a C_999 row disagreeing with its treatment functions", async () => {
    // No row fails a row-level check, so the one-pass load runs only the C_999 check.
    const rows: FixtureRow[] = [
      { part: "Part_1A", tf: "C_100", bands: { 0: 2, 3: 1 } },
      { part: "Part_1A", tf: "C_110", bands: { 1: 4 } },
      { part: "Part_1A", tf: "C_999", bands: { 0: 2, 1: 4, 3: 2 } },
      { part: "Part_3", tf: "C_100", totalAll: 7 },
    ];
    const path = writeFixture(tempDir(), "c.csv", fixtureCsv({ rows }));
    const { direct, staged } = await both(path);
    expect(direct).toEqual(staged);
    expect(await a.all("SELECT kind, detail FROM rtt_warning")).toEqual([
      {
        kind: "c999-vs-treatment-functions",
        detail: "RBD / 15F Part_1A: C_999 Total All 8 but the treatment functions sum to 7",
      },
    ]);
    expect(await dump(a)).toEqual(await dump(b));
  });

  it("returns undefined, leaving the store as it was, for a file it cannot vouch for", async () => {
    const path = writeFixture(
      tempDir(),
      "s.csv",
      fixtureCsv({
        rows: sampleRows().map((r, i) =>
          i === 3 ? { ...r, cells: { Period: "RTT-NOVEMBER-2024" } } : r,
        ),
      }),
    );
    const { head, complete } = await readFileHead(path, 256 * 1024);
    const header = detectHeader(head.toString("utf8"), path, complete);
    const stage = { csvPath: path, columns: header.columns, map: header.map, skip: header.skip };
    const result = await loadRttDirect(
      a,
      { ...stage, month: header.month, partTypes: PART_TYPES, ...header.periodCells },
      () => Promise.reject(new Error("not reached")),
    );
    expect(result).toBeUndefined();
    expect(await a.all("SELECT * FROM rtt_row")).toEqual([]);
  });
});

describe("which path loads a file", () => {
  it("loads a clean file in one pass and a file whose rows spell the period differently on the staged path", async () => {
    const d = tempDir();
    const clean = writeFixture(
      d,
      "a.csv",
      fixtureCsv({ period: "RTT-May-2024", rows: sampleRows() }),
    );
    const spaced = writeFixture(
      d,
      "b.csv",
      fixtureCsv({
        period: "RTT-June-2024",
        rows: sampleRows().map((r, i) =>
          i === 3 ? { ...r, cells: { Period: "rtt-june-2024" } } : r,
        ),
      }),
    );
    const s = await ingestPaths(a, [clean, spaced]);
    expect(s.periods.map((p) => [p.month, p.path])).toEqual([
      ["2024-05", "one-pass"],
      ["2024-06", "staged"],
    ]);
    const totals = await a.all<{ month: string; total: number }>(
      "SELECT month, total FROM rtt_row WHERE tf_code = 'C_100' AND part = 'Part_1A' ORDER BY month",
    );
    expect(totals).toEqual([
      { month: "2024-05", total: 3 },
      { month: "2024-06", total: 3 },
    ]);
  });
});
