// Builds data/reference/imd2025-subicb.csv — the deprivation of each sub-ICB location, for the
// deprivation gradient of `variation` — from the English Indices of Deprivation 2025 summed to
// sub-ICB locations in ../shared/data/raw/ons-sicbl-population-mid2022/ (see
// data/reference/SOURCES.md). One row per sub-ICB location of the 2023 boundary set (the same 106
// locations in 2023–2025, whose ODS codes are those of the April 2021 CCGs): ODS code, ONS code,
// name, the population-weighted average IMD 2025 score and the population it is weighted by.
//
//   npx tsx scripts/build-imd.ts [--raw DIR] [--out FILE] [--check]
//
// Deterministic: the same input gives the same bytes (rows sorted by ODS code).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { formatCsv, parseCsvRecords } from "../src/csv.ts";

import { requireRawSources } from "./raw-sources.ts";

const INPUT = "ons-sicbl-population-mid2022/imd2025_subicb_scores_long.csv";
const INPUT_SHA256 = "dffc763583ec26fa503cef6ffd652e58bfa09e2cabb65ba2f875f86ce7cce107";
const VINTAGE = "2023";

const here = fileURLToPath(new URL(".", import.meta.url));
const { values } = parseArgs({
  options: {
    raw: { type: "string", default: resolve(here, "../../shared/data/raw") },
    out: { type: "string", default: resolve(here, "../data/reference/imd2025-subicb.csv") },
    check: { type: "boolean", default: false },
  },
});

requireRawSources("build-imd", resolve(values.raw as string), [INPUT]);
const bytes = readFileSync(resolve(values.raw as string, INPUT));
const digest = createHash("sha256").update(bytes).digest("hex");
if (digest !== INPUT_SHA256)
  throw new Error(`${INPUT}: sha256 ${digest}, expected ${INPUT_SHA256}`);
const rows = parseCsvRecords(bytes.toString("utf8")).filter(
  (r) => r.sicbl_vintage === VINTAGE && r.index === "imd" && r.scale === "imd_composite",
);
if (rows.length !== 106) throw new Error(`expected 106 sub-ICB locations, found ${rows.length}`);
const out = formatCsv(
  ["code", "ons_code", "name", "imd2025_score", "weight_population"],
  rows
    .map((r) => [
      r.sicbl_nhs_code ?? "",
      r.sicbl_code ?? "",
      r.sicbl_name ?? "",
      Number(r.avg_score),
      Number(r.weight_pop),
    ])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
);
if (values.check) {
  const current = readFileSync(values.out as string, "utf8");
  if (current !== out) throw new Error(`${values.out} differs from what the script builds`);
  console.log(`${values.out}: up to date`);
} else {
  writeFileSync(values.out as string, out);
  console.log(`wrote ${values.out} (${rows.length} sub-ICB locations)`);
}
