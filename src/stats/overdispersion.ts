/**
 * Over-dispersion for funnel plots (Spiegelhalter 2005, Stat Med 24:1185–1202 and Qual Saf
 * Health Care 14:347–351): winsorised z-scores, the dispersion factor φ, its χ² test, and the
 * DerSimonian–Laird between-area variance τ².
 */
import { chiSquaredSurvival } from "./distributions.ts";
import { quantileSorted, sortAscending } from "./quantiles.ts";

/** Fraction winsorised at each end by default (Spiegelhalter 2005: 10%). */
export const DEFAULT_TRIM = 0.1;
/** Significance level of the over-dispersion test that switches adjustment on. */
export const DISPERSION_TEST_ALPHA = 0.05;
/** From this many areas the additive (random-effects) adjustment is preferred. */
export const ADDITIVE_MIN_AREAS = 10;

/**
 * Winsorises values: those below the `trim` quantile (R type 7) are set to it, those above the
 * `1 − trim` quantile likewise (Spiegelhalter 2005: 10% at each end).
 * @example winsorise([-9, 0, 1, 2, 3, 4, 5, 6, 7, 30], 0.1) // [-0.9, 0, 1, …, 7, 9.3]
 */
export function winsorise(values: readonly number[], trim = DEFAULT_TRIM): number[] {
  if (!(trim >= 0 && trim < 0.5)) throw new RangeError(`trim must be in [0, 0.5), got ${trim}`);
  if (values.length === 0) return [];
  const sorted = sortAscending(values);
  const low = quantileSorted(sorted, trim);
  const high = quantileSorted(sorted, 1 - trim);
  return values.map((v) => Math.min(high, Math.max(low, v)));
}

/**
 * Dispersion factor φ = (1/n) Σ zᵢ² over winsorised z-scores (Spiegelhalter 2005, eq. 4).
 * @example dispersionFactor([1, -1, 2, -2], 0) // 2.5
 */
export function dispersionFactor(zScores: readonly number[], trim = DEFAULT_TRIM): number {
  if (zScores.length === 0) throw new RangeError("dispersion factor of no z-scores");
  const w = winsorise(zScores, trim);
  let sum = 0;
  for (const z of w) sum += z * z;
  return sum / w.length;
}

export interface DispersionTest {
  /** nφ, approximately χ² on n − 1 df when there is no over-dispersion. */
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * Test for over-dispersion: nφ compared with χ² on n − 1 degrees of freedom (Spiegelhalter 2005).
 * @example dispersionTest(2, 30).pValue // P(χ²₂₉ > 60)
 */
export function dispersionTest(phi: number, n: number): DispersionTest {
  if (!(n >= 2)) throw new RangeError(`dispersion test needs at least 2 areas, got ${n}`);
  const statistic = n * phi;
  return { statistic, df: n - 1, pValue: chiSquaredSurvival(statistic, n - 1) };
}

/**
 * DerSimonian–Laird between-area variance on the transformed scale:
 * τ² = max(0, (nφ − (n − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ)), wᵢ = 1/sᵢ² (Spiegelhalter 2005, eq. 6).
 * @example tau2(2, [4, 4, 4, 4]) // (8 − 3)/(16 − 4) = 0.4166…
 */
export function tau2(phi: number, weights: readonly number[]): number {
  const n = weights.length;
  if (n < 2 || n * phi <= n - 1) return 0;
  let sw = 0;
  let sw2 = 0;
  for (const w of weights) {
    sw += w;
    sw2 += w * w;
  }
  const denominator = sw - sw2 / sw;
  return denominator > 0 ? Math.max(0, (n * phi - (n - 1)) / denominator) : 0;
}

export type Adjustment = "none" | "multiplicative" | "additive";
export type AdjustmentChoice = Adjustment | "auto";

/**
 * Chooses the over-dispersion adjustment and says why. Rule ("auto"): none unless the χ² test
 * of nφ on n − 1 df rejects at 5%; then additive (τ²) from 10 areas, multiplicative (√φ) below
 * 10 where τ² is poorly estimated. A forced choice is reported as such.
 * @example chooseAdjustment({ phi: 1.1, tau2: 0, n: 100 }).adjustment // 'none'
 */
export function chooseAdjustment(options: {
  phi: number;
  tau2: number;
  n: number;
  choice?: AdjustmentChoice;
}): { adjustment: Adjustment; reason: string; test: DispersionTest | null } {
  const { phi, n } = options;
  const choice = options.choice ?? "auto";
  const test = n >= 2 ? dispersionTest(phi, n) : null;
  const summary = test
    ? `nφ = ${fmt(test.statistic)} on ${test.df} df, p ${fmtP(test.pValue)}`
    : "fewer than 2 areas";
  if (choice !== "auto") {
    return { adjustment: choice, reason: `${choice}: chosen by the caller (${summary})`, test };
  }
  if (!test) return { adjustment: "none", reason: "none: fewer than 2 areas to test", test };
  if (test.pValue >= DISPERSION_TEST_ALPHA) {
    return {
      adjustment: "none",
      reason: `none: no evidence of over-dispersion (${summary} ≥ ${DISPERSION_TEST_ALPHA}, φ = ${fmt(phi)})`,
      test,
    };
  }
  if (n >= ADDITIVE_MIN_AREAS) {
    return {
      adjustment: "additive",
      reason: `additive: over-dispersed (${summary}, φ = ${fmt(phi)}); random-effects τ² = ${fmt(options.tau2)} (DerSimonian–Laird) added to each area's variance, which keeps limits from collapsing for large populations (Spiegelhalter 2005)`,
      test,
    };
  }
  return {
    adjustment: "multiplicative",
    reason: `multiplicative: over-dispersed (${summary}); limits widened by √φ = ${fmt(Math.sqrt(phi))} because τ² is poorly estimated from fewer than ${ADDITIVE_MIN_AREAS} areas`,
    test,
  };
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

function fmtP(p: number): string {
  return p < 0.0001 ? "< 0.0001" : `= ${fmt(p)}`;
}
