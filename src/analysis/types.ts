/**
 * The shapes analyses return and every presenter (CLI, report, server) consumes. Field names follow
 * the JSON contracts in the issues; numbers are unrounded. Nothing downstream recomputes a figure.
 */

// The statistics library defines these; analyses and presenters use the same types.
import type { Comparison, FunnelPosition, SpcSignal, Spread } from "../stats/index.ts";

export type { Comparison, FunnelPosition, SpcSignal, Spread };

export type Measure = "admitted" | "non-admitted" | "clock-starts";
export type Level = "commissioner" | "icb" | "region";
export type Per = "month" | "window";

/** One row of the tidy shape (DESIGN §3), like Fingertips' download. */
export interface IndicatorValue {
  indicator: string;
  areaCode: string;
  areaName: string;
  areaType: Level | "england" | "provider";
  parentCode: string | null;
  period: string;
  count: number;
  denominator: number;
  /** Null where the value is undefined (a proportion of nobody). */
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
  comparedToEngland: Comparison | null;
  /**
   * The test behind `comparedToEngland`: `funnel-overdispersed` (outside the 95% funnel limits
   * widened for over-dispersion), `funnel` (no widening needed) or `poisson-ci` (the value's own
   * Poisson interval against England's, Fingertips' method); null where there is no comparison.
   */
  comparisonBasis: "funnel-overdispersed" | "funnel" | "poisson-ci" | null;
  /** Fingertips' Poisson-interval comparison, always given alongside. */
  poissonComparedToEngland: Comparison | null;
  /**
   * Variation rows: `incomplete` when providers that normally treat the area's patients submitted
   * no data (the row is kept, with no rank and no comparison); null for England.
   */
  completeness?: "complete" | "incomplete" | null;
  /** Why an incomplete area has no rank, naming the missing trusts; null otherwise. */
  incompleteReason?: string | null;
}

export interface RateFigures {
  count: number;
  population: number;
  rate: number;
}

