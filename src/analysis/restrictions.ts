/**
 * Restrictions beside activity: which areas restrict an intervention (from the registry) and how
 * their activity in the intervention's RTT proxy compares with areas that do not. Reads activity
 * through `variation` and `trend`; takes the registry's content as plain data.
 */
import type { Intervention } from "../registry/intervention-schema.ts";
import { isRestrictive, type Policy } from "../registry/policy-schema.ts";
import { mean, sampleStandardDeviation, studentTQuantile } from "../stats/index.ts";
import type { Store } from "../store/db.ts";

import type { FunnelPosition, SourceInfo, VariationResult } from "./types.ts";
import { variation } from "./variation.ts";

export type RestrictionStatus = "beyond-guidance" | "restricted" | "not-restricted" | "no-record";

export interface AreaRestriction {
  code: string;
  name: string;
  icbCode: string | null;
  status: RestrictionStatus;
  policyId: string | null;
  accessRoute: Policy["accessRoute"] | null;
  /** Mandatory criteria as short text: `BMI < 35 kg/m2; visual acuity <= 0.5`. */
  criteria: string;
  synthetic: boolean;
  count: number;
  population: number;
  rate: number;
  /** Position in the over-dispersion-adjusted funnel of the variation result. */
  positionAdjusted: FunnelPosition | null;
  /** Observed ÷ expected for the area's need-weighted population; null without one. */
  needAdjustedRatio: number | null;
  needAdjustedExpected: number | null;
  /** Position in the need-adjusted ratios' over-dispersion-adjusted funnel. */
  needAdjustedPosition: FunnelPosition | null;
}

/** One group on the need-adjusted basis: observed, expected for need, and their ratio. */
export interface NeedGroup {
  /** Areas of the group with a need-adjusted ratio. */
  areas: number;
  observed: number;
  expected: number;
  /** Σ observed ÷ Σ expected (1 = England's rate for the group's need). */
  ratio: number;
  above: number;
  within: number;
  below: number;
}

/** Restricting against routinely commissioning areas on need-adjusted ratios. */
export interface NeedAdjustedRestrictionComparison {
  restricted: NeedGroup;
  unrestricted: NeedGroup;
  /** The restricting group's O/E ÷ the other group's. */
  pooledRatio: number | null;
  /** Ratio of geometric means of area ratios, Welch 95% interval on the log scale. */
  ratio: number | null;
  lower95: number | null;
  upper95: number | null;
  finding: string;
}

export interface GroupRate {
  areas: number;
  count: number;
  population: number;
  /** Pooled rate: sum of counts ÷ sum of population-months × 1,000. */
  rate: number;
  /** Areas above / within / below the adjusted funnel's 95% expected range. */
  above: number;
  within: number;
  below: number;
}

export interface RestrictionComparison {
  restricted: GroupRate;
  unrestricted: GroupRate;
  /** Pooled rate of restricting areas ÷ pooled rate of the others. */
  pooledRatio: number | null;
  /** Ratio of geometric means of area rates, with a Welch 95% interval on the log scale. */
  ratio: number | null;
  lower95: number | null;
  upper95: number | null;
  /** One sentence, worded no stronger than the interval supports. */
  finding: string;
  /** The same comparison on need-adjusted ratios; null when too few areas have one. */
  needAdjusted?: NeedAdjustedRestrictionComparison | null;
}

export interface RestrictionOverlay {
  intervention: Pick<
    Intervention,
    "slug" | "name" | "rttTreatmentFunction" | "proxyLimits" | "nice"
  >;
  /** The day the restriction status is read for (the last day of the window). */
  asOf: string;
  specialtyName: string | null;
  unit: string | null;
  areas: AreaRestriction[];
  counts: {
    areas: number;
    withRecord: number;
    restricted: number;
    beyondGuidance: number;
    noRecord: number;
  };
  /** Policies that apply to no area of the window's geography, and why. */
  unmatched: Array<{ policyId: string; code: string; reason: string }>;
  comparison: RestrictionComparison | null;
  headlines: string[];
  /** True when any policy shown is synthetic or the activity is synthetic demonstration data. */
  synthetic: boolean;
  method: string;
  source: SourceInfo | null;
}

