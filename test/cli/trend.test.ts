import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { ENGLAND_POP, FIXTURE_ROWS } from "../analysis/rtt-fixture.ts";
import { runCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

let db: string;
const WINDOW = ["--from", "2021-01", "--to", "2021-07"];

beforeAll(async () => {
  db = join(mkdtempSync(join(tmpdir(), "rw-trend-")), "store.duckdb");
  const months = [...new Set(FIXTURE_ROWS.map((r) => r.month))];
  const store = await buildRttStore(FIXTURE_ROWS, {
    path: db,
    periods: months.map((month) => ({ month, synthetic: true })),
  });
  store.close();
});

const trend = (...args: string[]) => runCli(["trend", ...args, "--db", db]);

describe("rationwatch trend", () => {
  it("--format json: the whole result, unrounded", async () => {
    const r = await trend(...WINDOW, "--format", "json");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ measure: "admitted", from: "2021-01", to: "2021-07", area: null });
    expect(out.series.map((p: { count: number }) => p.count)).toEqual([
      3650, 3700, 3750, 3800, 3850, 3900, 3950,
    ]);
    expect(out.series[0].rate).toBe((3650 / ENGLAND_POP) * 1000);
    expect(out.series[3].recoveryVs2019).toBe(95);
    expect(out.series[0].recoveryVs2019).toBeNull();
    expect(out.spc.trialLimits).toBe(true);
    expect(out.areas).toHaveLength(3);
    expect(out.source.synthetic).toBe(true);
  });

  it("--format csv: tidy rows, England then each area per month, with the SPC signal", async () => {
    const r = await trend(...WINDOW, "--level", "region", "--format", "csv");
    expect(r.code).toBe(0);
    const [label, ...lines] = r.stdout.trimEnd().split("\r\n");
    expect(label).toBe(
      "# SYNTHETIC DEMONSTRATION DATA: not real NHS England figures, do not quote",
    );
    expect(lines[0]).toBe(
      "indicator,areaCode,areaName,areaType,parentCode,period,count,denominator,value,lower95,upper95,lower998,upper998,comparedToEngland,comparisonBasis,poissonComparedToEngland,signal,changeOnPreviousMonth,changeOnYearEarlier,recoveryVs2019",
    );
    expect(lines).toHaveLength(1 + 7 + 2 * 7);
    expect(lines[1]).toMatch(
      /^admitted-per-1000-per-month,E92000001,England,england,,2021-01,3650,3649699,1\.0000824\d*,[\d.]+,[\d.]+,[\d.]+,[\d.]+,,,,outside-limits,,,$/,
    );
    expect(lines[8]).toMatch(
      /^admitted-per-1000-per-month,Y56,London,region,,2021-01,2000,1818226,/,
    );
    expect(lines[11]?.endsWith(",100")).toBe(true); // London in April: 2,000 ÷ 2,000 in April 2019
  });

  it("--format table: header with unit, window, file count and the synthetic label", async () => {
    const r = await trend(...WINDOW, "--level", "icb", "--area", "QRL");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(
      "Hampshire and the Isle of Wight: patients treated (completed admitted pathways), All specialties, per 1,000 population per month, January 2021 to July 2021 (7 months); 8 source files",
    );
    expect(lines[1]).toBe("SYNTHETIC DEMONSTRATION DATA — not real NHS England figures");
    expect(r.stdout).toMatch(
      /^2021-04\s+1,800\s+0\.983\s.*\+1\.7%\s+(–\s+)?2 of 2\s+90\.0\s+trend \(high\)$/m,
    );
    expect(r.stdout).toContain("(trial limits: fewer than 12 months)");
    expect(r.stdout).toContain("Commissioners in Hampshire and the Isle of Wight");
  });

  it.each([
    [["--from", "2021-07", "--to", "2021-01"], "--from 2021-07 is after --to 2021-01"],
    [
      ["--from", "2021-13", "--to", "2021-07"],
      '--from: expected a month as YYYY-MM, got "2021-13"',
    ],
    [["--to", "2021-07"], "--from and --to are required (months as YYYY-MM)"],
    [
      [...WINDOW, "--level", "ccg"],
      '--level: expected one of commissioner, icb, region, got "ccg"',
    ],
    [[...WINDOW, "--per", "window"], '--per: expected one of month, got "window"'],
    [
      [...WINDOW, "--measure", "waits"],
      '--measure: expected one of admitted, non-admitted, clock-starts, got "waits"',
    ],
    [
      [...WINDOW, "--area", "QZZ"],
      '--area: no commissioner "QZZ" in the data for 2021-01 to 2021-07',
    ],
    [
      ["--from", "2021-07", "--to", "2021-07"],
      "a trend needs at least two months (--from 2021-07 --to 2021-07 is one)",
    ],
    [[...WINDOW, "--rebase", "2020-3"], '--rebase: expected a month as YYYY-MM, got "2020-3"'],
  ])("bad input %j: exit 2 and one line", async (args, message) => {
    const r = await trend(...args);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `rationwatch trend: ${message}\n` });
  });

  it("--rebase (repeatable) starts SPC phases with their own limits; the table names them", async () => {
    const r = await trend(...WINDOW, "--rebase", "2021-04", "--format", "json");
    const json = JSON.parse(r.stdout) as { spc: { rebase: string[]; phases: unknown[] } };
    expect(json.spc.rebase).toEqual(["2021-04"]);
    expect(json.spc.phases).toHaveLength(2);
    const table = await trend(...WINDOW, "--rebase", "2021-05", "--rebase", "2021-03");
    expect(table.stdout).toContain("SPC (XmR) phase 1, January 2021 to February 2021");
    expect(table.stdout).toContain("SPC (XmR) phase 3, May 2021 to July 2021");
    expect(table.stdout).toContain("Rebased at March 2021, May 2021");
  });

  it("an unknown specialty: exit 2 with the one-line message", async () => {
    const r = await trend(...WINDOW, "--specialty", "podiatry");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^rationwatch trend: --specialty: unknown specialty "podiatry" \(use all, a code such as C_110, or one of: .*\)\n$/,
    );
  });

  it("months the store lacks: exit 1 naming them; no store: exit 1", async () => {
    const r = await trend("--from", "2020-12", "--to", "2021-02");
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "rationwatch trend: the store does not hold 1 of 3 months of 2020-12 to 2021-02: missing 2020-12 (ingest them first)\n",
    });
    const none = await runCli(["trend", ...WINDOW, "--db", join(tmpdir(), "rw-no-such.duckdb")]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^rationwatch trend: no store at /);
  });
});
