/** figures.json: the input results unchanged, plus every chart's data and words and the page's sentences. */
import type { VariationResult } from "../analysis/types.ts";

import type { ChartName, ChartWithData } from "./charts/index.ts";
import { leadingView } from "./need-view.ts";
import {
  funnelSentences,
  keyFigures,
  lede,
  spreadSentences,
  trendOmitted,
  trendSentences,
  waitsSentences,
  withinIcsSentences,
  deprivationSentences,
  type KeyFigure,
} from "./text.ts";
import type { ReportInput } from "./types.ts";

/** How many areas lie above, within and below the expected range around England's rate. */
export interface ComparisonCounts {
  areas: number;
  higher: number;
  similar: number;
  lower: number;
}

function counts(v: VariationResult): ComparisonCounts {
  const n = (c: string) => v.areas.filter((a) => a.comparedToEngland === c).length;
  return { areas: v.areas.length, higher: n("higher"), similar: n("similar"), lower: n("lower") };
}

/** The counts the report's tiles and the release quote, per variation result. */
export function summarise(input: Pick<ReportInput, "variation" | "specialties">): {
  variation: ComparisonCounts;
  /** The same counts on the need-adjusted ratio (areas with one); null without need figures. */
  needAdjusted: ComparisonCounts | null;
  specialties: ComparisonCounts[];
} {
  return {
    variation: counts(input.variation),
    needAdjusted: needCounts(input.variation),
    specialties: input.specialties.map(counts),
  };
}

function needCounts(v: VariationResult): ComparisonCounts | null {
  if (!v.needAdjusted) return null;
  const areas = v.areas.filter(
    (a) => a.needAdjustedRatio !== null && a.needAdjustedRatio !== undefined,
  );
  const n = (c: string) => areas.filter((a) => a.needAdjustedComparedToEngland === c).length;
  return { areas: areas.length, higher: n("higher"), similar: n("similar"), lower: n("lower") };
}

export interface ReportFigures {
  title: string;
  generatedAt: string;
  synthetic: boolean;
  input: Omit<ReportInput, "boundaries"> & {
    boundaries: {
      areas: number;
      icbs: number | null;
      regions: number | null;
      attribution: string | null;
    } | null;
  };
  /** Counts of areas by comparison with England, main result and each specialty. */
  summary: ReturnType<typeof summarise>;
  sentences: {
    lede: string;
    keyFigures: KeyFigure[];
    headlines: string[];
    spread: string[];
    funnel: string[];
    withinIcs: string[];
    /** The deprivation gradient's sentences (empty without a gradient). */
    deprivation: string[];
    waits: string[];
    trend: string[];
  };
  charts: Partial<
    Record<
      ChartName,
      { title: string; subtitle: string; source: string; alt: string; data: unknown }
    >
  >;
}

/** Everything behind the report's charts and sentences (boundaries summarised by feature counts). */
export function buildFigures(
  input: ReportInput,
  o: { title: string; now: Date; synthetic: boolean; charts: Map<ChartName, ChartWithData> },
): ReportFigures {
  const { boundaries, ...results } = input;
  const charts: ReportFigures["charts"] = {};
  for (const [name, c] of o.charts) {
    charts[name] = {
      title: c.title,
      subtitle: c.subtitle,
      source: c.source,
      alt: c.alt,
      data: c.data,
    };
  }
  return {
    title: o.title,
    generatedAt: o.now.toISOString(),
    synthetic: o.synthetic,
    input: {
      ...results,
      boundaries: boundaries
        ? {
            areas: boundaries.areas.features.length,
            icbs: boundaries.icbs?.features.length ?? null,
            regions: boundaries.regions?.features.length ?? null,
            attribution: boundaries.attribution ?? null,
          }
        : null,
    },
    summary: summarise(input),
    sentences: {
      lede: lede(input),
      keyFigures: keyFigures(input),
      headlines: input.variation.headlines,
      spread: spreadSentences(input.variation),
      funnel: funnelSentences(leadingView(input.variation)),
      withinIcs: withinIcsSentences(input.variation),
      deprivation: deprivationSentences(input.variation),
      waits: waitsSentences(input.waits),
      trend: input.trend ? trendSentences(input.trend) : [trendOmitted(input.variation)],
    },
    charts,
  };
}
