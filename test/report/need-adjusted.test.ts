// The need-adjusted ratio in the report: side by side with the crude rate in the league table and
// workbook, the map and the table's order led by the basis the user picked, and the methodology
// saying which basis leads. The variation results are the analysis's own, on the hand-made store
// of test/analysis/variation-fixture.ts (ratios recomputed in Python in variation.test.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { VariationResult } from "../../src/analysis/types.ts";
import { variation } from "../../src/analysis/variation.ts";
import { renderCharts } from "../../src/report/charts/index.ts";
import { formatRate } from "../../src/report/format.ts";
import { reportSections } from "../../src/report/html.ts";
import type { ReportInput } from "../../src/report/types.ts";
import { writeWorkbook } from "../../src/report/xlsx.ts";
import { poissonAdjustedRatioLimits, poissonCountLimits } from "../../src/stats/funnel-limits.ts";
import { VARIATION_ROWS } from "../analysis/variation-fixture.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import { asReal, loadFixture } from "./helpers.ts";

const NOW = new Date("2025-05-01T09:00:00Z");
const WINDOW = { from: "2021-03", to: "2021-04" } as const;

let crude: VariationResult;
let need: VariationResult;
beforeAll(async () => {
  const store = await buildRttStore(VARIATION_ROWS);
  // 15F has the second-highest ratio (2.02) but the second-highest crude rate too; 11J (Dorset)
  // is 4th on both. Per window so the crude and need orders are each the analysis's own.
  crude = await variation(store, WINDOW);
  need = await variation(store, { ...WINDOW, measureBasis: "need-adjusted" });
  store.close();
});

const base = loadFixture({ boundaries: true });
const inputFor = (v: VariationResult): ReportInput => ({ ...base, variation: v, specialties: [] });
const section = (v: VariationResult, id: string) =>
  reportSections(inputFor(v), { title: "t", now: NOW, synthetic: false, charts: new Map() }).find(
    (s) => s.id === id,
  )?.body ?? "";