export interface RateWithInterval extends RateFigures {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** Which figure ranks areas and leads headlines: the crude rate or the need-adjusted ratio. */
export type MeasureBasis = "crude" | "need-adjusted";

/** An area's need-adjusted figures; every field null when it has no need-weighted population. */
export interface NeedAdjustedFigures {
  /** NHS England general and acute weighted population (the allocation year nearest the window). */
  needWeightedPopulation: number | null;
  /** Expected count = England's count per need-weighted head × this area's need-weighted population. */
  needAdjustedExpected: number | null;
  /** Observed ÷ expected (1 = England's rate for its need). */
  needAdjustedRatio: number | null;
  needAdjustedLower95: number | null;
  needAdjustedUpper95: number | null;
  needAdjustedLower998: number | null;
  needAdjustedUpper998: number | null;
  /** 1 = highest ratio; ties share the smaller rank. */
  needAdjustedRank: number | null;
  needAdjustedRankLower95: number | null;
  needAdjustedRankUpper95: number | null;
  /** Against the ratio funnel's over-dispersion-adjusted limits. */
  needAdjustedFunnelPosition: FunnelPosition | null;
  /** Above / below / within the expected range for its need (outside the adjusted 95% funnel limits). */
  needAdjustedComparedToEngland: Comparison | null;
  needAdjustedComparedToEngland998: Comparison | null;
  /** The ratio's own Poisson 95% interval against 1 (Fingertips' method), a labelled column. */
  needAdjustedPoissonComparedToEngland: Comparison | null;
}

/** What a variation result says about the need-adjusted basis as a whole. */
export interface NeedAdjustedSummary {
  /** Where the need-weighted populations come from. */
  citation: string;
  /** Areas with a need-weighted population, and their observed and expected totals (equal by construction). */
  areas: number;
  observed: number;
  expected: number;
  needWeightedPopulation: number;
  /** England's count per 1,000 need-weighted population (per month or over the window, as the result's unit). */
  englandRate: number;
  /** Ranked areas with no need-weighted population: no ratio. */
  areasWithout: Array<{ code: string; name: string }>;
  /** Funnel on the ratio scale around 1; `population` in its limits and points is the expected count. */
  funnel: FunnelResult;
  /** Which test drives `needAdjustedComparedToEngland`, in words. */
  comparison: { adjustment: FunnelResult["adjustment"]; method: string };
  method: string;
}

export interface AreaRate extends RateWithInterval, Partial<NeedAdjustedFigures> {
  code: string;
  name: string;
  icbCode: string | null;
  icbName: string | null;
  regionName: string | null;
  rank: number;
  /** 95% rank interval, simulated from the same (over-dispersed) model as the funnel. */
  rankLower95: number;
  rankUpper95: number;
  /** Position against the over-dispersion-adjusted funnel limits (95% and 99.8%). */
  funnelPosition: FunnelPosition;
  /**
   * The headline comparison: `higher` / `lower` = above / below the expected range (outside the
   * over-dispersion-adjusted 95% funnel limits), `similar` = within it. `…998` at 99.8%.
   */
  comparedToEngland: Comparison;
  comparedToEngland998: Comparison;
  /** Fingertips' comparison: the area's own Poisson interval against England's rate. */
  poissonComparedToEngland: Comparison;
  poissonComparedToEngland998: Comparison;
}

export interface RegionRate extends RateWithInterval, Partial<RegionNeedFigures> {
  name: string;
  /** Against the regions' own (over-dispersion-adjusted) funnel at 95%. */
  comparedToEngland: Comparison;
  /** Fingertips' Poisson-interval comparison. */
  poissonComparedToEngland: Comparison;
}

/**
 * A region's need-adjusted ratio: its count ÷ England's count per need-weighted head (the ranked
 * areas') × the sum of its areas' need-weighted populations; every field null when one of its
 * areas has none. Compared against the regions' own ratio funnel around 1, as the crude rates.
 */
export type RegionNeedFigures = Pick<
  NeedAdjustedFigures,
  | "needWeightedPopulation"
  | "needAdjustedExpected"
  | "needAdjustedRatio"
  | "needAdjustedLower95"
  | "needAdjustedUpper95"
  | "needAdjustedLower998"
  | "needAdjustedUpper998"
  | "needAdjustedComparedToEngland"
  | "needAdjustedPoissonComparedToEngland"
>;

export interface WithinIcs {
  icbCode: string;
  icbName: string;
  areas: number;
  highest: { code: string; name: string; rank: number; rate: number };
  lowest: { code: string; name: string; rank: number; rate: number };
  /** Best ÷ lowest; null when the lowest area's rate is 0. */
  ratio: number | null;
}

export interface FunnelResult {
  /** England rate the funnel is centred on (per 1,000, in the result's unit). */
  target: number;
  /** Over-dispersion factor φ from winsorised z-scores, and the additive τ². */
  phi: number;
  tau2: number;
  /** 'none' | 'multiplicative' | 'additive', and why. */
  adjustment: "none" | "multiplicative" | "additive";
  adjustmentReason: string;
  /** Control limits across a range of populations. */
  limits: Array<{
    population: number;
    lower95: number;
    upper95: number;
    lower998: number;
    upper998: number;
    lower95Adjusted: number;
    upper95Adjusted: number;
    lower998Adjusted: number;
    upper998Adjusted: number;
  }>;
  points: Array<{
    code: string;
    population: number;
    rate: number;
    z: number;
    position: FunnelPosition;
    positionAdjusted: FunnelPosition;
  }>;
}

export interface Excluded {
  code: string;
  name: string | null;
  count: number;
  reason: string;
}

export interface SourceInfo {
  periods: string[];
  files: Array<{ month: string; file: string; checksum: string }>;
  populationVintage: string;
  method: string;
  synthetic: boolean;
}

/** Rates by IMD quintile of areas and the slope/relative indices of inequality. */
export interface DeprivationGradient {
  source: string;
  areasMatched: number;
  /** Areas with no IMD score (not sub-ICB/CCG codes), left out of the gradient. */
  areasUnmatched: string[];
  quintiles: Array<{
    quintile: number;
    label: string;
    areas: number;
    codes: string[];
    count: number;
    population: number;
    rate: number;
    standardError: number;
    lower95: number;
    upper95: number;
  }>;
  /** Least deprived end minus most deprived end (positive: more activity where less deprived). */
  sii: number;
  siiLower95: number;
  siiUpper95: number;
  /** Least deprived end ÷ most deprived end. */
  rii: number | null;
  riiLower95: number | null;
  riiUpper95: number | null;
  method: string;
}

/** `rationwatch variation` output. */
export interface VariationResult {
  measure: Measure;
  specialty: string;
  specialtyName: string;
  from: string;
  to: string;
  months: number;
  level: Level;
  per: Per;
  unit: string;
  england: RateWithInterval;
  areas: AreaRate[];
  regions: RegionRate[];
  spread: Spread;
  withinIcs: WithinIcs[];
  funnel: FunnelResult;
  /** Which test drives `comparedToEngland` (and so headlines, colours and badges), in words. */
  comparison: {
    /** `overdispersed` when the funnel limits were widened, `poisson` when they were not needed. */
    basis: "overdispersed" | "poisson";
    adjustment: "none" | "multiplicative" | "additive";
    method: string;
    regionAdjustment: "none" | "multiplicative" | "additive";
    regionMethod: string;
  };
  excluded: Excluded[];
  /** The deprivation gradient (commissioner level with IMD-scored areas); null otherwise. */
  deprivation?: DeprivationGradient | null;
  /**
   * Which figure orders `areas` and leads the headlines (`--measure-basis`); absent (= crude) only
   * in hand-built results. Both bases are always computed: each area carries its crude rate and
   * its `needAdjusted…` fields.
   */
  measureBasis?: MeasureBasis;
  /** The need-adjusted basis as a whole; null when no area has a need-weighted population. */
  needAdjusted?: NeedAdjustedSummary | null;
  headlines: string[];
  source: SourceInfo;
  /**
   * Missing submissions (analysis/completeness.ts): incomplete areas, kept here with their rates
   * but not in `areas` (no rank; not in England's rate, the spread, the funnel or the headlines).
   * Absent only in hand-built results.
   */
  completeness?: VariationCompleteness;
}

/** An area left out of the ranking because providers that normally treat its patients did not submit. */
export interface IncompleteArea extends RateWithInterval {
  code: string;
  name: string;
  icbCode: string | null;
  icbName: string | null;
  regionName: string | null;
  /** Share of its activity normally from the non-submitting providers; null when unknown (fallback). */
  share: number | null;
  /** `partial`: for a provider that submitted only part of its data, e.g. "30 admitted completions against a usual 100 in 2021-06". */
  missingProviders: Array<{
    code: string;
    name: string | null;
    share: number | null;
    partial?: string | null;
  }>;
  /** One sentence saying why it is not ranked. */
  reason: string;
}

export interface VariationCompleteness {
  /** Share above which an area is incomplete (0.05). */
  threshold: number;
  method: string;
  /** Providers that did not submit, by month of the window. */
  nonSubmitters: Array<{
    month: string;
    providers: Array<{ code: string; name: string | null; why: string }>;
  }>;
  incomplete: IncompleteArea[];
  /**
   * A sentence for every presenter when anything is missing or partial, or when partial submissions
   * could not be checked (no neighbouring month held); null when every provider submitted in full.
   */
  note: string | null;
}

/** `rationwatch trend` output. */
export interface TrendResult {
  measure: Measure;
  specialty: string;
  /** The specialty's name (`TrendOutput` always has it). */
  specialtyName?: string;
  from: string;
  to: string;
  level: Level;
  area: string | null;
  unit: string;
  series: Array<{
    month: string;
    count: number;
    population: number;
    rate: number;
    lower95: number;
    upper95: number;
    changeOnPreviousMonth: number | null;
    areasUp: number | null;
    areasCompared: number | null;
    /** Count as a % of the same calendar month of 2019, when the store holds it. */
    recoveryVs2019: number | null;
    spc: SpcSignal;
  }>;
  /**
   * The current (last) phase's mean and limits, and every phase: the XmR chart is rebased at
   * documented breaks (March 2020 by default) and each phase has its own limits.
   */
  spc: {
    mean: number;
    upperLimit: number;
    lowerLimit: number;
    trialLimits: boolean;
    phases: SpcPhase[];
  };
  /** Why "% of 2019" is blank for some months (`TrendOutput.recovery`); absent in older inputs. */
  recovery?: { months2019: string[]; missing: string[]; note: string | null };
  areas: Array<{
    code: string;
    name: string;
    points: Array<{ month: string; count: number; rate: number }>;
  }>;
  source: SourceInfo;
}

/** One phase of a rebased XmR chart: its months and its own mean and limits. */
export interface SpcPhase {
  from: string;
  to: string;
  mean: number;
  upperLimit: number;
  lowerLimit: number;
  movingRangeMean: number;
  trialLimits: boolean;
}

/** One month of a trend series (England, or the `--area`): everything `trend` computes. */
export interface TrendPoint {
  month: string;
  count: number;
  population: number;
  rate: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
  /** % change of the rate on the previous month ((rate − previous) ÷ previous × 100); null first. */
  changeOnPreviousMonth: number | null;
  /** Rate minus the previous month's rate (per 1,000); null for the first month. */
  rateChangeOnPreviousMonth: number | null;
  /** Of `areasCompared` areas (`TrendOutput.areas`), how many had a higher rate than the month before. */
  areasUp: number | null;
  areasCompared: number | null;
  /**
   * % change of the rate on the same calendar month a year earlier; null when that month is not
   * in the window.
   */
  changeOnYearEarlier: number | null;
  /** Count as a % of the same calendar month of 2019, when the store holds it. */
  recoveryVs2019: number | null;
  spc: SpcSignal;
  /** Index of the SPC phase the month belongs to (`spc.phases`). */
  spcPhase: number;
  /** Which side of the mean a special-cause point is on; null for common cause. */
  spcSide: "high" | "low" | null;
  /** Count of non-geographic and unknown commissioners left out of the per-capita figures. */
  excluded: number;
  /**
   * The `--area` against England that month: above / below / within the expected range, from a
   * funnel of every area at its level that month, widened for over-dispersion (95%); null for
   * England itself.
   */
  comparedToEngland: Comparison | null;
  /** Fingertips' comparison: the month's Poisson 95% interval against England's rate. */
  poissonComparedToEngland?: Comparison | null;
  /** The test behind `comparedToEngland` (as `IndicatorValue.comparisonBasis`). */
  comparisonBasis?: "funnel-overdispersed" | "funnel" | "poisson-ci" | null;
}

/** One month of one area in a trend's small multiples. */
export interface TrendAreaPoint {
  month: string;
  count: number;
  population: number;
  rate: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
  /** % change of the rate on the previous calendar month (like for like); null for the first. */
  changeOnPreviousMonth: number | null;
  /** % change on the same calendar month a year earlier; null when it is not in the window. */
  changeOnYearEarlier: number | null;
  recoveryVs2019: number | null;
  /**
   * Against England that month: above / below / within the expected range of a funnel of the
   * area's peers that month, widened for over-dispersion (95%).
   */
  comparedToEngland: Comparison;
  /** Fingertips' comparison: the month's Poisson 95% interval against England's rate. */
  poissonComparedToEngland?: Comparison;
  /** The test behind `comparedToEngland` (as `IndicatorValue.comparisonBasis`). */
  comparisonBasis?: "funnel-overdispersed" | "funnel" | "poisson-ci";
}

/**
 * Everything `rationwatch trend` returns (its JSON): `TrendResult` (what the report reads) plus
 * intervals at 99.8%, the rate change, SPC sides, the recent-trend marker and the exclusions.
 */
export interface TrendOutput extends TrendResult {
  specialtyName: string;
  months: number;
  /** The `--area` name, or `England`. */
  areaName: string;
  /** The `--area`'s parent (a commissioner's ICB, an ICB's region); null for England and regions. */
  areaParentCode: string | null;
  per: "month";
  series: TrendPoint[];
  spc: TrendResult["spc"] & { movingRangeMean: number; rebase: string[] };
  /**
   * Which months of 2019 the store holds for "% of 2019", and a sentence saying why a month's
   * recovery is blank (its 2019 month is not held); null note when every month has one.
   */
  recovery: { months2019: string[]; missing: string[]; note: string | null };
  /** Fingertips' recent-trend marker over the last five monthly rates. */
  recentTrend: { marker: string; slope: number | null; chiSquare: number | null };
  /**
   * Small multiples: for England every area at `level`; for an ICB or region `--area` its
   * commissioners; empty for a commissioner `--area`.
   */
  areas: Array<{
    code: string;
    name: string;
    parentCode: string | null;
    points: TrendAreaPoint[];
  }>;
  /** Commissioners left out of the per-capita figures, with their counts over the window. */
  excluded: Excluded[];
}

export interface WaitFigures {
  waiting: number;
  within18: number;
  pctWithin18: number | null;
  over52: number | null;
  over65: number | null;
  over78: number | null;
  over104: number | null;
  medianWeeks: number | null;
  p92Weeks: number | null;
}

/** `rationwatch waits` output. */
export interface WaitsResult {
  month: string;
  level: Level | "provider";
  specialty: string;
  /** The specialty's name (`WaitsOutput` always has it). */
  specialtyName?: string;
  baseline: string | null;
  england: WaitFigures;
  areas: Array<
    WaitFigures & {
      code: string;
      name: string;
      change: Partial<Record<keyof WaitFigures, number | null>> | null;
      /** Why the list is short (missing submissions); absent or null when complete. */
      incompleteReason?: string | null;
    }
  >;
  source: SourceInfo;
}

export type WaitsLevel = Level | "provider";

/** Change of each figure from the baseline month (this month − baseline); null where either is null. */
export type WaitChange = Record<keyof WaitFigures, number | null>;

export interface WaitsArea extends WaitFigures {
  code: string;
  name: string;
  /** The ICB of a commissioner, the region (ODS code) of an ICB; null for regions and providers. */
  parentCode: string | null;
  change: WaitChange | null;
  /**
   * Why the area's waiting list is short: providers that normally treat its patients submitted no
   * data this month (completeness.ts); null when complete or not checked (providers).
   */
  incompleteReason?: string | null;
}

/** Everything `rationwatch waits` returns (its JSON): `WaitsResult` plus scope, baseline and exclusions. */
export interface WaitsOutput extends WaitsResult {
  specialtyName: string;
  /** Where the open top band starts this month: 52 before April 2021, 104 from then. */
  topBandStart: number;
  /** What England's figures cover (every commissioner, non-geographic ones included). */
  englandScope: string;
  englandChange: WaitChange | null;
  /** England in the baseline month, when there is one. */
  englandBaseline: WaitFigures | null;
  areas: WaitsArea[];
  /** Commissioners in England's figures that are not areas (commissioner, ICB and region levels). */
  excluded: Excluded[];
}
