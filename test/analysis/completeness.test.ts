// Completeness on a generated store (test/analysis/completeness-fixture.ts): the area whose
// usual provider did not submit keeps a marked row with the reason, and is out of the ranks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { leagueRows } from "../../src/analysis/league-rows.ts";
import { variationToTidy } from "../../src/analysis/tidy.ts";
import type { VariationResult } from "../../src/analysis/types.ts";
import { variation } from "../../src/analysis/variation.ts";
import type { Store } from "../../src/store/db.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import {
  COMPLETENESS_ROWS,
  ENGLAND_COUNT,
  ENGLAND_POPULATION,
  WAKEFIELD_REASON,
} from "./completeness-fixture.ts";

let store: Store;
let v: VariationResult;
beforeAll(async () => {
  store = await buildRttStore(COMPLETENESS_ROWS);
  v = await variation(store, { from: "2021-06", to: "2021-06", simulations: 100 });
});
afterAll(() => store?.close());

describe("completeness on a generated store", () => {
  it("names RYY as not submitting in June 2021 and flags only Wakefield (03R)", () => {
    expect(v.completeness?.nonSubmitters).toEqual([
      {
        month: "2021-06",
        providers: [
          { code: "RYY", name: "Provider RYY", why: "submitted in a neighbouring month, no rows" },
        ],
      },
    ]);
    expect(v.completeness?.incomplete.map((a) => [a.code, a.count, a.share])).toEqual([
      ["03R", 410, 0.2],
    ]);
    expect(v.completeness?.incomplete[0]?.reason).toBe(WAKEFIELD_REASON);
    expect(v.areas.map((a) => a.code).sort()).toEqual(["02T", "05W", "11J", "15F"]);
    expect(v.england.count).toBe(ENGLAND_COUNT);
    expect(v.england.population).toBe(ENGLAND_POPULATION);
  });

  it("lists every area for presenters: ranked first, then the incomplete one with no rank", () => {
    const rows = leagueRows(v);
    expect(rows.map((r) => [r.code, r.rank, r.completeness])).toEqual([
      ...v.areas.map((a) => [a.code, a.rank, "complete"]),
      ["03R", null, "incomplete"],
    ]);
    const wakefield = rows.at(-1);
    expect(wakefield?.rate).toBeCloseTo((410 / 351_592) * 1000, 12);
    expect(wakefield?.comparedToEngland).toBeNull();
    expect(wakefield?.incompleteReason).toBe(WAKEFIELD_REASON);
  });

  it("gives the tidy rows a completeness and a reason; `keep` drops incomplete areas not shown", () => {
    const tidy = variationToTidy(v);
    expect(tidy[0]).toMatchObject({ areaCode: "E92000001", completeness: null });
    expect(tidy.at(-1)).toMatchObject({
      areaCode: "03R",
      count: 410,
      comparedToEngland: null,
      comparisonBasis: null,
      completeness: "incomplete",
      incompleteReason: WAKEFIELD_REASON,
    });
    expect(tidy.filter((r) => r.completeness === "complete")).toHaveLength(4);
    expect(variationToTidy(v, () => false).some((r) => r.areaCode === "03R")).toBe(false);
  });
});
