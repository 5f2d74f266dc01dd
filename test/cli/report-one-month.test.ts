// `report` on a one-month window when the store holds no month before it (a single real month,
// as a new user with the April 2026 file has): every section but the trend, which says why.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
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
});
