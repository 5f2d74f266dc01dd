import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { beforeAll, describe, expect, it } from "vitest";

import { parseCsvRecords } from "../../src/csv.ts";
import { withStore } from "../../src/store/db.ts";
import { insertRttRows } from "../geo/rtt-rows.ts";
import { runCli } from "../helpers/cli.ts";

const ccg21 = parseCsvRecords(
  readFileSync(fileURLToPath(new URL("../../data/reference/ccg21.csv", import.meta.url)), "utf8"),
);

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-areas-"));
  db = join(dir, "store.duckdb");
  await withStore(db, async (store) => {
    await insertRttRows(store, "2021-08", [
      { commissioner: "03R", parent: "QWO", totalAll: 120 },
      { commissioner: "03R", parent: "QWO", tf: "C_999", totalAll: 120 },
      // 02N (Airedale, Wharfedale and Craven) merged into 36J in April 2020: unknown to the reference.
      { commissioner: "02N", parent: "QWO", name: "NHS AIREDALE CCG", totalAll: 11 },
      { commissioner: "02N", parent: "QWO", part: "Part_2", tf: "C_120", totalAll: 40 },
      { commissioner: "02N", parent: "QWO", tf: "C_999", totalAll: 51 },
      { commissioner: "NONC", totalAll: 3 },
      { commissioner: "13Q", totalAll: 9 },
    ]);
    await insertRttRows(store, "2021-09", [{ commissioner: "03R", parent: "QWO", totalAll: 1 }]);
  });
});

