import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SYNTHETIC_BANNER, writeWorkbook } from "../../src/report/xlsx.ts";

import { asReal, loadFixture } from "./helpers.ts";

const NOW = new Date("2025-05-01T09:00:00Z");
const input = loadFixture();
let dir: string;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-xlsx-"));
  const path = join(dir, "tables.xlsx");
  await writeWorkbook(input, path, { title: "Test report", now: NOW });
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sheet(name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/**
 * The fixture is synthetic, so every sheet has the banner in row 1 and its header in row 2. The
 * tests below number a sheet's rows as its table does (header = 1): `cell` adds the banner row.
 */
const BANNER_ROWS = 1;

/** Header → column number of a sheet's header row. */
function headers(ws: ExcelJS.Worksheet): Map<string, number> {
  const out = new Map<string, number>();
  ws.getRow(1 + BANNER_ROWS).eachCell((cell, col) => out.set(String(cell.value), col));
  return out;
}

function cell(ws: ExcelJS.Worksheet, row: number, header: string): ExcelJS.Cell {
  const col = headers(ws).get(header);
  if (col === undefined) throw new Error(`no column ${header} in ${ws.name}`);
  return ws.getRow(row + BANNER_ROWS).getCell(col);
}

/** A sheet's table rows (header included), as the tests number them. */
const tableRows = (ws: ExcelJS.Worksheet) => ws.rowCount - BANNER_ROWS;

describe("tables.xlsx", () => {
  it("has one sheet per table and a notes sheet", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "League table",
      "Regions",
      "Within ICS",
      "Specialties",
      "Specialty areas",
      "Waits",
      "Waits by area",
      "Trend",
      "Funnel",
      "Excluded",
      "Notes",
    ]);
  });

  it("puts the synthetic-data banner on top of EVERY sheet, the Notes too", () => {
    expect(wb.worksheets.length).toBeGreaterThan(10);
    for (const ws of wb.worksheets) {
      expect(ws.getCell("A1").value, ws.name).toBe(SYNTHETIC_BANNER);
      expect(ws.getCell("A1").font?.bold, ws.name).toBe(true);
      // Spread across the table's columns, so it is seen whichever column is in view.
      const width = ws.getRow(2).cellCount;
      if (width > 1) expect(ws.getCell(1, width).master.address, ws.name).toBe("A1");
    }
    expect(SYNTHETIC_BANNER).toMatch(/^SYNTHETIC DEMONSTRATION DATA/);
  });

  it("has no banner on real data: the header is row 1 and the data start in row 2", async () => {
    const path = join(dir, "real.xlsx");
    await writeWorkbook(asReal(input), path, { title: "Real", now: NOW });
    const real = new ExcelJS.Workbook();
    await real.xlsx.readFile(path);
    for (const ws of real.worksheets) {
      expect(String(ws.getCell("A1").value), ws.name).not.toMatch(/synthetic/i);
      expect(ws.views[0], ws.name).toMatchObject({ state: "frozen", ySplit: 1 });
    }
    const league = real.getWorksheet("League table");
    expect(league?.getCell("A1").value).toBe("Rank");
    expect(league?.rowCount).toBe(input.variation.areas.length + 1);
    const notes = real.getWorksheet("Notes");
    const items: string[] = [];
    notes?.eachRow((row) => items.push(String(row.getCell(1).value)));
    expect(items[0]).toBe("Item");
    expect(items).not.toContain("WARNING");
  });

  it("freezes the header row (and the name columns) of every sheet", () => {
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 + BANNER_ROWS });
    }
    expect(sheet("League table").views[0]).toMatchObject({ xSplit: 3 });
  });

  it("holds every area of the league table, cell by cell, unrounded, with number formats", () => {
    const ws = sheet("League table");
    const areas = [...input.variation.areas].sort((a, b) => a.rank - b.rank);
    expect(tableRows(ws)).toBe(areas.length + 1);
    areas.forEach((a, i) => {
      const r = i + 2;
      expect(cell(ws, r, "Rank").value).toBe(a.rank);
      expect(cell(ws, r, "Code").value).toBe(a.code);
      expect(cell(ws, r, "Area").value).toBe(a.name);
      expect(cell(ws, r, "ICS").value).toBe(a.icbName);
      expect(cell(ws, r, "Region").value).toBe(a.regionName);
      expect(cell(ws, r, "Count").value).toBe(a.count);
      expect(cell(ws, r, "Population").value).toBe(a.population);
      expect(cell(ws, r, "Rate").value).toBe(a.rate);
      expect(cell(ws, r, "Lower 95%").value).toBe(a.lower95);
      expect(cell(ws, r, "Upper 99.8%").value).toBe(a.upper998);
      expect(cell(ws, r, "Rank lower 95%").value).toBe(a.rankLower95);
      const range = "vs England: expected range, over-dispersion-adjusted funnel";
      expect(cell(ws, r, `${range} (95%)`).value).toBe(a.comparedToEngland);
      expect(cell(ws, r, `${range} (99.8%)`).value).toBe(a.comparedToEngland998);
      expect(cell(ws, r, "vs England: Poisson 95% CI (Fingertips)").value).toBe(
        a.poissonComparedToEngland,
      );
    });
    expect(cell(ws, 2, "Count").numFmt).toBe("#,##0");
    expect(cell(ws, 2, "Rate").numFmt).toBe("0.00");
    expect(cell(ws, 2, "Upper 95%").numFmt).toBe("0.00");
  });

  it("ends the regions sheet with England", () => {
    const ws = sheet("Regions");
    const last = tableRows(ws);
    expect(last).toBe(input.variation.regions.length + 2);
    expect(cell(ws, last, "Region").value).toBe("England");
    expect(cell(ws, last, "Count").value).toBe(input.variation.england.count);
    expect(cell(ws, last, "Rate").value).toBe(input.variation.england.rate);
    expect(cell(ws, 2, "Region").value).toBe(input.variation.regions[0]?.name);
  });

  it("lists within-ICS gaps widest first", () => {
    const ws = sheet("Within ICS");
    const sorted = input.variation.withinIcs; // the analysis orders them widest first
    sorted.forEach((w, i) => {
      expect(cell(ws, i + 2, "ICS").value).toBe(w.icbName);
      expect(cell(ws, i + 2, "Highest area").value).toBe(w.highest.name);
      expect(cell(ws, i + 2, "Lowest rank").value).toBe(w.lowest.rank);
      expect(cell(ws, i + 2, "Ratio").value).toBe(w.ratio);
    });
    expect(cell(ws, 2, "Ratio").numFmt).toBe("0.00");
  });

  it("summarises each specialty and lists their areas", () => {
    const ws = sheet("Specialties");
    const all = [input.variation, ...input.specialties];
    all.forEach((v, i) => {
      expect(cell(ws, i + 2, "Specialty code").value).toBe(v.specialty);
      expect(cell(ws, i + 2, "England rate").value).toBe(v.england.rate);
      expect(cell(ws, i + 2, "EQ5–95").value).toBe(v.spread.eq5to95);
      expect(cell(ws, i + 2, "Lower").value).toBe(
        v.areas.filter((a) => a.comparedToEngland === "lower").length,
      );
    });
    const areas = sheet("Specialty areas");
    expect(tableRows(areas)).toBe(1 + input.specialties.reduce((n, s) => n + s.areas.length, 0));
    const cardiology = input.specialties[2];
    const top = [...(cardiology?.areas ?? [])].sort((a, b) => a.rank - b.rank)[0];
    const row = 2 + 2 * 21;
    expect(cell(areas, row, "Specialty code").value).toBe("C_320");
    expect(cell(areas, row, "Code").value).toBe(top?.code);
    expect(cell(areas, row, "Rate").value).toBe(top?.rate);
  });

  it("writes waiting times with England last and percentage formats", () => {
    const ws = sheet("Waits");
    const w = input.waits;
    w.areas.forEach((a, i) => {
      expect(cell(ws, i + 2, "Name").value).toBe(a.name);
      expect(cell(ws, i + 2, "Waiting list").value).toBe(a.waiting);
      expect(cell(ws, i + 2, "% within 18 weeks").value).toBe(a.pctWithin18);
      expect(cell(ws, i + 2, "Over 52 weeks").value).toBe(a.over52);
      expect(cell(ws, i + 2, "Median wait (weeks)").value).toBe(a.medianWeeks);
    });
    const last = tableRows(ws);
    expect(cell(ws, last, "Name").value).toBe("England");
    expect(cell(ws, last, "Waiting list").value).toBe(w.england.waiting);
    expect(cell(ws, 2, "% within 18 weeks").numFmt).toBe('0.0"%"');
    expect(tableRows(sheet("Waits by area"))).toBe(
      (input.waitsByCommissioner?.areas.length ?? 0) + 2,
    );
  });

  it("writes the monthly trend with its SPC signal and limits", () => {
    const ws = sheet("Trend");
    input.trend.series.forEach((s, i) => {
      expect(cell(ws, i + 2, "Month").value).toBe(s.month);
      expect(cell(ws, i + 2, "Rate").value).toBe(s.rate);
      expect(cell(ws, i + 2, "SPC signal").value).toBe(s.spc);
      expect(cell(ws, i + 2, "Upper process limit").value).toBe(input.trend.spc.upperLimit);
    });
  });

  it("stamps the notes with the injected clock, definitions, attribution and every input checksum", () => {
    const ws = sheet("Notes");
    const notes = new Map<string, string>();
    ws.eachRow((row, r) => {
      if (r > 1 + BANNER_ROWS)
        notes.set(String(row.getCell(1).value), String(row.getCell(2).value));
    });
    expect(notes.get("Generated")).toBe("2025-05-01T09:00:00.000Z");
    expect(notes.get("WARNING")).toBe(
      "Synthetic demonstration data: these are not real NHS statistics and must not be quoted.",
    );
    expect(notes.get("Licence")).toContain(
      "Contains public sector information licensed under the Open Government Licence v3.0.",
    );
    expect(notes.get("Boundaries")).toBe(
      "Contains OS data © Crown copyright and database right 2022.",
    );
    for (const f of input.trend.source.files) {
      expect(notes.get(`Input ${f.month}`)).toBe(`${f.file} sha256:${f.checksum}`);
    }
    expect(wb.created.toISOString()).toBe("2025-05-01T09:00:00.000Z");
  });
});