export const RESTRICTION_METHOD =
  "Status of each area on the window's last day from the registry's approved policies for the intervention (in force: effective on or before that day, not withdrawn or superseded by then; an ICB-level policy applies to each of its sub-ICB areas). Activity: patients treated (completed admitted RTT pathways) in the intervention's RTT treatment function per 1,000 population per month, as in 'variation'. " +
  "Comparison of areas that restrict with areas whose policy routinely commissions it (areas with no record are left out): pooled rates, and the ratio of geometric mean area rates with a Welch 95% interval on log rates, which uses the spread between areas and so allows for over-dispersion; funnel positions are the variation result's over-dispersion-adjusted ones. The same comparison on need-adjusted ratios (observed ÷ expected for each area's need-weighted population, as in 'variation'): each group's Σ observed ÷ Σ expected and the ratio of geometric mean area ratios with a Welch 95% interval on log ratios. An association between areas, not evidence that a restriction caused a difference.";

const lastDay = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The policy in force for the intervention in each area code on `day`, and policies matching none. */
export function policiesInForce(
  policies: Policy[],
  intervention: string,
  areas: Array<{ code: string; icbCode: string | null }>,
  day: string,
): { byArea: Map<string, Policy>; unmatched: RestrictionOverlay["unmatched"] } {
  const inForce = policies.filter(
    (p) =>
      p.intervention === intervention &&
      (p.effectiveDate === null || p.effectiveDate <= day) &&
      (p.withdrawnDate === null || p.withdrawnDate > day),
  );
  const superseded = new Set(
    inForce
      .filter((p) => p.supersededBy && inForce.some((q) => q.id === p.supersededBy))
      .map((p) => p.id),
  );
  const current = inForce.filter((p) => !superseded.has(p.id));
  const byArea = new Map<string, Policy>();
  const unmatched: RestrictionOverlay["unmatched"] = [];
  const codes = new Set(areas.map((a) => a.code));
  const icbs = new Set(areas.map((a) => a.icbCode));
  // Most recent first; an area-level policy wins over its ICB's.
  const ordered = [...current].sort(
    (a, b) =>
      Number(a.commissioner.level === "icb") - Number(b.commissioner.level === "icb") ||
      (b.effectiveDate ?? "").localeCompare(a.effectiveDate ?? "") ||
      a.id.localeCompare(b.id),
  );
  for (const p of ordered) {
    const c = p.commissioner;
    if (c.level === "icb") {
      if (c.vintage !== "icb-2022" || !icbs.has(c.code)) {
        unmatched.push({
          policyId: p.id,
          code: c.code,
          reason: `no area of the window's geography belongs to ICB ${c.code} (${c.vintage})`,
        });
        continue;
      }
      for (const a of areas) if (a.icbCode === c.code && !byArea.has(a.code)) byArea.set(a.code, p);
    } else if (codes.has(c.code)) {
      if (!byArea.has(c.code)) byArea.set(c.code, p);
    } else {
      unmatched.push({
        policyId: p.id,
        code: c.code,
        reason: `${c.code} (${c.vintage}) is not an area of the window's geography`,
      });
    }
  }
  return { byArea, unmatched };
}

const criteriaText = (p: Policy) =>
  p.criteria
    .filter((c) => c.requirement === "mandatory")
    .map((c) =>
      [c.measure ?? c.type, c.comparator, c.threshold, c.unit].filter((x) => x !== null).join(" "),
    )
    .join("; ");

function statusOf(p: Policy | undefined): RestrictionStatus {
  if (!p) return "no-record";
  if (!isRestrictive(p)) return "not-restricted";
  return p.departsFromGuidance === "yes" ? "beyond-guidance" : "restricted";
}

/** Status by area for the window's last day, activity beside it, the comparison and headlines. */
export async function restrictionOverlay(
  store: Store,
  options: {
    intervention: Intervention;
    policies: Policy[];
    from: string;
    to: string;
    seed?: number;
  },
): Promise<RestrictionOverlay> {
  const { intervention } = options;
  const tf = intervention.rttTreatmentFunction;
  const result = await variation(store, {
    from: options.from,
    to: options.to,
    specialty: tf ?? undefined,
    seed: options.seed,
  });
  return overlayFromVariation(intervention, options.policies, result, tf !== null);
}

