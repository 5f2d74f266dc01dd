/**
 * Reads the worksheets of an ONS population workbook (`sapeicb…xlsx`: one sheet per mid-year,
 * `Mid-2022 ICB 2023`, header on row 4) into rows of text, for the same layout detection as CSVs.
 */
import ExcelJS from "exceljs";

export interface SheetRows {
  name: string;
  /** Rows of cell text; `rows[i]` is worksheet row i + 1. */
  rows: string[][];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  return "";
}

/** Every worksheet of a workbook as text rows (empty rows kept so row numbers stay true). */
export async function readWorkbookSheets(file: string): Promise<SheetRows[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.map((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        values[col - 1] = cellText(cell.value);
      });
      rows[n - 1] = Array.from(values, (v) => v ?? "");
    });
    return { name: ws.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}

/** True when a file starts like a zip (an .xlsx workbook). */
export function looksLikeWorkbook(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
}
