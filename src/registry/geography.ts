/**
 * The organisation codes a registry record may name, by geography vintage: CCGs April 2021 and
 * sub-ICB locations / ICBs July 2022 from the shipped reference files, the 36 ICBs of April 2026
 * from ONS (data/registry/icb26.csv). Older CCG vintages (2018–2020) ship no list: their codes are
 * checked for form only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { parseCsvRecords } from "../csv.ts";
import { defaultReferenceDir } from "../geo/vintages.ts";

import type { GeographyVintage } from "./policy-schema.ts";

/** `data/registry/` of this installation (the same from `src/registry/` and `dist/registry/`). */
export function registryDataDir(): string {
  return fileURLToPath(new URL("../../data/registry/", import.meta.url));
}

export interface Organisation {
  code: string;
  name: string;
  /** The ICB the organisation belongs to (itself for an ICB). */
  icbCode: string;
}

let cache: Map<GeographyVintage, Organisation[]> | undefined;

/** Organisations of each vintage that ships a list (code → name). */
export function organisations(): Map<GeographyVintage, Organisation[]> {
  if (cache) return cache;
  const ref = (name: string) =>
    parseCsvRecords(readFileSync(join(defaultReferenceDir(), name), "utf8"));
  const ccg = ref("ccg21.csv").map((r) => ({
    code: r["code"] ?? "",
    name: r["name"] ?? "",
    icbCode: r["stp_code"] ?? "",
  }));
  const sub = ref("sub-icb22.csv");
  const subIcb = sub.map((r) => ({
    code: r["code"] ?? "",
    name: r["name"] ?? "",
    icbCode: r["icb_code"] ?? "",
  }));
  const icb22 = new Map<string, Organisation>();
  for (const r of sub) {
    const code = r["icb_code"] ?? "";
    icb22.set(code, { code, name: r["icb_name"] ?? "", icbCode: code });
    const ons = r["icb_ons_code"] ?? "";
    icb22.set(ons, { code: ons, name: r["icb_name"] ?? "", icbCode: code });
  }
  const icb26 = parseCsvRecords(readFileSync(join(registryDataDir(), "icb26.csv"), "utf8")).map(
    (r) => ({ code: r["ons_code"] ?? "", name: r["name"] ?? "", icbCode: r["ons_code"] ?? "" }),
  );
  cache = new Map<GeographyVintage, Organisation[]>([
    ["ccg-2021", ccg],
    ["sub-icb-2022", subIcb],
    ["icb-2022", [...icb22.values()]],
    ["icb-2026", icb26],
  ]);
  return cache;
}

/** The organisation a code names in a vintage; undefined if unknown; null if the vintage has no list. */
export function findOrganisation(
  vintage: GeographyVintage,
  code: string,
): Organisation | undefined | null {
  const list = organisations().get(vintage);
  if (!list) return null;
  return list.find((o) => o.code === code);
}

/** How many distinct ICBs a vintage has (42 in 2022, 36 in 2026). */
export function icbCount(vintage: "icb-2022" | "icb-2026"): number {
  const list = organisations().get(vintage) ?? [];
  return new Set(list.map((o) => o.icbCode)).size;
}
