// `npm run bench stats`: funnel limits and positions for 10,000 areas (target < 50 ms) and rank
// intervals with 1,000 simulations for 106 areas (target < 200 ms), each against a reference
// measured in the same run on the same data.
import { performance } from "node:perf_hooks";

import {
  createRandom,
  normalQuantile,
  poissonCountLimits,
  poissonSample,
  rankDescending,
  rankIntervals,
  rateFunnel,
  type Random,
} from "../src/stats/index.ts";

import type { BenchContext } from "./run.ts";

export const name = "stats";

interface Area {
  code: string;
  count: number;
  population: number;
}

/** Synthetic areas: log-uniform populations, rates over-dispersed around 5 per 1,000 per year. */
function makeAreas(n: number, random: Random, minPop: number, maxPop: number): Area[] {
  return Array.from({ length: n }, (_, i) => {
    const population = Math.round(minPop * (maxPop / minPop) ** random());
    const rate = 0.05 * Math.exp(0.15 * normalQuantile(random()));
    return { code: `E${i}`, count: poissonSample(random, rate * population), population };
  });
}

/** Median wall time in ms over `runs` runs after one warm-up; returns the last result too. */
function time<T>(runs: number, f: () => T): { ms: number; result: T } {
  let result = f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = f();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, result };
}

/** Reference for the funnel: the naive way, exact χ² limits solved at every area's own population. */
function naiveFunnelPositions(areas: Area[], target: number): string[] {
  return areas.map((a) => {
    const expected = a.population * target;
    const l95 = poissonCountLimits(expected, 0.95);
    const l998 = poissonCountLimits(expected, 0.998);
    if (a.count > l998.upper) return "above998";
    if (a.count > l95.upper) return "above95";
    if (a.count < l998.lower) return "below998";
    if (a.count < l95.lower) return "below95";
    return "within";
  });
}

/** Reference for rank intervals: the same simulation with a normal-approximation sampler. */
function normalApproxRankIntervals(areas: Area[], simulations: number, seed: number): number[][] {
  const random = createRandom(seed);
  const all = areas.map(() => new Array<number>(simulations));
  for (let s = 0; s < simulations; s++) {
    const rates = areas.map((a) => {
      const draw = Math.max(0, Math.round(a.count + Math.sqrt(a.count) * normalQuantile(random())));
      return draw / a.population;
    });
    rankDescending(rates).forEach((r, i) => ((all[i] as number[])[s] = r));
  }
  return all.map((ranks) => {
    ranks.sort((x, y) => x - y);
    return [ranks[24] as number, ranks[974] as number];
  });
}

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const random = createRandom(20240401);
  const many = makeAreas(10_000, random, 20_000, 1_500_000);
  const target = many.reduce((s, a) => s + a.count, 0) / many.reduce((s, a) => s + a.population, 0);

  const crude = time(21, () => many.map((a) => (a.count / a.population) * 1000));
  const funnel = time(7, () => rateFunnel({ points: many, target, multiplier: 1000 }));
  const naive = time(3, () => naiveFunnelPositions(many, target));
  ctx.log(
    `funnel, 10,000 areas (100 limit rows, 4 positions each): ${funnel.ms.toFixed(1)} ms (target < 50 ms); ` +
      `naive per-area exact limits ${naive.ms.toFixed(1)} ms → ratio ${(funnel.ms / naive.ms).toFixed(3)}; ` +
      `crude-rate loop ${crude.ms.toFixed(3)} ms`,
  );
  ctx.log(
    `  adjustment ${funnel.result.adjustment}, φ = ${funnel.result.phi.toFixed(2)}, τ² = ${funnel.result.tau2.toExponential(3)}`,
  );

  const areas = makeAreas(106, random, 100_000, 1_200_000);
  const counts = areas.map((a) => a.count);
  const populations = areas.map((a) => a.population);
  const ranks = time(5, () => rankIntervals({ counts, populations, seed: 7, simulations: 1000 }));
  const approx = time(5, () => normalApproxRankIntervals(areas, 1000, 7));
  ctx.log(
    `rank intervals, 106 areas × 1,000 simulations: ${ranks.ms.toFixed(1)} ms (target < 200 ms); ` +
      `normal-approximation sampler ${approx.ms.toFixed(1)} ms → ratio ${(ranks.ms / approx.ms).toFixed(2)}`,
  );

  return {
    funnelAreas: many.length,
    funnelMs: round(funnel.ms),
    funnelTargetMs: 50,
    funnelNaiveMs: round(naive.ms),
    funnelRatioToNaive: round(funnel.ms / naive.ms),
    crudeRateLoopMs: round(crude.ms),
    funnelRatioToCrudeLoop: round(funnel.ms / crude.ms),
    rankAreas: areas.length,
    rankSimulations: 1000,
    rankMs: round(ranks.ms),
    rankTargetMs: 200,
    rankNormalApproxMs: round(approx.ms),
    rankRatioToNormalApprox: round(ranks.ms / approx.ms),
  };
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
