import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { parseCsv } from "../../src/csv.ts";
import { InputFileError, UsageError } from "../../src/errors.ts";
import { areasInForce, populationVintage } from "../../src/geo/areas.ts";
import { importPopulationFile } from "../../src/geo/population-import.ts";
import { ensureReferenceLoaded } from "../../src/geo/reference.ts";
import { Store } from "../../src/store/db.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/population/${name}`, import.meta.url));

/** The fixture's data rows as objects, read independently of the importer. */
function fixtureRows(name: string, headerLine = 1): Record<string, string>[] {
  const rows = parseCsv(readFileSync(fixture(name), "utf8")).slice(headerLine - 1);
  const [header = [], ...data] = rows;
  return data
    .filter((r) => /^E38/.test(r[0] ?? "") || r.length > 5)
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

const num = (v: string | undefined) => Number((v ?? "").replaceAll(",", ""));

let store: Store;
beforeEach(async () => {
  store = await Store.open(":memory:");
});
afterEach(() => store.close());

async function population(code: string, year: number, band = "all", basis = "resident") {
  const row = await store.one<{ count: number }>(
    "SELECT count FROM population WHERE area_code = $1 AND year = $2 AND age_band = $3 AND basis = $4",
    [code, year, band, basis],
  );
  return row?.count;
}

async function snapshot() {
  return store.all("SELECT * EXCLUDE (loaded_at) FROM population ORDER BY ALL");
}

describe("ONS layouts", () => {
  it("reads the re-banded mid-2020 CCG file (our source's layout) with --year", async () => {
    const r = await importPopulationFile(store, {
      file: fixture("ons-ccg21-banded.csv"),
      year: 2021,
    });
    const rows = fixtureRows("ons-ccg21-banded.csv");
    expect(r.layout).toBe("ONS estimates (CCG April 2021)");
    expect(r.imported).toEqual([
      {
        year: 2021,
        basis: "resident",
        label: "ONS mid-2021 estimates",
        geography: "CCG April 2021",
        areas: 3,
        total: rows.reduce((s, x) => s + num(x["All Ages"]), 0),
        source: "ons-ccg21-banded.csv",
      },
    ]);
    expect(await population("03R", 2021)).toBe(351592);
    expect(await population("15F", 2021, "66+")).toBe(117244);
  });

  it("reads the unformatted single-year CCG layout after its title rows, year from the title", async () => {
    const r = await importPopulationFile(store, { file: fixture("ons-ccg-syoa-mid2020.csv") });
    const rows = fixtureRows("ons-ccg-syoa-mid2020.csv", 5);
    const wakefield = rows.find((x) => x["CCG Code"] === "E38000190") ?? {};
    expect(r.imported[0]).toMatchObject({ year: 2020, areas: 2, geography: "CCG April 2021" });
    expect(await population("03R", 2020)).toBe(num(wakefield["All Ages"]));
    expect(await population("03R", 2020, "90+")).toBe(num(wakefield["90+"]));
    expect(await population("02Q", 2020, "0")).toBe(num(rows[1]?.["0"]));
    const bands = await store.one<{ n: number }>(
      "SELECT count(*)::INT AS n FROM population WHERE area_code = '03R' AND year = 2020 AND source = 'ons-ccg-syoa-mid2020.csv'",
    );
    expect(bands?.n).toBe(92);
  });

  it("reads the SICBL 2023 layout, summing F and M per age and mapping changed ONS codes", async () => {
    const r = await importPopulationFile(store, { file: fixture("ons-sicbl23-mid2022.csv") });
    const rows = fixtureRows("ons-sicbl23-mid2022.csv");
    const tameside = rows.find((x) => x["SICBL 2023 Code"] === "E38000263") ?? {};
    expect(r.imported[0]).toMatchObject({ year: 2022, areas: 3, geography: "SICBL 2023" });
    expect(await population("01Y", 2022)).toBe(num(tameside.Total));
    expect(await population("01Y", 2022, "5")).toBe(num(tameside.F5) + num(tameside.M5));
    expect(await population("01Y", 2022, "90+")).toBe(num(tameside.F90) + num(tameside.M90));
  });

  it("reads every Mid-YYYY sheet of an ONS workbook (header on row 4), or the one --year names", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "rw-pop-")), "sapeicb202320112022.xlsx");
    const rows = fixtureRows("ons-sicbl23-mid2022.csv");
    const header = Object.keys(rows[0] ?? {});
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Contents").addRow(["Population estimates by ICB 2023"]);
    for (const [sheet, factor] of [
      ["Mid-2021 ICB 2023", 1],
      ["Mid-2022 ICB 2023", 2],
    ] as const) {
      const ws = wb.addWorksheet(sheet);
      ws.addRow([`${sheet}: mid-year population estimates`]);
      ws.addRow(["Sub ICB Locations in England"]);
      ws.addRow([]);
      ws.addRow(header);
      for (const r of rows) {
        ws.addRow(header.map((h, i) => (i < 6 ? r[h] : num(r[h]) * factor)));
      }
    }
    await wb.xlsx.writeFile(file);
    const wakefield = rows.find((x) => x["SICBL 2023 Code"] === "E38000190") ?? {};

    const one = await importPopulationFile(store, { file, year: 2022 });
    expect(one.imported.map((i) => i.year)).toEqual([2022]);
    expect(await population("03R", 2021)).toBeUndefined();

    const all = await importPopulationFile(store, { file });
    expect(all.layout).toBe("ONS estimates workbook");
    expect(all.imported.map((i) => [i.year, i.areas])).toEqual([
      [2021, 3],
      [2022, 3],
    ]);
    expect(await population("03R", 2021)).toBe(num(wakefield.Total));
    expect(await population("03R", 2022)).toBe(2 * num(wakefield.Total));
    expect(await population("03R", 2022, "17")).toBe(2 * (num(wakefield.F17) + num(wakefield.M17)));
  });

  it("replaces an earlier import of the same areas and year", async () => {
    await importPopulationFile(store, { file: fixture("ons-ccg21-banded.csv"), year: 2020 });
    const before = await snapshot();
    await importPopulationFile(store, { file: fixture("ons-ccg21-banded.csv"), year: 2020 });
    expect(await snapshot()).toEqual(before);
    const n = await store.one<{ n: number }>(
      "SELECT count(*)::INT AS n FROM population WHERE area_code = '03R' AND year = 2020",
    );
    expect(n?.n).toBe(6);
    const source = await store.one<{ source: string }>(
      "SELECT source FROM population WHERE area_code = '03R' AND year = 2020 AND age_band = 'all'",
    );
    expect(source?.source).toBe("ons-ccg21-banded.csv");
  });

  it("uses the latest estimate up to the month's year, and says so", async () => {
    await importPopulationFile(store, { file: fixture("ons-sicbl23-mid2022.csv") });
    const rows = fixtureRows("ons-sicbl23-mid2022.csv");
    const wakefield = num(rows.find((x) => x["SICBL 2023 Code"] === "E38000190")?.Total);
    const in2023 = await areasInForce(store, { month: "2023-01" });
    expect(in2023.find((a) => a.code === "03R")).toMatchObject({
      population: wakefield,
      populationYear: 2022,
    });
    const in2021 = await areasInForce(store, { month: "2021-08" });
    expect(in2021.find((a) => a.code === "03R")?.population).toBe(351592);
    expect(await populationVintage(store, "2023-01")).toBe(
      // Imported estimates win over shipped ones of the same year; unchanged boundaries (same ONS
      // code) take the shipped mid-2022 estimates, the two 2022 changes not in the file mid-2020.
      "ONS mid-2022 estimates (sub-ICB location April 2023 boundaries) for 101 of the 106 areas in force; ONS mid-2022 estimates (SICBL 2023 boundaries) for 3 of the 106 areas in force; ONS mid-2020 estimates (CCG April 2021 boundaries) for 2 of the 106 areas in force, sub-ICB location July 2022 geography",
    );
  });
});

