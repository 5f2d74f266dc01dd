/**
 * Benchmarking a value's confidence interval against a reference value (Fingertips' "compared
 * with England"): the interval is compared with the reference *point*, not with its interval.
 */

export type Comparison = "higher" | "similar" | "lower";
export type Judgement = "better" | "similar" | "worse";
/** Which direction is good for an indicator; "none" means no judgement is made. */
export type Polarity = "higher-is-better" | "lower-is-better" | "none";

/**
 * Compares an interval with a reference: "higher" if lower > reference, "lower" if
 * upper < reference, otherwise "similar" (DESIGN §2; Fingertips technical guidance).
 * Null when either limit is missing.
 * @example compareWithReference({ lower: 5.2, upper: 6.1 }, 5) // 'higher'
 */
export function compareWithReference(
  interval: { lower: number | null; upper: number | null },
  reference: number,
): Comparison | null {
  const { lower, upper } = interval;
  if (lower === null || upper === null || Number.isNaN(lower) || Number.isNaN(upper)) return null;
  if (!Number.isFinite(reference)) throw new RangeError(`invalid reference value: ${reference}`);
  if (lower > reference) return "higher";
  if (upper < reference) return "lower";
  return "similar";
}

/**
 * Turns a comparison into a judgement for an indicator with a polarity: higher is better →
 * higher = "better"; lower is better → higher = "worse"; no polarity → null.
 * @example judge('higher', 'lower-is-better') // 'worse'
 */
export function judge(comparison: Comparison, polarity: Polarity): Judgement | null {
  if (polarity === "none") return null;
  if (comparison === "similar") return "similar";
  const higherIsGood = polarity === "higher-is-better";
  return (comparison === "higher") === higherIsGood ? "better" : "worse";
}

export interface BenchmarkResult {
  comparedAt95: Comparison | null;
  comparedAt998: Comparison | null;
  judgedAt95: Judgement | null;
  judgedAt998: Judgement | null;
}

/**
 * Benchmarks a value with 95% and 99.8% limits against a reference at both levels, with a
 * better/similar/worse judgement when the indicator has a polarity.
 * @example benchmark({ lower95: 1.1, upper95: 1.3, lower998: 0.9, upper998: 1.5 }, 1, 'higher-is-better')
 * // { comparedAt95: 'higher', comparedAt998: 'similar', judgedAt95: 'better', judgedAt998: 'similar' }
 */
export function benchmark(
  limits: {
    lower95: number | null;
    upper95: number | null;
    lower998: number | null;
    upper998: number | null;
  },
  reference: number,
  polarity: Polarity = "none",
): BenchmarkResult {
  const comparedAt95 = compareWithReference(
    { lower: limits.lower95, upper: limits.upper95 },
    reference,
  );
  const comparedAt998 = compareWithReference(
    { lower: limits.lower998, upper: limits.upper998 },
    reference,
  );
  return {
    comparedAt95,
    comparedAt998,
    judgedAt95: comparedAt95 === null ? null : judge(comparedAt95, polarity),
    judgedAt998: comparedAt998 === null ? null : judge(comparedAt998, polarity),
  };
}
