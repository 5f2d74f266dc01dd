/**
 * The media release as structured content: paragraphs of text and figures, where every figure
 * carries the figures.json path it comes from and how it is formatted, so each number a press
 * officer reads can be traced (and is tested) back to figures.json. Wording of findings comes from
 * the analyses' headline sentences; the release adds no test of its own.
 */
import type { AreaRate, Comparison } from "../analysis/types.ts";
import { summarise } from "../report/figures.ts";
import {
  areaLabel,
  formatCount,
  formatDate,
  formatMonth,
  formatRate,
  formatRatio,
  ordinal,
  rateDigits,
  shortName,
} from "../report/format.ts";
import type { ReportInput } from "../report/types.ts";
import {
  MEASURE_NAMES,
  OGL,
  ONS_SOURCE,
  RTT_SOURCE,
  RTT_URL,
  specialtyLabel,
} from "../report/words.ts";

/** How a figure's value is written: each kind is one formatter (see `formatFigure`). */
export type FigureKind =
  "rate" | "rate3" | "ratio" | "count" | "ordinal" | "month" | "date" | "area" | "text" | "share";

/** A figure in the text: what is printed, where in figures.json it comes from, and how. */
export interface FigureRef {
  text: string;
  /** A path into figures.json: `input.variation.areas[3].rate`. */
  path: string;
  kind: FigureKind;
}

export type Inline = string | FigureRef;

export interface Block {
  kind: "paragraph" | "bullet" | "heading" | "placeholder" | "ends";
  parts: Inline[];
}

export interface Release {
  synthetic: boolean;
  /** `EMBARGOED UNTIL 00:01 on Thursday 1 May 2025`, or a placeholder. */
  embargo: string;
  headline: Inline[];
  standfirst: Inline[];
  body: Block[];
  notes: Block[];
  /** Every figure of the release, in order of appearance. */
  figures: FigureRef[];
}

/** Writes a value the way its kind says; the release test re-applies this to figures.json. */
export function formatFigure(value: unknown, kind: FigureKind): string {
  if (kind === "area") {
    const a = value as { name: string; code: string };
    return areaLabel(a);
  }
  if (kind === "text") return String(value);
  if (kind === "month") return formatMonth(String(value));
  if (kind === "date") return formatDate(new Date(String(value)));
  const n = value as number;
  if (kind === "rate") return formatRate(n, 2);
  if (kind === "rate3") return formatRate(n, 3);
  if (kind === "ratio") return formatRatio(n);
  if (kind === "ordinal") return ordinal(n);
  if (kind === "share") return `${Number((n * 100).toFixed(1))}%`;
  return formatCount(n);
}

/** Reads `input.variation.areas[3].rate` out of an object. */
export function atPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Text of a run of inlines. */
export function plainText(parts: Inline[]): string {
  return parts.map((p) => (typeof p === "string" ? p : p.text)).join("");
}

const COMPARED: Record<Comparison, string> = {
  higher: "above the expected range",
  similar: "within the expected range",
  lower: "below the expected range",
};

export interface ReleaseOptions {
  /** When the embargo lifts, as written by the user and checked by the CLI (`Date`). */
  embargo?: Date;
  /** The time the release was generated (figures.json `generatedAt`). */
  now: Date;
}

/** `00:01 on Thursday 1 May 2025 (UK time)`. */
export function embargoLine(embargo: Date | undefined): string {
  if (!embargo) return "EMBARGOED UNTIL [time and date to be set]";
  const time = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/London",
  }).format(embargo);
  const day = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/London",
  }).format(embargo);
  return `EMBARGOED UNTIL ${time} ON ${day.replace(",", "").toUpperCase()} (UK TIME)`;
}

/**
 * Builds the release from the report's input. Figures are taken from `input` at the paths they
 * have in figures.json (`input.…`), formatted as the report formats them.
 */
