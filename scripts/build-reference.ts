// Regenerates data/reference/ from the raw sources in ../shared/data/raw (see data/reference/SOURCES.md).
//
//   npx tsx scripts/build-reference.ts [--raw DIR] [--out DIR] [--check]
//
// --check writes nothing and exits 1 when any committed file differs from what the sources give.
// The output is deterministic: running it twice, or on another machine, gives the same bytes.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { formatCsv, parseCsvRecords } from "../src/csv.ts";

import { requireRawSources } from "./raw-sources.ts";
import { acuteTrusts, build2023To2026 } from "./reference-2023-2026.ts";
import { buildBoundaries, buildSubIcbBoundaries, type SubIcbArea } from "./reference-boundaries.ts";

const OI = "open-innovations_mental-health-data-map";
const HV = "humaniverse_geographr";
const ODS = "nhs-digital-ods-2025-2026";
const ONS22 = "ons-sicbl-population-mid2022";
const GP = "nhs-digital-gp-registered-2025";
const WP = "nhs-england-weighted-populations-2023-25";
const BOUNDARIES = "ons-boundaries-2023-2026";

/** Every raw input and its sha256 (as recorded in the sources' SOURCE.md and data/reference/SOURCES.md). */
const INPUTS = {
  population: [
    `${OI}/ons-population-estimates.csv`,
    "f9fca752c8e5a4244c7ceede15aaa45c84c5ee07f5ad9d8066705a3a8e86a340",
  ],
  ccgCodes: [
    `${OI}/ref_ccg21.csv`,
    "3c2ec1cfa5161218d2f24c6ae898cc22aac525c833c9ecca73aa972a2f05cd3c",
  ],
  ccgBoundaries: [
    `${OI}/ccg21.geojson`,
    "aceca763adabb4b8d56634c7c655487739653856e46db4575e25de68656e4684",
  ],
  subIcb: [
    `${HV}/lookup_sicbl22_icb22.csv`,
    "f371a67d94bc518e6d760a80bf71dfd019de1db6989631afd45c70e80fb667f2",
  ],
  icbBoundaries: [
    `${HV}/icb22_boundaries.geojson`,
    "6b254997b78e7521b3e519100cd6cde606152e195fd7d9c5076346bdded609da",
  ],
  lsoaCcg21: [
    `${OI}/Lower_Layer_Super_Output_Area_(2011)_to_Clinical_Commissioning_Group_to_Local_Authority_District_(April_2021)_Lookup_in_England.csv`,
    "7db6836356dc26510a3a0e4d10b7328088aa7ae2cd5a751f7a0c1c33fe1895ec",
  ],
  lsoaSubIcb22: [
    `${HV}/lookup_lsoa11_sicbl22_icb22_ltla22.csv`,
    "51440906afe0126070a2b8f252115ba3783c9cd231f0b7fd4e63a23573603192",
  ],
  populationSubIcb: [
    `${ONS22}/population_denominators_subicb.csv`,
    "2b5ea4a7d1def61b15fbe2e60ae3cf201f33aefc4b1f9ab4dc568dc01d109140",
  ],
  imdSubIcb: [
    `${ONS22}/imd2025_subicb_scores_long.csv`,
    "dffc763583ec26fa503cef6ffd652e58bfa09e2cabb65ba2f875f86ce7cce107",
  ],
  icbNames2024: [
    `${ODS}/icb-names-codes-dec-2024.csv`,
    "f8bdc8a0a0f03559fb43085b7bd4953d8a064b657f87a698ef0c45fa258fb4a5",
  ],
  eccg: [
    `${ODS}/eccg-2025.csv`,
    "6c8bc8b802e44663bc000aebd6b3c824991f553fd48560044e790d8350e06d8a",
  ],
  gpRegistered: [
    `${GP}/gp-reg-pat-quin-age_region-icb-subicb_2025-03to12.csv`,
    "a4212b21810df5e2f4f5674d080959d6db1927fe8ef19861badf207cd4208db0",
  ],
  gpPracticeMap: [
    `${GP}/gp-reg-pat-prac-map_2025-03to12.csv`,
    "f56c59bb85268eab1015d0ba0817af50666d6fcffde7536611aa1aed4de110f5",
  ],
  trusts2026: [
    `${ODS}/etr-2026.csv`,
    "50c34139a3ddbf8cce579c07edea74d2d3a0341a0e5145c95f0c20dd0b8005cb",
  ],
  trustCatchments: [
    `${HV}/lookup_nhs_trusts22_icb22.csv`,
    "5d2fab405638c1ab53f42ddf69ce6c2d208991b378a32a0b7e67d58b0d9f3eff",
  ],
  weighted2023: [
    `${WP}/practice_wp_2023_2024.csv`,
    "f8eb9008ac4a8ef442612a97c2b2633ad14ffc4f1d0265edeb73944b88692731",
  ],
  subIcbBoundaries2023: [
    `${BOUNDARIES}/sicbl_april2023_EN_BSC.geojson`,
    "9ec196b2c54e8928bae68b26c8f6460e5ec03b9dba2f4318c8aea33580aed96a",
  ],
  icbBoundaries2026: [
    `${BOUNDARIES}/icb_april2026_EN_BSC.geojson`,
    "f51158a85c1a2797002c1147c165b2ca1a6998c9b7a76230d679134d3abd1b91",
  ],
  weighted2024: [
    `${WP}/practice_wp_2024_2025.csv`,
    "e5729efafb1b01257a27bf10935ea0c3c8ecf904bd2356409fc561db4c3caf5c",
  ],
} as const;

