// Every report presenter says why an incomplete area has no rank: the HTML league table (a row
// marked "not ranked" with the reason, and the note above it), the workbook's league table,
// specialty and notes sheets, and the release's notes to editors. The input is the committed
// fixture with its lowest area moved out of the ranking as the analysis does (completeness.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { VariationResult } from "../../src/analysis/types.ts";
import { buildRelease, plainText } from "../../src/release/content.ts";
import { escapeXml } from "../../src/report/format.ts";
import { reportSections } from "../../src/report/html.ts";
import type { ReportInput } from "../../src/report/types.ts";
import { writeWorkbook } from "../../src/report/xlsx.ts";

import { asReal, loadFixture } from "./helpers.ts";

const NOW = new Date("2025-05-01T09:00:00Z");
const REASON =
  "incomplete: 12.5% of its activity normally comes from providers that submitted no data for 2025-03 — Example Hospitals NHS Trust (RZZ), 12.5% of its activity; not ranked";
const NOTE =
  "Missing submissions: Example Hospitals NHS Trust (RZZ, 2025-03) submitted no data. 1 area is incomplete (X): shown but not ranked, and left out of England's rate, the spread, the funnel and the headlines.";

/** The result with its lowest-ranked area left out as incomplete. */
function withIncomplete(v: VariationResult): VariationResult {
  const ranked = [...v.areas].sort((a, b) => a.rank - b.rank);
  const gone = ranked.at(-1) as (typeof ranked)[number];
  return {
    ...v,
    areas: v.areas.filter((a) => a !== gone),
    completeness: {
      threshold: 0.05,
      method: "rule",
      nonSubmitters: [
        {
          month: "2025-03",
          providers: [
            {
              code: "RZZ",
              name: "Example Hospitals NHS Trust",
              why: "acute trust open in ODS with no rows",
            },
          ],
        },
      ],
      incomplete: [
        {
          code: gone.code,
          name: gone.name,
          icbCode: gone.icbCode,
          icbName: gone.icbName,
          regionName: gone.regionName,
          count: gone.count,
          population: gone.population,
          rate: gone.rate,
          lower95: gone.lower95,
          upper95: gone.upper95,
          lower998: gone.lower998,
          upper998: gone.upper998,
          share: 0.125,
          missingProviders: [{ code: "RZZ", name: "Example Hospitals NHS Trust", share: 0.125 }],
          reason: REASON,
        },
      ],
      note: NOTE,
    },
  };
}

const base = loadFixture();
const gone = [...base.variation.areas].sort((a, b) => a.rank - b.rank).at(-1);
// Real data keeps each sheet's header in row 1 (demo data adds a banner row above it).
const input: ReportInput = {
  ...asReal(base),
  variation: withIncomplete(asReal(base).variation),
  specialties: asReal(base).specialties.map(withIncomplete),
};

describe("an incomplete area in the report's outputs", () => {
  it("HTML: the league table keeps its row, unranked, with the reason; the note says why", () => {
    const sections = reportSections(input, {
      title: "t",
      now: NOW,
      synthetic: true,
      charts: new Map(),
    });
    const league = sections.find((s) => s.id === "league-table")?.body ?? "";
    expect(league).toContain(
      `${input.variation.areas.length} ranked areas, highest rate first, then 1 not ranked because providers that treat their patients submitted no data`,
    );
    expect(league).toContain(`<p>${escapeXml(NOTE)}</p>`);
    const rows = league.split("\n").filter((l) => l.startsWith("<tr"));
    expect(rows).toHaveLength(input.variation.areas.length + 1);
    const last = rows.at(-1) ?? "";
    expect(last).toContain(`–<span class="rw-muted">not ranked</span>`);
    expect(last).toContain(`(${gone?.code})`);
    expect(last).toContain(
      `Not compared: incomplete</strong><span class="rw-muted">${escapeXml(REASON)}`,
    );
  });

  describe("XLSX", () => {
    let wb: ExcelJS.Workbook;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "rw-xlsx-gap-"));
      const path = join(dir, "tables.xlsx");
      await writeWorkbook(input, path, { title: "t", now: NOW });
      wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const column = (ws: ExcelJS.Worksheet, header: string) => {
      let at = 0;
      ws.getRow(1).eachCell((c, i) => {
        if (c.value === header) at = i;
      });
      expect(at, header).toBeGreaterThan(0);
      return at;
    };

    it.each(["League table", "Specialty areas"])(
      "%s: every area, the incomplete one marked with its reason and no rank",
      (name) => {
        const ws = wb.getWorksheet(name) as ExcelJS.Worksheet;
        const rows: Array<{ code: unknown; rank: unknown; c: unknown; why: unknown }> = [];
        ws.eachRow((row, i) => {
          if (i === 1) return;
          rows.push({
            code: row.getCell(column(ws, "Code")).value,
            rank: row.getCell(column(ws, "Rank")).value,
            c: row.getCell(column(ws, "Completeness")).value,
            why: row.getCell(column(ws, "Why not ranked (missing submissions)")).value,
          });
        });
        const marked = rows.filter((r) => r.c === "incomplete");
        const results = name === "League table" ? [input.variation] : input.specialties;
        expect(marked).toEqual(
          results.map((v) => ({
            code: v.completeness?.incomplete[0]?.code,
            rank: "not ranked (incomplete)",
            c: "incomplete",
            why: REASON,
          })),
        );
        expect(
          rows.filter((r) => r.c === "complete").every((r) => typeof r.rank === "number"),
        ).toBe(true);
      },
    );

    it("counts the unranked areas of each specialty and explains completeness in the notes", () => {
      const spec = wb.getWorksheet("Specialties") as ExcelJS.Worksheet;
      const col = column(spec, "Not ranked (incomplete)");
      expect(spec.getRow(2).getCell(col).value).toBe(1);
      const notes = wb.getWorksheet("Notes") as ExcelJS.Worksheet;
      const texts: string[] = [];
      notes.eachRow((r) =>
        texts.push(`${String(r.getCell(1).value)}: ${String(r.getCell(2).value)}`),
      );
      expect(texts).toContain(`Completeness: ${NOTE} Rule: rule`);
    });
  });

  it("release: the notes to editors say which areas are unranked and why, traced to figures.json", () => {
    const release = buildRelease(input, { now: NOW });
    const notes = release.notes.map((b) => plainText(b.parts));
    expect(notes).toContain(
      `Missing submissions: ${NOTE} An area is left out of the ranking when more than 5% of its activity normally comes from providers that submitted nothing: its figure would be too low because of missing data, not rationing.`,
    );
    expect(release.figures.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "input.variation.completeness.note",
        "input.variation.completeness.threshold",
      ]),
    );
  });
});