describe("need-adjusted ratio in the report", () => {
  it("HTML league table: crude rate and need-adjusted ratio side by side, ordered by the basis picked", () => {
    const html = section(need, "league-table");
    expect(html).toContain("All 6 areas, highest need-adjusted ratio first");
    expect(html).toContain("Need-adjusted ratio</th>");
    expect(html).toContain("Compared with England for its need</th>");
    // Wakefield: ratio 2.79 (95% CI 2.61 to 2.97), the Python figures rounded.
    const rows = html.split("\n").filter((l) => l.startsWith("<tr"));
    expect(rows[0]).toContain("(03R)");
    expect(rows[0]).toContain("<strong>2.79</strong>");
    expect(rows[0]).toContain("2.61 to 2.97");
    expect(section(crude, "league-table")).toContain("All 6 areas, highest rate first");
  });

  it("methodology says which basis leads and why need-weighting, not age-standardisation", () => {
    expect(section(need, "methodology")).toContain(
      "This report leads with the need-adjusted ratio",
    );
    expect(section(crude, "methodology")).toContain("This report leads with the crude rate");
    expect(section(need, "methodology")).toContain(
      "Why need-weighting rather than age-standardisation",
    );
  });

  it("map: shaded by the need-adjusted ratio around 1 when that basis leads, by the rate otherwise", () => {
    const byRatio = renderCharts(inputFor(need)).charts.get("map")?.data as Array<{
      code: string;
      rate: number;
      comparedToEngland: string;
    }>;
    const wakefield = need.areas.find((a) => a.code === "03R");
    expect(byRatio.find((a) => a.code === "03R")?.rate).toBe(wakefield?.needAdjustedRatio);
    const byRate = renderCharts(inputFor(crude)).charts.get("map")?.data as typeof byRatio;
    expect(byRate.find((a) => a.code === "03R")?.rate).toBe(wakefield?.rate);
  });

  it("map: the key says what the colours compare on each basis", () => {
    const words = (v: typeof need) =>
      (renderCharts(inputFor(v)).charts.get("map")?.svg ?? "")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ");
    expect(words(need)).toContain("England's rate implies for the area's need (a ratio above 1)");
    expect(words(need)).not.toContain("Blue: higher than England's rate");
    expect(words(crude)).toContain("Blue: higher than England's rate; orange: lower");
  });

  it("funnel chart: each point is the analysis's need-adjusted ratio against its expected count, around 1", () => {
    const chart = renderCharts(inputFor(need)).charts.get("funnel");
    const data = chart?.data as {
      points: Array<{ code: string; population: number; rate: number; position: string }>;
      lines: Array<{ kind: string; side: string; population: number; rate: number }>;
      adjusted: boolean;
    };
    const withRatio = need.areas.filter((a) => a.needAdjustedRatio != null);
    expect(data.points.map((p) => p.code).sort()).toEqual(withRatio.map((a) => a.code).sort());
    for (const a of withRatio) {
      const p = data.points.find((x) => x.code === a.code);
      expect(p?.rate, a.code).toBeCloseTo(a.needAdjustedRatio as number, 12);
      expect(p?.population, a.code).toBeCloseTo(a.needAdjustedExpected as number, 9);
      expect(p?.position, a.code).toBe(a.needAdjustedFunnelPosition);
    }
    // Not the crude funnel: Wakefield's crude rate is nowhere near its ratio.
    const wakefield = need.areas.find((a) => a.code === "03R");
    expect(data.points.find((p) => p.code === "03R")?.rate).not.toBeCloseTo(
      wakefield?.rate ?? 0,
      3,
    );
    const words = (chart?.svg ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(words).toContain("against expected count");
    expect(words).toContain(
      "Expected count (England's rate × the area's need-weighted population)",
    );
    expect(words).toContain("Horizontal line: England's rate for the area's need (a ratio of 1)");
    // The source names the need-weighted populations' vintage, not only ONS.
    expect(words).toContain("NHS England general and acute weighted population");
    const crudeWords = (renderCharts(inputFor(crude)).charts.get("funnel")?.svg ?? "").replace(
      /<[^>]+>/g,
      " ",
    );
    expect(crudeWords).toContain("against population");
    expect(crudeWords).not.toContain("need-weighted population");
  });

  it("funnel chart: its limits are the stats module's ratio limits at each expected count", () => {
    const data = renderCharts(inputFor(need)).charts.get("funnel")?.data as {
      lines: Array<{ kind: string; side: "lower" | "upper"; population: number; rate: number }>;
      adjusted: boolean;
    };
    const f = need.needAdjusted?.funnel;
    expect(f?.target).toBe(1);
    expect(data.adjusted).toBe(f?.adjustment !== "none");
    const spec =
      f?.adjustment === "additive"
        ? { method: "additive" as const, tau2: f.tau2 }
        : f?.adjustment === "multiplicative"
          ? { method: "multiplicative" as const, phi: f.phi }
          : { method: "none" as const };
    expect(data.lines.length).toBeGreaterThan(0);
    for (const l of data.lines) {
      const e = l.population;
      const conf = l.kind.startsWith("95%") ? 0.95 : 0.998;
      const want = l.kind.endsWith("adjusted")
        ? poissonAdjustedRatioLimits(e, conf, spec)[l.side]
        : poissonCountLimits(e, conf)[l.side] / e;
      expect(l.rate, `${l.kind} ${l.side} at ${e}`).toBeCloseTo(want, 10);
    }
  });

  it("ranked chart: dots and bars are the need-adjusted ratios and their intervals, by need-adjusted rank", () => {
    const chart = renderCharts(inputFor(need)).charts.get("ranked");
    const rows = chart?.data as Array<{
      code: string;
      rank: number;
      rate: number;
      upper95: number;
    }>;
    const byRank = need.areas
      .filter((a) => a.needAdjustedRank != null)
      .sort((a, b) => (a.needAdjustedRank as number) - (b.needAdjustedRank as number));
    expect(rows.map((r) => r.code)).toEqual(byRank.map((a) => a.code));
    for (const a of byRank) {
      const r = rows.find((x) => x.code === a.code);
      expect(r?.rate).toBe(a.needAdjustedRatio);
      expect(r?.upper95).toBe(a.needAdjustedUpper95);
      expect(r?.rank).toBe(a.needAdjustedRank);
    }
    const words = (chart?.svg ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(words).toContain(
      "Patients treated, need-adjusted ratio (1 = England's rate for the area's need)",
    );
    expect(words).toContain("England (ratio 1)");
    expect(words).toContain("NHS England general and acute weighted population");
    const crudeRows = renderCharts(inputFor(crude)).charts.get("ranked")?.data as typeof rows;
    expect(crudeRows.find((r) => r.code === "03R")?.rate).toBe(
      crude.areas.find((a) => a.code === "03R")?.rate,
    );
  });

  it("funnel section's sentences count the need-adjusted funnel's areas", () => {
    const html = section(need, "funnel");
    expect(html).toContain("On the need-adjusted ratio");
    expect(section(crude, "funnel")).not.toContain("need-adjusted");
  });

  it("key figures: the need-adjusted tile leads when that basis is picked, the crude one labelled beside it", () => {
    const html = section(need, "headlines");
    const withRatio = need.areas.filter((a) => a.needAdjustedRatio != null);
    const c = (k: string) => withRatio.filter((a) => a.needAdjustedComparedToEngland === k).length;
    const needTile = `of ${withRatio.length} areas above / below the expected range for their need-weighted population (need-adjusted ratio;`;
    expect(html).toContain(`${c("higher")} / ${c("lower")}`);
    expect(html).toContain(needTile);
    const crudeTile = html.search(/around England(&#39;|&#x27;|')s crude rate/);
    expect(crudeTile).toBeGreaterThan(html.indexOf(needTile));
    expect(section(crude, "headlines")).not.toContain(
      "need-weighted population (need-adjusted ratio",
    );
  });

  it("regions chart: the need-adjusted ratios and their comparison when that basis leads", () => {
    const chart = renderCharts(inputFor(need)).charts.get("regions");
    const rows = chart?.data as Array<{ name: string; rate: number; comparedToEngland: string }>;
    const withRatio = need.regions.filter((r) => r.needAdjustedRatio != null);
    expect(rows.map((r) => r.name).sort()).toEqual(withRatio.map((r) => r.name).sort());
    for (const g of withRatio) {
      const r = rows.find((x) => x.name === g.name);
      expect(r?.rate).toBe(g.needAdjustedRatio);
      expect(r?.comparedToEngland).toBe(g.needAdjustedComparedToEngland);
    }
    const words = (chart?.svg ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(words).toContain("England (ratio 1)");
    expect(words).toContain("NHS England general and acute weighted population");
    const crudeRows = renderCharts(inputFor(crude)).charts.get("regions")?.data as typeof rows;
    expect(crudeRows.map((r) => r.rate).sort()).toEqual(crude.regions.map((r) => r.rate).sort());
  });

  it("regions table: the need-adjusted ratio and its comparison beside each crude rate, England at 1", () => {
    const html = section(need, "regions");
    expect(html).toContain("Need-adjusted ratio</th>");
    expect(html).toContain("Compared with England for its need</th>");
    expect(html).toContain(
      "the need-adjusted ratio: observed ÷ expected at England's rate per head of need-weighted population",
    );
    const rows = html.split("\n").filter((l) => l.startsWith("<tr"));
    for (const g of need.regions) {
      const row = rows.find((l) => l.includes(`>${g.name}<`));
      expect(row, g.name).toContain(`<strong>${formatRate(g.needAdjustedRatio, 2)}</strong>`);
    }
    expect(rows.find((l) => l.includes(">England<"))).toContain("<strong>1</strong>");
    // The same regions in the crude report of a store without need-weighted populations have no
    // such column: that is the golden report (test/report/html.test.ts).
  });

  describe("XLSX league table", () => {
    let wb: ExcelJS.Workbook;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "rw-xlsx-need-"));
      const path = join(dir, "tables.xlsx");
      // Real data (no synthetic banner row): the header is row 1.
      await writeWorkbook(asReal(inputFor(need)), path, { title: "t", now: NOW });
      wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("has the ratio, its limits, rank and comparisons beside the rate, unrounded", () => {
      const ws = wb.getWorksheet("League table") as ExcelJS.Worksheet;
      const headers: string[] = [];
      ws.getRow(1).eachCell((c, i) => (headers[i] = String(c.value)));
      const col = (h: string) => headers.indexOf(h);
      for (const h of [
        "Rate",
        "Need-adjusted ratio",
        "Ratio lower 95%",
        "Ratio upper 95%",
        "Need-adjusted rank",
        "Need-adjusted vs England: expected range, over-dispersion-adjusted funnel (95%)",
      ])
        expect(col(h), h).toBeGreaterThan(0);
      const codes: unknown[] = [];
      ws.eachRow((row, i) => {
        if (i === 1) return;
        const code = row.getCell(col("Code")).value;
        codes.push(code);
        const a = need.areas.find((x) => x.code === code);
        expect(row.getCell(col("Need-adjusted ratio")).value).toBe(a?.needAdjustedRatio);
        expect(row.getCell(col("Ratio upper 95%")).value).toBe(a?.needAdjustedUpper95);
        expect(row.getCell(col("Rate")).value).toBe(a?.rate);
      });
      expect(codes).toEqual(
        [...need.areas]
          .sort(
            (a, b) =>
              (a.needAdjustedRank as number) - (b.needAdjustedRank as number) ||
              a.rank - b.rank ||
              a.code.localeCompare(b.code),
          )
          .map((a) => a.code),
      );
    });
  });
});
