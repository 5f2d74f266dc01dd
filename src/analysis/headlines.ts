import { monthLabel } from "../months.ts";

import { decimalsFor, intervalDecimals } from "./digits.ts";
import { areaLabel, shortName } from "./labels.ts";
import type {
  AreaRate,
  Comparison,
  Measure,
  NeedAdjustedSummary,
  VariationResult,
} from "./types.ts";

const VERB: Record<Measure, { did: string; noun: string }> = {
  admitted: { did: "treated", noun: "patients" },
  "non-admitted": { did: "completed non-admitted pathways for", noun: "patients" },
  "clock-starts": { did: "started referral-to-treatment pathways for", noun: "patients" },
};

const fmt = (v: number, d = 2) => v.toFixed(d);

/** `1st`, `2nd`, `83rd`. */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix =
    mod100 >= 11 && mod100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
}

function perPhrase(r: VariationResult): string {
  return r.per === "month" ? "per 1,000 people a month" : "per 1,000 people over the period";
}

function period(r: VariationResult): string {
  return r.from === r.to
    ? `in ${monthLabel(r.from)}`
    : `from ${monthLabel(r.from)} to ${monthLabel(r.to)}`;
}

/** The test behind `comparedToEngland`, named in every sentence that uses it. */
export function testPhrase(r: Pick<VariationResult, "funnel">): string {
  return r.funnel.adjustment === "none"
    ? "95% funnel limits; the areas vary no more than chance allows"
    : "95% funnel limits allowing for the extra variation between areas";
}

/**
 * How an area stands against England, in the words of NHS "Making Data Count" and Fingertips:
 * above / below / within the expected range (no "significantly": this is a funnel comparison).
 */
export function comparisonPhrase(c: Comparison, englandRate: number): string {
  const england = `the England rate of ${fmt(englandRate, decimalsFor(englandRate))}`;
  if (c === "higher") return `above the expected range around ${england}`;
  if (c === "lower") return `below the expected range around ${england}`;
  return `within the expected range around ${england}`;
}

function areaSentence(r: VariationResult, a: AreaRate, position: string): string {
  const v = VERB[r.measure];
  // Enough decimals that a small (specialty) rate's interval never reads "0.14 to 0.14".
  const d = intervalDecimals(a.lower95, a.upper95, decimalsFor(r.england.rate), a.rate);
  const ci = `95% CI ${fmt(a.lower95, d)} to ${fmt(a.upper95, d)}`;
  const ranks =
    a.rankLower95 === a.rankUpper95
      ? ""
      : ` (95% rank interval ${ordinal(a.rankLower95)} to ${ordinal(a.rankUpper95)})`;
  return `${areaLabel(a)} ${v.did} ${fmt(a.rate, d)} ${v.noun} ${perPhrase(r)} ${period(r)} (${ci}), ${position}${ranks}: ${comparisonPhrase(a.comparedToEngland, r.england.rate)} (${testPhrase(r)}).`;
}

/**
 * Sentences a journalist could quote, generated only from the figures. A difference from England
 * is claimed only when the area lies outside the funnel's 95% limits, widened for over-dispersion
 * when the areas vary more than chance allows; every such sentence names that test. Fingertips'
 * Poisson comparison is quoted only as such.
 */
export function headlines(r: VariationResult): string[] {
  const crude = crudeHeadlines(r);
  const lead = r.measureBasis === "need-adjusted" && needAdjustedHeadlines(r).length > 0;
  // The basis the user picked leads; the other follows, every sentence naming its basis.
  const out = lead
    ? [...needAdjustedHeadlines(r), ...crude.map((s) => `Crude rate: ${s}`)]
    : [...crude, ...needAdjustedHeadlines(r, "count")];
  // A one-specialty result names its specialty in every sentence, so none is quoted as the total.
  return r.specialty === "all" ? out : out.map((s) => `${r.specialtyName || r.specialty}: ${s}`);
}

const NEED_NOUN = "need-adjusted ratio";

/** Enough decimals for a ratio and its interval (2, more for a small ratio's narrow interval). */
function ratioDecimals(value: number, lower: number, upper: number): number {
  return intervalDecimals(lower, upper, 2, value);
}

function needAreaSentence(r: VariationResult, a: AreaRate, position: string): string {
  const v = VERB[r.measure];
  const ratio = a.needAdjustedRatio as number;
  const lower = a.needAdjustedLower95 as number;
  const upper = a.needAdjustedUpper95 as number;
  const d = ratioDecimals(ratio, lower, upper);
  const expected = Math.round(a.needAdjustedExpected as number).toLocaleString("en-GB");
  const rl = a.needAdjustedRankLower95;
  const ru = a.needAdjustedRankUpper95;
  const ranks =
    rl === null || ru === null || rl === undefined || ru === undefined || rl === ru
      ? ""
      : ` (95% rank interval ${ordinal(rl)} to ${ordinal(ru)})`;
  return `Need-adjusted: ${areaLabel(a)} ${v.did} ${a.count.toLocaleString("en-GB")} ${v.noun} ${period(r)} where England's rate for its need-weighted population implies ${expected}, a ${NEED_NOUN} of ${fmt(ratio, d)} (95% CI ${fmt(lower, d)} to ${fmt(upper, d)}), ${position}${ranks}: ${needComparisonPhrase(a.needAdjustedComparedToEngland ?? "similar")} (${needTestPhrase(r)}).`;
}

