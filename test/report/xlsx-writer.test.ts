import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { columnLetters, xlsxBytes, type XlsxWorkbook } from "../../src/report/xlsx-writer.ts";

const NOW = new Date("2025-05-01T09:00:00Z");

const book: XlsxWorkbook = {
  creator: "Ration Watch",
  title: "A & B <test>",
  created: NOW,
  sheets: [
    {
      name: "Data & more",
      widths: [8, 30, 12],
      numFmts: [undefined, undefined, "#,##0"],
      rows: [
        ["Code", "Name", "Count"],
        ["00L", 'Tom & "Jerry" <x>', 1234567],
        ["  padded ", "bell\u0007 gone", 0.000001],
        ["nan", null, Number.NaN],
        ["big", undefined, 12345678901234],
      ],
      rowStyles: new Map([[1, { bold: true, color: "FFFFFFFF", fill: "FF005EB8", height: 30 }]]),
      freeze: { columns: 2, rows: 1 },
      merges: [],
      autoFilterRow: 1,
    },
    {
      name: "Notes",
      widths: [24, 120],
      alignments: [undefined, { wrapText: true, vertical: "top" }],
      rows: [["Banner"], ["Item", "Note"], ["a", "b"]],
      rowStyles: new Map([[1, { bold: true, fill: "FFD5281B" }]]),
      freeze: { columns: 0, rows: 2 },
      merges: [[1, 1, 1, 2]],
    },
  ],
};

let dir: string;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-xlsx-writer-"));
  const path = join(dir, "t.xlsx");
  writeFileSync(path, await xlsxBytes(book));
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("xlsxBytes", () => {
  it("names column letters as Excel does", () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetters)).toEqual([
      "A",
      "Z",
      "AA",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
    ]);
  });

  it("writes sheets, strings and numbers that exceljs reads back exactly", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Data & more", "Notes"]);
    expect(wb.title).toBe("A & B <test>");
    expect(wb.creator).toBe("Ration Watch");
    const ws = wb.getWorksheet("Data & more") as ExcelJS.Worksheet;
    expect(ws.getCell("B2").value).toBe('Tom & "Jerry" <x>');
    expect(ws.getCell("C2").value).toBe(1234567);
    expect(ws.getCell("A3").value).toBe("  padded ");
    // XML 1.0 cannot hold a BEL character: it is dropped, not written as a corrupt file.
    expect(ws.getCell("B3").value).toBe("bell gone");
    expect(ws.getCell("C3").value).toBe(0.000001);
    // A missing value and a non-finite number are blank cells.
    expect(ws.getCell("B4").value).toBeNull();
    expect(ws.getCell("C4").value).toBeNull();
    expect(ws.getCell("C5").value).toBe(12345678901234);
    expect(ws.rowCount).toBe(5);
  });

  it("keeps number formats, widths, styles, the frozen pane, merges and the filter", () => {
    const ws = wb.getWorksheet("Data & more") as ExcelJS.Worksheet;
    expect(ws.getCell("C2").numFmt).toBe("#,##0");
    expect(ws.getCell("B2").numFmt).toBeUndefined();
    expect(ws.getColumn(2).width).toBe(30);
    expect(ws.getCell("A1").font?.bold).toBe(true);
    expect(ws.getCell("C1").font?.color?.argb).toBe("FFFFFFFF");
    expect(ws.getCell("B1").fill).toMatchObject({
      pattern: "solid",
      fgColor: { argb: "FF005EB8" },
    });
    expect(ws.getRow(1).height).toBe(30);
    expect(ws.getCell("A2").font?.bold).toBeUndefined();
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 2, ySplit: 1 });
    expect(ws.autoFilter).toBe("A1:C1");
    const notes = wb.getWorksheet("Notes") as ExcelJS.Worksheet;
    expect(notes.getCell("B1").master.address).toBe("A1");
    expect(notes.getCell("B3").alignment).toMatchObject({ wrapText: true, vertical: "top" });
    expect(notes.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
  });

  it("gives the same bytes for the same workbook", async () => {
    expect((await xlsxBytes(book)).equals(await xlsxBytes(book))).toBe(true);
  });
});
