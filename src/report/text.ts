/**
 * The report's words that depend on the figures: key figures, the lede and the sentences beside
 * each chart. Every number is taken from the results as given; nothing is re-estimated here.
 */
import type { TrendResult, VariationResult, WaitsResult } from "../analysis/types.ts";

import {
  areaLabel,
  formatChange,
  formatCount,
  formatMonth,
  formatNumber,
  formatPercent,
  formatRate,
  formatRatio,
  formatWeeks,
  ordinal,
  rateDigits,
  shortName,
} from "./format.ts";
import { isNeedView } from "./need-view.ts";
import type { ReportInput } from "./types.ts";
import { MEASURE_NAMES, periodOf, specialtyOf, specialtySuffix } from "./words.ts";

export interface KeyFigure {
  value: string;
  label: string;
}

/** `1 area lies`, `3 areas lie`. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const count = (v: VariationResult, c: "higher" | "similar" | "lower") =>
  v.areas.filter((a) => a.comparedToEngland === c).length;

/** The default title: `Ration Watch: patients treated by area, April 2022 to March 2023`. */
export function defaultTitle(v: VariationResult): string {
  const specialty = specialtyOf(v);
  return `Ration Watch: ${MEASURE_NAMES[v.measure].noun}${specialty ? ` in ${specialty}` : ""} by area, ${periodOf(v)}`;
}

/** The opening paragraph. */
export function lede(input: ReportInput): string {
  const v = input.variation;
  return `How many people get planned hospital treatment depends on where they live. This report compares the ${v.areas.length} areas of England (NHS commissioners) on ${MEASURE_NAMES[v.measure].noun} per 1,000 residents from ${periodOf(v)}, and on how long patients wait, using NHS England's referral-to-treatment statistics.`;
}

/** The headline numbers shown as cards at the top. */
export function keyFigures(input: ReportInput): KeyFigure[] {
  const v = input.variation;
  const digits = rateDigits(v.england.rate);
  // A one-specialty report says whose figures every tile is (the waiting list is cardiology's).
  const of = specialtySuffix(v);
  const out: KeyFigure[] = [
    {
      value: formatRate(v.england.rate, digits),
      label: `${MEASURE_NAMES[v.measure].noun}${of} ${v.unit} in England`,
    },
  ];
  if (v.spread.topToBottomTenRatio !== null) {
    out.push({
      value: `${formatRatio(v.spread.topToBottomTenRatio)}×`,
      label: `the highest area's rate compared with the average of the ten lowest${of}`,
    });
  }
  // `--measure-basis need-adjusted`: the tile counts on the need-adjusted ratio lead.
  const n = v.measureBasis === "need-adjusted" ? v.needAdjusted : null;
  if (n) {
    const withRatio = v.areas.filter((a) => a.needAdjustedRatio != null);
    const c = (k: string) => withRatio.filter((a) => a.needAdjustedComparedToEngland === k).length;
    out.push({
      value: `${c("higher")} / ${c("lower")}`,
      label: `of ${withRatio.length} areas above / below the expected range for their need-weighted population${of} (need-adjusted ratio; ${n.funnel.adjustment === "none" ? "95% funnel limits around 1" : "95% funnel limits around 1 allowing for the extra variation between areas"})`,
    });
  }
  out.push({
    value: `${count(v, "higher")} / ${count(v, "lower")}`,
    label: `of ${v.areas.length} areas above / below the expected range around England's ${n ? "crude rate" : "rate"}${of} (${v.funnel.adjustment === "none" ? "95% funnel limits" : "95% funnel limits allowing for the extra variation between areas"})`,
  });
  const w = input.waits.england;
  const waitsOf = specialtySuffix({
    specialty: input.waits.specialty,
    specialtyName:
      input.waits.specialtyName ??
      (input.waits.specialty === v.specialty ? v.specialtyName : undefined),
  });
  if (w.pctWithin18 !== null) {
    out.push({
      value: formatPercent(w.pctWithin18),
      label: `of ${formatCount(w.waiting)} on the waiting list${waitsOf} had waited under 18 weeks in ${formatMonth(input.waits.month)} (standard: 92%)`,
    });
  }
  if (w.over52 !== null) {
    out.push({
      value: formatCount(w.over52),
      label: `on the waiting list${waitsOf} had waited more than 52 weeks in ${formatMonth(input.waits.month)}`,
    });
  }
  const trendOf = input.trend ? specialtySuffix(input.trend) : "";
  const last = input.trend?.series[input.trend.series.length - 1];
  if (last?.recoveryVs2019 != null) {
    out.push({
      value: formatPercent(last.recoveryVs2019, 0),
      label: `of the activity${trendOf} of the same month in 2019 (${formatMonth(last.month)})`,
    });
  } else if (last) {
    out.push({
      value: formatRate(last.rate, digits),
      label: `${MEASURE_NAMES[v.measure].noun}${trendOf} ${v.unit} in ${formatMonth(last.month)}, the latest month`,
    });
  }
  return out;
}

