// The byte scan that stands in for the one-pass load's SQL digits check: it must refuse every count
// cell DuckDB's integer cast would take but the staged path refuses, and follow records and fields
// as DuckDB's reader does, whichever way the bytes are cut into chunks.
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CountCellScan } from "../../src/ingest/count-cells.ts";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";

import { fixtureCsv, sampleRows, tempDir, writeFixture, writeZip } from "./rtt-fixture.ts";

/** Three columns: a name, then two counts. */
const scan = (text: string, chunk = text.length, columns = 3): boolean => {
  const s = new CountCellScan(columns, columns === 3 ? [1, 2] : [1, 3]);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) s.update(bytes.subarray(i, i + chunk));
  return s.ok();
};

describe("CountCellScan", () => {
  const good: [string, string, number?][] = [
    ["plain rows", "name,a,b\nx,1,2\ny,30,0\n"],
    ["no line feed at the end", "name,a,b\nx,1,2\ny,30,0"],
    ["CRLF line ends", "name,a,b\r\nx,1,2\r\ny,30,0\r\n"],
    ["blank cells and spaces", "name,a,b\nx,, 2 \ny,3,\n"],
    ["quoted counts", 'name,a,b\nx,"1","2"\n'],
    ["commas, quotes and line feeds in a quoted name", 'name,a,b\n"A, ""B""\nC",1,2\n'],
    ["anything in the name", "name,a,b\nx+1.5e3_0x,1,2\n"],
    ["a blank line", "name,a,b\nx,1,2\n\ny,3,4\n"],
    ["nine digits, the most a count may have", "name,a,b\nx,999999999,000000001\n"],
    ["a count between text fields", "a,b,c,d\nx,1,y,2\nz,3,w,4\n", 4],
    ["a quoted header", '"name","a","b"\nx,1,2\n'],
  ];
  it.each(good)("accepts %s, in one chunk and byte by byte", (_, text, columns = 3) => {
    expect(scan(text, text.length, columns)).toBe(true);
    expect(scan(text, 1, columns)).toBe(true);
    expect(scan(text, 7, columns)).toBe(true);
  });

  const bad = [
    ["a sign", "+3"],
    ["a minus", "-0"],
    ["an exponent", "1e5"],
    ["a decimal point", "1.5"],
    ["a trailing point", "12."],
    ["an underscore", "1_000"],
    ["hexadecimal", "0x10"],
    ["a tab", "\t3"],
    ["a letter", "12x"],
    ["ten digits", "1000000000"],
    ["ten digits, leading zeros", "0000000001"],
    ["ten bytes with spaces", " 12345678 "],
    ["a quoted thousands separator", '"1,234"'],
  ];
  it.each(bad)("refuses a count cell with %s (%j), in one chunk and byte by byte", (_, cell) => {
    for (const text of [`name,a,b\nx,1,${cell}\n`, `name,a,b\nx,${cell},1\ny,2,3\n`]) {
      expect(scan(text)).toBe(false);
      expect(scan(text, 1)).toBe(false);
    }
  });

  it.each([
    ["too few fields", "name,a,b\nx,1\n"],
    ["too many fields", "name,a,b\nx,1,2,3\n"],
    ["too few fields on the last line", "name,a,b\nx,1,2\ny,3"],
    ["a carriage return not before a line feed", "name,a,b\nx,1,2\ry,3,4\n"],
    ["an unclosed quote", 'name,a,b\nx,1,"2\n'],
    ["no data line at all", "name,a,b"],
  ])("refuses what it cannot follow: %s", (_, text) => {
    expect(scan(text)).toBe(false);
    expect(scan(text, 1)).toBe(false);
  });
});

describe("ingest with the byte scan", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open(":memory:");
  });
  afterEach(() => store.close());

  const withCell = (cell: string) =>
    fixtureCsv({
      rows: sampleRows().map((r, i) => (i === 2 ? { ...r, cells: { "Total All": cell } } : r)),
    });

  it.each(["+4", "4e0", "4.0", "4_0", "0x4", "\t4"])(
    "refuses %j in a count cell from a CSV and from a zip, writing nothing",
    async (cell) => {
      const d = tempDir();
      const csv = writeFixture(d, "x.csv", withCell(cell));
      const zip = await writeZip(d, "x.zip", [
        { name: "x-full-extract.csv", text: withCell(cell) },
      ]);
      for (const path of [csv, zip])
        await expect(ingestPaths(store, [path])).rejects.toThrow(
          `(column "Total All"): "${cell}" is not a whole number`,
        );
      expect(await store.all("SELECT month FROM rtt_period")).toEqual([]);
      expect(await store.all("SELECT count(*) AS n FROM rtt_row")).toEqual([{ n: 0 }]);
    },
  );

  it.each([
    ["1000000000", `is too large for a count (at most 999999999)`],
    ["999999999", undefined],
  ])("checks the largest count, %s, from a CSV and from a zip", async (cell, problem) => {
    const d = tempDir();
    const csv = writeFixture(d, "x.csv", withCell(cell));
    const zip = await writeZip(d, "x.zip", [{ name: "x-full-extract.csv", text: withCell(cell) }]);
    for (const path of [csv, zip]) {
      if (problem === undefined) {
        const s = await ingestPaths(store, [path]);
        expect(s.periods.map((p) => p.path)).toEqual(["one-pass"]);
        expect(await store.all(`SELECT total_all FROM rtt_row WHERE total_all = ${cell}`)).toEqual([
          { total_all: Number(cell) },
        ]);
      } else
        await expect(ingestPaths(store, [path])).rejects.toThrow(
          `(column "Total All"): "${cell}" ${problem}`,
        );
    }
  });

  it("loads clean CSVs and zips in one pass", async () => {
    const d = tempDir();
    const csv = writeFixture(
      d,
      "a.csv",
      fixtureCsv({ period: "RTT-May-2024", rows: sampleRows() }),
    );
    const zip = await writeZip(d, "b.zip", [
      {
        name: "b-full-extract.csv",
        text: fixtureCsv({ period: "RTT-June-2024", rows: sampleRows(), eol: "\r\n" }),
      },
    ]);
    const s = await ingestPaths(store, [csv, zip]);
    expect(s.periods.map((p) => [p.month, p.path])).toEqual([
      ["2024-05", "one-pass"],
      ["2024-06", "one-pass"],
    ]);
  });
});
