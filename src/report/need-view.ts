/**
 * The need-adjusted basis seen through the crude-rate charts: a variation result whose areas'
 * `rate` is their need-adjusted ratio (and limits, comparison and rank the ratio's), centred on
 * England's 1. Only fields are picked; no figure is recomputed. Areas without a ratio are left out.
 */
import type { AreaRate, RegionNeedFigures, VariationResult } from "../analysis/types.ts";

/** The unit the need-adjusted charts name. */
export const NEED_UNIT = "need-adjusted ratio (1 = England's rate for the area's need)";

/** True for a result seen through {@link needAdjustedView}: its `rate` is the need-adjusted ratio. */
export function isNeedView(v: { unit: string }): boolean {
  return v.unit === NEED_UNIT;
}

/** What the need-adjusted funnel's horizontal axis measures (its points' `population`). */
export const NEED_EXPOSURE =
  "Expected count (England's rate × the area's need-weighted population)";

/** `v` on the basis it leads with: unchanged for crude, the ratio view for need-adjusted. */
export function leadingView(v: VariationResult): VariationResult {
  return v.measureBasis === "need-adjusted" && v.needAdjusted ? needAdjustedView(v) : v;
}

export function needAdjustedView(v: VariationResult): VariationResult {
  const n = v.needAdjusted;
  if (!n) return v;
  const areas = v.areas
    .filter((a) => a.needAdjustedRatio !== null && a.needAdjustedRatio !== undefined)
    .map((a): AreaRate => ({
      ...a,
      ...ratioAsRate(a),
      rank: a.needAdjustedRank as number,
      rankLower95: a.needAdjustedRankLower95 as number,
      rankUpper95: a.needAdjustedRankUpper95 as number,
      funnelPosition: a.needAdjustedFunnelPosition ?? "within",
      comparedToEngland998: a.needAdjustedComparedToEngland998 ?? "similar",
    }))
    .sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code));
  return {
    ...v,
    unit: NEED_UNIT,
    england: {
      count: n.observed,
      population: n.needWeightedPopulation,
      rate: 1,
      lower95: 1,
      upper95: 1,
      lower998: 1,
      upper998: 1,
    },
    areas,
    // Regions with a ratio (all of whose areas have a need-weighted population), on the same terms.
    regions: v.regions
      .filter((r) => r.needAdjustedRatio !== null && r.needAdjustedRatio !== undefined)
      .map((r) => ({ ...r, ...ratioAsRate(r) })),
    funnel: n.funnel,
  };
}

/** An area's or region's need-adjusted ratio, its limits and comparisons in the crude fields' places. */
function ratioAsRate(x: Partial<RegionNeedFigures>) {
  return {
    rate: x.needAdjustedRatio as number,
    lower95: x.needAdjustedLower95 as number,
    upper95: x.needAdjustedUpper95 as number,
    lower998: x.needAdjustedLower998 as number,
    upper998: x.needAdjustedUpper998 as number,
    comparedToEngland: x.needAdjustedComparedToEngland ?? "similar",
    poissonComparedToEngland: x.needAdjustedPoissonComparedToEngland ?? "similar",
  } as const;
}
