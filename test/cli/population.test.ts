import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { parseCsvRecords } from "../../src/csv.ts";
import { withStore } from "../../src/store/db.ts";
import { runCli, spawnCli } from "../helpers/cli.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/population/${name}`, import.meta.url));
const fixturesDir = fileURLToPath(new URL("../fixtures/population/", import.meta.url));
const tempDb = () => join(mkdtempSync(join(tmpdir(), "rw-popcli-")), "store.duckdb");

async function populationRows(db: string) {
  return withStore(db, (s) => s.all("SELECT * EXCLUDE (loaded_at) FROM population ORDER BY ALL"));
}

describe("rationwatch population import", () => {
  it("imports an ONS file and reports what it stored", async () => {
    const db = tempDb();
    const r = await runCli([
      "population",
      "import",
      fixture("ons-ccg21-banded.csv"),
      "--db",
      db,
      "--year",
      "2021",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // Bassetlaw, Wakefield and Leeds in ONS's mid-2020 CCG file (the fixture's three rows).
    const total = parseCsvRecords(readFileSync(fixture("ons-ccg21-banded.csv"), "utf8")).reduce(
      (sum, row) => sum + Number(row["All Ages"]),
      0,
    );
    expect(total).toBe(118_280 + 351_592 + 798_786);
    expect(r.stdout).toBe(
      `Imported ONS estimates (CCG April 2021) from ${fixture("ons-ccg21-banded.csv")}:\n` +
        "  2021  3 areas  total 1,268,658  ONS mid-2021 estimates (CCG April 2021, resident)\n",
    );
  });

  it("imports a GP registration file given relative to the working directory", async () => {
    const db = tempDb();
    const r = await runCli(
      ["population", "import", "gp-reg-pat-prac-all-2022-10.csv", "--db", db],
      {
        cwd: fixturesDir,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "  2022  2 areas  total 50,345  NHS Digital GP registered patients, October 2022 (sub-ICB location, registered)",
    );
  });

  it("rejects an unknown layout (exit 1, one line) and leaves no store behind", async () => {
    const db = tempDb();
    const r = await runCli(["population", "import", "unknown-layout.csv", "--db", db], {
      cwd: fixturesDir,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'rationwatch population: unknown-layout.csv: unknown population file layout (header starts "Area,Persons"): expected ONS estimates with a CCG or SICBL code column and "All Ages"/"Total", or an NHS Digital GP registration file with NUMBER_OF_PATIENTS\n',
    );
    expect(existsSync(db)).toBe(false);
  });

  it("rejects an unknown area code (exit 1) leaving an existing store unchanged", async () => {
    const db = tempDb();
    await runCli(["population", "import", fixture("gp-reg-pat-prac-all-2022-10.csv"), "--db", db]);
    const before = await populationRows(db);
    const r = await runCli(
      ["population", "import", "unknown-code.csv", "--db", db, "--year", "2021"],
      {
        cwd: fixturesDir,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'rationwatch population: unknown-code.csv:4 (column "CCG Code"): unknown area code "E38099999": not a CCG (April 2021) or sub-ICB location (July 2022) of the reference geography\n',
    );
    expect(await populationRows(db)).toEqual(before);
  });

  it.each([
    [["import"], "population import: give exactly one file"],
    [
      ["load", "x.csv"],
      `population: expected 'population import <file>', got "load" (see 'rationwatch population --help')`,
    ],
    [["import", "a.csv", "b.csv"], "population import: give exactly one file"],
    [
      ["import", "ons-ccg21-banded.csv", "--year", "21"],
      '--year: expected a year as YYYY, got "21"',
    ],
    [
      ["import", "ons-ccg21-banded.csv"],
      "ons-ccg21-banded.csv does not say which mid-year it estimates: pass --year YYYY",
    ],
  ])("rejects %j with exit code 2 and writes nothing", async (args, message) => {
    const db = tempDb();
    const r = await runCli(["population", ...args, "--db", db], { cwd: fixturesDir });
    expect(r.stderr).toBe(`rationwatch population: ${message}\n`);
    expect(r.code).toBe(2);
    expect(existsSync(db)).toBe(false);
  });

  it("rejects an unknown flag with exit code 2", async () => {
    const r = await runCli(["population", "import", "x.csv", "--yaer", "2020"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rationwatch population: Unknown option '--yaer'/);
  });

  it("runs as a child process and then feeds the areas command", async () => {
    const db = tempDb();
    const imported = spawnCli([
      "population",
      "import",
      fixture("ons-sicbl23-mid2022.csv"),
      "--db",
      db,
      "-q",
    ]);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    const areas = await runCli(["areas", "--db", db, "--month", "2023-01", "--format", "json"]);
    const json = JSON.parse(areas.stdout) as { areas: Array<{ code: string; population: number }> };
    // 03R's Total in the fixture: F = 1100…1190, M = 990…1170 over ages 0–90.
    const f = Array.from({ length: 91 }, (_, a) => 1100 + a);
    const m = Array.from({ length: 91 }, (_, a) => 990 + 2 * a);
    const total = [...f, ...m].reduce((s, v) => s + v, 0);
    expect(json.areas.find((a) => a.code === "03R")?.population).toBe(total);
  });
});