/**
 * NHS England regions from July 2022: ONS code and ODS code by name. Not in the raw files: from
 * ONS "NHS England (Region) (July 2022) Names and Codes" as listed in rcpch/rcpch-audit-engine
 * `nhs_england_regions.py` (see ../shared/docs/rtt-data-format.md §3.2). The 2021 codes come from
 * the population file.
 */
const REGIONS_2022: Record<string, [onsCode: string, odsCode: string]> = {
  London: ["E40000003", "Y56"],
  "South East": ["E40000005", "Y59"],
  "South West": ["E40000006", "Y58"],
  "East of England": ["E40000007", "Y61"],
  "North West": ["E40000010", "Y62"],
  Midlands: ["E40000011", "Y60"],
  "North East and Yorkshire": ["E40000012", "Y63"],
};

/**
 * Commissioner codes with no resident population (DESIGN §2 "Areas"). NONC, 13Q, 14M and 14T are
 * the ones in the real November 2024 extract (blank commissioner parent); X24 and the Y.. codes are
 * NHS England itself and its regions (2013–2018 regions Y54, Y55, Y57; current ones from regions.csv).
 */
const NON_GEOGRAPHIC: Array<[code: string, name: string, kind: string, reason: string]> = [
  [
    "NONC",
    "Non-English or non-NHS commissioner",
    "other",
    "activity commissioned outside the English NHS (devolved nations, private patients): no resident population",
  ],
  [
    "13Q",
    "National Commissioning Hub 1",
    "hub",
    "NHS England national commissioning hub (specialised services): commissions for all of England, not a resident population",
  ],
  [
    "14M",
    "London - H&J Commissioning Hub",
    "hub",
    "NHS England health and justice commissioning hub: prisons and secure settings, not a resident population",
  ],
  [
    "14T",
    "South West - H&J Commissioning Hub",
    "hub",
    "NHS England health and justice commissioning hub: prisons and secure settings, not a resident population",
  ],
  [
    "X24",
    "NHS England",
    "national",
    "NHS England as a commissioner (direct commissioning): overlaps every area's population",
  ],
  ["Y54", "North of England (2013–2018)", "region", ""],
  ["Y55", "Midlands and East of England (2013–2018)", "region", ""],
  ["Y57", "South of England (2013–2018)", "region", ""],
];
const REGION_REASON =
  "NHS England region as a commissioner (specialised and direct commissioning): overlaps its areas' populations";

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function readInput(rawDir: string, [path, checksum]: readonly [string, string]): string {
  const file = join(rawDir, path);
  if (!existsSync(file)) throw new Error(`missing raw input ${file}`);
  const data = readFileSync(file);
  if (sha256(data) !== checksum) throw new Error(`${file}: sha256 differs from ${checksum}`);
  return data.toString("utf8");
}

/** The most frequent value; throws on a tie so a derivation never depends on row order. */
function mode(values: string[], what: string): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const [first, second] = sorted;
  if (!first || (second && second[1] === first[1])) throw new Error(`no single ${what}`);
  return first[0];
}

const byCode = <T extends { code: string }>(a: T, b: T) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

interface Tables {
  ccg21: Array<Record<string, string>>;
  subIcb22: Array<Record<string, string>>;
  subIcb23: SubIcbArea[];
  subIcb26: SubIcbArea[];
  files: Record<string, string>;
}

