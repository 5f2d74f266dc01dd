/**
 * The demo's commissioners: the 106 April-2021 CCGs with fixed activity multipliers (so their rates
 * are stable from month to month) plus the non-geographic codes. Multipliers are drawn once from
 * the structure seed and pinned to the published June 2021 pattern (calibration.ts).
 */
import {
  FREE_RATE_BOUNDS,
  NON_GEOGRAPHIC,
  PINNED_ADMITTED_RATE,
  REGION_ADMITTED_RATE,
  STRUCTURE_SEED,
} from "./calibration.ts";
import { createRandom, hashString, mixSeed } from "./random.ts";
import { loadDemoCommissioners, type DemoCommissioner } from "./reference.ts";

/** What a commissioner gets of each national total, as a share (all commissioners sum to 1). */
export interface Shares {
  admitted: number;
  nonAdmitted: number;
  clockStarts: number;
  list: number;
}

export interface DemoArea {
  code: string;
  /** CCG name (`NHS Wakefield CCG`), or the file name of a non-geographic code. */
  name: string;
  geographic: boolean;
  /** Reference row for a CCG; undefined for NONC and hubs. */
  ccg?: DemoCommissioner;
  /** June 2021 admitted pathways per 1,000 a month the multipliers were built for (CCGs only). */
  targetRate: number;
  shares: Shares;
}

/** Waiting-list size relative to population by region (assumed; East and Midlands longest). */
const REGION_LIST_FACTOR: Record<string, number> = {
  "East of England": 1.12,
  Midlands: 1.06,
  "South West": 1.05,
  "South East": 1.04,
  London: 0.92,
  "North East and Yorkshire": 0.95,
  "North West": 0.95,
};

function freeRates(ccgs: DemoCommissioner[]): Map<string, number> {
  const rates = new Map<string, number>();
  for (const c of ccgs) {
    const pinned = PINNED_ADMITTED_RATE[c.code];
    const regional = REGION_ADMITTED_RATE[c.region] ?? 4.5;
    const random = createRandom(mixSeed(STRUCTURE_SEED, hashString(c.code), 1));
    rates.set(c.code, pinned ?? regional * Math.exp(0.16 * random.normal()));
  }
  // Rescale the free CCGs of each region so its rate is the published one, then keep them inside
  // the bounds; a few rounds converge.
  const [low, high] = FREE_RATE_BOUNDS;
  for (let round = 0; round < 40; round++) {
    for (const region of Object.keys(REGION_ADMITTED_RATE)) {
      const members = ccgs.filter((c) => c.region === region);
      const target = (REGION_ADMITTED_RATE[region] ?? 0) * sum(members, (c) => c.population);
      const free = members.filter((c) => PINNED_ADMITTED_RATE[c.code] === undefined);
      const pinned = members.filter((c) => PINNED_ADMITTED_RATE[c.code] !== undefined);
      const fixed = sum(pinned, (c) => c.population * (rates.get(c.code) ?? 0));
      const current = sum(free, (c) => c.population * (rates.get(c.code) ?? 0));
      const scale = (target - fixed) / current;
      for (const c of free) {
        const r = (rates.get(c.code) ?? 0) * scale;
        rates.set(c.code, Math.min(high, Math.max(low, r)));
      }
    }
  }
  return rates;
}

function sum<T>(items: T[], f: (item: T) => number): number {
  let s = 0;
  for (const item of items) s += f(item);
  return s;
}

let cached: DemoArea[] | undefined;

/** All demo commissioners: the CCGs in code order, then the non-geographic codes. */
export function demoAreas(): DemoArea[] {
  if (cached) return cached;
  const ccgs = loadDemoCommissioners();
  const rates = freeRates(ccgs);
  const meanRate =
    sum(ccgs, (c) => c.population * (rates.get(c.code) ?? 0)) / sum(ccgs, (c) => c.population);
  const raw = ccgs.map((c) => {
    const random = createRandom(mixSeed(STRUCTURE_SEED, hashString(c.code), 2));
    const relative = (rates.get(c.code) ?? meanRate) / meanRate;
    return {
      ccg: c,
      rate: rates.get(c.code) ?? meanRate,
      admitted: c.population * relative,
      nonAdmitted: c.population * Math.sqrt(relative) * Math.exp(0.1 * random.normal()),
      clockStarts: c.population * Math.pow(relative, 0.3) * Math.exp(0.08 * random.normal()),
      list:
        c.population *
        (REGION_LIST_FACTOR[c.region] ?? 1) *
        Math.pow(relative, -0.2) *
        Math.exp(0.1 * random.normal()),
    };
  });
  const geographicShare = 1 - sum([...NON_GEOGRAPHIC], (n) => n.share);
  const totals = {
    admitted: sum(raw, (r) => r.admitted),
    nonAdmitted: sum(raw, (r) => r.nonAdmitted),
    clockStarts: sum(raw, (r) => r.clockStarts),
    list: sum(raw, (r) => r.list),
  };
  const areas: DemoArea[] = raw.map((r) => ({
    code: r.ccg.code,
    name: r.ccg.name,
    geographic: true,
    ccg: r.ccg,
    targetRate: r.rate,
    shares: {
      admitted: (geographicShare * r.admitted) / totals.admitted,
      nonAdmitted: (geographicShare * r.nonAdmitted) / totals.nonAdmitted,
      clockStarts: (geographicShare * r.clockStarts) / totals.clockStarts,
      list: (geographicShare * r.list) / totals.list,
    },
  }));
  for (const n of NON_GEOGRAPHIC) {
    const s = n.share;
    areas.push({
      code: n.code,
      name: n.name,
      geographic: false,
      targetRate: 0,
      shares: { admitted: s, nonAdmitted: s, clockStarts: s, list: s },
    });
  }
  cached = areas;
  return areas;
}
