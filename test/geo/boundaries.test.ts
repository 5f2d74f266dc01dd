import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { parseCsvRecords } from "../../src/csv.ts";
import { loadBoundaries } from "../../src/geo/boundaries.ts";
import { VINTAGES } from "../../src/geo/vintages.ts";

const path = (name: string) =>
  fileURLToPath(new URL(`../../data/reference/${name}`, import.meta.url));
const csv = (name: string) => parseCsvRecords(readFileSync(path(name), "utf8"));

interface Feature {
  properties: Record<string, string>;
  geometry: { type: string; coordinates: unknown };
}
const features = (name: string) =>
  (JSON.parse(readFileSync(path(name), "utf8")) as { features: Feature[] }).features;

/** Every [lon, lat] pair of a geometry. */
function positions(g: Feature["geometry"]): number[][] {
  const out: number[][] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x) && typeof x[0] === "number") out.push(x as number[]);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  walk(g.coordinates);
  return out;
}

const MAX_BYTES = 400 * 1024;
const FILES = [
  "ccg21-boundaries.geojson",
  "stp21-boundaries.geojson",
  "icb22-boundaries.geojson",
  "icb22-outlines.geojson",
  "regions-boundaries.geojson",
  "sicbl23-boundaries.geojson",
  "sicbl23-icbs.geojson",
  "sicbl23-regions.geojson",
  "sicbl26-boundaries.geojson",
  "sicbl26-icbs.geojson",
  "sicbl26-regions.geojson",
];
const byCode = <T extends { code?: string }>(a: T, b: T) =>
  (a.code ?? "") < (b.code ?? "") ? -1 : 1;

