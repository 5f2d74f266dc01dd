/**
 * Code changes over time (`code_crosswalk`): `old_code,new_code,from_month` says that from
 * `from_month` the area `old_code` is part of `new_code`, so a trend ending on or after that month
 * rolls the old code's activity up into the new one. The shipped file records that every April 2021
 * CCG code carries on as a July 2022 sub-ICB location code; users import more (docs/data-sources.md).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

import { parseCsv } from "../csv.ts";
import { InputFileError } from "../errors.ts";
import { isMonth } from "../months.ts";
import type { Store } from "../store/db.ts";
import {
  commissionerCodePairs,
  crosswalkEntries,
  upsertCrosswalk,
  type CrosswalkRecord,
} from "../store/geo-queries.ts";

import { ensureReferenceLoaded, type ReferenceOptions } from "./reference.ts";

const CODE = /^[A-Z0-9]{3,5}$/;

/**
 * Maps each code to the code it rolls up to as of `asOf` (the window's last month), following
 * chains (A → B → C); codes without an entry map to themselves. Identity entries change nothing.
 */
export async function applyCrosswalk(
  store: Store,
  options: { codes: readonly string[]; asOf: string } & ReferenceOptions,
): Promise<Map<string, string>> {
  await ensureReferenceLoaded(store, options);
  const next = new Map<string, string>();
  for (const e of await crosswalkEntries(store, options.asOf)) {
    if (e.oldCode !== e.newCode) next.set(e.oldCode, e.newCode);
  }
  const out = new Map<string, string>();
  for (const code of options.codes) {
    let to = code;
    const seen = new Set([to]);
    for (let n = next.get(to); n !== undefined && !seen.has(n); n = next.get(to)) {
      seen.add(n);
      to = n;
    }
    out.set(code, to);
  }
  return out;
}

/**
 * Reads and checks a crosswalk CSV (`old_code,new_code,from_month[,note]`): codes are 3–5 letters
 * or digits, months YYYY-MM, and every new code is a known CCG/sub-ICB code or another row's old
 * code. Throws an InputFileError naming the line on the first problem.
 */
export async function readCrosswalkFile(
  store: Store,
  file: string,
  options: ReferenceOptions & { displayName?: string } = {},
): Promise<CrosswalkRecord[]> {
  await ensureReferenceLoaded(store, options);
  const name = options.displayName ?? file;
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  const cols = (header ?? []).map((h) => h.trim().toLowerCase());
  if (cols[0] !== "old_code" || cols[1] !== "new_code" || cols[2] !== "from_month") {
    throw new InputFileError(
      { file: name, line: 1 },
      `not a crosswalk file: the header must start old_code,new_code,from_month (got "${(header ?? []).join(",")}")`,
    );
  }
  const noteIndex = cols.indexOf("note");
  const known = new Set((await commissionerCodePairs(store)).map((p) => p.code));
  const records: Array<CrosswalkRecord & { line: number }> = [];
  rows.forEach((r, i) => {
    if (r.every((f) => f.trim() === "")) return;
    const line = i + 2;
    const [oldCode = "", newCode = "", fromMonth = ""] = r.map((f) => f.trim().toUpperCase());
    const bad = (column: string, problem: string) =>
      new InputFileError({ file: name, line, column }, problem);
    if (!CODE.test(oldCode)) throw bad("old_code", `not an organisation code: "${r[0] ?? ""}"`);
    if (!CODE.test(newCode)) throw bad("new_code", `not an organisation code: "${r[1] ?? ""}"`);
    if (!isMonth(fromMonth)) throw bad("from_month", `expected YYYY-MM, got "${r[2] ?? ""}"`);
    const note = noteIndex >= 0 ? (r[noteIndex] ?? "").trim() || null : null;
    records.push({ line, oldCode, newCode, fromMonth, note, source: basename(file) });
  });
  const olds = new Set(records.map((r) => r.oldCode));
  for (const r of records) {
    if (!known.has(r.newCode) && !olds.has(r.newCode)) {
      throw new InputFileError(
        { file: name, line: r.line, column: "new_code" },
        `unknown area code "${r.newCode}": a crosswalk must lead to a CCG or sub-ICB code of the reference geography`,
      );
    }
  }
  return records.map(({ line: _line, ...r }) => r);
}

/** Stores crosswalk entries (one transaction; same old code and month replaces). */
export async function importCrosswalk(store: Store, records: CrosswalkRecord[]): Promise<void> {
  await store.transaction(() => upsertCrosswalk(store, records));
}
