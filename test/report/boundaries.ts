// Test-only loader of the map boundaries the project ships in data/reference/ (simplified ONS
// CCG April 2021, STP April 2021 and NHS region outlines; properties `code`, `onsCode`, `name`).
// The CLI has its own loader; the report itself only ever receives plain GeoJSON objects.
import { readFileSync } from "node:fs";

import type { GeoFeatureCollection } from "../../src/report/geo.ts";
import type { ReportBoundaries } from "../../src/report/types.ts";

function readReference(name: string): GeoFeatureCollection {
  const url = new URL(`../../data/reference/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as GeoFeatureCollection;
}

/** Areas (`code`), ICS outlines of the same vintage, and region outlines (`name`). */
export function loadTestBoundaries(): ReportBoundaries {
  return {
    areas: readReference("ccg21-boundaries.geojson"),
    icbs: readReference("stp21-boundaries.geojson"),
    regions: readReference("regions-boundaries.geojson"),
  };
}