describe("map boundaries", () => {
  it.each(FILES)("%s is small, polygons only, coordinates rounded to 4 decimals", (name) => {
    expect(statSync(path(name)).size).toBeLessThan(MAX_BYTES);
    for (const f of features(name)) {
      expect(["Polygon", "MultiPolygon"]).toContain(f.geometry.type);
      for (const [lon = 0, lat = 0] of positions(f.geometry)) {
        expect(Math.abs(lon * 1e4 - Math.round(lon * 1e4))).toBeLessThan(1e-6);
        expect(lat).toBeGreaterThan(49.8);
        expect(lat).toBeLessThan(55.9);
      }
    }
  });

  it("has the 106 April 2021 CCGs with the codes, ONS codes and names of ccg21.csv", () => {
    const got = features("ccg21-boundaries.geojson").map((f) => f.properties);
    const want = csv("ccg21.csv").map((r) => ({ code: r.code, onsCode: r.ons_code, name: r.name }));
    expect(got).toEqual(want);
  });

  it("has the 42 ICBs of July 2022 (ODS and ONS codes of sub-icb22.csv) in both ICB files", () => {
    const icbs = new Map(
      csv("sub-icb22.csv").map((r) => [
        r.icb_code,
        { code: r.icb_code, onsCode: r.icb_ons_code, name: r.icb_name },
      ]),
    );
    const want = [...icbs.values()].sort((a, b) => ((a.code ?? "") < (b.code ?? "") ? -1 : 1));
    expect(want).toHaveLength(42);
    expect(features("icb22-boundaries.geojson").map((f) => f.properties)).toEqual(want);
    expect(features("icb22-outlines.geojson").map((f) => f.properties)).toEqual(want);
  });

  it("has the 42 STPs of April 2021 and the 7 regions with their ODS codes", () => {
    const stps = new Set(csv("ccg21.csv").map((r) => r.stp_code));
    expect(features("stp21-boundaries.geojson").map((f) => f.properties.code)).toEqual(
      [...stps].sort(),
    );
    const regions = csv("regions.csv")
      .map((r) => ({ code: r.ods_code, name: r.name }))
      .sort((a, b) => ((a.code ?? "") < (b.code ?? "") ? -1 : 1));
    expect(features("regions-boundaries.geojson").map((f) => f.properties)).toEqual(regions);
  });

  it("draws region and STP outlines on the CCG borders (shared arcs, no slivers)", () => {
    const ccgVertices = new Set(
      features("ccg21-boundaries.geojson").flatMap((f) =>
        positions(f.geometry).map((p) => p.join()),
      ),
    );
    for (const name of [
      "regions-boundaries.geojson",
      "stp21-boundaries.geojson",
      "icb22-outlines.geojson",
    ]) {
      const outside = features(name)
        .flatMap((f) => positions(f.geometry))
        .filter((p) => !ccgVertices.has(p.join()));
      expect(outside, name).toEqual([]);
    }
  });

  it.each(VINTAGES.map((v) => [v.id, v] as const))(
    "%s: one shape for every area of the vintage and none for a code outside it; its ICB/STP and region outlines",
    (_, v) => {
      const areas = csv(v.areasFile);
      const codes = features(v.boundaries.commissioner).map((f) => f.properties.code);
      expect(codes).toEqual(areas.map((r) => r.code).sort());
      const parents = new Set(areas.map((r) => r[`${v.parentPrefix}_code`]));
      expect(features(v.boundaries.parent).map((f) => f.properties.code)).toEqual(
        [...parents].sort(),
      );
      expect(features(v.boundaries.region).map((f) => f.properties.code)).toEqual(
        csv("regions.csv")
          .map((r) => r.ods_code)
          .sort(),
      );
    },
  );

  it("has the sub-ICB locations of April 2023 (106 in 42 ICBs) and April 2026 (106 in 36) with their ONS codes", () => {
    for (const [file, areasFile, icbFile, icbs] of [
      ["sicbl23-boundaries.geojson", "sub-icb23.csv", "sicbl23-icbs.geojson", 42],
      ["sicbl26-boundaries.geojson", "sub-icb26.csv", "sicbl26-icbs.geojson", 36],
    ] as const) {
      const want = csv(areasFile)
        .map((r) => ({ code: r.code, onsCode: r.ons_code, name: r.name }))
        .sort(byCode);
      expect(features(file).map((f) => f.properties)).toEqual(want);
      expect(features(icbFile)).toHaveLength(icbs);
    }
    const codes26 = features("sicbl26-boundaries.geojson").map((f) => f.properties.code);
    expect(codes26).toContain("U2G6B");
    expect(codes26).not.toContain("D4U1Y");
    const codes23 = features("sicbl23-boundaries.geojson").map((f) => f.properties.code);
    expect(codes23).toContain("D4U1Y");
    expect(codes23).not.toContain("U2G6B");
  });

  it("keeps the April 2023 shape of every sub-ICB whose ONS code did not change in April 2026", () => {
    const ons23 = new Map(csv("sub-icb23.csv").map((r) => [r.code, r.ons_code]));
    const shape23 = new Map(
      features("sicbl23-boundaries.geojson").map((f) => [f.properties.code, f.geometry]),
    );
    let same = 0;
    for (const f of features("sicbl26-boundaries.geojson")) {
      const unchanged = ons23.get(f.properties.code) === f.properties.onsCode;
      const coords = (g: Feature["geometry"] | undefined) =>
        new Set(g ? positions(g).map((p) => p.join()) : []);
      const a = coords(shape23.get(f.properties.code));
      const b = coords(f.geometry);
      const shared = [...b].filter((p) => a.has(p)).length / b.size;
      // The two vintages are simplified separately, so some vertices move; an unchanged area keeps
      // most of them (at least 78%), a changed one (92A, D9Y0V) far fewer, a new one (U2G6B) none.
      if (unchanged) same++;
      expect(shared > 0.75, f.properties.code).toBe(unchanged);
    }
    expect(same).toBe(103);
  });

  it("draws the 2023 and 2026 ICB and region outlines on the sub-ICB borders (shared arcs)", () => {
    for (const prefix of ["sicbl23", "sicbl26"]) {
      const vertices = new Set(
        features(`${prefix}-boundaries.geojson`).flatMap((f) =>
          positions(f.geometry).map((p) => p.join()),
        ),
      );
      for (const name of [`${prefix}-icbs.geojson`, `${prefix}-regions.geojson`]) {
        const outside = features(name)
          .flatMap((f) => positions(f.geometry))
          .filter((p) => !vertices.has(p.join()));
        expect(outside, name).toEqual([]);
      }
    }
  });

  it("loads a month's boundaries by the geography in force: CCG shapes in 2021, sub-ICB 2023 in 2025, 2026 from April 2026", async () => {
    const codes = async (month: string) =>
      new Set((await loadBoundaries(month)).areas.features.map((f) => String(f.properties.code)));
    expect((await codes("2021-06")).has("03R")).toBe(true);
    const y2025 = await codes("2025-12");
    expect(y2025.has("D4U1Y")).toBe(true);
    expect(y2025.has("U2G6B")).toBe(false);
    const y2026 = await codes("2026-04");
    expect(y2026.has("U2G6B")).toBe(true);
    expect(y2026.has("D4U1Y")).toBe(false);
    expect((await loadBoundaries("2026-04")).attribution).toBe(
      "Boundaries: ONS sub-ICB locations April 2023 and ICBs April 2026 (BSC); 92A, D9Y0V and U2G6B are April 2023 shapes clipped to their April 2026 ICB; Office for National Statistics, licensed under the Open Government Licence v3.0; contains OS data © Crown copyright and database right 2026",
    );
    expect((await loadBoundaries("2025-12")).icbs.features).toHaveLength(42);
    expect((await loadBoundaries("2026-04")).icbs.features).toHaveLength(36);
  });
});