function buildTables(rawDir: string): Tables {
  const pop = parseCsvRecords(readInput(rawDir, INPUTS.population));
  const odsByOns = new Map(
    parseCsvRecords(readInput(rawDir, INPUTS.ccgCodes)).map((r) => [r.CCG21CD, r.CCG21CDH]),
  );
  const sicbl = parseCsvRecords(readInput(rawDir, INPUTS.subIcb));
  const icbBySubIcb = new Map(sicbl.map((r) => [r.sicbl22_code_h, r.icb22_code_h ?? ""]));

  // STP ODS codes are not in the population file: each STP takes the ICB code most of its CCGs
  // moved into in July 2022 (all of them except Bassetlaw, which moved to Nottinghamshire).
  const stpOds = new Map<string, string>();
  for (const stp of new Set(pop.map((r) => r["STP21 Code"] ?? ""))) {
    const icbs = pop
      .filter((r) => r["STP21 Code"] === stp)
      .map((r) => icbBySubIcb.get(odsByOns.get(r["CCG Code"] ?? "") ?? "") ?? "");
    stpOds.set(stp, mode(icbs, `ICB for STP ${stp}`));
  }

  const ccg21 = pop
    .map((r) => ({
      code: odsByOns.get(r["CCG Code"] ?? "") ?? "",
      ons_code: r["CCG Code"] ?? "",
      name: r["CCG Name"] ?? "",
      stp_code: stpOds.get(r["STP21 Code"] ?? "") ?? "",
      stp_ons_code: r["STP21 Code"] ?? "",
      stp_name: r["STP21 Name"] ?? "",
      region_ons_code: r["NHSER21 Code"] ?? "",
      region_name: r["NHSER21 Name"] ?? "",
      population: r["All Ages"] ?? "",
      age_0_17: r["Age 0-17"] ?? "",
      age_18_35: r["Age 18-35"] ?? "",
      age_36_50: r["Age 36-50"] ?? "",
      age_51_65: r["Age 51-65"] ?? "",
      age_66_plus: r["Age 66+"] ?? "",
    }))
    .sort(byCode);
  if (ccg21.some((r) => r.code === "" || r.stp_code === "")) throw new Error("unmapped CCG code");

  const regionOfStpOds = new Map(ccg21.map((r) => [r.stp_code, r.region_name]));
  const subIcb22 = sicbl
    .map((r) => ({
      code: r.sicbl22_code_h ?? "",
      ons_code: r.sicbl22_code ?? "",
      name: r.sicbl22_name ?? "",
      icb_code: r.icb22_code_h ?? "",
      icb_ons_code: r.icb22_code ?? "",
      icb_name: r.icb22_name ?? "",
      region_name: regionOfStpOds.get(r.icb22_code_h ?? "") ?? "",
    }))
    .sort(byCode);
  if (subIcb22.some((r) => r.region_name === "")) throw new Error("sub-ICB without a region");

  const regions = [...new Map(ccg21.map((r) => [r.region_name, r.region_ons_code]))]
    .map(([name, ons2021]) => {
      const [ons2022, ods] = REGIONS_2022[name] ?? [];
      if (!ons2022 || !ods) throw new Error(`no 2022 codes for region ${name}`);
      return [name, ons2021, ons2022, ods];
    })
    .sort((a, b) => ((a[2] ?? "") < (b[2] ?? "") ? -1 : 1));

  const places = new Map(
    ccg21.map((r) => [r.code, r.name.replace(/^NHS\s+/, "").replace(/\s+CCG$/, "")]),
  );
  const later = build2023To2026(
    {
      populationSubIcb: readInput(rawDir, INPUTS.populationSubIcb),
      imdSubIcb: readInput(rawDir, INPUTS.imdSubIcb),
      icbNames2024: readInput(rawDir, INPUTS.icbNames2024),
      eccg: readInput(rawDir, INPUTS.eccg),
      gpRegistered: readInput(rawDir, INPUTS.gpRegistered),
      gpPracticeMap: readInput(rawDir, INPUTS.gpPracticeMap),
      weighted: {
        2023: readInput(rawDir, INPUTS.weighted2023),
        2024: readInput(rawDir, INPUTS.weighted2024),
      },
    },
    places,
    new Map(subIcb22.map((r) => [r.code, r.region_name])),
  );
  // ODS names and reasons for the hubs win over the constants; codes ODS does not list stay.
  const odsCodes = new Set(later.nonGeographic.map((r) => r[0]));
  const nonGeographic = [
    ...NON_GEOGRAPHIC.filter(([code]) => !odsCodes.has(code)),
    ...later.nonGeographic,
    ...regions.map(([name = "", , , ods = ""]) => [ods, name, "region", ""]),
  ]
    .map(([code = "", name = "", kind = "", reason = ""]) => [
      code,
      name,
      kind,
      kind === "region" ? REGION_REASON : reason,
    ])
    .sort((a, b) => ((a[0] ?? "") < (b[0] ?? "") ? -1 : 1));

  const subIcbCodes = new Set(subIcb22.map((r) => r.code));
  const crosswalk = ccg21
    .filter((r) => subIcbCodes.has(r.code))
    .map((r) => [r.code, r.code, "2022-07", "CCG April 2021 to sub-ICB location July 2022"]);
  if (crosswalk.length !== ccg21.length) throw new Error("a CCG has no sub-ICB successor");

  // The July 2022 boundary changes: LSOAs (2011) whose CCG (April 2021) and sub-ICB location
  // (July 2022) codes differ, counted per move and local authority.
  const ccgOfLsoa = new Map(
    parseCsvRecords(readInput(rawDir, INPUTS.lsoaCcg21)).map((r) => [r.LSOA11CD, r.CCG21CDH]),
  );
  const moves = new Map<string, number>();
  for (const r of parseCsvRecords(readInput(rawDir, INPUTS.lsoaSubIcb22))) {
    const from = ccgOfLsoa.get(r.lsoa11_code ?? "");
    if (from === undefined) throw new Error(`LSOA ${r.lsoa11_code} not in the April 2021 lookup`);
    if (from === r.sicbl22_code_h) continue;
    const key = [from, r.sicbl22_code_h ?? "", r.ltla22_code ?? "", r.ltla22_name ?? ""].join("|");
    moves.set(key, (moves.get(key) ?? 0) + 1);
  }
  const boundaryChanges = [...moves]
    .map(([key, n]) => [...key.split("|"), String(n)])
    .sort((a, b) => (a.join() < b.join() ? -1 : 1));

  const table = (rows: Array<Record<string, string>>) =>
    formatCsv(Object.keys(rows[0] ?? {}), rows.map(Object.values));
  return {
    ccg21,
    subIcb22,
    subIcb23: later.subIcb23,
    subIcb26: later.subIcb26,
    files: {
      "ccg21.csv": table(ccg21),
      "sub-icb22.csv": table(subIcb22),
      "regions.csv": formatCsv(["name", "ons_code_2021", "ons_code_2022", "ods_code"], regions),
      "non-geographic.csv": formatCsv(["code", "name", "kind", "reason"], nonGeographic),
      "crosswalk.csv": formatCsv(["old_code", "new_code", "from_month", "note"], crosswalk),
      ...later.files,
      "acute-trusts.csv": acuteTrusts(
        readInput(rawDir, INPUTS.trusts2026),
        readInput(rawDir, INPUTS.trustCatchments),
        readInput(rawDir, INPUTS.gpPracticeMap),
      ),
      "boundary-changes-2022.csv": formatCsv(
        ["ccg21_code", "sub_icb22_code", "lad22_code", "lad22_name", "lsoa11_count"],
        boundaryChanges,
      ),
    },
  };
}

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    raw: { type: "string", default: join(root, "..", "shared", "data", "raw") },
    out: { type: "string", default: join(root, "data", "reference") },
    check: { type: "boolean", default: false },
  },
});
const rawDir = resolve(values.raw);
const outDir = resolve(values.out);
requireRawSources(
  "build-reference",
  rawDir,
  Object.values(INPUTS).map(([path]) => path),
);
const tables = buildTables(rawDir);
const boundaries = await buildBoundaries({
  ccgGeojson: readInput(rawDir, INPUTS.ccgBoundaries),
  icbGeojson: readInput(rawDir, INPUTS.icbBoundaries),
  ccg21: tables.ccg21,
  subIcb22: tables.subIcb22,
  regionsCsv: tables.files["regions.csv"] ?? "",
});
const subIcbBoundaries = await buildSubIcbBoundaries({
  sicbl2023Geojson: readInput(rawDir, INPUTS.subIcbBoundaries2023),
  icb2026Geojson: readInput(rawDir, INPUTS.icbBoundaries2026),
  subIcb23: tables.subIcb23,
  subIcb26: tables.subIcb26,
  regionsCsv: tables.files["regions.csv"] ?? "",
});
const files = { ...tables.files, ...boundaries, ...subIcbBoundaries };

let differing = 0;
for (const [name, content] of Object.entries(files)) {
  const path = join(outDir, name);
  const same = existsSync(path) && readFileSync(path, "utf8") === content;
  if (values.check) {
    if (!same) {
      differing++;
      console.error(`differs: ${path}`);
    }
    continue;
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path, content);
  console.log(`${same ? "unchanged" : "wrote"} ${path} (${Buffer.byteLength(content)} bytes)`);
}
if (values.check) {
  if (differing > 0) process.exit(1);
  console.log(`all ${Object.keys(files).length} files in ${outDir} match their sources`);
}
