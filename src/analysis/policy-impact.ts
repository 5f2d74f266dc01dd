/**
 * Before and after a policy's effective date: an interrupted series of the area's monthly rates in
 * the intervention's RTT proxy, and of the same rates relative to England's (which takes out
 * national shocks such as the pandemic and recovery). Segmented regression; autocorrelation not
 * modelled, so intervals are approximate.
 */
import { MissingDataError, UsageError } from "../errors.ts";
import type { Intervention } from "../registry/intervention-schema.ts";
import type { Policy } from "../registry/policy-schema.ts";
import { segmentedRegression, type SegmentedFit } from "../stats/index.ts";
import type { Store } from "../store/db.ts";

import { trend } from "./trend.ts";
import type { SourceInfo, TrendOutput } from "./types.ts";

export interface PolicyImpact {
  policyId: string;
  area: string;
  areaName: string;
  intervention: string;
  effectiveMonth: string;
  specialtyName: string;
  series: Array<{
    month: string;
    rate: number;
    englandRate: number;
    relative: number;
    /**
     * The area's rate per need-weighted head as a % of England's (= its need-adjusted ratio that
     * month × 100); null without need-weighted series.
     */
    needAdjustedRelative: number | null;
    after: boolean;
  }>;
  /** Fit on the area's rate per 1,000 a month; null with fewer than 3 months on a side. */
  rateFit: SegmentedFit | null;
  /** Fit on the area's rate as a % of England's. */
  relativeFit: SegmentedFit | null;
  finding: string;
  /** Fit on the need-adjusted relative series; null without it or with too few months. */
  needAdjustedFit: SegmentedFit | null;
  /** The need-adjusted before/after sentence; null without need-weighted series. */
  needAdjustedFinding: string | null;
  proxyLimits: string;
  synthetic: boolean;
  method: string;
  source: SourceInfo;
}

export const IMPACT_METHOD =
  "Interrupted time series: monthly rates per 1,000 (patients treated in the intervention's RTT treatment function) of the policy's area, and the same as a % of England's rate; segmented regression (level and slope before, change in level and slope from the effective month), 95% intervals from Student's t on n − 4 degrees of freedom; autocorrelation and seasonality are not modelled, so intervals are approximate. At least 3 months are needed each side; 12 or more each side are advisable. Need-adjusted: the same fit on the area's rate per need-weighted head as a % of England's (its need-adjusted ratio each month × 100; NHS England general and acute weighted populations, as in 'variation').";

/** The interrupted series for one policy over a window that spans its effective date. */
export async function policyImpact(
  store: Store,
  options: { policy: Policy; intervention: Intervention; from: string; to: string },
): Promise<PolicyImpact> {
  const { policy, intervention } = options;
  if (intervention.rttTreatmentFunction === null) {
    throw new UsageError(`${intervention.name} has no RTT proxy: ${intervention.proxyLimits}`);
  }
  if (policy.effectiveDate === null) {
    throw new UsageError(`policy ${policy.id} has no effective date: there is no before and after`);
  }
  const level = policy.commissioner.level === "icb" ? "icb" : "commissioner";
  const common = {
    from: options.from,
    to: options.to,
    specialty: intervention.rttTreatmentFunction,
    level,
  } as const;
  const area = await trend(store, { ...common, area: policy.commissioner.code });
  const england = await trend(store, common);
  const needCommon = { ...common, denominator: "need-weighted" } as const;
  // Without a need-weighted population for the area, there is no need-adjusted series.
  const need = await trend(store, { ...needCommon, area: policy.commissioner.code })
    .then(async (a) => ({ area: a, england: await trend(store, needCommon) }))
    .catch((e: unknown) => {
      if (e instanceof UsageError || e instanceof MissingDataError) return undefined;
      throw e;
    });
  return impactFromTrends(policy, intervention, area, england, need);
}

/**
 * The interrupted series from the area's and England's monthly trends in the proxy specialty
 * (pure: the web computes the trends once and reuses them).
 */
export function impactFromTrends(
  policy: Policy,
  intervention: Intervention,
  area: TrendOutput,
  england: TrendOutput,
  /** The same two trends per need-weighted population (`denominator: "need-weighted"`). */
  need?: { area: TrendOutput; england: TrendOutput },
): PolicyImpact {
  if (policy.effectiveDate === null) {
    throw new UsageError(`policy ${policy.id} has no effective date: there is no before and after`);
  }
  const effectiveMonth = policy.effectiveDate.slice(0, 7);
  const englandByMonth = new Map(england.series.map((p) => [p.month, p.rate]));
  const needArea = new Map(need?.area.series.map((p) => [p.month, p.rate]) ?? []);
  const needEngland = new Map(need?.england.series.map((p) => [p.month, p.rate]) ?? []);
  const series = area.series.map((p) => {
    const e = englandByMonth.get(p.month) ?? 0;
    const na = needArea.get(p.month);
    const ne = needEngland.get(p.month);
    return {
      month: p.month,
      rate: p.rate,
      englandRate: e,
      relative: e > 0 ? (p.rate / e) * 100 : 0,
      needAdjustedRelative: na !== undefined && ne !== undefined && ne > 0 ? (na / ne) * 100 : null,
      after: p.month >= effectiveMonth,
    };
  });
  const hasNeed = series.length > 0 && series.every((p) => p.needAdjustedRelative !== null);
  const breakIndex = series.findIndex((p) => p.after);
  const rateFit =
    breakIndex < 0
      ? null
      : segmentedRegression(
          series.map((p) => p.rate),
          breakIndex,
        );
  const relativeFit =
    breakIndex < 0
      ? null
      : segmentedRegression(
          series.map((p) => p.relative),
          breakIndex,
        );
  const needAdjustedFit =
    breakIndex < 0 || !hasNeed
      ? null
      : segmentedRegression(
          series.map((p) => p.needAdjustedRelative as number),
          breakIndex,
        );
  return {
    policyId: policy.id,
    area: policy.commissioner.code,
    areaName: area.areaName,
    intervention: intervention.slug,
    effectiveMonth,
    specialtyName: area.specialtyName,
    series,
    rateFit,
    relativeFit,
    finding: impactFinding(relativeFit, effectiveMonth, series.length),
    needAdjustedFit,
    needAdjustedFinding: hasNeed
      ? `Need-adjusted: ${impactFinding(needAdjustedFit, effectiveMonth, series.length, "rate per need-weighted head relative to England's")}`
      : null,
    proxyLimits: intervention.proxyLimits,
    synthetic: area.source.synthetic || policy.synthetic,
    method: IMPACT_METHOD,
    source: area.source,
  };
}

const f1 = (v: number) =>
  v.toLocaleString("en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function impactFinding(
  fit: SegmentedFit | null,
  month: string,
  n: number,
  what = "rate relative to England's",
): string {
  if (!fit)
    return `Too few months on one side of ${month} (${n} in the window; at least 3 each side are needed): no before/after estimate.`;
  const ci = `${f1(fit.levelChangeLower95)} to ${f1(fit.levelChangeUpper95)}`;
  const lead = `From ${month} the area's ${what} changed in level by ${f1(fit.levelChange)} percentage points (95% interval ${ci})`;
  if (fit.levelChangeUpper95 < 0)
    return `${lead}: a fall beyond what the months before would predict.`;
  if (fit.levelChangeLower95 > 0)
    return `${lead}: a rise beyond what the months before would predict.`;
  return `${lead}: no clear step change.`;
}
