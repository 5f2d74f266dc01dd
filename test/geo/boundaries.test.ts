import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { parseCsvRecords } from "../../src/csv.ts";

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
];

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
});
