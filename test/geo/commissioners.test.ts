import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  classifyCommissioners,
  commissionerParents,
  nonGeographicInData,
  unknownCommissioners,
} from "../../src/geo/commissioners.ts";
import { applyCrosswalk } from "../../src/geo/crosswalk.ts";
import { Store } from "../../src/store/db.ts";
import { upsertCrosswalk } from "../../src/store/geo-queries.ts";

import { insertRttRows } from "./rtt-rows.ts";

let store: Store;
beforeEach(async () => {
  store = await Store.open(":memory:");
});
afterEach(() => store.close());

describe("classifyCommissioners", () => {
  it("sorts the real November 2024 extract's 46 codes: 42 areas, 4 non-geographic, none unknown", async () => {
    const csv = readFileSync(
      fileURLToPath(new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url)),
      "utf8",
    );
    // Commissioner Org Code is the 8th column; of the columns before it only the parent name
    // (the 7th) is ever quoted in this file.
    const codes = new Set<string>();
    for (const line of csv.split(/\r?\n/).slice(1)) {
      const m = /^[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,([^,]*),("[^"]*"|[^,]*),([^,]*),/.exec(line);
      if (m?.[3]) codes.add(m[3]);
    }
    expect(codes.size).toBe(46);
    const c = await classifyCommissioners(store, { month: "2024-11", codes: [...codes] });
    expect(c.geographic).toHaveLength(42);
    expect(c.nonGeographic.map((n) => n.code)).toEqual(["13Q", "14M", "14T", "NONC"]);
    expect(c.unknown).toEqual([]);
    expect(c.nonGeographic.find((n) => n.code === "NONC")?.reason).toMatch(
      /no resident population/,
    );
  });

  it("lists a code the reference lacks as unknown, and known patterns as non-geographic", async () => {
    const c = await classifyCommissioners(store, {
      month: "2021-08",
      codes: ["03R", "02N", "Y62", "Q72", "X24", "ZZZ99"],
    });
    expect(c.geographic).toEqual(["03R"]);
    expect(c.unknown).toEqual(["02N", "ZZZ99"]);
    expect(c.nonGeographic.map((n) => [n.code, n.kind])).toEqual([
      ["Q72", "area-team"],
      ["X24", "national"],
      ["Y62", "region"],
    ]);
  });

  it("rolls a code up through the crosswalk only for months from the change on", async () => {
    await upsertCrosswalk(store, [
      { oldCode: "02N", newCode: "36J", fromMonth: "2020-04", note: null, source: "test" },
    ]);
    const after = await classifyCommissioners(store, { month: "2021-08", codes: ["02N"] });
    expect(after).toMatchObject({ geographic: ["02N"], mapped: [{ code: "02N", to: "36J" }] });
    const map = await applyCrosswalk(store, { codes: ["02N", "03R"], asOf: "2020-03" });
    expect([...map]).toEqual([
      ["02N", "02N"],
      ["03R", "03R"],
    ]);
  });

  it("follows crosswalk chains and ignores the shipped identity entries", async () => {
    await upsertCrosswalk(store, [
      { oldCode: "AAA", newCode: "BBB", fromMonth: "2020-04", note: null, source: "test" },
      { oldCode: "BBB", newCode: "15F", fromMonth: "2021-04", note: null, source: "test" },
    ]);
    const map = await applyCrosswalk(store, { codes: ["AAA", "BBB", "03R"], asOf: "2022-07" });
    expect(Object.fromEntries(map)).toEqual({ AAA: "15F", BBB: "15F", "03R": "03R" });
    const shipped = await store.one<{ n: number }>(
      "SELECT count(*)::INT AS n FROM code_crosswalk WHERE old_code = new_code",
    );
    expect(shipped?.n).toBe(106);
  });
});

describe("commissioners in an ingested month", () => {
  beforeEach(async () => {
    await insertRttRows(store, "2021-08", [
      { commissioner: "03R", parent: "QWO", totalAll: 100 },
      { commissioner: "03R", parent: "QWO", tf: "C_999", totalAll: 100 },
      { commissioner: "02N", parent: "QWO", name: "NHS AIREDALE CCG", totalAll: 7 },
      { commissioner: "02N", parent: "QWO", part: "Part_2", tf: "C_120", totalAll: 30 },
      { commissioner: "02N", parent: "QWO", tf: "C_999", totalAll: 37 },
      { commissioner: "NONC", totalAll: 5 },
      { commissioner: "02Q", parent: "QF7", totalAll: 1 },
    ]);
  });

  it("counts an unknown code's non-C_999 rows and their Total All", async () => {
    expect(await unknownCommissioners(store, { month: "2021-08" })).toEqual([
      { code: "02N", name: "NHS AIREDALE CCG", rows: 2, count: 37 },
    ]);
    expect(await nonGeographicInData(store, { month: "2021-08" })).toMatchObject([
      { code: "NONC", kind: "other", rows: 1, count: 5 },
    ]);
  });

  it("takes the ICS from the month's rows, else the reference lookup", async () => {
    const parents = await commissionerParents(store, "2021-08");
    expect(parents.find((p) => p.code === "03R")).toEqual({
      code: "03R",
      icbCode: "QWO",
      icbName: "West Yorkshire and Harrogate (Health and Care Partnership)",
      source: "rtt",
    });
    expect(parents.find((p) => p.code === "15F")).toMatchObject({
      icbCode: "QWO",
      source: "reference",
    });
    expect(parents.find((p) => p.code === "02N")).toMatchObject({ icbCode: "QWO", source: "rtt" });
    expect(parents.find((p) => p.code === "NONC")).toBeUndefined();
    expect(parents.filter((p) => p.source === "reference")).toHaveLength(104);
  });

  it("ignores RTT parent codes before April 2020 (they were not ICSs)", async () => {
    await insertRttRows(store, "2019-06", [{ commissioner: "03R", parent: "Q72", totalAll: 1 }]);
    const parents = await commissionerParents(store, "2019-06");
    expect(parents.find((p) => p.code === "03R")).toMatchObject({
      icbCode: "QWO",
      source: "reference",
    });
  });
});
