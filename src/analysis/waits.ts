import { MissingDataError } from "../errors.ts";
import { awaitedLater } from "../promises.ts";
import {
  commissionerCounts,
  providerCounts,
  waitingBands,
  type CommissionerCount,
} from "../store/activity-queries.ts";
import type { Store } from "../store/db.ts";

import { parentCode, regionCodes, unitCode } from "./area-codes.ts";
import { splitIncomplete } from "./completeness-units.ts";
import { windowCompleteness } from "./completeness.ts";
import { resolveSpecialty } from "./options.ts";
import type { Excluded, WaitFigures, WaitsArea, WaitsLevel, WaitsOutput } from "./types.ts";
import { buildUnits } from "./units.ts";
import { sumBands, waitChange, waitFigures } from "./wait-figures.ts";
import { loadWindow, sourceInfo, type Window } from "./window.ts";

export interface WaitsOptions {
  month: string;
  level?: WaitsLevel;
  specialty?: string;
  /** A month to report the change from (this month − baseline), per area and for England. */
  baseline?: string | null;
}

export const ENGLAND_SCOPE =
  "England = every commissioner's rows, as NHS England publishes the national waiting list: non-geographic commissioners (NHS England hubs, NONC, …) count in England but are not areas (see excluded)";

export const WAITS_METHOD =
  "Part_2 (incomplete pathways at month end): waiting = sum of Total All; within18 = patients in the week bands below 18 weeks; pctWithin18 = within18 ÷ waiting × 100; overN = patients in the bands from week N up (null where the month's open top band starts below N: only over52 before April 2021); " +
  "median and 92nd-percentile waits by linear interpolation within the week band holding the percentile (patients spread evenly within a band), null when it falls in the open top band; areas are geographic commissioners grouped by ICB/region, providers by provider code.";

interface MonthFigures {
  window: Window;
  topBandStart: number;
  england: WaitFigures;
  areas: Array<Omit<WaitsArea, "change">>;
  excluded: Excluded[];
}

/** Sorts worst first: lowest pctWithin18, nobody waiting last, ties by name then code. */
function byPerformance(a: Omit<WaitsArea, "change">, b: Omit<WaitsArea, "change">): number {
  const pa = a.pctWithin18 ?? Number.POSITIVE_INFINITY;
  const pb = b.pctWithin18 ?? Number.POSITIVE_INFINITY;
  return pa - pb || a.name.localeCompare(b.name) || a.code.localeCompare(b.code);
}

async function monthFigures(
  store: Store,
  month: string,
  level: WaitsLevel,
  tfCodes: string[] | null,
): Promise<MonthFigures> {
  const window = await loadWindow(store, month, month);
  const topBandStart = window.periods[0]?.topBandStart ?? 104;
  const group = level === "provider" ? "provider" : "commissioner";
  const filter = { from: month, to: month, part: "Part_2", tfCodes };
  // Independent reads start together (a read-only store answers them side by side) and are
  // awaited in the order they were written, so the first problem reported is the same.
  const bandsRead = awaitedLater(waitingBands(store, { month, tfCodes, group }));
  const completenessRead =
    level === "provider"
      ? null
      : awaitedLater(windowCompleteness(store, { from: month, to: month, part: "Part_2" }));
  const counts =
    group === "provider"
      ? await providerCounts(store, filter)
      : await commissionerCounts(store, filter);
  const bands = await bandsRead;
  const bandsOf = new Map(bands.map((b) => [b.code, b.bands]));
  const figuresOf = (codes: readonly string[], waiting: number) =>
    waitFigures(sumBands(codes.map((c) => bandsOf.get(c) ?? [])), topBandStart, waiting);
  const england = figuresOf(
    counts.map((c) => c.code),
    counts.reduce((s, c) => s + c.count, 0),
  );
  if (level === "provider" || completenessRead === null) {
    const areas = counts.map((c: CommissionerCount) => ({
      code: c.code,
      name: c.name ?? c.code,
      parentCode: null,
      ...figuresOf([c.code], c.count),
    }));
    return { window, topBandStart, england, areas, excluded: [] };
  }
  const built = await buildUnits(store, {
    counts,
    lastMonth: month,
    level,
    requirePopulation: false,
  });
  const regions = await regionCodes(store, month);
  // An area whose usual providers sent nothing this month has a short list: marked, with why.
  const split = splitIncomplete(built, await completenessRead, level);
  const why = new Map(
    split.incomplete.map((x) => [x.unit.code, x.reasons.join(" ").replace(/; not ranked$/, "")]),
  );
  const areas = built.units.map((u) => ({
    code: unitCode(u, level, regions),
    name: u.name,
    parentCode: parentCode(u, level, regions),
    ...figuresOf(u.members, u.count),
    incompleteReason: why.get(u.code) ?? null,
  }));
  return { window, topBandStart, england, areas, excluded: built.excluded };
}

/**
 * `rationwatch waits`: the waiting list at the end of a month (DESIGN §2 "Waiting times"), for
 * England and by area, worst first (lowest % within 18 weeks). England is every commissioner's
 * rows, non-geographic ones included, so it equals the national Part_2 total NHS England reports;
 * commissioner/ICB/region areas are the geographic commissioners of the month's geography (no
 * population is needed); providers group every row by provider code. With a baseline, each area's
 * and England's change from that month (areas matched by code; null where absent then).
 */
export async function waits(store: Store, options: WaitsOptions): Promise<WaitsOutput> {
  const level = options.level ?? "commissioner";
  const specialty = resolveSpecialty(options.specialty);
  const baselineRead = options.baseline
    ? awaitedLater(monthFigures(store, options.baseline, level, specialty.tfCodes))
    : null;
  const now = await monthFigures(store, options.month, level, specialty.tfCodes);
  let before: MonthFigures | null = null;
  if (baselineRead) {
    try {
      before = await baselineRead;
    } catch (e) {
      throw e instanceof MissingDataError ? new MissingDataError(`--baseline: ${e.message}`) : e;
    }
  }
  const baselineByCode = new Map((before?.areas ?? []).map((a) => [a.code, a]));
  const areas: WaitsArea[] = [...now.areas].sort(byPerformance).map((a) => {
    const b = baselineByCode.get(a.code);
    return { ...a, change: b ? waitChange(a, b) : null };
  });
  const source = sourceInfo(now.window, "none (waiting times are counts, not rates)", WAITS_METHOD);
  if (before) {
    const p = before.window.periods[0];
    if (p) source.files.push({ month: p.month, file: p.sourceFile, checksum: p.checksum });
    source.synthetic ||= before.window.periods.some((x) => x.synthetic);
  }
  return {
    month: options.month,
    level,
    specialty: specialty.code,
    specialtyName: specialty.name,
    topBandStart: now.topBandStart,
    baseline: options.baseline ?? null,
    englandScope: ENGLAND_SCOPE,
    england: now.england,
    englandChange: before ? waitChange(now.england, before.england) : null,
    englandBaseline: before?.england ?? null,
    areas,
    excluded: now.excluded,
    source,
  };
}
