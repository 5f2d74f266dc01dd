// Writes the committed report fixtures: `npx tsx test/report/write-fixture.ts`.
// - test/fixtures/report/figures.json: a ReportInput (no boundaries) for 21 real CCGs in 4 ICSs and
//   3 regions, from the seeded generator in fixture.ts.
// - test/fixtures/report/boundaries.json: those CCGs, their ICS outlines and region outlines from
//   data/reference, coordinates rounded to 0.001° (about 100 m).
import { writeFileSync } from "node:fs";

import type { GeoFeatureCollection, Ring } from "../../src/report/geo.ts";

import { loadTestBoundaries } from "./boundaries.ts";
import { buildReportFixture, FIXTURE_CODES } from "./fixture.ts";

const input = buildReportFixture({ codes: FIXTURE_CODES, seed: 30 });
const out = (name: string) => new URL(`../fixtures/report/${name}`, import.meta.url);
// Seven significant digits are plenty for a rendering fixture and keep the file small.
const round = (_key: string, v: unknown) =>
  typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(7)) : v;
writeFileSync(out("figures.json"), `${JSON.stringify(input, round)}\n`);

function roundRing(ring: Ring): Ring {
  const outRing: Ring = [];
  for (const p of ring) {
    const q = [Math.round((p[0] ?? 0) * 1000) / 1000, Math.round((p[1] ?? 0) * 1000) / 1000];
    const last = outRing[outRing.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) outRing.push(q);
  }
  return outRing;
}

function pick(
  fc: GeoFeatureCollection | undefined,
  keep: (p: Record<string, unknown>) => boolean,
): GeoFeatureCollection {
  return {
    type: "FeatureCollection",
    features: (fc?.features ?? [])
      .filter((f) => keep(f.properties ?? {}))
      .map((f) => {
        const g = f.geometry;
        if (!g) return f;
        return {
          ...f,
          geometry:
            g.type === "Polygon"
              ? { type: "Polygon", coordinates: g.coordinates.map(roundRing) }
              : { type: "MultiPolygon", coordinates: g.coordinates.map((p) => p.map(roundRing)) },
        };
      }),
  };
}

const b = loadTestBoundaries();
const icbs = new Set(input.variation.areas.map((a) => a.icbCode));
const regions = new Set(input.variation.areas.map((a) => a.regionName));
const boundaries = {
  areas: pick(b.areas, (p) => FIXTURE_CODES.includes(String(p.code))),
  icbs: pick(b.icbs, (p) => icbs.has(String(p.code))),
  regions: pick(b.regions, (p) => regions.has(String(p.name))),
};
writeFileSync(out("boundaries.json"), `${JSON.stringify(boundaries)}\n`);
console.log(
  `wrote figures.json (${input.variation.areas.length} areas) and boundaries.json (${boundaries.areas.features.length} areas, ${boundaries.icbs.features.length} ICSs, ${boundaries.regions.features.length} regions)`,
);
