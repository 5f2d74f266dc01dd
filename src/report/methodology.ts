/** The methodology and the data-sources sections: how to read every figure, and where it came from. */
import type { SourceInfo } from "../analysis/types.ts";

import { escapeXml, formatCount, formatNumber, formatPeriod } from "./format.ts";
import { text } from "./html-table.ts";
import type { ReportInput } from "./types.ts";
import {
  MEASURE_NAMES,
  OGL,
  OGL_URL,
  ONS_SOURCE,
  ONS_URL,
  OS_ATTRIBUTION,
  RTT_SOURCE,
  RTT_URL,
} from "./words.ts";

const p = (html: string) => `<p>${html}</p>`;
const h3 = (title: string) => `<h3 class="nhsuk-heading-s">${escapeXml(title)}</h3>`;

function overDispersion(input: ReportInput): string {
  const f = input.variation.funnel;
  const phi = formatNumber(f.phi, 2);
  const common = `Over-dispersion is measured by φ, the mean of the squared z-scores of the areas after winsorising the most extreme ones (Spiegelhalter, 2005); φ close to 1 means the areas differ by no more than chance. Here φ = ${phi}.`;
  const spread =
    f.phi > 1
      ? "The areas differ from one another by more than chance alone would explain"
      : "The areas differ from one another by no more than chance would explain";
  const record = `<span class="rw-muted">The analysis's own record of this choice: ${escapeXml(f.adjustmentReason)}.</span>`;
  if (f.adjustment === "additive") {
    return p(
      `${common} ${spread}, so the limits drawn as solid lines use the <strong>additive</strong> (random-effects) adjustment: a between-area variance τ² = ${escapeXml(f.tau2.toPrecision(3))} is added to each area's own sampling variance. The additive form accepts that areas genuinely differ by some amount and asks which differ by more than that; unlike the multiplicative form (which scales every area's variance by φ), it does not let the largest areas, whose own sampling error is tiny, be flagged for differences no bigger than those between typical areas. The unadjusted Poisson limits are shown dashed for reference. ${record}`,
    );
  }
  if (f.adjustment === "multiplicative") {
    return p(
      `${common} ${spread}, and with few areas the between-area variance cannot be estimated reliably, so the solid limits use the <strong>multiplicative</strong> adjustment: each area's sampling variance is multiplied by φ. The unadjusted Poisson limits are shown dashed. ${record}`,
    );
  }
  return p(`${common} ${spread}, so no adjustment was needed. ${record}`);
}

/** The methodology section's content. */
/** The need-adjusted ratio, which basis leads, and why need and not age (docs/methodology.md). */
function needAdjustedMethod(v: ReportInput["variation"]): string[] {
  const n = v.needAdjusted;
  if (!n) return [];
  const lead =
    v.measureBasis === "need-adjusted"
      ? "This report leads with the need-adjusted ratio: the map, the league table's order and the headline findings use it, and each crude-rate sentence says so."
      : "This report leads with the crude rate: the map, the league table's order and the headline findings use it; the need-adjusted ratio is shown beside it in the league table and workbook, and its sentences start “Need-adjusted”.";
  return [
    h3("Need-adjusted ratio"),
    p(
      `A crude rate per head partly measures age: older areas need more planned surgery. The need-adjusted ratio compares each area's count with the count expected if it were treated at England's rate per head of need-weighted population (NHS England's general and acute weighted population, which weights each GP practice's list by the age, sex, morbidity and deprivation need of the NHS allocation formula; ${escapeXml(n.citation)}). Expected = England's count per need-weighted head × the area's need-weighted population, so a ratio of 1.20 means 20% more activity than England's rate gives for the area's need, and England's ratio is 1. Its 95% and 99.8% intervals are the Poisson limits of the count (Byar's approximation from 10, exact below) divided by the expected count. An area is above or below the expected range for its need when it lies outside funnel limits around 1 widened for the extra variation between areas in the same way as the crude rates'; ranks and rank ranges are simulated from the same model. ${lead}`,
    ),
    p(
      "Why need-weighting rather than age-standardisation: standardising for age needs activity by age band, and the RTT returns have none (they count pathways by commissioner, provider and specialty only), so neither direct nor indirect age-standardisation is possible from them. The need formula prices total general and acute care rather than elective care or one specialty, so a ratio above 1 means more activity than England's average for that need, not too much.",
    ),
  ];
}

