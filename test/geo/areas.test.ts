import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { parseCsvRecords } from "../../src/csv.ts";
import { MissingDataError } from "../../src/errors.ts";
import { areasInForce, populationVintage } from "../../src/geo/areas.ts";
import { ensureReferenceLoaded } from "../../src/geo/reference.ts";
import { vintageForMonth } from "../../src/geo/vintages.ts";
import { Store } from "../../src/store/db.ts";

const ref = (name: string) =>
  parseCsvRecords(
    readFileSync(fileURLToPath(new URL(`../../data/reference/${name}`, import.meta.url)), "utf8"),
  );
const ccg21 = ref("ccg21.csv");
const subIcb22 = ref("sub-icb22.csv");
const subIcb23 = ref("sub-icb23.csv");
const populations = ref("populations.csv");

let store: Store;
beforeEach(async () => {
  store = await Store.open(":memory:");
});
afterEach(() => store.close());

describe("reference loading", () => {
  it("loads once and records the vintages with their file checksums", async () => {
    await ensureReferenceLoaded(store);
    await ensureReferenceLoaded(store);
    const counts = await store.all<{ vintage: string; type: string; n: number }>(
      "SELECT vintage, type, count(*)::INT AS n FROM area GROUP BY ALL ORDER BY ALL",
    );
    expect(counts).toEqual([
      { vintage: "ccg21", type: "ccg", n: 106 },
      { vintage: "ccg21", type: "england", n: 1 },
      { vintage: "ccg21", type: "region", n: 7 },
      { vintage: "ccg21", type: "stp", n: 42 },
      { vintage: "sicbl22", type: "england", n: 1 },
      { vintage: "sicbl22", type: "icb", n: 42 },
      { vintage: "sicbl22", type: "region", n: 7 },
      { vintage: "sicbl22", type: "sub-icb", n: 106 },
      { vintage: "sicbl23", type: "england", n: 1 },
      { vintage: "sicbl23", type: "icb", n: 42 },
      { vintage: "sicbl23", type: "region", n: 7 },
      { vintage: "sicbl23", type: "sub-icb", n: 106 },
      { vintage: "sicbl26", type: "england", n: 1 },
      { vintage: "sicbl26", type: "icb", n: 36 },
      { vintage: "sicbl26", type: "region", n: 7 },
      { vintage: "sicbl26", type: "sub-icb", n: 106 },
    ]);
    const vintages = await store.all<{ id: string; checksum: string }>(
      "SELECT id, checksum FROM reference_vintage ORDER BY id",
    );
    expect(vintages.map((v) => v.id)).toEqual(["ccg21", "codes", "sicbl22", "sicbl23", "sicbl26"]);
    expect(vintages.every((v) => /^[0-9a-f]{64}$/.test(v.checksum))).toBe(true);
  });

  it("is idempotent across sessions and reloads only a vintage whose files changed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-geo-"));
    const refDir = join(dir, "reference");
    cpSync(fileURLToPath(new URL("../../data/reference/", import.meta.url)), refDir, {
      recursive: true,
    });
    const db = join(dir, "store.duckdb");
    const stamps = async () => {
      const s = await Store.open(db);
      await ensureReferenceLoaded(s, { referenceDir: refDir });
      const rows = await s.all<{ id: string; t: string; n: number }>(
        `SELECT id, loaded_at::VARCHAR AS t, (SELECT count(*)::INT FROM population) AS n
         FROM reference_vintage ORDER BY id`,
      );
      const wakefield = await s.one<{ count: number }>(
        "SELECT count FROM population WHERE area_code = '03R' AND age_band = 'all' AND year = 2020",
      );
      s.close();
      return { rows, wakefield: wakefield?.count };
    };
    const first = await stamps();
    const second = await stamps();
    expect(second).toEqual(first);
    // CCG mid-2020 (all ages + 5 bands), mid-2022 on two sub-ICB boundary sets, populations.csv.
    expect(first.rows[0]?.n).toBe(106 * 6 + 106 * 2 + populations.length);

    const file = join(refDir, "ccg21.csv");
    writeFileSync(file, readFileSync(file, "utf8").replace(",351592,", ",351593,"));
    await new Promise((r) => setTimeout(r, 5));
    const third = await stamps();
    expect(third.wakefield).toBe(351593);
    const stamp = (x: typeof first, id: string) => x.rows.find((r) => r.id === id)?.t;
    expect(stamp(third, "ccg21")).not.toBe(stamp(first, "ccg21"));
    expect(stamp(third, "sicbl22")).toBe(stamp(first, "sicbl22"));
    expect(stamp(third, "codes")).toBe(stamp(first, "codes"));
  });

  it("explains, instead of failing in SQL, when a read-only store lacks the reference data", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "rw-geo-")), "store.duckdb");
    (await Store.open(db)).close();
    const readOnly = await Store.open(db, { readOnly: true });
    const err = await ensureReferenceLoaded(readOnly).catch((e: unknown) => e);
    readOnly.close();
    expect(err).toBeInstanceOf(MissingDataError);
    expect((err as Error).message).toBe(
      `the store at ${db} has no reference geography loaded yet and is open read-only: run 'rationwatch areas --db ${db}' once to load it`,
    );
  });
});

