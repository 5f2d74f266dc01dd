/**
 * Where an old area code went: between consecutive shipped vintages, a commissioner code that
 * disappears goes to the code with the same ONS code (a renamed area), and a parent (STP/ICB) code
 * that disappears goes to the parent its surviving areas all moved to (the April 2026 ICB mergers:
 * QRV and QMJ → Z9B2Z). A parent whose areas went to several new parents was split: it has no one
 * successor, and the candidates are listed. Pure: reads the vintages' reference files only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { parseCsvRecords } from "../csv.ts";

import { defaultReferenceDir, VINTAGES } from "./vintages.ts";

export interface CodeChange {
  /** The old code and what it was called. */
  code: string;
  name: string;
  /** The vintage in which it last existed (`sub-ICB location April 2023`). */
  lastVintage: string;
  /** From this month it is gone. */
  goneFrom: string;
  /** One successor: moved; several: split between them. */
  to: string[];
}

interface Row {
  code: string;
  ons: string;
  name: string;
  parent: string;
  parentName: string;
}

const cache = new Map<string, Map<string, CodeChange>>();

/** Every code that disappears between consecutive vintages, with its successor(s). */
export function codeChanges(referenceDir = defaultReferenceDir()): Map<string, CodeChange> {
  const held = cache.get(referenceDir);
  if (held) return held;
  const vintages = [...VINTAGES].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const read = (file: string, prefix: string): Row[] =>
    parseCsvRecords(readFileSync(join(referenceDir, file), "utf8")).map((r) => ({
      code: r["code"] ?? "",
      ons: r["ons_code"] ?? "",
      name: r["name"] ?? "",
      parent: r[`${prefix}_code`] ?? "",
      parentName: r[`${prefix}_name`] ?? "",
    }));
  const out = new Map<string, CodeChange>();
  for (let i = 0; i + 1 < vintages.length; i++) {
    const before = vintages[i];
    const after = vintages[i + 1];
    if (!before || !after) continue;
    const a = read(before.areasFile, before.parentPrefix);
    const b = read(after.areasFile, after.parentPrefix);
    const bByCode = new Map(b.map((r) => [r.code, r]));
    const bByOns = new Map(b.map((r) => [r.ons, r]));
    // An area abolished outright (no code or ONS code carries on) went to the areas whose
    // boundaries changed at the same time (a new ONS code): Frimley (D4U1Y) in April 2026 to 92A,
    // D9Y0V and U2G6B. Only when it is the one such area of the change; otherwise it is unknown.
    const aOns = new Set(a.map((r) => r.ons));
    const abolished = a.filter((r) => !bByCode.has(r.code) && !bByOns.has(r.ons));
    const reshaped = b.filter((r) => !aOns.has(r.ons));
    for (const r of a) {
      if (bByCode.has(r.code)) continue;
      const renamed = bByOns.get(r.ons);
      out.set(r.code, {
        code: r.code,
        name: r.name,
        lastVintage: before.label,
        goneFrom: after.validFrom,
        to: renamed
          ? [renamed.code]
          : abolished.length === 1
            ? reshaped.map((x) => x.code).sort()
            : [],
      });
    }
    const bParents = new Set(b.map((r) => r.parent));
    const parents = new Map<string, { name: string; to: Set<string> }>();
    for (const r of a) {
      if (bParents.has(r.parent)) continue;
      const p = parents.get(r.parent) ?? { name: r.parentName, to: new Set<string>() };
      const moved = bByCode.get(r.code) ?? bByOns.get(r.ons);
      if (moved) p.to.add(moved.parent);
      for (const c of moved ? [] : (out.get(r.code)?.to ?? [])) {
        const parent = bByCode.get(c)?.parent;
        if (parent) p.to.add(parent);
      }
      parents.set(r.parent, p);
    }
    for (const [code, p] of parents) {
      out.set(code, {
        code,
        name: p.name,
        lastVintage: before.label,
        goneFrom: after.validFrom,
        to: [...p.to].sort(),
      });
    }
  }
  cache.set(referenceDir, out);
  return out;
}
