/**
 * The over-dispersion-aware comparison shared by every basis (crude rates, need-adjusted ratios):
 * a position against the funnel's widened limits → above / below / within the expected range, and
 * the rank simulation that follows the same model (docs/methodology.md "Compared with England").
 */
import type { Funnel, FunnelPosition, RankModel } from "../stats/index.ts";

import type { Comparison, FunnelResult } from "./types.ts";

/** `higher` / `lower` when the point is outside the funnel's 95% (or 99.8%) limits. */
export function comparisonAt(position: FunnelPosition, level: "95" | "998"): Comparison {
  if (position === "above998" || (level === "95" && position === "above95")) return "higher";
  if (position === "below998" || (level === "95" && position === "below95")) return "lower";
  return "similar";
}

/**
 * The rank simulation follows the funnel's model: Poisson when not over-dispersed, otherwise the
 * random-effects (τ²) or multiplicative (φ) model around target = Σcount ÷ Σexposure.
 */
export function rankModel(
  funnel: FunnelResult,
  totalCount: number,
  totalExposure: number,
): RankModel {
  const target = totalCount / totalExposure;
  if (funnel.adjustment === "additive" && target > 0) {
    return { method: "additive", target, tau2: funnel.tau2 };
  }
  if (funnel.adjustment === "multiplicative" && target > 0) {
    return { method: "multiplicative", target, phi: funnel.phi };
  }
  return { method: "poisson" };
}

/** A funnel with no points (no events): nothing to widen, nothing to place. */
export const EMPTY_FUNNEL: FunnelResult = {
  target: 0,
  phi: 1,
  tau2: 0,
  adjustment: "none",
  adjustmentReason: "no events: no funnel can be drawn",
  limits: [],
  points: [],
};

/**
 * The presenters' shape of a statistics-library funnel; `factor` turns its exposure back into the
 * reported denominator (months for a per-month rate; 1 otherwise).
 */
export function funnelResult(f: Funnel, factor = 1): FunnelResult {
  return {
    target: f.target,
    phi: f.phi,
    tau2: f.tau2,
    adjustment: f.adjustment,
    adjustmentReason: f.adjustmentReason,
    limits: f.limits.map((l) => ({
      population: l.population / factor,
      lower95: l.lower95,
      upper95: l.upper95,
      lower998: l.lower998,
      upper998: l.upper998,
      lower95Adjusted: l.lower95Adjusted,
      upper95Adjusted: l.upper95Adjusted,
      lower998Adjusted: l.lower998Adjusted,
      upper998Adjusted: l.upper998Adjusted,
    })),
    points: f.points.map((p) => ({
      code: p.code,
      population: p.population / factor,
      rate: p.rate,
      z: p.z,
      position: p.position,
      positionAdjusted: p.positionAdjusted,
    })),
  };
}
