/**
 * Normal, chi-squared, gamma and Student's t distributions: CDFs and quantiles, written from
 * the special functions in `special.ts` and a safeguarded Newton root finder.
 */
import { solveIncreasing } from "./root.ts";
import {
  gammaPrefix,
  logGamma,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from "./special.ts";

// Wichura (1988) Algorithm AS 241, PPND16: coefficients of the three rational approximations,
// quoted with the published 20 digits (they round to the nearest double).
/* eslint-disable no-loss-of-precision */
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833,
  7.7454501427834140764e-4,
];
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5,
  2.01033439929228813265e-7,
];
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
  2.04426310338993978564e-15,
];
/* eslint-enable no-loss-of-precision */

function ratio(num: number[], den: number[], r: number): number {
  let n = 0;
  let d = 0;
  for (let i = num.length - 1; i >= 0; i--) {
    n = n * r + (num[i] as number);
    d = d * r + (den[i] as number);
  }
  return n / d;
}

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`);
}

/**
 * Standard normal quantile Φ⁻¹(p) by Wichura's AS 241 (PPND16), relative accuracy about 1e-16.
 * Source: Wichura MJ. Applied Statistics 1988;37(3):477–484.
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  checkProbability(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return q * ratio(A, B, 0.180625 - q * q);
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const value = r <= 5 ? ratio(C, D, r - 1.6) : ratio(E, F, r - 5);
  return q < 0 ? -value : value;
}

/**
 * Standard normal CDF Φ(x) = ½·erfc(−x/√2), with erfc(y) = Q(½, y²) for y ≥ 0 (A&S 7.1.2, 6.5.17).
 * @example normalCdf(1.959963984540054) // 0.975
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const tail = 0.5 * regularizedGammaQ(0.5, (x * x) / 2);
  return x < 0 ? tail : 1 - tail;
}

/**
 * z for a two-sided confidence level c: z = Φ⁻¹(c + (1 − c)/2). 0.95 → 1.959964, 0.998 → 3.090232.
 * @example confidenceZ(0.95) // 1.959963984540054
 */
export function confidenceZ(confidence: number): number {
  checkConfidence(confidence);
  return normalQuantile(confidence + (1 - confidence) / 2);
}

/**
 * Throws a RangeError unless 0 < confidence < 1 (a proportion such as 0.95, not 95).
 * @example checkConfidence(95) // throws "confidence must be a proportion in (0, 1), got 95"
 */
export function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be a proportion in (0, 1), got ${confidence}`);
  }
}

/**
 * Quantile of the Gamma(shape, 1) distribution: the x with P(shape, x) = p. Starts from the
 * Wilson–Hilferty approximation and polishes with safeguarded Newton on P (p < ½) or on Q (p ≥ ½,
 * so upper-tail quantiles keep full accuracy).
 * @example gammaQuantile(0.975, 1) // −ln 0.025 = 3.6888794541139363
 */
export function gammaQuantile(p: number, shape: number): number {
  checkProbability(p);
  if (!(shape > 0) || !Number.isFinite(shape)) {
    throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  }
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const start = gammaStart(p, shape);
  if (start === 0) return 0; // below the smallest double: P(a, x) ≈ xᵃ/Γ(a + 1) underflows
  let upper = Math.max(2 * start, shape + 10 * Math.sqrt(shape) + 10);
  const upperTail = p >= 0.5;
  const f = upperTail
    ? (x: number) => 1 - p - regularizedGammaQ(shape, x)
    : (x: number) => regularizedGammaP(shape, x) - p;
  while (f(upper) < 0) upper *= 2;
  return solveIncreasing({
    f,
    derivative: (x) => (x > 0 ? gammaPrefix(shape, x) / x : Infinity),
    lower: 0,
    upper,
    start,
  });
}

function gammaStart(p: number, shape: number): number {
  const nu = 2 * shape;
  const c = 2 / (9 * nu);
  const wh = (nu * (1 - c + normalQuantile(p) * Math.sqrt(c)) ** 3) / 2;
  if (wh > 0.1 * shape) return wh;
  // Small-x series P(a, x) ≈ xᵃ/Γ(a + 1).
  return Math.exp((Math.log(p) + logGamma(shape + 1)) / shape);
}

/**
 * Chi-squared quantile χ²_p(df) = 2·GammaQuantile(p, df/2).
 * @example chiSquaredQuantile(0.998, 1) // 9.549535706083237
 */
export function chiSquaredQuantile(p: number, df: number): number {
  return 2 * gammaQuantile(p, df / 2);
}

/**
 * Chi-squared CDF P(X ≤ x) = P(df/2, x/2).
 * @example chiSquaredCdf(3.841458820694124, 1) // 0.95
 */
export function chiSquaredCdf(x: number, df: number): number {
  return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2);
}

/**
 * Chi-squared upper tail P(X > x) = Q(df/2, x/2): the p-value of a χ² statistic.
 * @example chiSquaredSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquaredSurvival(x: number, df: number): number {
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

/**
 * Student's t CDF with df degrees of freedom: P(T > |t|) = ½·I_{df/(df+t²)}(df/2, ½) (A&S 26.7.1).
 * @example studentTCdf(2.364624251592785, 7) // 0.975
 */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

function studentTDensity(t: number, df: number): number {
  return Math.exp(
    logGamma((df + 1) / 2) -
      logGamma(df / 2) -
      0.5 * Math.log(df * Math.PI) -
      ((df + 1) / 2) * Math.log1p((t * t) / df),
  );
}

/**
 * Student's t quantile: solves the upper tail ½·I_{df/(df+t²)}(df/2, ½) = 1 − p for t by
 * safeguarded Newton, starting from the normal quantile.
 * @example studentTQuantile(0.975, 7) // 2.364624251592785
 */
export function studentTQuantile(p: number, df: number): number {
  checkProbability(p);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 1) return Infinity;
  const tail = 1 - p;
  const f = (t: number) => tail - 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  let upper = Math.max(2 * normalQuantile(p), 1);
  while (f(upper) < 0) upper *= 2;
  return solveIncreasing({
    f,
    derivative: (t) => studentTDensity(t, df),
    lower: 0,
    upper,
    start: normalQuantile(p),
  });
}
