/**
 * Acute NHS trusts (data/reference/acute-trusts.csv, built from OHID's acute trust catchments and
 * the ODS trust list): the providers every month's RTT file should hold, and where each stands.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { parseCsvRecords } from "../csv.ts";

import type { ReferenceOptions } from "./reference.ts";
import { defaultReferenceDir } from "./vintages.ts";

export interface AcuteTrust {
  code: string;
  name: string;
  /** First month open (YYYY-MM), from ODS. */
  opened: string;
  /** Last month open (YYYY-MM; ODS close date), null while open. */
  closed: string | null;
  /** ODS parent ICB code at mid-2026. */
  icbCode: string;
  /** Sub-ICB location the trust's headquarters postcode lies in (from GP practices); null when unknown. */
  subIcbCode: string | null;
}

export const ACUTE_TRUSTS_FILE = "acute-trusts.csv";

/** The parsed list of each reference file read so far (a check reads it once per month). */
const parsed = new Map<string, readonly AcuteTrust[]>();

/** Every acute trust of the reference list (read once per file and process; records frozen). */
export function acuteTrusts(options: ReferenceOptions = {}): AcuteTrust[] {
  const path = join(options.referenceDir ?? defaultReferenceDir(), ACUTE_TRUSTS_FILE);
  let trusts = parsed.get(path);
  if (trusts === undefined) {
    trusts = parseCsvRecords(readFileSync(path, "utf8")).map((r) =>
      Object.freeze({
        code: r.code ?? "",
        name: r.name ?? "",
        opened: r.opened ?? "",
        closed: r.closed || null,
        icbCode: r.icb_code ?? "",
        subIcbCode: r.sub_icb_code || null,
      }),
    );
    parsed.set(path, trusts);
  }
  return [...trusts];
}

/** The acute trusts open in `month` (opened on or before it, not closed by it). */
export function acuteTrustsOpenIn(month: string, options: ReferenceOptions = {}): AcuteTrust[] {
  return acuteTrusts(options).filter(
    (t) => t.opened <= month && (t.closed === null || t.closed >= month),
  );
}
