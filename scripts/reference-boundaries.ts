// Map boundaries for data/reference/, built with mapshaper by scripts/build-reference.ts.
import { createRequire } from "node:module";

import { parseCsvRecords } from "../src/csv.ts";

interface Mapshaper {
  applyCommands(commands: string, input: Record<string, unknown>): Promise<Record<string, string>>;
}
const mapshaper = createRequire(import.meta.url)("mapshaper") as Mapshaper;

/** The raw boundary files (text) and the tables built from the CSV sources. */
export interface BoundaryInput {
  ccgGeojson: string;
  icbGeojson: string;
  ccg21: Array<Record<string, string>>;
  subIcb22: Array<Record<string, string>>;
  regionsCsv: string;
}

interface Feature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: unknown;
}
interface Collection {
  type: "FeatureCollection";
  features: Feature[];
}

/** Serialises a FeatureCollection one feature per line, properties in a fixed order. */
function geojson(fc: Collection, keys: string[]): string {
  const lines = fc.features.map((f) =>
    JSON.stringify({
      type: "Feature",
      properties: Object.fromEntries(keys.map((k) => [k, f.properties[k] ?? null])),
      geometry: f.geometry,
    }),
  );
  return `{"type":"FeatureCollection","features":[\n${lines.join(",\n")}\n]}\n`;
}

const sortFeatures = (fc: Collection): Collection => ({
  ...fc,
  features: [...fc.features].sort((a, b) =>
    String(a.properties.code) < String(b.properties.code) ? -1 : 1,
  ),
});

/**
 * Boundaries for maps. CCGs: Visvalingam simplification to 6% of the vertices on the shared-arc
 * topology mapshaper builds (so neighbouring areas keep one common border), then STPs and regions
 * dissolved from the simplified CCGs (their outlines are exactly CCG edges). ICBs (July 2022) come
 * already generalised by ONS (BUC) and humaniverse; they are only re-labelled and rounded.
 * Coordinates are rounded to 0.0001° (≈ 10 m).
 */
export async function buildBoundaries(input: BoundaryInput): Promise<Record<string, string>> {
  const ccgByOns = new Map(input.ccg21.map((r) => [r.ons_code, r]));
  const icbOfSubIcb = new Map(input.subIcb22.map((r) => [r.code, r.icb_code]));
  const ccgRaw = JSON.parse(input.ccgGeojson) as Collection;
  const ccgIn: Collection = {
    type: "FeatureCollection",
    features: ccgRaw.features.map((f) => {
      const r = ccgByOns.get(String(f.properties.CCG21CD));
      if (!r) throw new Error(`boundary for unknown CCG ${String(f.properties.CCG21CD)}`);
      return {
        type: "Feature",
        properties: {
          code: r.code,
          onsCode: r.ons_code,
          name: r.name,
          stp: r.stp_code,
          stpOnsCode: r.stp_ons_code,
          stpName: r.stp_name,
          region: r.region_name,
          icb22: icbOfSubIcb.get(r.code),
        },
        geometry: f.geometry,
      };
    }),
  };
  const out = await mapshaper.applyCommands(
    [
      "-i ccg.json name=ccg",
      "-simplify 6% keep-shapes",
      "-dissolve stp copy-fields=stpOnsCode,stpName + name=stp",
      "-dissolve region target=ccg + name=region",
      "-dissolve icb22 target=ccg + name=icb22",
      "-o target=ccg format=geojson precision=0.0001 ccg-out.json",
      "-o target=stp format=geojson precision=0.0001 stp-out.json",
      "-o target=region format=geojson precision=0.0001 region-out.json",
      "-o target=icb22 format=geojson precision=0.0001 icb22-out.json",
      "-quiet",
    ].join(" "),
    { "ccg.json": ccgIn },
  );
  const parse = (name: string) => JSON.parse(String(out[name])) as Collection;
  const regionOds = new Map(parseCsvRecords(input.regionsCsv).map((r) => [r.name, r.ods_code]));
  const stp = parse("stp-out.json");
  for (const f of stp.features) {
    const p = f.properties;
    f.properties = { code: p.stp, onsCode: p.stpOnsCode, name: p.stpName };
  }
  const region = parse("region-out.json");
  for (const f of region.features) {
    const name = String(f.properties.region);
    f.properties = { code: regionOds.get(name), name };
  }

  const icbOds = new Map(input.subIcb22.map((r) => [r.icb_ons_code, r]));
  const icbByOds = new Map(input.subIcb22.map((r) => [r.icb_code, r]));
  const icbOutlines = parse("icb22-out.json");
  for (const f of icbOutlines.features) {
    const r = icbByOds.get(String(f.properties.icb22));
    f.properties = { code: r?.icb_code, onsCode: r?.icb_ons_code, name: r?.icb_name };
  }
  const icbRaw = JSON.parse(input.icbGeojson) as Collection;
  const icbIn: Collection = {
    type: "FeatureCollection",
    features: icbRaw.features.map((f) => {
      const r = icbOds.get(String(f.properties.ICB22CD));
      if (!r) throw new Error(`boundary for unknown ICB ${String(f.properties.ICB22CD)}`);
      return {
        type: "Feature",
        properties: { code: r.icb_code, onsCode: r.icb_ons_code, name: r.icb_name },
        geometry: f.geometry,
      };
    }),
  };
  const icbOut = await mapshaper.applyCommands(
    "-i icb.json -o format=geojson precision=0.0001 icb-out.json -quiet",
    { "icb.json": icbIn },
  );
  const icb = JSON.parse(String(icbOut["icb-out.json"])) as Collection;

  return {
    "ccg21-boundaries.geojson": geojson(sortFeatures(parse("ccg-out.json")), [
      "code",
      "onsCode",
      "name",
    ]),
    "stp21-boundaries.geojson": geojson(sortFeatures(stp), ["code", "onsCode", "name"]),
    "icb22-boundaries.geojson": geojson(sortFeatures(icb), ["code", "onsCode", "name"]),
    "icb22-outlines.geojson": geojson(sortFeatures(icbOutlines), ["code", "onsCode", "name"]),
    "regions-boundaries.geojson": geojson(sortFeatures(region), ["code", "name"]),
  };
}