/** The overlay from a variation result already computed (pure). */
export function overlayFromVariation(
  intervention: Intervention,
  policies: Policy[],
  result: VariationResult,
  hasProxy: boolean,
): RestrictionOverlay {
  const asOf = lastDay(result.to);
  const { byArea, unmatched } = policiesInForce(policies, intervention.slug, result.areas, asOf);
  const position = new Map(result.funnel.points.map((p) => [p.code, p.positionAdjusted]));
  const areas: AreaRestriction[] = result.areas
    .map((a) => {
      const p = byArea.get(a.code);
      return {
        code: a.code,
        name: a.name,
        icbCode: a.icbCode,
        status: statusOf(p),
        policyId: p?.id ?? null,
        accessRoute: p?.accessRoute ?? null,
        criteria: p ? criteriaText(p) : "",
        synthetic: p?.synthetic ?? false,
        count: a.count,
        population: a.population,
        rate: a.rate,
        positionAdjusted: position.get(a.code) ?? null,
        needAdjustedRatio: a.needAdjustedRatio ?? null,
        needAdjustedExpected: a.needAdjustedExpected ?? null,
        needAdjustedPosition: a.needAdjustedFunnelPosition ?? null,
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  const counts = {
    areas: areas.length,
    withRecord: areas.filter((a) => a.status !== "no-record").length,
    restricted: areas.filter((a) => a.status === "beyond-guidance" || a.status === "restricted")
      .length,
    beyondGuidance: areas.filter((a) => a.status === "beyond-guidance").length,
    noRecord: areas.filter((a) => a.status === "no-record").length,
  };
  const comparison = hasProxy ? compareGroups(areas, result.months) : null;
  const synthetic = result.source.synthetic || areas.some((a) => a.synthetic);
  return {
    intervention: {
      slug: intervention.slug,
      name: intervention.name,
      rttTreatmentFunction: intervention.rttTreatmentFunction,
      proxyLimits: intervention.proxyLimits,
      nice: intervention.nice,
    },
    asOf,
    specialtyName: hasProxy ? result.specialtyName : null,
    unit: hasProxy ? result.unit : null,
    areas,
    counts,
    unmatched,
    comparison,
    headlines: restrictionHeadlines(intervention.name, counts, comparison, asOf, synthetic),
    synthetic,
    method: RESTRICTION_METHOD,
    source: hasProxy ? result.source : null,
  };
}

function group(areas: AreaRestriction[], months: number): GroupRate {
  const count = areas.reduce((s, a) => s + a.count, 0);
  const population = areas.reduce((s, a) => s + a.population, 0);
  const pos = (ps: FunnelPosition[]) =>
    areas.filter((a) => a.positionAdjusted !== null && ps.includes(a.positionAdjusted)).length;
  return {
    areas: areas.length,
    count,
    population,
    rate: population > 0 ? (count / (population * months)) * 1000 : 0,
    above: pos(["above95", "above998"]),
    within: pos(["within"]),
    below: pos(["below95", "below998"]),
  };
}

/** Restricting areas against areas whose policy routinely commissions (no-record areas left out). */
export function compareGroups(
  areas: AreaRestriction[],
  months: number,
): RestrictionComparison | null {
  const r = areas.filter((a) => a.status === "beyond-guidance" || a.status === "restricted");
  const u = areas.filter((a) => a.status === "not-restricted");
  if (r.length === 0 || u.length === 0) return null;
  const restricted = group(r, months);
  const unrestricted = group(u, months);
  const pooledRatio = unrestricted.rate > 0 ? restricted.rate / unrestricted.rate : null;
  const { ratio, lower95, upper95 } = welchRatio(
    r.map((a) => a.rate),
    u.map((a) => a.rate),
  );
  return {
    restricted,
    unrestricted,
    pooledRatio,
    ratio,
    lower95,
    upper95,
    finding: findingText(restricted, unrestricted, ratio, lower95, upper95),
    needAdjusted: compareNeed(r, u),
  };
}

/**
 * Ratio of the geometric means of two groups' positive values, with a Welch 95% interval on the
 * log scale (the spread between areas, so over-dispersion is allowed for); null with fewer than
 * two positive values in a group.
 */
export function welchRatio(
  restricted: readonly number[],
  others: readonly number[],
): { ratio: number | null; lower95: number | null; upper95: number | null } {
  const lr = restricted.filter((v) => v > 0).map(Math.log);
  const lu = others.filter((v) => v > 0).map(Math.log);
  if (lr.length < 2 || lu.length < 2) return { ratio: null, lower95: null, upper95: null };
  const vr = sampleStandardDeviation(lr) ** 2 / lr.length;
  const vu = sampleStandardDeviation(lu) ** 2 / lu.length;
  const diff = mean(lr) - mean(lu);
  const se = Math.sqrt(vr + vu);
  const df = (vr + vu) ** 2 / (vr ** 2 / (lr.length - 1) + vu ** 2 / (lu.length - 1));
  const t = se > 0 ? studentTQuantile(0.975, df) : 0;
  return {
    ratio: Math.exp(diff),
    lower95: Math.exp(diff - t * se),
    upper95: Math.exp(diff + t * se),
  };
}

function needGroup(areas: AreaRestriction[]): NeedGroup {
  const withRatio = areas.filter(
    (a) => a.needAdjustedExpected !== null && a.needAdjustedExpected > 0,
  );
  const observed = withRatio.reduce((s, a) => s + a.count, 0);
  const expected = withRatio.reduce((s, a) => s + (a.needAdjustedExpected as number), 0);
  const pos = (ps: FunnelPosition[]) =>
    withRatio.filter((a) => a.needAdjustedPosition !== null && ps.includes(a.needAdjustedPosition))
      .length;
  return {
    areas: withRatio.length,
    observed,
    expected,
    ratio: expected > 0 ? observed / expected : 0,
    above: pos(["above95", "above998"]),
    within: pos(["within"]),
    below: pos(["below95", "below998"]),
  };
}

/** The restricting / routinely commissioning comparison on need-adjusted ratios. */
function compareNeed(
  r: AreaRestriction[],
  u: AreaRestriction[],
): NeedAdjustedRestrictionComparison | null {
  const restricted = needGroup(r);
  const unrestricted = needGroup(u);
  if (restricted.areas === 0 || unrestricted.areas === 0) return null;
  const ratios = (xs: AreaRestriction[]) =>
    xs.filter((a) => a.needAdjustedRatio !== null).map((a) => a.needAdjustedRatio as number);
  const w = welchRatio(ratios(r), ratios(u));
  const base = `Need-adjusted: restricting areas (${restricted.areas}) treated ${fmt(restricted.ratio)} times what England's rate gives for their need-weighted population; areas that routinely commission (${unrestricted.areas}) ${fmt(unrestricted.ratio)} times.`;
  let finding: string;
  if (w.ratio === null || w.lower95 === null || w.upper95 === null) {
    finding = `${base} Too few areas in a group for an interval: no comparison is drawn.`;
  } else {
    const interval = `ratio of typical need-adjusted ratios ${fmt(w.ratio)}, 95% interval ${fmt(w.lower95)}–${fmt(w.upper95)}`;
    finding =
      w.lower95 > 1
        ? `${base} Allowing for need, restricting areas' activity was higher (${interval}).`
        : w.upper95 < 1
          ? `${base} Allowing for need, restricting areas' activity was lower (${interval}).`
          : `${base} Allowing for need, no clear difference between the groups (${interval}).`;
  }
  return {
    restricted,
    unrestricted,
    pooledRatio: unrestricted.ratio > 0 ? restricted.ratio / unrestricted.ratio : null,
    ratio: w.ratio,
    lower95: w.lower95,
    upper95: w.upper95,
    finding,
  };
}

const fmt = (v: number, d = 2) =>
  v.toLocaleString("en-GB", { minimumFractionDigits: d, maximumFractionDigits: d });

function findingText(
  r: GroupRate,
  u: GroupRate,
  ratio: number | null,
  lo: number | null,
  hi: number | null,
): string {
  const base = `Areas that restrict (${r.areas}) treated ${fmt(r.rate)} per 1,000 a month in the proxy specialty; areas that routinely commission (${u.areas}) ${fmt(u.rate)}.`;
  if (ratio === null || lo === null || hi === null) {
    return `${base} Too few areas in a group for an interval: no comparison is drawn.`;
  }
  const interval = `ratio of typical area rates ${fmt(ratio)}, 95% interval ${fmt(lo)}–${fmt(hi)}`;
  if (lo > 1) return `${base} Restricting areas' rates were higher (${interval}).`;
  if (hi < 1) return `${base} Restricting areas' rates were lower (${interval}).`;
  return `${base} No clear difference between the groups (${interval}).`;
}

/** "x of y areas restrict hernia repair beyond NICE guidance", with the denominator named. */
export function restrictionHeadlines(
  name: string,
  counts: RestrictionOverlay["counts"],
  comparison: RestrictionComparison | null,
  asOf: string,
  synthetic: boolean,
): string[] {
  const lower = name.charAt(0).toLowerCase() + name.slice(1);
  const prefix = synthetic ? "[Synthetic demonstration data] " : "";
  if (counts.withRecord === 0) {
    return [
      `${prefix}The registry holds no policy on ${lower} in force on ${asOf} for any of the ${counts.areas} areas.`,
    ];
  }
  const out = [
    `${prefix}${counts.beyondGuidance} of the ${counts.withRecord} areas with a policy on record restrict ${lower} beyond NICE or Evidence-Based Interventions guidance (${counts.restricted} restrict it in some way; ${counts.noRecord} of ${counts.areas} areas have no policy on record), on ${asOf}.`,
  ];
  if (comparison) out.push(`${prefix}${comparison.finding}`);
  if (comparison?.needAdjusted) out.push(`${prefix}${comparison.needAdjusted.finding}`);
  return out;
}