describe("GP registration layouts", () => {
  it("sums practice totals per sub-ICB location (July 2022 on)", async () => {
    const r = await importPopulationFile(store, {
      file: fixture("gp-reg-pat-prac-all-2022-10.csv"),
    });
    expect(r.layout).toBe("NHS Digital GP registration (sub-ICB location)");
    expect(r.imported).toEqual([
      {
        year: 2022,
        basis: "registered",
        label: "NHS Digital GP registered patients, October 2022",
        geography: "sub-ICB location",
        areas: 2,
        total: 12345 + 8000 + 20001 + 9999,
        source: "gp-reg-pat-prac-all-2022-10.csv",
      },
    ]);
    expect(await population("03R", 2022, "all", "registered")).toBe(12345 + 8000);
    expect(await population("15F", 2022, "all", "registered")).toBe(20001 + 9999);
    // ONS estimates stay the denominator where both exist.
    // Resident stays the default (ONS mid-2022, same boundary); registered uses the import.
    const areas = await areasInForce(store, { month: "2022-10" });
    expect(areas.find((a) => a.code === "03R")?.population).toBe(356978);
    const registered = await areasInForce(store, { month: "2022-10", denominator: "registered" });
    expect(registered.find((a) => a.code === "03R")?.population).toBe(12345 + 8000);
  });

  it("never adds a practice's ALL rows to its breakdown (CCG_CODE layout, before July 2022)", async () => {
    const r = await importPopulationFile(store, {
      file: fixture("gp-reg-pat-prac-quin-age-2021-05.csv"),
    });
    expect(r.imported[0]).toMatchObject({ year: 2021, areas: 2, geography: "CCG" });
    // B87001 has only sex × age rows (all summed); B87002 has an ALL/ALL row (used alone).
    expect(await population("03R", 2021, "all", "registered")).toBe(
      100 + 200 + 300 + 110 + 210 + 310 + 999,
    );
    expect(await population("02Q", 2021, "all", "registered")).toBe(40 + 50 + 60 + 70);
  });
});

