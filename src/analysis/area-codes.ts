/**
 * How the units of `buildUnits`/`aggregate` are named in trend and waits outputs: regions by their
 * NHS England ODS code (`Y56`; `aggregate` keys them by name because ONS region codes changed in
 * 2022), ICBs by the ICB/STP code, commissioners by their own code; and each unit's parent.
 */
import { areasInForce } from "../geo/areas.ts";
import type { Store } from "../store/db.ts";

import type { Level } from "./types.ts";
import type { Unit } from "./units.ts";

/** Region name → ODS code for the geography of `month`. */
export async function regionCodes(store: Store, month: string): Promise<Map<string, string>> {
  const regions = await areasInForce(store, { month, level: "region" });
  return new Map(regions.map((r) => [r.name, r.code]));
}

/** The code a unit is shown with: the region's ODS code at region level (its name if unknown). */
export function unitCode(unit: Unit, level: Level, regions: Map<string, string>): string {
  return level === "region" ? (regions.get(unit.name) ?? unit.code) : unit.code;
}

/** A unit's parent: a commissioner's ICB, an ICB's region (ODS code); null for a region. */
export function parentCode(unit: Unit, level: Level, regions: Map<string, string>): string | null {
  if (level === "commissioner") return unit.icbCode;
  if (level === "icb")
    return unit.regionName === null ? null : (regions.get(unit.regionName) ?? unit.regionName);
  return null;
}

/** The unit an `--area` value names: its code (any case), or at region level its name or ODS code. */
export function findUnit(
  units: readonly Unit[],
  value: string,
  level: Level,
  regions: Map<string, string>,
): Unit | undefined {
  const wanted = value.trim().toUpperCase();
  return units.find(
    (u) =>
      unitCode(u, level, regions).toUpperCase() === wanted ||
      (level === "region" && u.name.toUpperCase() === wanted),
  );
}
