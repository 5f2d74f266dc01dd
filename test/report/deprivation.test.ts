// The deprivation gradient in the report: a section with the rate of each IMD 2025 fifth of areas
// and its interval, the slope/relative index sentence, a workbook sheet and figures.json entries.
// The gradient is the analysis's own (deprivationGradient on the committed fixture's areas and the
// shipped IMD scores); the test checks the presenters show exactly its figures.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { deprivationGradient, loadImdScores } from "../../src/analysis/deprivation.ts";
import type { DeprivationGradient } from "../../src/analysis/types.ts";
import { buildFigures } from "../../src/report/figures.ts";
import { reportSections } from "../../src/report/html.ts";
import type { ReportInput } from "../../src/report/types.ts";
import { writeWorkbook } from "../../src/report/xlsx.ts";

import { asReal, loadFixture } from "./helpers.ts";

const NOW = new Date("2025-05-01T09:00:00Z");
const base = asReal(loadFixture());
const gradient = deprivationGradient(base.variation.areas, loadImdScores(), 1);
const input: ReportInput = { ...base, variation: { ...base.variation, deprivation: gradient } };
const g = gradient as DeprivationGradient;

describe("deprivation gradient in the report", () => {
  it("the fixture's areas give a gradient (at least 10 with an IMD score)", () => {
    expect(gradient).not.toBeNull();
    expect(g.quintiles.map((q) => q.quintile)).toEqual([1, 2, 3, 4, 5]);
  });

  it("HTML: a section with each fifth's rate and interval and the SII/RII sentence", () => {
    const sections = reportSections(input, {
      title: "t",
      now: NOW,
      synthetic: false,
      charts: new Map(),
    });
    const body = sections.find((s) => s.id === "deprivation")?.body ?? "";
    expect(body).toContain("Rate by deprivation fifth of areas, most deprived first");
    const rows = body.split("\n").filter((l) => l.startsWith("<tr"));
    expect(rows).toHaveLength(7); // five fifths, SII, RII
    const most = g.quintiles[0] as DeprivationGradient["quintiles"][number];
    expect(rows[0]).toContain(most.label);
    expect(rows[0]).toContain(`<strong>${most.rate.toFixed(2)}</strong>`);
    expect(rows[0]).toContain(`${most.lower95.toFixed(2)} to ${most.upper95.toFixed(2)}`);
    const clear = g.siiLower95 > 0 || g.siiUpper95 < 0;
    expect(body).toContain(
      `The slope index of inequality — the modelled gap from the most to the least deprived end — was ${g.sii.toFixed(2)} (95% CI ${g.siiLower95.toFixed(2)} to ${g.siiUpper95.toFixed(2)})`,
    );
    expect(body).toContain(
      clear
        ? "more activity in"
        : "no clear gradient with deprivation, since the interval includes zero",
    );
    expect(body).toContain("These are crude rates per head");
    // The section is absent without a gradient.
    const none = reportSections(
      { ...input, variation: { ...input.variation, deprivation: null } },
      { title: "t", now: NOW, synthetic: false, charts: new Map() },
    );
    expect(none.some((s) => s.id === "deprivation")).toBe(false);
  });

  it("figures.json: the gradient in the input and its sentences", () => {
    const f = buildFigures(input, { title: "t", now: NOW, synthetic: false, charts: new Map() });
    expect(f.input.variation.deprivation).toEqual(gradient);
    expect(f.sentences.deprivation[1]).toMatch(/^The slope index of inequality/);
  });

  describe("XLSX", () => {
    let wb: ExcelJS.Workbook;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "rw-xlsx-imd-"));
      const path = join(dir, "tables.xlsx");
      await writeWorkbook(input, path, { title: "t", now: NOW });
      wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("sheet Deprivation: each fifth's figures unrounded, then the SII and RII", () => {
      const ws = wb.getWorksheet("Deprivation") as ExcelJS.Worksheet;
      const rows: unknown[][] = [];
      ws.eachRow((row, i) => {
        if (i > 1) rows.push([1, 2, 3, 4, 5, 6, 7].map((c) => row.getCell(c).value));
      });
      expect(rows).toEqual([
        ...g.quintiles.map((q) => [
          q.label,
          q.areas,
          q.count,
          q.population,
          q.rate,
          q.lower95,
          q.upper95,
        ]),
        [
          "Slope index of inequality (least minus most deprived end)",
          null,
          null,
          null,
          g.sii,
          g.siiLower95,
          g.siiUpper95,
        ],
        [
          "Relative index of inequality (least ÷ most deprived end)",
          null,
          null,
          null,
          g.rii,
          g.riiLower95,
          g.riiUpper95,
        ],
      ]);
    });
  });
});