export function buildRelease(input: ReportInput, options: ReleaseOptions): Release {
  const figures: FigureRef[] = [];
  const root = { input, summary: summarise(input) };
  const fig = (path: string, kind: FigureKind, value?: unknown): FigureRef => {
    const v = value ?? atPath(root, path);
    const ref = { text: formatFigure(v, kind), path, kind };
    figures.push(ref);
    return ref;
  };
  const v = input.variation;
  const vp = "input.variation";
  const digits = rateDigits(v.england.rate) === 3 ? "rate3" : "rate";
  const areaIndex = (a: AreaRate) => v.areas.indexOf(a);
  const ranked = [...v.areas].sort((a, b) => a.rank - b.rank);
  const top = ranked[0];
  const bottom = ranked[ranked.length - 1];
  const noun = MEASURE_NAMES[v.measure].noun;
  const synthetic = [input.variation, input.trend, input.waits].some((r) => r?.source.synthetic);
  // "in April 2026" for one month, "from April 2025 to March 2026" for more.
  const period = (): Inline[] =>
    v.from === v.to
      ? ["in ", fig(`${vp}.to`, "month")]
      : ["from ", fig(`${vp}.from`, "month"), " to ", fig(`${vp}.to`, "month")];
  const adjusted = v.funnel.adjustment !== "none";

  // The strongest finding that survives the over-dispersion-aware test: the highest and lowest
  // areas when both lie outside the expected range; otherwise the spread is reported as no more
  // than the areas' ordinary variation.
  let headline: Inline[];
  const standsOut = top && bottom && top !== bottom && top.comparedToEngland === "higher";
  // `--measure-basis need-adjusted`: the headline and standfirst use the need-adjusted ratio and
  // its comparison (the analysis's needAdjusted… fields), as the report's headlines do.
  const need = v.measureBasis === "need-adjusted" && v.needAdjusted ? v.needAdjusted : null;
  const byNeed = [...v.areas]
    .filter((a) => a.needAdjustedRank !== null && a.needAdjustedRank !== undefined)
    .sort(
      (a, b) =>
        (a.needAdjustedRank as number) - (b.needAdjustedRank as number) ||
        a.code.localeCompare(b.code),
    );
  const needTop = byNeed[0];
  const needBottom = byNeed[byNeed.length - 1];
  if (need) {
    headline =
      needTop &&
      needBottom &&
      needTop !== needBottom &&
      needTop.needAdjustedComparedToEngland === "higher" &&
      needBottom.needAdjustedComparedToEngland === "lower"
        ? [
            fig(`${vp}.areas[${areaIndex(needTop)}]`, "area", needTop),
            " had ",
            fig(`${vp}.areas[${areaIndex(needTop)}].needAdjustedRatio`, "rate"),
            ` times the ${noun} that England's rate implies for its need, `,
            fig(`${vp}.areas[${areaIndex(needBottom)}]`, "area", needBottom),
            " ",
            fig(`${vp}.areas[${areaIndex(needBottom)}].needAdjustedRatio`, "rate"),
            " times",
          ]
        : [
            "Planned hospital treatment, adjusted for need, differs between areas of England, but no more than ordinary variation explains",
          ];
  } else if (standsOut && bottom.comparedToEngland === "lower" && v.spread.eq !== null) {
    headline = [
      fig(`${vp}.areas[${areaIndex(top)}]`, "area", top),
      " had ",
      fig(`${vp}.spread.eq`, "ratio"),
      ` times as many ${noun} per head as `,
      fig(`${vp}.areas[${areaIndex(bottom)}]`, "area", bottom),
    ];
  } else {
    headline = [
      "Planned hospital treatment rates differ between areas of England, but no more than ordinary variation explains",
    ];
  }
  const standfirst: Inline[] = need
    ? [
        "Of ",
        fig(`${vp}.needAdjusted.areas`, "count"),
        " areas of England with a need-weighted population, ",
        fig("summary.needAdjusted.higher", "count"),
        ` had more ${noun} than the expected range around England's rate for their need, and `,
        fig("summary.needAdjusted.lower", "count"),
        " fewer, ",
        ...period(),
        `${need.funnel.adjustment !== "none" ? ", after allowing for the extra variation between areas" : ""}, according to Ration Watch's analysis of NHS England figures.`,
      ]
    : [
        "Of ",
        fig("summary.variation.areas", "count"),
        " areas of England, ",
        fig("summary.variation.higher", "count"),
        ` had more ${noun} per 1,000 residents than the expected range around England's rate of `,
        fig(`${vp}.england.rate`, digits),
        " a month, and ",
        fig("summary.variation.lower", "count"),
        " fewer, ",
        ...period(),
        `${adjusted ? ", after allowing for the extra variation between areas" : ""}, according to Ration Watch's analysis of NHS England figures.`,
      ];

  const body: Block[] = [];
  const para = (...parts: Inline[]) => body.push({ kind: "paragraph", parts });
  const heading = (text: string) => body.push({ kind: "heading", parts: [text] });

  heading("Key findings");
  v.headlines.forEach((_, i) =>
    body.push({ kind: "bullet", parts: [fig(`${vp}.headlines[${i}]`, "text")] }),
  );

  const regions = [...v.regions].sort((a, b) => b.rate - a.rate);
  const hi = regions[0];
  const lo = regions[regions.length - 1];
  if (hi && lo && hi !== lo) {
    const ri = (r: typeof hi) => v.regions.indexOf(r);
    heading("The regional picture");
    para(
      fig(`${vp}.regions[${ri(hi)}].name`, "text"),
      " had the highest rate of the NHS regions, ",
      fig(`${vp}.regions[${ri(hi)}].rate`, digits),
      ` ${noun} per 1,000 residents a month (${COMPARED[hi.comparedToEngland]} around England's `,
      fig(`${vp}.england.rate`, digits),
      "), and ",
      fig(`${vp}.regions[${ri(lo)}].name`, "text"),
      " the lowest, ",
      fig(`${vp}.regions[${ri(lo)}].rate`, digits),
      ` (${COMPARED[lo.comparedToEngland]}).`,
    );
  }

  const w = v.withinIcs[0];
  if (w) {
    const wp = `${vp}.withinIcs[0]`;
    heading("Neighbours, different chances");
    para(
      fig(`${wp}.highest`, "area", w.highest),
      " (",
      fig(`${wp}.highest.rank`, "ordinal"),
      ") and ",
      fig(`${wp}.lowest`, "area", w.lowest),
      " (",
      fig(`${wp}.lowest.rank`, "ordinal"),
      ") are part of the same integrated care system, ",
      fig(`${wp}.icbName`, "text", shortName(w.icbName)),
      ...(w.ratio === null
        ? [". The widest gap inside any one system."]
        : [
            ": ",
            fig(`${wp}.highest`, "area", w.highest),
            " had ",
            fig(`${wp}.ratio`, "ratio"),
            ` times as many ${noun} per 1,000 residents, the widest gap inside any one system.`,
          ]),
    );
  }

  if (input.specialties.length > 0) heading("Specialties");
  input.specialties.forEach((s, i) => {
    const sp = `input.specialties[${i}]`;
    const sr = [...s.areas].sort((a, b) => a.rank - b.rank);
    const a = sr[0];
    const z = sr[sr.length - 1];
    const sd = rateDigits(s.england.rate) === 3 ? "rate3" : "rate";
    const up = root.summary.specialties[i]?.higher ?? 0;
    const down = root.summary.specialties[i]?.lower ?? 0;
    if (!a || !z) return;
    para(
      `${specialtyLabel(s)}: England's rate was `,
      fig(`${sp}.england.rate`, sd),
      " per 1,000 residents a month. The highest was ",
      fig(`${sp}.areas[${s.areas.indexOf(a)}]`, "area", a),
      " (",
      fig(`${sp}.areas[${s.areas.indexOf(a)}].rate`, sd),
      ") and the lowest ",
      fig(`${sp}.areas[${s.areas.indexOf(z)}]`, "area", z),
      " (",
      fig(`${sp}.areas[${s.areas.indexOf(z)}].rate`, sd),
      ...(up === 0 && down === 0
        ? ["); no area was outside the expected range."]
        : [
            "); ",
            fig(`summary.specialties[${i}].higher`, "count"),
            " areas were above the expected range and ",
            fig(`summary.specialties[${i}].lower`, "count"),
            " below it.",
          ]),
    );
  });

  body.push(
    { kind: "heading", parts: ["Quotes"] },
    {
      kind: "placeholder",
      parts: [
        "[QUOTE: spokesperson for the campaign, name and role. One or two sentences on what the figures mean for patients. Check it uses only figures above.]",
      ],
    },
    {
      kind: "placeholder",
      parts: [
        "[QUOTE: clinician or patient representative, name and role. Approved in writing before release.]",
      ],
    },
    { kind: "heading", parts: ["Case study"] },
    {
      kind: "placeholder",
      parts: [
        "[CASE STUDY: a patient in one of the areas named above, with their consent; name, age, area and what happened. Keep it to the facts they have approved.]",
      ],
    },
    { kind: "ends", parts: ["-ends-"] },
  );

  const notes: Block[] = [];
  const note = (...parts: Inline[]) => notes.push({ kind: "paragraph", parts });
  if (synthetic) {
    note(
      "SYNTHETIC DEMONSTRATION DATA: every figure in this draft was generated to demonstrate Ration Watch. These are not real NHS statistics and must not be published or quoted.",
    );
  }
  note(
    `What is counted: ${MEASURE_NAMES[v.measure].definition}, by the NHS commissioner responsible for the patient (for most people, the area of their GP practice), `,
    ...period(),
    ". Each area's figure is its count divided by its resident population and by the number of months, per 1,000 people: the number treated in an average month for every 1,000 residents. These crude rates are not adjusted for age or need.",
  );
  if (need) {
    note(
      "Need-adjusted ratio (what the headline and standfirst use): each area's count divided by the count expected if it were treated at England's rate per head of need-weighted population, from ",
      fig(`${vp}.needAdjusted.citation`, "text"),
      ". NHS England's need-weighted population weights each GP practice's list by the age, sex, morbidity and deprivation need of its allocation formula. A ratio of 1 is England's rate for the area's need; 1.20 means 20% more activity than that, not that it is too much. Areas without a need-weighted population have no ratio.",
    );
  }
  note(
    `How differences are judged: an area is above or below the "expected range" when it lies outside the 95% limits of a funnel plot around England's rate${adjusted ? ", widened to allow for the ordinary variation between areas that chance alone does not explain" : ""}. Areas within it are not described as different from England. This is the approach of NHS England's "Making Data Count" and of OHID's Fingertips.`,
  );
  if (v.completeness?.note) {
    // Why some areas have no rank: their usual providers submitted no data.
    note(
      "Missing submissions: ",
      fig(`${vp}.completeness.note`, "text"),
      " An area is left out of the ranking when more than ",
      fig(`${vp}.completeness.threshold`, "share"),
      v.completeness.incomplete.some((a) => a.missingProviders.some((p) => p.partial))
        ? " of its activity normally comes from providers that submitted nothing or only part of their data: its figure would be too low because of missing data, not rationing."
        : " of its activity normally comes from providers that submitted nothing: its figure would be too low because of missing data, not rationing.",
    );
  }
  note(
    `Sources: ${RTT_SOURCE} (${RTT_URL}); ${ONS_SOURCE} (`,
    fig(`${vp}.source.populationVintage`, "text"),
    "). Full method, tables and every figure: the Ration Watch report and figures.json released with it.",
  );
  note(`Licence: ${OGL}`);
  note(
    "Data vintage: referral-to-treatment data ",
    ...period(),
    "; figures generated ",
    fig("generatedAt", "date", options.now.toISOString()),
    ".",
  );
  note(
    "Figures in this release: each number is listed below with the place in figures.json it comes from.",
  );

  return {
    synthetic,
    embargo: embargoLine(options.embargo),
    headline,
    standfirst,
    body,
    notes,
    figures,
  };
}