/** Sentences under the map and league table. */
export function spreadSentences(v: VariationResult): string[] {
  const s = v.spread;
  const out: string[] = [];
  if (s.eq5to95 !== null) {
    out.push(
      `Leaving out the most extreme 5% at each end, the area at the 95th percentile had ${formatRatio(s.eq5to95)} times the rate of the area at the 5th percentile (EQ5–95).`,
    );
  }
  if (s.cv !== null) {
    out.push(`The coefficient of variation of the area rates was ${formatNumber(s.cv, 1)}%.`);
  }
  if (s.scv !== null) {
    out.push(
      `The systematic component of variation, which removes the part expected from chance, was ${formatNumber(s.scv, 1)} (by a common convention, above 5.4 is high and above 10 very high).`,
    );
  }
  return out;
}

/** Sentences about the funnel plot. */
export function funnelSentences(v: VariationResult): string[] {
  const f = v.funnel;
  const pos = (p: string) =>
    f.points.filter((x) => (f.adjustment === "none" ? x.position : x.positionAdjusted) === p)
      .length;
  const raw = f.points.filter((x) => x.position === "above998" || x.position === "below998").length;
  const need = isNeedView(v);
  const out = [
    `${need ? "On the need-adjusted ratio (the funnel around England's rate for each area's need, a ratio of 1), " : ""}${plural(pos("above998"), "area lies", "areas lie")} above the 99.8% limits and ${pos("below998")} below them${f.adjustment === "none" ? "" : " after allowing for over-dispersion"}; ${pos("within")} of ${f.points.length} lie within the 95% limits.`,
  ];
  if (f.adjustment !== "none") {
    out.push(
      `Before that allowance, ${raw} of ${f.points.length} areas were outside the plain Poisson 99.8% limits${raw * 2 >= f.points.length ? ": with counts this large, almost any real difference is statistically significant, so the useful question is which areas stand out from the ordinary spread between areas" : ""}.`,
    );
  }
  return out;
}

/** Sentences about the within-ICS comparison. */
export function withinIcsSentences(v: VariationResult): string[] {
  const sorted = v.withinIcs; // widest gap first, as the analysis orders them
  const w = sorted[0];
  if (!w) return ["No integrated care system had two or more areas in this period."];
  const digits = rateDigits(v.england.rate);
  return [
    `In ${shortName(w.icbName)}, ${areaLabel(w.highest)} (${formatRate(w.highest.rate, digits)}, ranked ${ordinal(w.highest.rank)} in England) had ${w.ratio === null ? "patients treated where" : `${formatRatio(w.ratio)} times the rate of`} ${areaLabel(w.lowest)} (${formatRate(w.lowest.rate, digits)}, ${ordinal(w.lowest.rank)}): the widest gap inside one system.`,
    `${sorted.filter((x) => x.ratio === null || x.ratio >= 1.5).length} of ${sorted.length} systems with two or more areas had a gap of 1.5 times or more.`,
  ];
}

/** Sentences about waiting times. */
export function waitsSentences(w: WaitsResult): string[] {
  const e = w.england;
  const out = [
    `In ${formatMonth(w.month)}, ${formatCount(e.waiting)} pathways were on the waiting list; ${formatPercent(e.pctWithin18)} had waited under 18 weeks against the 92% standard.`,
  ];
  if (e.over52 !== null) {
    out.push(
      `${formatCount(e.over52)} had waited over 52 weeks${e.over78 !== null ? `, ${formatCount(e.over78)} over 78 weeks` : ""}${e.over104 !== null ? ` and ${formatCount(e.over104)} over 104 weeks` : ""}. Half of patients had waited less than ${formatWeeks(e.medianWeeks)} (the median); 92% less than ${formatWeeks(e.p92Weeks)}.`,
    );
  }
  const ranked = w.areas
    .filter((a) => a.pctWithin18 !== null)
    .sort((a, b) => (b.pctWithin18 ?? 0) - (a.pctWithin18 ?? 0));
  const highest = ranked[0];
  const lowest = ranked[ranked.length - 1];
  if (highest && lowest && highest !== lowest) {
    out.push(
      `${highest.name} had the highest share within 18 weeks (${formatPercent(highest.pctWithin18)}) and ${lowest.name} the lowest (${formatPercent(lowest.pctWithin18)}).`,
    );
  }
  return out;
}

