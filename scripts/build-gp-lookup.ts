// Builds data/reference/gp-practices.csv — the "my area" lookup of the web pages — from NHS England's
// GP practice → sub-ICB map in ../shared/data/raw/nhs-digital-gp-registered-2025/ (see
// data/reference/SOURCES.md). One row per practice, from the latest extract that lists it:
// practice code, name, postcode, sub-ICB code, ICB code. RTT activity follows the responsible
// commissioner, i.e. the patient's GP practice, so a practice names "your area" exactly and a
// postcode only through the practices near it.
//
//   npx tsx scripts/build-gp-lookup.ts [--raw DIR] [--out FILE] [--check]
//
// Deterministic: the same input gives the same bytes (rows sorted by practice code).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { formatCsv, parseCsvRecords } from "../src/csv.ts";

import { requireRawSources } from "./raw-sources.ts";

const INPUT = "nhs-digital-gp-registered-2025/gp-reg-pat-prac-map_2025-03to12.csv";
const INPUT_SHA256 = "f56c59bb85268eab1015d0ba0817af50666d6fcffde7536611aa1aed4de110f5";
const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};

/** `01Mar2025` → `2025-03-01` (sortable). */
function extractDate(value: string): string {
  const m = /^(\d\d)([A-Z][a-z]{2})(\d{4})$/.exec(value);
  if (!m || !MONTHS[m[2] ?? ""]) throw new Error(`${INPUT}: unexpected EXTRACT_DATE "${value}"`);
  return `${m[3]}-${MONTHS[m[2] ?? ""]}-${m[1]}`;
}

/** The lookup's CSV text from the raw map's text. */
export function buildGpLookup(text: string): string {
  const latest = new Map<string, { date: string; row: Array<string> }>();
  for (const r of parseCsvRecords(text)) {
    const date = extractDate(r["EXTRACT_DATE"] ?? "");
    const code = r["PRACTICE_CODE"] ?? "";
    const prev = latest.get(code);
    if (prev && prev.date >= date) continue;
    latest.set(code, {
      date,
      row: [
        code,
        (r["PRACTICE_NAME"] ?? "").trim(),
        (r["PRACTICE_POSTCODE"] ?? "").trim().toUpperCase(),
        r["SUB_ICB_LOCATION_CODE"] ?? "",
        r["ICB_CODE"] ?? "",
        date.slice(0, 7),
      ],
    });
  }
  const rows = [...latest.values()]
    .map((v) => v.row)
    .sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
  return formatCsv(
    ["practice_code", "practice_name", "postcode", "sub_icb_code", "icb_code", "extract"],
    rows,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { raw: { type: "string" }, out: { type: "string" }, check: { type: "boolean" } },
  });
  const root = fileURLToPath(new URL("..", import.meta.url));
  const rawDir = resolve(values.raw ?? resolve(root, "../shared/data/raw"));
  requireRawSources("build-gp-lookup", rawDir, [INPUT]);
  const raw = resolve(rawDir, INPUT);
  const out = values.out ?? resolve(root, "data/reference/gp-practices.csv");
  const bytes = readFileSync(raw);
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== INPUT_SHA256) throw new Error(`${raw}: sha256 ${sha}, expected ${INPUT_SHA256}`);
  const csv = buildGpLookup(bytes.toString("utf8"));
  if (values.check) {
    const same = readFileSync(out, "utf8") === csv;
    console.log(same ? `${out}: up to date` : `${out}: differs from the source`);
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(out, csv);
    console.log(`wrote ${out} (${csv.length} bytes)`);
  }
}
