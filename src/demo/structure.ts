/**
 * Who serves whom in the demo data: provider × commissioner pairs with a volume weight and the
 * treatment functions they carry. Mostly local (every trust of a CCG's own ICS carries all
 * specialties and most of the volume), then a few neighbours in the region, independent-sector
 * centres, and, at full size, many small far-away flows like the real files' long tail. Fixed by
 * the structure seed: `--seed` changes only the month-to-month noise.
 */
import { STRUCTURE_SEED } from "./calibration.ts";
import { demoAreas, type DemoArea } from "./commissioners.ts";
import { demoProviders, type DemoProvider } from "./providers.ts";
import { createRandom, hashString, mixSeed, type Random } from "./random.ts";
import { loadDemoCommissioners } from "./reference.ts";
import {
  DEMO_TF_CODES,
  INDEPENDENT_SECTOR_CODES,
  mixWeight,
  SPECIALISED_CODES,
} from "./specialties.ts";

export interface DemoPair {
  provider: DemoProvider;
  area: DemoArea;
  /** Relative share of the commissioner's activity (normalised per commissioner when used). */
  weight: number;
  /** 2021-era treatment-function codes this pair has activity in, in file order. */
  tfs: string[];
}

export interface DemoStructure {
  providers: DemoProvider[];
  areas: DemoArea[];
  /** Ordered by provider code, then commissioner code (the order rows are written in). */
  pairs: DemoPair[];
}

/** How many secondary flows each commissioner has, by size (tuned to ~40k and ~180k rows a month). */
const SIZES = {
  default: { regional: 3, independent: 1, far: 0, regionalTfs: [10, 10], smallTfs: [5, 5] },
  full: { regional: 12, independent: 6, far: 34, regionalTfs: [10, 20], smallTfs: [4, 11] },
} as const;

function pick(random: Random, candidates: readonly string[], count: number): string[] {
  const pool = [...candidates];
  const chosen = new Set<string>();
  while (chosen.size < count && pool.length > 0) {
    let total = 0;
    for (const code of pool) total += mixWeight(code, "list");
    let u = random.next() * total;
    let index = pool.length - 1;
    for (let i = 0; i < pool.length; i++) {
      u -= mixWeight(pool[i] as string, "list");
      if (u < 0) {
        index = i;
        break;
      }
    }
    chosen.add(pool[index] as string);
    pool.splice(index, 1);
  }
  return DEMO_TF_CODES.filter((c) => chosen.has(c));
}

function between(random: Random, [lo, hi]: readonly [number, number]): number {
  return lo + random.int(hi - lo + 1);
}

/** Orders candidates by a fixed pseudo-distance from `key` (hash), nearest first. */
function byDistance(key: string, candidates: DemoProvider[]): DemoProvider[] {
  const d = (p: DemoProvider) => mixSeed(STRUCTURE_SEED, hashString(key), hashString(p.code));
  return [...candidates].sort((a, b) => d(a) - d(b));
}

const cached = new Map<boolean, DemoStructure>();

/** The demo structure for the default (`fullSize` false) or real-size files. */
export function demoStructure(fullSize: boolean): DemoStructure {
  const hit = cached.get(fullSize);
  if (hit) return hit;
  const size = fullSize ? SIZES.full : SIZES.default;
  const areas = demoAreas();
  const providers = demoProviders(loadDemoCommissioners());
  const nhs = providers.filter((p) => !p.independent);
  const independent = providers.filter((p) => p.independent);
  const pairs: DemoPair[] = [];
  for (const area of areas) {
    const random = createRandom(mixSeed(STRUCTURE_SEED, hashString(area.code), 4));
    const add = (provider: DemoProvider, weight: number, tfs: string[]) => {
      if (tfs.length > 0) pairs.push({ provider, area, weight, tfs });
    };
    const ccg = area.ccg;
    if (ccg) {
      const local = byDistance(
        area.code,
        nhs.filter((p) => p.stpCode === ccg.stpCode),
      );
      local.forEach((p, i) =>
        add(p, local.length === 1 ? 1 : i === 0 ? 0.65 : 0.35 / (local.length - 1), DEMO_TF_CODES),
      );
      const regional = byDistance(
        area.code,
        nhs.filter((p) => p.region === ccg.region && p.stpCode !== ccg.stpCode),
      ).slice(0, size.regional);
      regional.forEach((p, i) =>
        add(p, 0.05 * 0.75 ** i, pick(random, DEMO_TF_CODES, between(random, size.regionalTfs))),
      );
      const sameRegionFirst = [
        ...byDistance(
          area.code,
          independent.filter((p) => p.region === ccg.region),
        ),
        ...byDistance(
          area.code,
          independent.filter((p) => p.region !== ccg.region),
        ),
      ].slice(0, size.independent);
      sameRegionFirst.forEach((p, i) =>
        add(
          p,
          0.035 * 0.7 ** i,
          pick(random, INDEPENDENT_SECTOR_CODES, between(random, size.smallTfs)),
        ),
      );
      const far = byDistance(
        area.code,
        nhs.filter((p) => p.region !== ccg.region),
      ).slice(0, size.far);
      for (const p of far)
        add(p, 0.003, pick(random, DEMO_TF_CODES, between(random, size.smallTfs)));
    } else if (area.code === "NONC") {
      for (const p of fullSize ? providers : nhs)
        add(p, p.independent ? 3 : 1, pick(random, DEMO_TF_CODES, between(random, size.smallTfs)));
    } else {
      // The national commissioning hub buys specialised services from the main trust of each ICS
      // (every trust at full size).
      const seen = new Set<string>();
      for (const p of nhs) {
        if (!fullSize && seen.has(p.stpCode)) continue;
        seen.add(p.stpCode);
        add(p, 1, pick(random, SPECIALISED_CODES, fullSize ? between(random, [5, 12]) : 8));
      }
    }
  }
  pairs.sort((a, b) =>
    a.provider.code !== b.provider.code
      ? a.provider.code < b.provider.code
        ? -1
        : 1
      : a.area.code < b.area.code
        ? -1
        : a.area.code > b.area.code
          ? 1
          : 0,
  );
  const structure = { providers, areas, pairs };
  cached.set(fullSize, structure);
  return structure;
}
