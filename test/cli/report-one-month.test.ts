// `report` on a one-month window when the store holds no month before it (a single real month,
// as a new user with the April 2026 file has): every section but the trend, which says why.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";

import { COMPLETENESS_ROWS } from "../analysis/completeness-fixture.ts";
import { runCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-report-one-"));
  db = join(dir, "one.duckdb");
  const june = COMPLETENESS_ROWS.filter((r) => r.month === "2021-06");
  (await buildRttStore(june, { path: db })).close();
});

describe("rationwatch report on a single month", () => {
  it("writes the report, saying the trend needs two consecutive months", async () => {
    const out = join(dir, "report");
    const r = await runCli([
      "report",
      "--from",
      "2021-06",
      "--to",
      "2021-06",
      "--no-pdf",
      "--out",
      out,
      "--db",
      db,
      "--quiet",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain(
      "No trend is shown: the store holds no month just before June 2021, and a trend needs at least two consecutive months.",
    );
    expect(html).not.toContain('id="figure-spc"');
    expect(existsSync(join(out, "charts", "spc.svg"))).toBe(false);
    expect(existsSync(join(out, "charts", "ranked.svg"))).toBe(true);
    const figures = JSON.parse(readFileSync(join(out, "figures.json"), "utf8")) as {
      input: { trend: unknown };
    };
    expect(figures.input.trend).toBeNull();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "tables.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).not.toContain("Trend");
    expect(wb.worksheets.map((w) => w.name)).toContain("League table");
  }, 120_000);

  it("--no-png writes the SVGs only, and removes the PNGs an earlier run left, saying so", async () => {
    const out = join(dir, "report-png");
    const args = ["report", "--from", "2021-06", "--to", "2021-06", "--no-pdf", "--out", out];
    const first = await runCli([...args, "--db", db, "--quiet"]);
    expect(first.code).toBe(0);
    const svgs = readdirSync(join(out, "charts")).filter((f) => f.endsWith(".svg"));
    const pngs = readdirSync(join(out, "charts")).filter((f) => f.endsWith(".png"));
    expect(pngs.sort()).toEqual(svgs.map((f) => f.replace(/\.svg$/, ".png")).sort());
    const second = await runCli([...args, "--no-png", "--db", db, "--quiet"]);
    expect(second.code).toBe(0);
    expect(readdirSync(join(out, "charts")).sort()).toEqual(svgs.sort());
    // In the page's order; one month has no SPC chart.
    const inPageOrder = [
      "map",
      "map-phone",
      "ranked",
      "funnel",
      "regions",
      "within-ics",
      "specialties",
      "waits",
    ];
    expect(pngs.sort()).toEqual(inPageOrder.map((c) => `${c}.png`).sort());
    expect(second.stderr).toBe(
      `warning: removed ${inPageOrder.map((c) => `charts/${c}.png`).join(", ")}: left in ${out} by an earlier report, and not part of this one\n`,
    );
    expect(second.stdout).toBe(`Report written: ${join(out, "report.html")}\n`);
  }, 120_000);
});