export function methodologyHtml(input: ReportInput): string {
  const v = input.variation;
  const m = MEASURE_NAMES[v.measure];
  const excluded = v.excluded;
  return [
    h3("What is counted"),
    p(
      `The count is the number of ${escapeXml(m.definition)}. It comes from NHS England's monthly referral-to-treatment (RTT) returns, summed over every provider for each commissioner. Patients are counted against the commissioner responsible for them, which for most patients is the area where their GP practice is: so an area's figure includes patients treated in hospitals elsewhere. Areas are the ${v.areas.length} geographic commissioners of the period's boundaries (clinical commissioning groups, later sub-ICB locations); rates are for all specialties together unless a specialty is named.`,
    ),
    h3("What the rate means"),
    p(
      `The rate is the count divided by the number of months in the period (${v.months}) and by the area's resident population (${escapeXml(v.source.populationVintage)}), multiplied by 1,000: the number of ${escapeXml(m.noun)} in an average month for every 1,000 people living in the area. A rate of 4.5 means that, in a typical month, about 4 or 5 of every 1,000 residents ${v.measure === "admitted" ? "completed hospital treatment as an admitted patient" : "were counted"}. England's rate is the total count of all the areas divided by their total population, so it is like for like with the areas. Rates are not adjusted for age or need: an older population can be expected to need more surgery.`,
    ),
    h3("Confidence intervals"),
    p(
      "Every rate is an estimate from a finite number of patients, so part of the difference between areas is chance. The 95% confidence interval is the range of underlying rates compatible with the count: exact Poisson limits for counts below 10, Byar's approximation from 10 upwards (the methods of OHID's Fingertips). The 99.8% interval is wider and is used where only very strong evidence should count. Intervals are computed on the count and scaled like the rate.",
    ),
    h3("Compared with England: the expected range"),
    p(
      `An area is <strong>above the expected range</strong> when its rate lies above the upper 95% funnel limit around England's rate for an area of its size, <strong>below the expected range</strong> when it lies below the lower limit, and <strong>within the expected range</strong> otherwise (the words of NHS England's Making Data Count and OHID's Fingertips). ${v.funnel.adjustment === "none" ? "Here the areas vary no more than chance would make them, so the limits are plain Poisson limits." : "Because the areas vary far more than chance alone would make them (over-dispersion, below), the limits are widened by the ordinary variation between areas: an area is flagged only when it stands out from that spread, not merely from chance."} This comparison drives every colour, badge, count and headline in this report. Within the expected range does not mean the rate equals England's.`,
    ),
    p(
      "Fingertips' own comparison — is England's rate outside the area's 95% Poisson confidence interval? — is kept in the workbook as a labelled column ('Poisson 95% CI'). With counts in the thousands that interval is so narrow that almost every area differs from England by that test; it answers whether the difference could be chance alone, not whether the area is unusual among areas, so the report does not use it for findings.",
    ),
    p(
      "Rank 1 is the highest rate. The rank range in the league table runs from the 25th to the 975th of 1,000 ranks simulated from the same model as the funnel (each area's rate drawn with its own sampling error plus the between-area variance when the areas are over-dispersed); it shows how little separates many areas.",
    ),
    ...needAdjustedMethod(v),
    ...(v.deprivation
      ? [
          h3("Deprivation gradient"),
          p(
            `Areas are grouped into fifths by the population-weighted average English Indices of Deprivation 2025 score of their neighbourhoods (fifth 1 the most deprived; equal numbers of areas, OHID's method). A fifth's rate is its total count over its total population; its 95% interval comes from the spread of its own areas' rates, so it includes the real variation between areas, not only chance. The slope index of inequality is the population-weighted regression of the fifths' rates on their position in the deprivation order (most deprived = 0, least = 1): the modelled gap between the two ends, positive when less deprived areas have more activity. The relative index is the least deprived end's rate divided by the most deprived end's. Their 95% intervals come from 10,000 simulations (PHEindicatormethods); a gradient is reported only when the slope's interval excludes zero.`,
          ),
        ]
      : []),
    h3("How to read these findings"),
    `<ul class="nhsuk-list nhsuk-list--bullet"><li>Quote an area as <em>above</em> or <em>below the expected range</em>, not as “significantly” different: the test is whether it stands out from the ordinary spread between areas.</li><li>Rank positions are uncertain: use the rank range (“between 3rd and 12th”) rather than a single rank, and do not call an area “the worst” or “the best” — a higher rate of treatment is not in itself better or worse.</li><li>Rates per head are not adjusted for age or need: an area with an older population can be expected to have more operations. Where the need-adjusted ratio is shown, it compares each area with what England's rate would give for its need.</li><li>Say what is counted (for example, completed admitted pathways per 1,000 residents a month), the period and the source (NHS England RTT; ONS population).</li></ul>`,
    h3("Funnel plot and over-dispersion"),
    p(
      "The funnel plot shows each area's rate against its population. The funnel lines show where 95% and 99.8% of areas would fall if every area had England's underlying rate and differed only by chance; they narrow as population grows because larger areas give more precise rates. An area outside the 99.8% lines is very unlikely to differ by chance alone. The funnel ranks nothing: it separates areas that stand out from those that do not.",
    ),
    overDispersion(input),
    h3("Spread between areas"),
    p(
      "The top-to-bottom ratio is the highest area's rate divided by the average of the ten lowest (the measure used in Ration Watch's earlier reports). EQ5–95 is the rate at the 95th percentile divided by that at the 5th (percentiles interpolated linearly, as R's type 7), which is less affected by one unusual area. The coefficient of variation is 100 × the standard deviation of the area rates ÷ their mean.",
    ),
    h3("Variation inside each integrated care system"),
    p(
      "Each area belongs to the integrated care system (ICS) recorded as its parent organisation in the period's last month. For every ICS with at least two areas, the report shows the areas with the highest and lowest rates, their national ranks, and the ratio of the two rates.",
    ),
    h3("Waiting times"),
    p(
      "The waiting list is the number of incomplete pathways at the end of the month (RTT Part 2): patients referred and still waiting to start treatment. The share within 18 weeks is compared with the NHS Constitution standard of 92%. Long waits count the patients in weekly bands from 52 (65, 78, 104) weeks up. The median and 92nd-percentile waits are estimated as NHS England does, by linear interpolation within the weekly band that contains the percentile, assuming patients are spread evenly within a band. The waiting list counts pathways, not people: one patient can wait on more than one pathway.",
    ),
    h3("Trend and statistical process control"),
    p(
      "The monthly chart is an XmR (individuals) chart, as in NHS England's Making Data Count. The centre line is the mean of the months; the process limits are the mean ± 2.66 times the average absolute difference between consecutive months (the moving range). Points are flagged as special cause when they fall outside the limits, form a trend of 7 consecutive rises or falls, form a run of 7 on one side of the mean, or when two of three consecutive points lie beyond two-thirds of the way to a limit. Months with no flag show common-cause variation: the ordinary noise of a stable process. With fewer than 12 points the limits are trial limits.",
    ),
    h3("Areas left out"),
    excluded.length === 0
      ? p("No activity was left out.")
      : p(
          `Activity commissioned by organisations without a resident population (national and regional commissioning hubs, non-contract activity) cannot be turned into a rate per head and is left out of every rate, including England's: ${excluded
            .map(
              (e) =>
                `${escapeXml(e.code)}${e.name ? ` (${escapeXml(e.name)})` : ""}, ${formatCount(e.count)}`,
            )
            .join("; ")}.`,
        ),
    input.variation.source.synthetic
      ? `${h3("Synthetic demonstration data")}${p("<strong>The figures in this edition are synthetic.</strong> They were generated by Ration Watch's demonstration data generator from the real list of commissioners and their populations, calibrated to national magnitudes, to show what the report looks like. They are not NHS statistics and must not be quoted as such.")}`
      : "",
  ].join("\n");
}