/** Sentences about the monthly trend and its SPC signals. */
/** Why the report has no trend: one month on its own (the store holds no month just before it). */
export function trendOmitted(v: Pick<VariationResult, "to">): string {
  return `No trend is shown: the store holds no month just before ${formatMonth(v.to)}, and a trend needs at least two consecutive months. Load the months before it (rationwatch fetch, or ingest) to see how activity has changed.`;
}

export function trendSentences(t: TrendResult): string[] {
  const last = t.series[t.series.length - 1];
  if (!last) return [];
  const digits = rateDigits(t.spc.mean);
  const out = [
    `In ${formatMonth(last.month)} the rate was ${formatRate(last.rate, digits)} ${t.unit}${last.changeOnPreviousMonth !== null ? `, ${formatChange(last.changeOnPreviousMonth, 1, "%")} on the month before` : ""}${last.areasUp !== null && last.areasCompared !== null ? `; ${last.areasUp} of ${last.areasCompared} areas treated more patients than in the month before` : ""}.`,
  ];
  if (last.recoveryVs2019 !== null) {
    out.push(`Activity was ${formatPercent(last.recoveryVs2019, 1)} of the same month in 2019.`);
  }
  if (t.recovery?.note) out.push(t.recovery.note);
  if (t.spc.phases.length > 1) {
    out.push(
      `The chart is rebased at ${t.spc.phases
        .slice(1)
        .map((p) => formatMonth(p.from))
        .join(
          ", ",
        )}, a documented break (the COVID-19 collapse of planned care): each phase has its own mean and limits, so the collapse itself is not counted as month after month of special cause.`,
    );
  }
  const special = t.series.filter((s) => s.spc !== "common-cause");
  const outside = t.series.filter((s) => s.spc === "outside-limits");
  out.push(
    special.length === 0
      ? "Every month lies within the process limits with no run or trend: the variation is what this process ordinarily produces (common cause)."
      : `${special.length} of ${t.series.length} months show special-cause variation${outside.length > 0 ? `, ${outside.length} of them outside the process limits (${outside.map((s) => formatMonth(s.month)).join(", ")})` : ""}: something beyond the ordinary month-to-month noise changed the process.`,
  );
  if (t.spc.trialLimits)
    out.push("With fewer than 12 months the limits are trial limits and may move as data accrue.");
  return out;
}

/**
 * Sentences about the deprivation gradient (rates by IMD 2025 quintile of areas, SII and RII);
 * empty when the result has none. A gradient is claimed only when the SII's interval excludes 0.
 */
export function deprivationSentences(v: VariationResult): string[] {
  const g = v.deprivation;
  if (!g) return [];
  const digits = rateDigits(v.england.rate);
  const most = g.quintiles[0];
  const least = g.quintiles[g.quintiles.length - 1];
  if (!most || !least) return [];
  const ci = (lo: number | null, hi: number | null, d: number) =>
    lo === null || hi === null ? "" : ` (95% CI ${formatRate(lo, d)} to ${formatRate(hi, d)})`;
  const clear = g.siiLower95 > 0 || g.siiUpper95 < 0;
  const out = [
    `The ${g.areasMatched} areas were grouped into fifths by the deprivation of their populations (English Indices of Deprivation 2025). The most deprived fifth had a rate of ${formatRate(most.rate, digits)}${ci(most.lower95, most.upper95, digits)} and the least deprived fifth ${formatRate(least.rate, digits)}${ci(least.lower95, least.upper95, digits)}, ${v.unit}; the intervals include the variation between the areas of each fifth.`,
    `The slope index of inequality — the modelled gap from the most to the least deprived end — was ${formatRate(g.sii, digits)}${ci(g.siiLower95, g.siiUpper95, digits)}${clear ? (g.sii > 0 ? ": more activity in less deprived areas" : ": more activity in more deprived areas") : ": no clear gradient with deprivation, since the interval includes zero"}.${g.rii === null ? "" : ` The relative index was ${formatRatio2(g.rii)}${ci(g.riiLower95, g.riiUpper95, 2)}: the least deprived end's rate over the most deprived end's.`}`,
    `These are crude rates per head: part of any gradient reflects age and need, which differ with deprivation${v.needAdjusted ? "; the need-adjusted ratios in the league table allow for need" : ""}.`,
  ];
  if (g.areasUnmatched.length > 0) {
    out.push(
      `${plural(g.areasUnmatched.length, "area has", "areas have")} no IMD 2025 score and ${g.areasUnmatched.length === 1 ? "is" : "are"} left out of the gradient: ${g.areasUnmatched.join(", ")}.`,
    );
  }
  return out;
}

const formatRatio2 = (v: number) => formatRate(v, 2);