describe("areasInForce", () => {
  it("gives Wakefield's CCG, STP, region and mid-2020 population in August 2021", async () => {
    const areas = await areasInForce(store, { month: "2021-08" });
    expect(areas.find((a) => a.code === "03R")).toEqual({
      code: "03R",
      onsCode: "E38000190",
      name: "NHS Wakefield CCG",
      type: "ccg",
      vintage: "ccg21",
      parentCode: "QWO",
      icbCode: "QWO",
      icbName: "West Yorkshire and Harrogate (Health and Care Partnership)",
      regionCode: "Y63",
      regionName: "North East and Yorkshire",
      population: 351592,
      populationYear: 2020,
      place: null,
    });
  });

  it("sums 106 CCGs to the ONS mid-2020 England total 56,550,138", async () => {
    const areas = await areasInForce(store, { month: "2021-08" });
    expect(areas).toHaveLength(106);
    const fromCsv = ccg21.reduce((s, r) => s + Number(r.population), 0);
    expect(fromCsv).toBe(56_550_138);
    expect(areas.reduce((s, a) => s + (a.population ?? 0), 0)).toBe(fromCsv);
  });

  it("gives the 7 regions with populations summed from ccg21.csv", async () => {
    const regions = await areasInForce(store, { month: "2021-08", level: "region" });
    const expected = new Map<string, number>();
    for (const r of ccg21) {
      const name = r.region_name ?? "";
      expected.set(name, (expected.get(name) ?? 0) + Number(r.population));
    }
    expect(regions).toHaveLength(7);
    for (const r of regions) expect(r.population).toBe(expected.get(r.name));
    const ney = regions.find((r) => r.name === "North East and Yorkshire");
    expect(ney).toMatchObject({ code: "Y63", onsCode: "E40000009", type: "region" });
  });

  it("gives the 42 STPs before July 2022 and the 42 ICBs after, with summed populations", async () => {
    const stps = await areasInForce(store, { month: "2021-08", level: "icb" });
    expect(stps).toHaveLength(42);
    const wy = stps.find((a) => a.code === "QWO");
    const wyExpected = ccg21
      .filter((r) => r.stp_code === "QWO")
      .reduce((s, r) => s + Number(r.population), 0);
    expect(wy).toMatchObject({ type: "stp", onsCode: "E54000054", population: wyExpected });
    const icbs = await areasInForce(store, { month: "2022-07", level: "icb" });
    expect(icbs).toHaveLength(42);
    expect(icbs.every((a) => a.type === "icb")).toBe(true);
  });

  it("moves Bassetlaw (02Q) from South Yorkshire (North East and Yorkshire) to Nottinghamshire (Midlands) in July 2022", async () => {
    const june = (await areasInForce(store, { month: "2022-06" })).find((a) => a.code === "02Q");
    const july = (await areasInForce(store, { month: "2022-07" })).find((a) => a.code === "02Q");
    expect(june).toMatchObject({
      type: "ccg",
      icbCode: "QF7",
      regionName: "North East and Yorkshire",
    });
    expect(july).toMatchObject({ type: "sub-icb", icbCode: "QT1", regionName: "Midlands" });
    // July 2022 takes the mid-2022 estimate of the same boundary (same ONS code) on the 2023 set,
    // else the April 2021 CCG's mid-2020 estimate.
    const pop22 = (code: string) => {
      const r22 = subIcb22.find((r) => r.code === code);
      const r23 = subIcb23.find((r) => r.code === code);
      return r23 && r23.ons_code === r22?.ons_code
        ? Number(r23.population)
        : Number(ccg21.find((c) => c.code === code)?.population);
    };
    expect(july?.population).toBe(pop22("02Q"));
    expect(july?.populationYear).toBe(2022);
    const midlands = await areasInForce(store, { month: "2022-07", level: "region" });
    const expected = subIcb22
      .filter((r) => r.region_name === "Midlands")
      .reduce((s, r) => s + pop22(r.code ?? ""), 0);
    expect(midlands.find((r) => r.name === "Midlands")?.population).toBe(expected);
    expect(midlands.find((r) => r.name === "Midlands")?.onsCode).toBe("E40000011");
  });

  it("gives the sub-ICB locations their July 2022 ONS codes (the six that changed)", async () => {
    const areas = await areasInForce(store, { month: "2023-03" });
    const changed = areas
      .filter((a) => a.onsCode !== ccg21.find((c) => c.code === a.code)?.ons_code)
      .map((a) => `${a.code}=${a.onsCode}`);
    expect(changed).toEqual([
      "01Y=E38000263",
      "06H=E38000260",
      "15E=E38000258",
      "15M=E38000261",
      "78H=E38000262",
      "D2P2L=E38000259",
    ]);
  });

  it("uses the April 2021 CCGs for months before April 2021", async () => {
    expect(vintageForMonth("2019-01").id).toBe("ccg21");
    const areas = await areasInForce(store, { month: "2019-01" });
    expect(areas).toHaveLength(106);
    expect(areas.every((a) => a.type === "ccg")).toBe(true);
  });
});

describe("populationVintage", () => {
  it("cites the shipped estimates and the month's geography", async () => {
    expect(await populationVintage(store, "2021-08")).toBe(
      "ONS mid-2020 estimates, CCG April 2021 geography",
    );
    expect(await populationVintage(store, "2022-08")).toBe(
      "ONS mid-2022 estimates (sub-ICB location April 2023 boundaries) for 104 of the 106 areas in force; ONS mid-2020 estimates (CCG April 2021 boundaries) for 2 of the 106 areas in force, sub-ICB location July 2022 geography",
    );
    expect(await populationVintage(store, "2024-11")).toBe(
      "ONS mid-2022 estimates, sub-ICB location April 2023 geography",
    );
    expect(await populationVintage(store, "2026-04")).toBe(
      "ONS mid-2022 estimates, sub-ICB location April 2026 geography",
    );
    expect(await populationVintage(store, "2026-04", { denominator: "need-weighted" })).toBe(
      "NHS England general and acute weighted population 2024/25 (sub-ICB location April 2023 boundaries) for 103 of the 106 areas in force; NHS England general and acute weighted population 2024/25 for 3 of the 106 areas in force, sub-ICB location April 2026 geography",
    );
  });
});
