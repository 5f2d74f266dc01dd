/** Directly standardised rates with Dobson's confidence intervals (PHEindicatormethods `calculate_dsr`). */
import { byarsInterval, checkCount, checkDenominator, type Intervals95And998 } from "./poisson.ts";

/**
 * 2013 European Standard Population, 19 five-year bands 0–4, 5–9, …, 85–89, 90+ (sums to 100,000).
 * Source: Eurostat, "Revision of the European Standard Population" (2013), Table 3.1.
 */
export const ESP2013: readonly number[] = Object.freeze([
  5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000,
  2500, 1500, 1000,
]);

/** DSRs are not given below this many events (PHE: "dsr NA for total count < 10"). */
export const DSR_MIN_EVENTS = 10;

export interface DsrOptions {
  /** Events per band. */
  counts: readonly number[];
  /** Person-years at risk per band (all > 0). */
  populations: readonly number[];
  /** Standard population weights per band; default ESP2013. */
  standard?: readonly number[];
  /** Default 100,000. */
  multiplier?: number;
}

export interface Dsr extends Intervals95And998 {
  /** Total events O = Σxᵢ. */
  count: number;
  value: number;
}

/**
 * Directly standardised rate DSR = Σ(xᵢwᵢ/nᵢ)/Σwᵢ × multiplier with Dobson's interval:
 * limit = DSR + √(var/O)·(O_limit − O), var = Σxᵢ(wᵢ/nᵢ)²/(Σwᵢ)², O_limit from Byar's method
 * (Dobson et al. 1991, Stat Med 10:457–462). Null when O < 10 (PHE suppression rule).
 * @example directlyStandardisedRate({ counts, populations }).value // 10430.247991469423 for §9.5 data
 */
export function directlyStandardisedRate(options: DsrOptions): Dsr | null {
  const { counts, populations } = options;
  const standard = options.standard ?? ESP2013;
  const multiplier = options.multiplier ?? 100_000;
  if (counts.length !== populations.length || counts.length !== standard.length) {
    throw new RangeError(
      `DSR needs one count, population and standard weight per band: got ${counts.length}, ${populations.length}, ${standard.length}`,
    );
  }
  let observed = 0;
  let weighted = 0;
  let variance = 0;
  let totalWeight = 0;
  counts.forEach((x, i) => {
    const n = populations[i] as number;
    const w = standard[i] as number;
    checkCount(x);
    checkDenominator(n, "population");
    if (!(w >= 0)) throw new RangeError(`invalid standard weight: ${w}`);
    observed += x;
    weighted += (x * w) / n;
    variance += x * (w / n) ** 2;
    totalWeight += w;
  });
  if (observed < DSR_MIN_EVENTS) return null;
  const dsr = weighted / totalWeight;
  const se = Math.sqrt(variance / totalWeight ** 2 / observed);
  const limit = (o: number) => (dsr + se * (o - observed)) * multiplier;
  const i95 = byarsInterval(observed, 0.95);
  const i998 = byarsInterval(observed, 0.998);
  return {
    count: observed,
    value: dsr * multiplier,
    lower95: limit(i95.lower),
    upper95: limit(i95.upper),
    lower998: limit(i998.lower),
    upper998: limit(i998.upper),
  };
}