function needComparisonPhrase(c: Comparison): string {
  if (c === "higher") return "above the expected range for its need";
  if (c === "lower") return "below the expected range for its need";
  return "within the expected range for its need";
}

function needTestPhrase(r: VariationResult): string {
  return r.needAdjusted?.funnel.adjustment === "none"
    ? "95% funnel limits around a ratio of 1; the areas vary no more than chance allows"
    : "95% funnel limits around a ratio of 1 allowing for the extra variation between areas";
}

/**
 * Sentences on the need-adjusted ratio (observed ÷ expected for the area's need-weighted
 * population), each starting "Need-adjusted:": highest, lowest, how many are above / below /
 * within the expected range, Fingertips' Poisson count, and the 99.8% outliers. Empty without a
 * need-adjusted basis.
 */
export function needAdjustedHeadlines(r: VariationResult, only?: "count"): string[] {
  const n = r.needAdjusted;
  if (!n) return [];
  const areas = r.areas
    .filter((a) => a.needAdjustedRank !== null && a.needAdjustedRank !== undefined)
    .sort(
      (a, b) =>
        (a.needAdjustedRank as number) - (b.needAdjustedRank as number) ||
        a.code.localeCompare(b.code),
    );
  if (areas.length === 0) return [];
  if (only === "count") return [needCountSentence(r, n, areas)];
  const subject = subjectOf(r);
  const out: string[] = [];
  const top = areas[0] as AreaRate;
  const bottom = areas[areas.length - 1] as AreaRate;
  out.push(needAreaSentence(r, top, `the highest of ${areas.length} ${subject}s`));
  if (bottom !== top)
    out.push(needAreaSentence(r, bottom, `the lowest of ${areas.length} ${subject}s`));
  out.push(needCountSentence(r, n, areas));
  if (n.funnel.adjustment !== "none") {
    const pHigher = areas.filter((a) => a.needAdjustedPoissonComparedToEngland === "higher").length;
    const pLower = areas.filter((a) => a.needAdjustedPoissonComparedToEngland === "lower").length;
    out.push(
      `Need-adjusted: judged by each ratio's own Poisson 95% confidence interval alone (Fingertips' method, which ignores the extra variation between ${subject}s), ${pHigher} would be above England's rate for their need and ${pLower} below; that comparison overstates how many stand out.`,
    );
  }
  const outside = n.funnel.points.filter(
    (p) => p.positionAdjusted === "above998" || p.positionAdjusted === "below998",
  ).length;
  out.push(
    `Need-adjusted: ${outside} of ${n.funnel.points.length} ${subject}s ${outside === 1 ? "lies" : "lie"} outside the 99.8% funnel limits around a ratio of 1${n.funnel.adjustment === "none" ? "" : ` after allowing for over-dispersion (${n.funnel.adjustment} adjustment)`}.`,
  );
  return out;
}

/** "Need-adjusted: x of y areas were above the expected range for their need… and z below it". */
function needCountSentence(r: VariationResult, n: NeedAdjustedSummary, areas: AreaRate[]): string {
  const subject = subjectOf(r);
  const higher = areas.filter((a) => a.needAdjustedComparedToEngland === "higher").length;
  const lower = areas.filter((a) => a.needAdjustedComparedToEngland === "lower").length;
  const similar = areas.length - higher - lower;
  const without =
    n.areasWithout.length === 0
      ? ""
      : ` ${n.areasWithout.length} ${subject}${n.areasWithout.length === 1 ? " has" : "s have"} no need-weighted population and no ratio.`;
  return `Need-adjusted: ${higher} of ${areas.length} ${subject}s ${higher === 1 ? "was" : "were"} above the expected range for their need-weighted population (${n.citation}) and ${lower} below it; ${similar} ${similar === 1 ? "was" : "were"} within it (${needTestPhrase(r)}).${without}`;
}

function subjectOf(r: VariationResult): string {
  return r.level === "commissioner" ? "area" : r.level === "icb" ? "ICS" : "region";
}

/**
 * A region named in a headline, marked when its rate leaves out incomplete areas, e.g.
 * "South West (without 1 incomplete area)": the sentence must not be read as the whole region's rate.
 * The areas are named only in the completeness note, as no other headline names them.
 */
function regionLabel(r: VariationResult, region: string): string {
  const n = (r.completeness?.incomplete ?? []).filter((a) => a.regionName === region).length;
  return n === 0 ? region : `${region} (without ${n} incomplete area${n === 1 ? "" : "s"})`;
}