function allFiles(input: ReportInput): SourceInfo["files"] {
  const seen = new Map<string, SourceInfo["files"][number]>();
  const results = [
    input.variation,
    ...input.specialties,
    input.trend,
    input.waits,
    input.waitsByCommissioner,
  ];
  for (const r of results)
    for (const f of r?.source.files ?? []) seen.set(`${f.file}|${f.checksum}`, f);
  return [...seen.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || a.file.localeCompare(b.file),
  );
}

/**
 * The input files, compactly: month, file name and the first 16 of the SHA-256's 64 hex digits,
 * in columns that never break a hash; the full checksums are in tables.xlsx (Notes) and
 * figures.json.
 */
function checksumList(files: SourceInfo["files"]): string {
  const items = files
    .map(
      (f) =>
        `<li><span class="rw-nowrap">${text(f.month)}</span> <span class="rw-code">${text(f.checksum.slice(0, 16))}</span> <span class="rw-muted-inline">${text(f.file)}</span></li>`,
    )
    .join("");
  return `<h3 class="nhsuk-heading-s">Input files</h3><p>${files.length} input file${files.length === 1 ? "" : "s"}, each with the first 16 hexadecimal digits of its SHA-256 checksum (the full checksums are in tables.xlsx, sheet Notes, and in figures.json):</p><ul class="rw-checksums">${items}</ul>`;
}

/** The data sources and licences section's content. */
export function sourcesHtml(input: ReportInput, boundaryAttribution: string): string {
  const v = input.variation;
  const files = allFiles(input);
  return [
    `<ul class="nhsuk-list nhsuk-list--bullet">`,
    `<li><strong>Activity and waiting times:</strong> <a href="${RTT_URL}">${escapeXml(RTT_SOURCE)}</a>, ${escapeXml(formatPeriod(input.trend && input.trend.from < v.from ? input.trend.from : v.from, v.to))}.${v.source.synthetic ? " <strong>This edition uses synthetic demonstration data in the same layout.</strong>" : ""}</li>`,
    `<li><strong>Population:</strong> <a href="${ONS_URL}">${escapeXml(ONS_SOURCE)}</a> (${escapeXml(v.source.populationVintage)}).</li>`,
    `<li><strong>Boundaries:</strong> Office for National Statistics, Open Geography Portal (clinical commissioning groups, integrated care systems and NHS regions), simplified for mapping. Source: Office for National Statistics licensed under the Open Government Licence v3.0. ${escapeXml(boundaryAttribution)}</li>`,
    `</ul>`,
    p(`${escapeXml(OGL)} <a href="${OGL_URL}">Open Government Licence v3.0</a>.`),
    p(`Method: ${escapeXml(v.source.method)}`),
    files.length === 0 ? "" : checksumList(files),
    `<p>The workbook <strong>tables.xlsx</strong> holds every table in this report, and <strong>figures.json</strong> the figures behind every chart and sentence.</p>`,
  ].join("\n");
}

export { OS_ATTRIBUTION };
