/**
 * Funnel plots with over-dispersion (Spiegelhalter 2005): `rateFunnel` for counts per population
 * (exact Poisson limits) and `proportionFunnel` (PHE closed-form limits). Both report φ, τ², the
 * χ² test, which adjustment is used and why, limits across a range of denominators, and each
 * point's position unadjusted, multiplicative, additive and under the chosen adjustment.
 */
import {
  funnelGrid,
  poissonAdjustedRatioLimits,
  poissonCountLimits,
  poissonZScore,
  positionFromIntervals,
  positionFromZ,
  proportionAdjustedLimits,
  proportionFunnelLimits,
  proportionZScore,
  checkProportionTarget,
  type FunnelPosition,
  type OverdispersionSpec,
} from "./funnel-limits.ts";
import {
  chooseAdjustment,
  DEFAULT_TRIM,
  dispersionFactor,
  tau2 as dlTau2,
  type Adjustment,
  type AdjustmentChoice,
  type DispersionTest,
} from "./overdispersion.ts";
import { checkCount, checkDenominator, poissonInterval, type Interval } from "./poisson.ts";
import { wilsonInterval } from "./wilson.ts";

export interface LimitSet {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** One row of limits; the `…Adjusted` fields follow the chosen adjustment (unadjusted if none). */
export interface FunnelLimitRow extends LimitSet {
  population: number;
  lower95Adjusted: number;
  upper95Adjusted: number;
  lower998Adjusted: number;
  upper998Adjusted: number;
  multiplicative: LimitSet;
  additive: LimitSet;
}

export interface FunnelPointResult {
  code: string;
  /** Events (rates) or numerator (proportions). */
  count: number;
  /** Population (rates) or denominator (proportions). */
  population: number;
  /** Expected count at the target: population × target. */
  expected: number;
  /** The point's value in the output unit (× multiplier). */
  rate: number;
  /** Unadjusted z-score on the variance-stabilising scale. */
  z: number;
  position: FunnelPosition;
  positionAdjusted: FunnelPosition;
  positionMultiplicative: FunnelPosition;
  positionAdditive: FunnelPosition;
}

/** Maps directly onto `FunnelResult` in src/analysis/types.ts (plus extra detail). */
export interface Funnel {
  /** Target in the output unit (× multiplier). */
  target: number;
  multiplier: number;
  phi: number;
  tau2: number;
  adjustment: Adjustment;
  adjustmentReason: string;
  dispersionTest: DispersionTest | null;
  trim: number;
  limits: FunnelLimitRow[];
  points: FunnelPointResult[];
}

interface CommonOptions {
  multiplier?: number;
  /** Denominators at which to draw limits; default 100 geometric steps over the points' range. */
  limitPopulations?: readonly number[];
  /** "auto" (default) applies the documented rule in `chooseAdjustment`. */
  adjustment?: AdjustmentChoice;
  /** Winsorising fraction at each end for φ; default 0.1. */
  trim?: number;
}

export interface RateFunnelOptions extends CommonOptions {
  points: ReadonlyArray<{ code: string; count: number; population: number }>;
  /** Events per person; default Σcount / Σpopulation. */
  target?: number;
}

export interface ProportionFunnelOptions extends CommonOptions {
  points: ReadonlyArray<{ code: string; numerator: number; denominator: number }>;
  /** Target proportion in (0, 1); default Σnumerator / Σdenominator. */
  target?: number;
}

interface Model {
  zScore: (count: number, n: number) => number;
  /** Standard error on the transformed scale. */
  se: (n: number) => number;
  unadjustedPosition: (count: number, n: number) => FunnelPosition;
  limits: (n: number, confidence: number) => Interval;
  adjustedLimits: (n: number, confidence: number, spec: OverdispersionSpec) => Interval;
}

/**
 * Funnel plot for rates: expected Eᵢ = populationᵢ × target; limits are exact Poisson
 * (χ²) limits of the count at each population ÷ population × multiplier; points are placed by
 * their own Poisson interval (exact below 10 events, Byar's from 10) against Eᵢ, the same rule
 * as "compared with England"; φ and τ² use z = 2(√O − √E).
 * @example rateFunnel({ points: [{ code: 'A', count: 120, population: 100000 }, …], target: 0.001, multiplier: 1000 })
 */
export function rateFunnel(options: RateFunnelOptions): Funnel {
  const points = options.points;
  if (points.length === 0) throw new RangeError("a funnel needs at least one point");
  for (const p of points) {
    checkCount(p.count, `count for ${p.code}`);
    checkDenominator(p.population, `population for ${p.code}`);
  }
  const target = options.target ?? sumOf(points, "count") / sumOf(points, "population");
  if (!(target > 0) || !Number.isFinite(target)) {
    throw new RangeError(`invalid funnel target: ${target}`);
  }
  const model: Model = {
    zScore: (count, n) => poissonZScore(count, n * target),
    se: (n) => 1 / (2 * Math.sqrt(n * target)),
    unadjustedPosition: (count, n) =>
      positionFromIntervals(
        poissonInterval(count, 0.95),
        poissonInterval(count, 0.998),
        n * target,
      ),
    limits: (n, confidence) => scaleInterval(poissonCountLimits(n * target, confidence), 1 / n),
    adjustedLimits: (n, confidence, spec) =>
      scaleInterval(poissonAdjustedRatioLimits(n * target, confidence, spec), target),
  };
  const input = points.map((p) => ({ code: p.code, count: p.count, n: p.population }));
  return buildFunnel(input, target, model, options);
}

/**
 * Funnel plot for proportions: limits P ± z√(P(1 − P)/n) (PHE closed form); points placed by
 * their Wilson interval against P (equivalent to those limits); φ and τ² use the arcsine scale.
 * @example proportionFunnel({ points: [{ code: 'A', numerator: 80, denominator: 100 }, …], multiplier: 100 })
 */
export function proportionFunnel(options: ProportionFunnelOptions): Funnel {
  const points = options.points;
  if (points.length === 0) throw new RangeError("a funnel needs at least one point");
  for (const p of points) {
    checkDenominator(p.denominator, `denominator for ${p.code}`);
    if (!(p.numerator >= 0 && p.numerator <= p.denominator)) {
      throw new RangeError(`invalid numerator for ${p.code}: ${p.numerator}`);
    }
  }
  const target = options.target ?? sumOf(points, "numerator") / sumOf(points, "denominator");
  checkProportionTarget(target);
  const model: Model = {
    zScore: (count, n) => proportionZScore(count, n, target),
    se: (n) => 1 / (2 * Math.sqrt(n)),
    unadjustedPosition: (count, n) =>
      positionFromIntervals(
        wilsonInterval(count, n, 0.95),
        wilsonInterval(count, n, 0.998),
        target,
      ),
    limits: (n, confidence) => proportionFunnelLimits(target, n, confidence),
    adjustedLimits: (n, confidence, spec) => proportionAdjustedLimits(target, n, confidence, spec),
  };
  const input = points.map((p) => ({ code: p.code, count: p.numerator, n: p.denominator }));
  return buildFunnel(input, target, model, options);
}

function buildFunnel(
  input: Array<{ code: string; count: number; n: number }>,
  target: number,
  model: Model,
  options: CommonOptions,
): Funnel {
  const multiplier = options.multiplier ?? 1;
  const trim = options.trim ?? DEFAULT_TRIM;
  const zs = input.map((p) => model.zScore(p.count, p.n));
  const ses = input.map((p) => model.se(p.n));
  const phi = dispersionFactor(zs, trim);
  const tau2 = dlTau2(
    phi,
    ses.map((s) => 1 / (s * s)),
  );
  const choice = chooseAdjustment({ phi, tau2, n: input.length, choice: options.adjustment });
  const specs = {
    multiplicative: { method: "multiplicative", phi } as const,
    additive: { method: "additive", tau2 } as const,
  };
  const points = input.map((p, i): FunnelPointResult => {
    const z = zs[i] as number;
    const s = ses[i] as number;
    const position = model.unadjustedPosition(p.count, p.n);
    const positionMultiplicative = positionFromZ(z / Math.sqrt(phi));
    const positionAdditive = positionFromZ((z * s) / Math.sqrt(s * s + tau2));
    const adjusted = {
      none: position,
      multiplicative: positionMultiplicative,
      additive: positionAdditive,
    };
    return {
      code: p.code,
      count: p.count,
      population: p.n,
      expected: p.n * target,
      rate: (p.count / p.n) * multiplier,
      z,
      position,
      positionAdjusted: adjusted[choice.adjustment],
      positionMultiplicative,
      positionAdditive,
    };
  });
  const ns = input.map((p) => p.n);
  const grid = options.limitPopulations ?? funnelGrid(Math.min(...ns) / 1.1, Math.max(...ns) * 1.1);
  const limits = grid.map((n): FunnelLimitRow => {
    checkDenominator(n, "limit population");
    const set = (f: (confidence: number) => Interval): LimitSet => {
      const i95 = f(0.95);
      const i998 = f(0.998);
      return {
        lower95: i95.lower * multiplier,
        upper95: i95.upper * multiplier,
        lower998: i998.lower * multiplier,
        upper998: i998.upper * multiplier,
      };
    };
    const unadjusted = set((c) => model.limits(n, c));
    const multiplicative = set((c) => model.adjustedLimits(n, c, specs.multiplicative));
    const additive = set((c) => model.adjustedLimits(n, c, specs.additive));
    const chosen = { none: unadjusted, multiplicative, additive }[choice.adjustment];
    return {
      population: n,
      ...unadjusted,
      lower95Adjusted: chosen.lower95,
      upper95Adjusted: chosen.upper95,
      lower998Adjusted: chosen.lower998,
      upper998Adjusted: chosen.upper998,
      multiplicative,
      additive,
    };
  });
  return {
    target: target * multiplier,
    multiplier,
    phi,
    tau2,
    adjustment: choice.adjustment,
    adjustmentReason: choice.reason,
    dispersionTest: choice.test,
    trim,
    limits,
    points,
  };
}

function scaleInterval(interval: Interval, factor: number): Interval {
  return { lower: interval.lower * factor, upper: interval.upper * factor };
}

function sumOf<K extends string>(rows: ReadonlyArray<Record<K, number>>, key: K): number {
  let total = 0;
  for (const row of rows) total += row[key];
  return total;
}
