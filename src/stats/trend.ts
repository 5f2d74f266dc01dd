/**
 * Fingertips' recent-trend marker: a weighted linear regression over the last five values, its
 * slope tested by χ² on 1 df at 99.8%, and a check that the slope keeps its sign when any one
 * point is left out (OHID Fingertips TrendMarkerCalculator).
 */
import { chiSquaredQuantile } from "./distributions.ts";

export type TrendMarker =
  "increasing" | "decreasing" | "no-significant-change" | "cannot-be-calculated";

/** χ²₁ at 99.8%: 9.549535706083237. */
export const TREND_CRITICAL_998 = chiSquaredQuantile(0.998, 1);
/** Fingertips uses the most recent five points. */
export const TREND_POINTS_USED = 5;

export interface TrendPoint {
  value: number;
  lower95: number;
  upper95: number;
}

export interface RecentTrend {
  marker: TrendMarker;
  /** Slope per period of the weighted regression (null when it cannot be calculated). */
  slope: number | null;
  chiSquare: number | null;
  /** Slope keeps its sign when each point is left out in turn. */
  consistent: boolean;
  pointsUsed: number;
}

/**
 * Recent trend of a series ordered oldest → newest. For the last 5 points with times t = 1…5,
 * weights wₜ = 1/SEₜ², SEₜ = (upper95 − lower95)/3.92:
 * slope b = (Σw·Σwvt − Σwt·Σwv)/(Σw·Σwt² − (Σwt)²), var(b) = Σw/(Σw·Σwt² − (Σwt)²), χ² = b²/var(b).
 * Increasing/decreasing when χ² > 9.549535706083237 and the leave-one-out slopes share b's sign.
 * @example recentTrend(points).marker // 'increasing'
 */
export function recentTrend(
  series: readonly TrendPoint[],
  options: { critical?: number } = {},
): RecentTrend {
  const critical = options.critical ?? TREND_CRITICAL_998;
  const usable = series.filter(
    (p) => [p.value, p.lower95, p.upper95].every(Number.isFinite) && p.upper95 > p.lower95,
  );
  const last = usable.slice(-TREND_POINTS_USED);
  const none: RecentTrend = {
    marker: "cannot-be-calculated",
    slope: null,
    chiSquare: null,
    consistent: false,
    pointsUsed: last.length,
  };
  if (last.length < TREND_POINTS_USED) return none;
  const rows = last.map((p, i) => ({
    t: i + 1,
    v: p.value,
    w: (3.92 / (p.upper95 - p.lower95)) ** 2,
  }));
  const full = fit(rows);
  const signs = [full, ...rows.map((_, skip) => fit(rows.filter((_, i) => i !== skip)))].map((f) =>
    f.slope < 0 ? -1 : 1,
  );
  const consistent = Math.abs(signs.reduce((a, b) => a + b, 0)) === signs.length;
  const significant = consistent && full.chiSquare > critical;
  return {
    marker:
      !significant || full.slope === 0
        ? "no-significant-change"
        : full.slope > 0
          ? "increasing"
          : "decreasing",
    slope: full.slope,
    chiSquare: full.chiSquare,
    consistent,
    pointsUsed: last.length,
  };
}

function fit(rows: Array<{ t: number; v: number; w: number }>): {
  slope: number;
  chiSquare: number;
} {
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  for (const { t, v, w } of rows) {
    s1 += w;
    s2 += w * v * t;
    s3 += w * t;
    s4 += w * v;
    s5 += w * t * t;
  }
  const det = s1 * s5 - s3 * s3;
  const slope = (s1 * s2 - s3 * s4) / det;
  return { slope, chiSquare: (slope * slope * det) / s1 };
}