describe("bad files", () => {
  it("rejects an unknown layout with one line, writing nothing", async () => {
    await importPopulationFile(store, { file: fixture("ons-ccg21-banded.csv"), year: 2021 });
    const before = await snapshot();
    const err = await importPopulationFile(store, {
      file: fixture("unknown-layout.csv"),
      displayName: "unknown-layout.csv",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toBe(
      'unknown-layout.csv: unknown population file layout (header starts "Area,Persons"): expected ONS estimates with a CCG or SICBL code column and "All Ages"/"Total", or an NHS Digital GP registration file with NUMBER_OF_PATIENTS',
    );
    expect(await snapshot()).toEqual(before);
  });

  it("rejects an unknown area code naming the line, writing none of the file's rows", async () => {
    await ensureReferenceLoaded(store);
    const before = await snapshot();
    const err = await importPopulationFile(store, {
      file: fixture("unknown-code.csv"),
      displayName: "unknown-code.csv",
      year: 2021,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'unknown-code.csv:4 (column "CCG Code"): unknown area code "E38099999": not a CCG (April 2021) or sub-ICB location (July 2022) of the reference geography',
    );
    expect(await snapshot()).toEqual(before);
  });

  it("rejects a count that is not a whole number, naming line and column", async () => {
    const err = await importPopulationFile(store, {
      file: fixture("bad-number.csv"),
      displayName: "bad-number.csv",
      year: 2021,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'bad-number.csv:3 (column "All Ages"): expected a whole number of people, got "35l592"',
    );
  });

  it("rejects an area listed twice, and maps an unknown ONS code by the ODS code ending its name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-pop-"));
    const header = "SICBL 2023 Code,SICBL 2023 Name,Total";
    const twice = join(dir, "twice.csv");
    writeFileSync(
      twice,
      `${header}\nE38000190,NHS West Yorkshire ICB - 03R,10\nE38000190,NHS West Yorkshire ICB - 03R,11\n`,
    );
    const err = await importPopulationFile(store, {
      file: twice,
      displayName: "twice.csv",
      year: 2023,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'twice.csv:3 (column "SICBL 2023 Code"): area 03R appears twice (also line 2)',
    );
    const renamed = join(dir, "renamed.csv");
    writeFileSync(renamed, `${header}\nE38000999,NHS West Yorkshire ICB - 03R,12\n`);
    await importPopulationFile(store, { file: renamed, year: 2023 });
    expect(await population("03R", 2023)).toBe(12);
  });

  it("asks for --year when an ONS CSV does not name its mid-year", async () => {
    const err = await importPopulationFile(store, {
      file: fixture("ons-ccg21-banded.csv"),
      displayName: "ons-ccg21-banded.csv",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(
      "ons-ccg21-banded.csv does not say which mid-year it estimates: pass --year YYYY",
    );
  });
});
