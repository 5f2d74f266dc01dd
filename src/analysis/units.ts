import { areasInForce, populationVintage, type AreaInfo } from "../geo/areas.ts";
import { classifyCommissioners, commissionerParents } from "../geo/commissioners.ts";
import { awaitedLater } from "../promises.ts";
import type { CommissionerCount } from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";
import type { PopulationBasis } from "../store/geo-queries.ts";

import type { Excluded, Level } from "./types.ts";

/** One unit of analysis at the requested level, with its summed count and population. */
export interface Unit {
  code: string;
  name: string;
  icbCode: string | null;
  icbName: string | null;
  regionName: string | null;
  count: number;
  population: number;
  /** Commissioner codes whose counts make up this unit. */
  members: string[];
}

export interface Units {
  /** The areas at the requested level. */
  units: Unit[];
  /** The commissioner-level areas (for regions and within-ICS figures whatever the level). */
  commissioners: Unit[];
  excluded: Excluded[];
  populationVintage: string;
}

/**
 * Turns commissioner counts for a window into areas (DESIGN §2 "Areas", "Region", "ICS / ICB"):
 * geographic commissioners in force in the window's last month with a population; everything else
 * goes to `excluded` with its count and reason. Commissioners are areas only where they have rows.
 * At ICB and region level the commissioners' counts and populations are summed first.
 */
export async function buildUnits(
  store: Store,
  options: {
    /** The window's counts, or their read still running (the reads below start meanwhile). */
    counts: CommissionerCount[] | Promise<CommissionerCount[]>;
    lastMonth: string;
    level: Level;
    /** Which population divides (default `resident`). */
    denominator?: PopulationBasis;
    /** False for figures that need no denominator (waiting times): areas without a population are kept with population 0. Default true. */
    requirePopulation?: boolean;
  },
): Promise<Units> {
  const { lastMonth } = options;
  const requirePopulation = options.requirePopulation ?? true;
  const denominator = options.denominator ?? "resident";
  // The reads that do not need the counts start at once, while the counts are read (a read-only
  // store answers two reads side by side); they are awaited in the order written, so the first
  // problem reported is the same.
  const areasRead = awaitedLater(areasInForce(store, { month: lastMonth, denominator }));
  const parentsRead = awaitedLater(commissionerParents(store, lastMonth));
  const vintageRead = awaitedLater(populationVintage(store, lastMonth, { denominator }));
  const counts = await options.counts;
  const areas = await areasRead;
  const classification = await classifyCommissioners(store, {
    month: lastMonth,
    codes: counts.map((c) => c.code),
  });
  const parents = await parentsRead;
  const vintage = await vintageRead;
  const areaByCode = new Map(areas.map((a) => [a.code, a]));
  const parentByCode = new Map(parents.map((p) => [p.code, p]));
  const mappedTo = new Map(classification.mapped.map((m) => [m.code, m.to]));
  const geographic = new Set(classification.geographic);
  const excluded: Excluded[] = [];
  const byArea = new Map<string, Unit>();

  for (const c of counts) {
    if (!geographic.has(c.code)) continue;
    const code = mappedTo.get(c.code) ?? c.code;
    const area = areaByCode.get(code);
    if (!area || (requirePopulation && (area.population === null || area.population <= 0))) {
      excluded.push({
        code: c.code,
        name: c.name,
        count: c.count,
        reason: `no ${denominator === "resident" ? "" : `${denominator} `}population for ${code} on the ${lastMonth} boundaries in the reference data`,
      });
      continue;
    }
    const parent = parentByCode.get(code);
    const unit = byArea.get(code) ?? {
      code,
      name: displayName(area),
      icbCode: parent?.icbCode ?? area.icbCode,
      icbName: parent?.icbName ?? area.icbName,
      regionName: area.regionName,
      count: 0,
      population: area.population ?? 0,
      members: [],
    };
    unit.count += c.count;
    unit.members.push(c.code);
    byArea.set(code, unit);
  }
  const countByCode = new Map(counts.map((c) => [c.code, c]));
  for (const n of classification.nonGeographic) {
    const c = countByCode.get(n.code);
    excluded.push({
      code: n.code,
      name: c?.name ?? n.name,
      count: c?.count ?? 0,
      reason: n.reason,
    });
  }
  for (const code of classification.unknown) {
    const c = countByCode.get(code);
    excluded.push({
      code,
      name: c?.name ?? null,
      count: c?.count ?? 0,
      reason: `not a commissioner of the ${lastMonth} reference geography (unknown code; add a crosswalk to roll it up)`,
    });
  }
  excluded.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  const commissioners = [...byArea.values()].sort((a, b) => a.code.localeCompare(b.code));
  return {
    units: aggregate(commissioners, options.level),
    commissioners,
    excluded,
    populationVintage: vintage,
  };
}

/**
 * An area's name in results: the reference name, and for a sub-ICB location (officially "NHS West
 * Yorkshire ICB - 03R") the place it covers, "NHS West Yorkshire ICB - 03R (Wakefield)" (every
 * output shows it as "Wakefield (03R)", labels.ts). The place is added even when the ICB's name
 * contains it: "NHS Humber and North Yorkshire ICB - 42D (North Yorkshire)", not "Humber and North
 * Yorkshire (42D)".
 */
export function displayName(area: AreaInfo): string {
  const place = area.type === "sub-icb" ? area.place : null;
  return place && !area.name.endsWith(`(${place})`) ? `${area.name} (${place})` : area.name;
}

/** Sums commissioner units into ICBs or regions (or returns them unchanged). */
export function aggregate(commissioners: Unit[], level: Level): Unit[] {
  if (level === "commissioner") return commissioners;
  const groups = new Map<string, Unit>();
  for (const c of commissioners) {
    const key = level === "icb" ? (c.icbCode ?? "unknown") : (c.regionName ?? "unknown");
    const g = groups.get(key) ?? {
      code: key,
      name: level === "icb" ? (c.icbName ?? key) : key,
      icbCode: level === "icb" ? c.icbCode : null,
      icbName: level === "icb" ? c.icbName : null,
      regionName: c.regionName,
      count: 0,
      population: 0,
      members: [],
    };
    g.count += c.count;
    g.population += c.population;
    g.members.push(...c.members);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.code.localeCompare(b.code));
}