/** The crude-rate sentences, in crude rank order whatever order `areas` is in. */
function crudeHeadlines(r: VariationResult): string[] {
  const out: string[] = [];
  const areas = [...r.areas].sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code));
  if (areas.length === 0) return out;
  const subject = subjectOf(r);
  const top = areas[0];
  const bottom = areas[areas.length - 1];
  if (top) out.push(areaSentence(r, top, `the highest of ${areas.length} ${subject}s in England`));
  if (bottom && bottom !== top) {
    out.push(areaSentence(r, bottom, `the lowest of ${areas.length} ${subject}s`));
  }
  const higher = areas.filter((a) => a.comparedToEngland === "higher").length;
  const lower = areas.filter((a) => a.comparedToEngland === "lower").length;
  const similar = areas.length - higher - lower;
  out.push(
    `${higher} of ${areas.length} ${subject}s ${higher === 1 ? "was" : "were"} above the expected range around the England rate and ${lower} below it (${testPhrase(r)}); ${similar} ${similar === 1 ? "was" : "were"} within it.`,
  );
  if (r.funnel.adjustment !== "none") {
    const pHigher = areas.filter((a) => a.poissonComparedToEngland === "higher").length;
    const pLower = areas.filter((a) => a.poissonComparedToEngland === "lower").length;
    out.push(
      `Judged by each ${subject}'s own Poisson 95% confidence interval alone (Fingertips' method, which ignores the extra variation between ${subject}s: φ = ${fmt(r.funnel.phi, 1)}), ${pHigher} would be higher than England and ${pLower} lower; that comparison overstates how many ${subject}s stand out.`,
    );
  }
  if (r.spread.topToBottomTenRatio !== null && areas.length >= 11) {
    out.push(
      `The highest ${subject} ${VERB[r.measure].did} ${fmt(r.spread.topToBottomTenRatio, 1)} times as many ${VERB[r.measure].noun} per 1,000 people as the average of the ten lowest.`,
    );
  }
  const regions = [...r.regions].sort((a, b) => b.rate - a.rate);
  const hi = regions[0];
  const lo = regions[regions.length - 1];
  if (hi && lo && hi !== lo && r.level !== "region") {
    out.push(
      `${regionLabel(r, hi.name)} had the highest regional rate (${fmt(hi.rate, decimalsFor(r.england.rate))} ${perPhrase(r)}, ${comparisonPhrase(hi.comparedToEngland, r.england.rate)}) and ${regionLabel(r, lo.name)} the lowest (${fmt(lo.rate, decimalsFor(r.england.rate))}, ${comparisonPhrase(lo.comparedToEngland, r.england.rate)}), judged against 95% funnel limits of the regions themselves${r.comparison.regionAdjustment === "none" ? "" : ", widened for the extra variation between regions"}.`,
    );
  }
  const widest = r.withinIcs[0]; // widest gap first
  if (widest) {
    out.push(
      `The widest gap inside one integrated care system was in ${shortName(widest.icbName)}: the highest rate there, ${areaLabel(widest.highest)}, ranked ${ordinal(widest.highest.rank)} in England and the lowest, ${areaLabel(widest.lowest)}, ${ordinal(widest.lowest.rank)}${widest.ratio === null ? " (a rate of zero)" : `, ${fmt(widest.ratio, 1)} times apart`}.`,
    );
  }
  const g = r.deprivation;
  if (g) {
    const most = g.quintiles[0];
    const least = g.quintiles[g.quintiles.length - 1];
    const d = decimalsFor(r.england.rate);
    const clear = g.siiLower95 > 0 || g.siiUpper95 < 0;
    if (most && least) {
      out.push(
        `Deprivation gradient: the most deprived fifth of areas (IMD 2025) had ${fmt(most.rate, d)} ${perPhrase(r)} and the least deprived fifth ${fmt(least.rate, d)}; the slope index of inequality was ${fmt(g.sii, d)} (95% CI ${fmt(g.siiLower95, d)} to ${fmt(g.siiUpper95, d)}, allowing for the variation between areas)${clear ? (g.sii > 0 ? ": more activity in less deprived areas" : ": more activity in more deprived areas") : ": no clear gradient with deprivation"}.`,
      );
    }
  }
  const f = r.funnel;
  const outside = f.points.filter(
    (p) => p.positionAdjusted === "above998" || p.positionAdjusted === "below998",
  ).length;
  const adjustment =
    f.adjustment === "none"
      ? ""
      : ` after allowing for over-dispersion (${f.adjustment} adjustment)`;
  out.push(
    `${outside} of ${f.points.length} ${subject}s ${outside === 1 ? "lies" : "lie"} outside the 99.8% funnel limits${adjustment}, the stricter level at which NHS "Making Data Count" and Fingertips flag an outlier.`,
  );
  return out;
}
