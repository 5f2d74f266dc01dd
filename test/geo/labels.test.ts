// One label style for every area of every vintage (analysis/labels.ts): "Wakefield (03R)" — the
// place the area covers, then its ODS code; never the ICB's name for a sub-ICB location, and no
// two areas alike. Built from the shipped reference (data/reference), so it runs everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { areaLabel, shortName } from "../../src/analysis/labels.ts";
import { displayName } from "../../src/analysis/units.ts";
import { areasInForce } from "../../src/geo/areas.ts";
import { ensureReferenceLoaded } from "../../src/geo/reference.ts";
import { Store } from "../../src/store/db.ts";

let store: Store;
beforeAll(async () => {
  store = await Store.open(":memory:");
  await ensureReferenceLoaded(store);
});
afterAll(() => store?.close());

const label = (a: Parameters<typeof displayName>[0]) =>
  areaLabel({ code: a.code, name: displayName(a) });

describe.each([
  ["2021-04", 106],
  ["2022-07", 106],
  ["2023-04", 106],
  ["2026-04", 106],
])("area labels in force in %s", (month, count) => {
  it("name every area by its place and code, all different", async () => {
    const areas = await areasInForce(store, { month });
    expect(areas).toHaveLength(count);
    const labels = areas.map(label);
    expect(new Set(labels).size).toBe(areas.length);
    areas.forEach((a, i) => {
      const l = labels[i] as string;
      const m = /^(.+) \(([A-Z0-9]+)\)$/.exec(l);
      expect(m?.[2], l).toBe(a.code);
      const place = m?.[1] ?? "";
      expect(place, l).not.toMatch(/\b(NHS|CCG|ICB|Integrated Care Board)\b/);
      // A sub-ICB location is named by the place it covers, not by its ICB.
      if (a.type === "sub-icb") expect(place, `${a.code}: ${a.name}`).toBe(a.place);
    });
  });

  it("give ICBs (or STPs) short, distinct names", async () => {
    const icbs = await areasInForce(store, { month, level: "icb" });
    const names = icbs.map((i) => shortName(i.name));
    expect(new Set(names).size).toBe(icbs.length);
    for (const n of names) expect(n).not.toMatch(/^NHS |Integrated Care Board|\bICB$/);
  });
});

it("labels the areas whose ICB shares their place name by the place itself", async () => {
  const byCode = async (month: string) =>
    new Map((await areasInForce(store, { month })).map((a) => [a.code, label(a)]));
  const y23 = await byCode("2023-04");
  expect(["42D", "11J", "91Q", "M2L0M", "03R", "D9Y0V"].map((c) => y23.get(c))).toEqual([
    "North Yorkshire (42D)",
    "Dorset (11J)",
    "Kent and Medway (91Q)",
    "Shropshire, Telford and Wrekin (M2L0M)",
    "Wakefield (03R)",
    "Hampshire, Southampton and Isle of Wight (D9Y0V)",
  ]);
  const y26 = await byCode("2026-04");
  expect(["U2G6B", "92A", "42D"].map((c) => y26.get(c))).toEqual([
    "East Berkshire (U2G6B)",
    "Surrey (92A)",
    "North Yorkshire (42D)",
  ]);
  const y21 = await byCode("2021-04");
  expect(y21.get("03R")).toBe("Wakefield (03R)");
});