describe("rationwatch areas", () => {
  it("prints the JSON contract for 2021-08 with Wakefield's figures and the unknown code", async () => {
    const r = await runCli(["areas", "--db", db, "--month", "2021-08", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      month: string;
      areas: Array<Record<string, unknown>>;
      unknownCommissioners: unknown[];
      nonGeographic: Array<{ code: string; reason: string }>;
    };
    expect(Object.keys(json)).toEqual(["month", "areas", "unknownCommissioners", "nonGeographic"]);
    expect(json.month).toBe("2021-08");
    expect(json.areas).toHaveLength(106);
    expect(json.areas.find((a) => a.code === "03R")).toEqual({
      code: "03R",
      onsCode: "E38000190",
      name: "NHS Wakefield CCG",
      label: "Wakefield (03R)",
      type: "ccg",
      icbCode: "QWO",
      regionName: "North East and Yorkshire",
      population: 351592,
    });
    const total = json.areas.reduce((s, a) => s + Number(a.population), 0);
    expect(total).toBe(56_550_138);
    expect(json.unknownCommissioners).toEqual([{ code: "02N", rows: 2, count: 51 }]);
    expect(json.nonGeographic.map((n) => n.code)).toEqual(["13Q", "NONC"]);
    expect(json.nonGeographic[1]?.reason).toMatch(/^activity commissioned outside the English NHS/);
  });

  it("defaults to the latest ingested month", async () => {
    const r = await runCli(["areas", "--db", db, "--format", "json"]);
    const json = JSON.parse(r.stdout) as { month: string; unknownCommissioners: unknown[] };
    expect(json.month).toBe("2021-09");
    expect(json.unknownCommissioners).toEqual([]);
  });

  it("without a store, shows April 2021 and every known non-geographic code, creating nothing", async () => {
    const missing = join(dir, "none.duckdb");
    const r = await runCli(["areas", "--db", missing, "--format", "json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { month: string; nonGeographic: Array<{ code: string }> };
    expect(json.month).toBe("2021-04");
    // Every code of data/reference/non-geographic.csv: the 16 ODS commissioning hubs, the 37 ODS
    // sub-ICB reporting entities, NONC, X24 and the regions.
    const codes = json.nonGeographic.map((n) => n.code);
    expect(codes).toHaveLength(16 + 37 + 2 + 10);
    for (const c of ["13Q", "13R", "14A", "14E", "14F", "14G", "14M", "14Q", "14R", "14T"]) {
      expect(codes).toContain(c);
    }
    for (const c of ["15L", "27T", "32T", "76A", "85J", "97T", "NONC", "X24", "Y54", "Y63"]) {
      expect(codes).toContain(c);
    }
    expect(codes).toEqual([...codes].sort());
    expect(existsSync(missing)).toBe(false);
  });

  it("lists regions with populations summed independently from ccg21.csv", async () => {
    const r = await runCli([
      "areas",
      "--db",
      db,
      "--month",
      "2021-08",
      "--level",
      "region",
      "--format",
      "csv",
    ]);
    expect(r.code).toBe(0);
    const rows = parseCsvRecords(r.stdout);
    expect(rows).toHaveLength(7);
    const ney = ccg21
      .filter((c) => c.region_name === "North East and Yorkshire")
      .reduce((s, c) => s + Number(c.population), 0);
    // camelCase columns as every command's CSV; a region has no ICB and is not its own region.
    expect(rows.find((x) => x.name === "North East and Yorkshire")).toEqual({
      code: "Y63",
      onsCode: "E40000009",
      name: "North East and Yorkshire",
      label: "North East and Yorkshire (Y63)",
      type: "region",
      population: String(ney),
    });
  });

  it("lists ICSs (STPs) for --level icb in a CCG-era month", async () => {
    const r = await runCli([
      "areas",
      "--db",
      db,
      "--month",
      "2021-08",
      "--level",
      "icb",
      "--format",
      "json",
    ]);
    const json = JSON.parse(r.stdout) as {
      areas: Array<{ code: string; type: string; population: number }>;
    };
    expect(json.areas).toHaveLength(42);
    const qwo = ccg21
      .filter((c) => c.stp_code === "QWO")
      .reduce((s, c) => s + Number(c.population), 0);
    expect(json.areas.find((a) => a.code === "QWO")).toMatchObject({
      type: "stp",
      population: qwo,
    });
  });

  it("takes --level commissioner, as every command: the month's CCGs, as --level ccg", async () => {
    const args = ["areas", "--db", db, "--month", "2021-08", "--format", "csv"];
    const commissioner = await runCli([...args, "--level", "commissioner"]);
    expect(commissioner.code).toBe(0);
    expect(commissioner.stdout).toBe((await runCli([...args, "--level", "ccg"])).stdout);
    expect(commissioner.stdout).toBe((await runCli(args)).stdout);
    expect(parseCsvRecords(commissioner.stdout)).toHaveLength(ccg21.length);
  });

  it("shows the table with the unknown and non-geographic commissioners", async () => {
    const r = await runCli(["areas", "--db", db, "--month", "2021-08"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(
      "2021-08: 106 areas, population 56,550,138 (ONS mid-2020 estimates, CCG April 2021 geography)",
    );
    expect(r.stdout).toMatch(
      /^03R +E38000190 +Wakefield \(03R\) +ccg +QWO +North East and Yorkshire +351,592$/m,
    );
    expect(r.stdout).toContain("  02N    2 rows, Total All 51  NHS AIREDALE CCG");
  });

  it.each([
    [
      ["--level", "ward"],
      '--level: expected one of commissioner, icb, region, ccg, sub-icb, got "ward"',
    ],
    [["--month", "2021-8"], '--month: expected a month as YYYY-MM, got "2021-8"'],
    [["--format", "xml"], '--format: expected one of table, csv, json, got "xml"'],
    [
      ["--level", "sub-icb", "--month", "2021-08"],
      "--level sub-icb: 2021-08 uses the CCG April 2021 geography (use --level ccg)",
    ],
    [
      ["--level", "ccg", "--month", "2023-01"],
      "--level ccg: 2023-01 uses the sub-ICB location July 2022 geography (use --level sub-icb)",
    ],
  ])("rejects %j with exit code 2", async (args, message) => {
    const r = await runCli(["areas", "--db", db, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rationwatch areas: ${message}\n`);
    expect(r.stdout).toBe("");
  });

  it("rejects an unknown flag with exit code 2", async () => {
    const r = await runCli(["areas", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rationwatch areas: Unknown option '--bogus'/);
  });

  it("names the April 2026 areas by the same label, place and code", async () => {
    const y2026 = await runCli(["areas", "--db", join(dir, "none.duckdb"), "--month", "2026-04"], {
      env: { COLUMNS: "200" },
    });
    expect(y2026.code).toBe(0);
    expect(y2026.stdout).toMatch(/^U2G6B +E38000268 +East Berkshire \(U2G6B\) +sub-icb +S0E4D /m);
    expect(y2026.stdout).toMatch(/^42D +\S+ +North Yorkshire \(42D\) /m);
    expect(y2026.stdout).not.toContain("NHS Thames Valley ICB - U2G6B");
  });
});
