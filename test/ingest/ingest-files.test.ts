import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ingestPaths } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";

import { fixtureCsv, sampleRows, tempDir, writeFixture, writeZip } from "./rtt-fixture.ts";

let store: Store;
let dir: string;
beforeEach(async () => {
  store = await Store.open(":memory:");
  dir = tempDir();
});
afterEach(() => store.close());

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
/** Part_3 count of the sample rows at a scale: 7 × scale + 3. */
const part3 = (scale: number) => 7 * scale + 3;

const csv = (period: string, scale: number) => fixtureCsv({ period, rows: sampleRows(scale) });

describe("zip files", () => {
  it("loads the entry named full-extract, records the zip's checksum, deletes the unpacked copy", async () => {
    const tmp = tempDir();
    const zip = await writeZip(dir, "Full-CSV-data-file-Nov24-ZIP-3110K.zip", [
      { name: "notes.csv", text: "a,b\n1,2\n".repeat(500) },
      { name: "20241130-RTT-November-2024-full-extract.csv", text: csv("RTT-November-2024", 2) },
    ]);
    const summary = await ingestPaths(store, [zip], { tmpDir: tmp });
    expect(summary.periods[0]).toMatchObject({
      month: "2024-11",
      sourceFile: "Full-CSV-data-file-Nov24-ZIP-3110K.zip",
      checksum: sha256(zip),
      revised: false,
    });
    const status = await readStatus(store);
    expect(status.periods[0]?.totals.Part_3).toBe(part3(2));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("loads the largest .csv when no entry is named full-extract", async () => {
    const zip = await writeZip(dir, "month.zip", [
      { name: "small.csv", text: "x\n" },
      { name: "RTT-AUGUST-2019.csv", text: csv("RTT-AUGUST-2019", 5) },
    ]);
    await ingestPaths(store, [zip]);
    const status = await readStatus(store);
    expect(status.periods.map((p) => [p.month, p.totals.Part_3])).toEqual([["2019-08", part3(5)]]);
  });

  it("searches folders recursively for .csv and .zip files", async () => {
    writeFixture(dir, "2024/a.csv", csv("RTT-October-2024", 1));
    await writeZip(join(dir, "2024", "deeper"), "b.ZIP", [
      { name: "x-full-extract.csv", text: csv("RTT-November-2024", 1) },
    ]);
    writeFixture(dir, "readme.txt", "not data");
    writeFixture(dir, "__MACOSX/2024/._a.csv", "\u0000\u0005junk");
    writeFixture(dir, "2024/._b.csv", "\u0000\u0005junk");
    const summary = await ingestPaths(store, [dir]);
    expect(summary.periods.map((p) => p.month)).toEqual(["2024-10", "2024-11"]);
  });
});

describe("revised files and re-ingest", () => {
  it.each([
    ["original first", ["orig", "rev"]],
    ["revised first", ["rev", "orig"]],
  ])("the revised file wins whatever the order (%s)", async (_, order) => {
    const files = {
      orig: writeFixture(
        dir,
        "20241130-RTT-November-2024-full-extract.csv",
        csv("RTT-November-2024", 1),
      ),
      rev: await writeZip(dir, "Full-CSV-data-file-Nov24.zip", [
        {
          name: "20241130-RTT-NOVEMBER-2024-full-extract-REVISED.csv",
          text: csv("RTT-NOVEMBER-2024", 4),
        },
      ]),
    };
    const paths = order.map((k) => files[k as keyof typeof files]);
    const summary = await ingestPaths(store, paths);
    expect(summary.periods).toHaveLength(1);
    expect(summary.periods[0]).toMatchObject({ revised: true, file: files.rev });
    expect(summary.skipped).toEqual([
      { file: files.orig, month: "2024-11", supersededBy: files.rev, reason: "revised" },
    ]);
    const status = await readStatus(store);
    expect(status.periods[0]?.totals.Part_3).toBe(part3(4));
    expect(status.periods[0]?.revised).toBe(true);
  });

  it("re-ingesting a period replaces it (no doubled rows)", async () => {
    const first = writeFixture(dir, "first.csv", csv("RTT-November-2024", 1));
    const second = writeFixture(dir, "second.csv", csv("RTT-November-2024", 6));
    await ingestPaths(store, [first]);
    await ingestPaths(store, [second]);
    const status = await readStatus(store);
    expect(status.periods).toHaveLength(1);
    expect(status.periods[0]).toMatchObject({
      sourceFile: "second.csv",
      rows: sampleRows().length,
      checksum: sha256(second),
    });
    expect(status.periods[0]?.totals.Part_3).toBe(part3(6));
    const rows = await store.one<{ n: number }>("SELECT count(*) AS n FROM rtt_row");
    expect(rows?.n).toBe(sampleRows().length);
  });

  it("keeps other periods when one is replaced, and lists periods in month order", async () => {
    await ingestPaths(store, [
      writeFixture(dir, "dec.csv", csv("RTT-December-2024", 2)),
      writeFixture(dir, "nov.csv", csv("RTT-November-2024", 1)),
    ]);
    await ingestPaths(store, [writeFixture(dir, "nov2.csv", csv("RTT-November-2024", 3))]);
    const status = await readStatus(store);
    expect(status.periods.map((p) => [p.month, p.totals.Part_3])).toEqual([
      ["2024-11", part3(3)],
      ["2024-12", part3(2)],
    ]);
  });

  it("of two originals for one period, the later argument wins", async () => {
    const a = writeFixture(dir, "a.csv", csv("RTT-November-2024", 1));
    const b = writeFixture(dir, "b.csv", csv("RTT-November-2024", 2));
    const summary = await ingestPaths(store, [b, a]);
    expect(summary.periods[0]?.file).toBe(a);
    expect(summary.skipped).toEqual([
      { file: b, month: "2024-11", supersededBy: a, reason: "later" },
    ]);
  });
});
