/**
 * Map boundaries of a month's geography vintage, read from `data/reference/` (simplified with
 * mapshaper; see SOURCES.md). Plain GeoJSON objects: the report draws them, nothing here renders.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { defaultReferenceDir, vintageForMonth, type Vintage } from "./vintages.ts";

export interface Boundaries {
  /** Commissioner polygons; `properties.code` is the ODS code (`03R`). */
  areas: GeoJsonCollection;
  /** STP/ICS (to June 2022) or ICB outlines. */
  icbs: GeoJsonCollection;
  /** What `icbs` are, as a map's note names them: `ICS` to June 2022, then `ICB`. */
  parentName: string;
  /** NHS region outlines (`properties.name`). */
  regions: GeoJsonCollection;
  attribution: string;
}

/** A GeoJSON FeatureCollection as parsed JSON (structurally the report's `GeoFeatureCollection`). */
export interface GeoJsonCollection {
  type: "FeatureCollection";
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  features: any[];
}

/** The source line of a map drawn on `vintage`'s boundaries. */
export function boundaryAttribution(vintage: Vintage): string {
  const b = vintage.boundaries;
  return `Boundaries: ${b.source}; Office for National Statistics, licensed under the Open Government Licence v3.0; contains OS data © Crown copyright and database right ${b.year}`;
}

async function readCollection(dir: string, file: string): Promise<GeoJsonCollection> {
  return JSON.parse(await readFile(join(dir, file), "utf8")) as GeoJsonCollection;
}

/** The boundaries to draw a map of the areas in force in `month`. */
export async function loadBoundaries(
  month: string,
  referenceDir: string = defaultReferenceDir(),
): Promise<Boundaries> {
  const vintage = vintageForMonth(month);
  const files = vintage.boundaries;
  const [areas, icbs, regions] = await Promise.all([
    readCollection(referenceDir, files.commissioner),
    readCollection(referenceDir, files.parent),
    readCollection(referenceDir, files.region),
  ]);
  return {
    areas,
    icbs,
    regions,
    parentName: vintage.parentType === "icb" ? "ICB" : "ICS",
    attribution: boundaryAttribution(vintage),
  };
}
