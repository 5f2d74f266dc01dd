/**
 * Quantiles of grouped data such as RTT waiting-time week bands: linear interpolation within the
 * band that contains the quantile, patients spread evenly within a band (NHS England's method
 * for the median and 92nd-percentile waits, which are estimates from aggregate data).
 */

export interface Band {
  /** Lower bound (e.g. weeks), inclusive of the band. */
  lower: number;
  /** Upper bound; null for the open-ended last band (e.g. 104+ weeks). */
  upper: number | null;
  count: number;
}

export interface GroupedQuantileOptions {
  /**
   * When the quantile falls in the open last band: "null" (default; NHS England then reports
   * "more than X weeks") or "start" (the band's lower bound, a lower bound on the true value).
   */
  openBand?: "null" | "start";
}

/**
 * p-th quantile of grouped counts: with N = Σcount, target position p·N, and the first band whose
 * cumulative count reaches it, Q = lower + (p·N − count below the band)/count in band × width.
 * Null when N = 0, and (by default) when the quantile lies in the open-ended last band.
 * Bands must be ascending and contiguous (each lower = previous upper).
 * @example groupedQuantile([{ lower: 0, upper: 1, count: 10 }, { lower: 1, upper: 2, count: 10 }], 0.5) // 1
 */
export function groupedQuantile(
  bands: readonly Band[],
  p: number,
  options: GroupedQuantileOptions = {},
): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  let total = 0;
  bands.forEach((band, i) => {
    if (!(band.count >= 0) || !Number.isFinite(band.count)) {
      throw new RangeError(`invalid count in band ${i + 1}: ${band.count}`);
    }
    if (band.upper === null ? i !== bands.length - 1 : !(band.upper > band.lower)) {
      throw new RangeError(`invalid bounds in band ${i + 1}: ${band.lower} to ${band.upper}`);
    }
    const previous = bands[i - 1];
    if (previous && previous.upper !== band.lower) {
      throw new RangeError(`band ${i + 1} starts at ${band.lower}, not at ${previous.upper}`);
    }
    total += band.count;
  });
  if (total === 0) return null;
  const target = p * total;
  let below = 0;
  for (const band of bands) {
    if (band.count > 0 && below + band.count >= target) {
      if (band.upper === null) return (options.openBand ?? "null") === "start" ? band.lower : null;
      return band.lower + ((target - below) / band.count) * (band.upper - band.lower);
    }
    below += band.count;
  }
  return null; // unreachable: the last non-empty band always reaches p·N ≤ N
}
