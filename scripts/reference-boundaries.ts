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

/** A sub-ICB row of `sub-icb23.csv` / `sub-icb26.csv` (the fields the maps need). */
export interface SubIcbArea {
  code: string;
  ons_code: string;
  name: string;
  icb_code: string;
  icb_ons_code: string;
  icb_name: string;
  region_name: string;
}

/** Raw ONS boundaries of April 2023 sub-ICB locations and April 2026 ICBs, and both vintages' areas. */
export interface SubIcbBoundaryInput {
  sicbl2023Geojson: string;
  icb2026Geojson: string;
  subIcb23: SubIcbArea[];
  subIcb26: SubIcbArea[];
  regionsCsv: string;
}

/** Planar area (km²) mapshaper gives each feature, keyed by `properties.code`. */
async function areasKm2(fc: Collection): Promise<Map<string, number>> {
  const out = await mapshaper.applyCommands(
    "-i in.json -each 'km2=this.area/1e6' -o format=json out.json -quiet",
    { "in.json": fc },
  );
  const rows = JSON.parse(String(out["out.json"])) as Array<{ code: string; km2: number }>;
  return new Map(rows.map((r) => [r.code, r.km2]));
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/**
 * How the April 2026 sub-ICB shapes are made (there is no ONS sub-ICB boundary file for 2026):
 * a code whose ONS code is the same in both vintages keeps its April 2023 shape; a code with a new
 * ONS code (92A, D9Y0V grew; U2G6B is new) is its own April 2023 shape, if it had one, together
 * with the abolished April 2023 areas (Frimley, D4U1Y), clipped to its April 2026 ICB, which it
 * shares only with unchanged areas. The split is checked by area: the new shapes must add up to the
 * old ones they replace, and each April 2026 ICB to its sub-ICBs, within 1%.
 */
export function derivation2026(
  subIcb23: SubIcbArea[],
  subIcb26: SubIcbArea[],
): Array<{ code: string; from: string[]; icbOnsCode: string }> {
  const ons23 = new Map(subIcb23.map((r) => [r.code, r.ons_code]));
  const codes26 = new Set(subIcb26.map((r) => r.code));
  const abolished = subIcb23.filter((r) => !codes26.has(r.code)).map((r) => r.code);
  return subIcb26
    .filter((r) => ons23.get(r.code) !== r.ons_code)
    .map((r) => ({
      code: r.code,
      from: [...(ons23.has(r.code) ? [r.code] : []), ...abolished],
      icbOnsCode: r.icb_ons_code,
    }));
}

function labelled(f: Feature, r: SubIcbArea): Feature {
  return {
    type: "Feature",
    properties: {
      code: r.code,
      onsCode: r.ons_code,
      name: r.name,
      icb: r.icb_code,
      region: r.region_name,
    },
    geometry: f.geometry,
  };
}

/**
 * Simplifies one vintage's sub-ICB shapes on mapshaper's shared-arc topology (neighbours keep one
 * border) and dissolves its ICB and region outlines from the simplified shapes.
 */
async function vintageFiles(
  fc: Collection,
  areas: SubIcbArea[],
  regionsCsv: string,
  prefix: string,
): Promise<Record<string, string>> {
  const out = await mapshaper.applyCommands(
    [
      "-i sub.json name=sub",
      "-clean gap-width=300m",
      "-simplify 20% keep-shapes",
      "-dissolve icb + name=icb",
      "-dissolve region target=sub + name=region",
      "-o target=sub format=geojson precision=0.0001 sub-out.json",
      "-o target=icb format=geojson precision=0.0001 icb-out.json",
      "-o target=region format=geojson precision=0.0001 region-out.json",
      "-quiet",
    ].join(" "),
    { "sub.json": fc },
  );
  const parse = (name: string) => JSON.parse(String(out[name])) as Collection;
  const icbByCode = new Map(areas.map((r) => [r.icb_code, r]));
  const icb = parse("icb-out.json");
  for (const f of icb.features) {
    const r = icbByCode.get(String(f.properties.icb));
    f.properties = { code: r?.icb_code, onsCode: r?.icb_ons_code, name: r?.icb_name };
  }
  const regionOds = new Map(parseCsvRecords(regionsCsv).map((r) => [r.name, r.ods_code]));
  const region = parse("region-out.json");
  for (const f of region.features) {
    const name = String(f.properties.region);
    f.properties = { code: regionOds.get(name), name };
  }
  return {
    [`${prefix}-boundaries.geojson`]: geojson(sortFeatures(parse("sub-out.json")), [
      "code",
      "onsCode",
      "name",
    ]),
    [`${prefix}-icbs.geojson`]: geojson(sortFeatures(icb), ["code", "onsCode", "name"]),
    [`${prefix}-regions.geojson`]: geojson(sortFeatures(region), ["code", "name"]),
  };
}

/**
 * Map boundaries of the April 2023 (to March 2026) and April 2026 sub-ICB vintages:
 * `sicbl23-*.geojson` from ONS's April 2023 sub-ICB file, `sicbl26-*.geojson` derived as
 * {@link derivation2026} describes. Each set: sub-ICB shapes, ICB outlines, region outlines.
 */
export async function buildSubIcbBoundaries(
  input: SubIcbBoundaryInput,
): Promise<Record<string, string>> {
  const byOns23 = new Map(input.subIcb23.map((r) => [r.ons_code, r]));
  const raw23 = JSON.parse(input.sicbl2023Geojson) as Collection;
  const sub23: Collection = {
    type: "FeatureCollection",
    features: raw23.features.map((f) => {
      const r = byOns23.get(String(f.properties.code));
      if (!r) throw new Error(`boundary for unknown sub-ICB ${String(f.properties.code)}`);
      return labelled(f, r);
    }),
  };
  if (sub23.features.length !== input.subIcb23.length)
    throw new Error(
      `${sub23.features.length} sub-ICB 2023 shapes for ${input.subIcb23.length} areas`,
    );
  const shape23 = new Map(sub23.features.map((f) => [String(f.properties.code), f]));

  const icb26 = JSON.parse(input.icb2026Geojson) as Collection;
  const icbShape = new Map(icb26.features.map((f) => [String(f.properties.ICB26CD), f]));
  const derived = new Map<string, Feature>();
  for (const d of derivation2026(input.subIcb23, input.subIcb26)) {
    const clip = icbShape.get(d.icbOnsCode);
    if (!clip) throw new Error(`no April 2026 ICB boundary ${d.icbOnsCode} for ${d.code}`);
    const from: Collection = {
      type: "FeatureCollection",
      features: d.from.map((c) => ({
        ...(shape23.get(c) as Feature),
        properties: { code: d.code },
      })),
    };
    const out = await mapshaper.applyCommands(
      "-i from.json -dissolve code -clip clip.json remove-slivers -filter-slivers gap-width=300m -o format=geojson out.json -quiet",
      { "from.json": from, "clip.json": { type: "FeatureCollection", features: [clip] } },
    );
    const [shape, ...rest] = (JSON.parse(String(out["out.json"])) as Collection).features;
    if (!shape || rest.length > 0) throw new Error(`clipping for ${d.code} gave no single shape`);
    derived.set(d.code, shape);
  }
  const sub26: Collection = {
    type: "FeatureCollection",
    features: input.subIcb26.map((r) => {
      const f = derived.get(r.code) ?? shape23.get(r.code);
      if (!f) throw new Error(`no shape for April 2026 sub-ICB ${r.code}`);
      return labelled(f, r);
    }),
  };

  // The split must conserve area: what was taken apart equals what was made, and every April 2026
  // ICB equals its sub-ICBs (ONS's own ICB boundary), each within 1%.
  const km23 = await areasKm2(sub23);
  const km26 = await areasKm2(sub26);
  const within = (a: number, b: number) => Math.abs(a - b) <= 0.01 * Math.max(a, b);
  const replaced = new Set(derivation2026(input.subIcb23, input.subIcb26).flatMap((d) => d.from));
  const oldKm = sum([...replaced].map((c) => km23.get(c) ?? 0));
  const newKm = sum([...derived.keys()].map((c) => km26.get(c) ?? 0));
  if (!within(oldKm, newKm))
    throw new Error(`April 2026 split: ${newKm} km² made from ${oldKm} km²`);
  const icbKm = await areasKm2({
    type: "FeatureCollection",
    features: icb26.features.map((f) => ({ ...f, properties: { code: f.properties.ICB26CD } })),
  });
  for (const [ons, km] of icbKm) {
    const members = input.subIcb26.filter((r) => r.icb_ons_code === ons);
    const total = sum(members.map((r) => km26.get(r.code) ?? 0));
    if (!within(km, total)) throw new Error(`ICB ${ons}: ${km} km² but its sub-ICBs ${total}`);
  }

  return {
    ...(await vintageFiles(sub23, input.subIcb23, input.regionsCsv, "sicbl23")),
    ...(await vintageFiles(sub26, input.subIcb26, input.regionsCsv, "sicbl26")),
  };
}
