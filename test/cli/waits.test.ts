import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { FIXTURE_ROWS } from "../analysis/rtt-fixture.ts";
import { runCli, spawnCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

let db: string;

beforeAll(async () => {
  db = join(mkdtempSync(join(tmpdir(), "rw-waits-")), "store.duckdb");
  const store = await buildRttStore(FIXTURE_ROWS, { path: db });
  store.close();
});

const waits = (...args: string[]) => runCli(["waits", ...args, "--db", db]);

describe("rationwatch waits", () => {
  it("--format json: the contract, region names, null (not 0) for bands a month lacks", async () => {
    const r = await waits("--month", "2021-03", "--level", "region", "--format", "json");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ month: "2021-03", level: "region", baseline: null });
    // London = 72Q in March: 5:50 20:30 52:20 → median 5 + 50/50 = 6; p92 in the open band.
    expect(out.areas[0]).toEqual({
      code: "Y56",
      name: "London",
      parentCode: null,
      waiting: 100,
      within18: 50,
      pctWithin18: 50,
      over52: 20,
      over65: null,
      over78: null,
      over104: null,
      medianWeeks: 6,
      p92Weeks: null,
      change: null,
      incompleteReason: null,
    });
    expect(out.england).toEqual({
      waiting: 228,
      within18: 126,
      pctWithin18: (126 / 228) * 100,
      over52: 36,
      over65: null,
      over78: null,
      over104: null,
      medianWeeks: 17.4,
      p92Weeks: null,
    });
    expect(out.englandScope).toMatch(/^England = every commissioner's rows/);
  });

  it("--format csv with --baseline: tidy rows plus every figure and its change", async () => {
    const r = await waits("--month", "2021-04", "--baseline", "2021-03", "--format", "csv");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "indicator,areaCode,areaName,areaType,parentCode,period,count,denominator,value,lower95,upper95,lower998,upper998,comparedToEngland," +
        "comparisonBasis,poissonComparedToEngland," +
        "waiting,over52,over65,over78,over104,medianWeeks,p92Weeks," +
        "changeWaiting,changeWithin18,changePctWithin18,changeOver52,changeOver65,changeOver78,changeOver104,changeMedianWeeks,changeP92Weeks," +
        "completeness,incompleteReason",
    );
    expect(lines).toHaveLength(1 + 1 + 3);
    // 72Q: 60 of 100 within 18 weeks; change from March: 0 waiting, +10 within, +10 points, +5 over 52.
    expect(lines[3]).toBe(
      `waiting-pct-within-18-weeks,72Q,NHS South East London CCG,commissioner,QKK,2021-04,60,100,60,,,,,,,,100,25,0,0,0,${5 + 50 / 60},52.68,0,10,10,5,,,,${5 + 50 / 60 - 6},,complete,`,
    );
  });

  it("--format table: header, England first, then the areas worst first", async () => {
    const r = await waits("--month", "2021-04", "--level", "provider");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(
      "Waiting list at the end of April 2021 by provider, All specialties; open top band from 104 weeks; 1 source file",
    );
    expect(lines[4]).toMatch(/^England\s+229\s+59\.8\s+47\s+8\s+4\s+2\s+6\.0\s+53\.9$/);
    expect(lines[5]).toMatch(/^Provider RYY \(RYY\)\s+122\s+59\.0\s/);
    expect(lines[6]).toMatch(/^Provider RXX \(RXX\)\s+107\s+60\.7\s/);
  });

  it.each([
    [[], "--month is required (a month as YYYY-MM)"],
    [["--month", "April"], '--month: expected a month as YYYY-MM, got "April"'],
    [
      ["--month", "2021-04", "--baseline", "2021-3"],
      '--baseline: expected a month as YYYY-MM, got "2021-3"',
    ],
    [
      ["--month", "2021-04", "--level", "trust"],
      '--level: expected one of commissioner, icb, region, provider, got "trust"',
    ],
    [
      ["--month", "2021-04", "--format", "xlsx"],
      '--format: expected one of table, csv, json, got "xlsx"',
    ],
  ])("bad input %j: exit 2 and one line", async (args, message) => {
    const r = await waits(...args);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `rationwatch waits: ${message}\n` });
  });

  it("an unknown specialty: exit 2", async () => {
    const r = await waits("--month", "2021-04", "--specialty", "C_999X");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^rationwatch waits: --specialty: unknown specialty "C_999X" /);
  });

  it("a missing month while its baseline is being read: exits 1, not left waiting on DuckDB", () => {
    // The baseline's reads start alongside the month's; when the month fails, the command closes
    // the store under them, which once left the process waiting for ever.
    const r = spawnCli(["waits", "--month", "2021-08", "--baseline", "2021-04", "--db", db], {
      timeoutMs: 60_000,
    });
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: "rationwatch waits: the store does not hold 2021-08 (ingest it first)\n",
    });
  });

  it("a month or baseline the store lacks: exit 1 naming it", async () => {
    expect(await waits("--month", "2021-08")).toEqual({
      code: 1,
      stdout: "",
      stderr: "rationwatch waits: the store does not hold 2021-08 (ingest it first)\n",
    });
    expect(await waits("--month", "2021-04", "--baseline", "2020-04")).toEqual({
      code: 1,
      stdout: "",
      stderr: "rationwatch waits: --baseline: the store does not hold 2020-04 (ingest it first)\n",
    });
  });
});
