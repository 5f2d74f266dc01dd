/** The report page: one self-contained HTML file (inline CSS and SVG) in the NHS.UK idiom. */
import type { ChartName, ChartWithData } from "./charts/index.ts";
import { loadNhsukCss, REPORT_CSS, subsetCss, usedClasses } from "./css.ts";
import { escapeXml, formatDate } from "./format.ts";
import { methodologyHtml, sourcesHtml } from "./methodology.ts";
import { leadingView } from "./need-view.ts";
import { restrictionsSection } from "./restrictions-section.ts";
import {
  figure,
  headlineList,
  keyFiguresHtml,
  deprivationTable,
  leagueTable,
  paragraphs,
  regionsTable,
  specialtiesTable,
  trendTable,
  waitsTable,
  withinIcsTable,
  type Section,
} from "./sections.ts";
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
} from "./text.ts";
import type { ReportInput } from "./types.ts";
import { OGL, OS_ATTRIBUTION, specialtyLabel } from "./words.ts";

export interface PageOptions {
  title: string;
  now: Date;
  synthetic: boolean;
  charts: Map<ChartName, ChartWithData>;
  /** Whether charts/*.png are written beside the page, for its download links (default true). */
  pngs?: boolean;
}

/** The report's sections in order; the map section only when there is a map. */
export function reportSections(input: ReportInput, o: PageOptions): Section[] {
  const v = input.variation;
  const c = o.charts;
  const fig = (name: ChartName, caption?: string) => figure(c, name, caption, o.pngs ?? true);
  const sections: Section[] = [
    {
      id: "headlines",
      title: "Headline findings",
      body:
        keyFiguresHtml(keyFigures(input)) +
        headlineList([
          ...v.headlines,
          ...(input.restrictions?.overlays.flatMap((o) => o.headlines) ?? []),
        ]),
    },
  ];
  if (c.has("map")) {
    sections.push({
      id: "map",
      title: "Map",
      body: paragraphs(spreadSentences(v)) + fig("map") + fig("map-phone"),
      newPage: true,
    });
  }
  sections.push(
    {
      id: "league-table",
      title: "League table of all areas",
      body:
        paragraphs([
          v.measureBasis === "need-adjusted" && v.needAdjusted
            ? "Areas are ranked from the highest need-adjusted ratio to the lowest (a ratio of 1 is England's rate for the area's need). The bars show how precisely each ratio is known; an area is shown above or below the expected range only when it lies outside the funnel limits, which allow for the ordinary spread between areas."
            : `Areas are ranked from the highest rate to the lowest. The bars show how precisely each rate is known; an area is shown above or below the expected range only when it lies outside the 95% funnel limits around England's rate${v.funnel.adjustment === "none" ? "" : ", which allow for the ordinary spread between areas, so a narrow interval that misses England's rate can still be within the range"} (see the funnel plot).`,
          ...(v.completeness?.incomplete.length ? [v.completeness.note ?? ""] : []),
        ]) +
        fig("ranked") +
        fig("ranked-2") +
        leagueTable(v),
      newPage: true,
    },
    {
      id: "funnel",
      title: "Funnel plot",
      body:
        fig(
          "funnel",
          "How to read it: each dot is an area. Dots between the lines differ from England by no more than expected; dots beyond the outer (99.8%) lines stand out.",
        ) + paragraphs(funnelSentences(leadingView(v))),
      newPage: true,
    },
    { id: "regions", title: "Regions", body: fig("regions") + regionsTable(v) },
    ...(v.deprivation
      ? [
          {
            id: "deprivation",
            title: "Deprivation gradient",
            body: paragraphs(deprivationSentences(v)) + deprivationTable(v),
          },
        ]
      : []),
    {
      id: "within-ics",
      title: "Variation inside each integrated care system",
      body: paragraphs(withinIcsSentences(v)) + fig("within-ics") + withinIcsTable(v),
      newPage: true,
    },
  );
  if (input.specialties.length > 0) {
    sections.push({
      id: "specialties",
      title: "Specialties",
      body:
        paragraphs([
          `The same comparison for ${input.specialties
            .map(specialtyLabel)
            .join(", ")
            .replace(
              /, ([^,]*)$/,
              " and $1",
            )}. Counts for a single specialty are smaller, so each area's interval is wider relative to its rate. To put specialties with very different rates on one scale, the chart shows each area's rate as a percentage of England's rate for that specialty.`,
        ]) +
        fig("specialties") +
        specialtiesTable(input.specialties),
      newPage: true,
    });
  }
  sections.push(
    {
      id: "waits",
      title: "Waiting times",
      body: paragraphs(waitsSentences(input.waits)) + fig("waits") + waitsTable(input.waits),
      newPage: true,
    },
    {
      id: "trend",
      title: "Trend over time",
      body: input.trend
        ? paragraphs(trendSentences(input.trend)) + fig("spc") + trendTable(input.trend)
        : paragraphs([trendOmitted(v)]),
      newPage: true,
    },
  );
  const restrictions = restrictionsSection(input.restrictions);
  if (restrictions) sections.push(restrictions);
  sections.push(
    { id: "methodology", title: "Methodology", body: methodologyHtml(input), newPage: true },
    {
      id: "sources",
      title: "Data sources and licences",
      body: sourcesHtml(input, input.boundaries?.attribution ?? OS_ATTRIBUTION),
    },
  );
  return sections;
}

const SYNTHETIC_BANNER = `<div class="rw-synthetic" role="note"><div class="nhsuk-width-container"><p><strong>Synthetic demonstration data.</strong> Every figure in this report was generated to demonstrate Ration Watch. These are not real NHS statistics: do not quote them.</p></div></div>`;

/**
 * The whole page as one HTML string: the used subset of nhsuk-frontend's CSS inline, charts as
 * inline SVG, a synthetic-data banner when the data are synthetic.
 */
export function renderHtml(input: ReportInput, o: PageOptions): string {
  const sections = reportSections(input, o);
  const contents = sections
    .map(
      (s, i) =>
        `<li class="nhsuk-contents-list__item"><a class="nhsuk-contents-list__link" href="#${s.id}">${i + 1}. ${escapeXml(s.title)}</a></li>`,
    )
    .join("");
  const main = sections
    .map(
      (s, i) =>
        `<section class="rw-section${s.newPage ? " rw-section--page" : ""}" id="${s.id}" aria-labelledby="${s.id}-title">\n<h2 class="nhsuk-heading-l" id="${s.id}-title">${i + 1}. ${escapeXml(s.title)}</h2>\n${s.body}\n</section>`,
    )
    .join("\n");
  const generated = formatDate(o.now);
  const body = `<body class="nhsuk-template__body">
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<header class="rw-masthead" role="banner"><div class="nhsuk-width-container"><p class="rw-masthead__name">Ration Watch</p><p class="rw-masthead__tagline">Planned NHS care in England: does where you live decide what you get?</p></div></header>
${o.synthetic ? SYNTHETIC_BANNER : ""}
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent">
<h1 class="nhsuk-heading-xl">${escapeXml(o.title)}</h1>
<p class="nhsuk-lede-text">${escapeXml(lede(input))}</p>
<p class="nhsuk-body-s rw-meta">Generated ${escapeXml(generated)}${o.synthetic ? " · <strong>synthetic demonstration data</strong>" : ""} · ${escapeXml(OGL)}</p>
<nav class="nhsuk-contents-list" role="navigation" aria-label="Contents"><h2 class="nhsuk-heading-s">Contents</h2><ol class="nhsuk-contents-list__list">${contents}</ol></nav>
${main}
</main>
</div>
<footer class="rw-footer" role="contentinfo"><div class="nhsuk-width-container"><p>Ration Watch report generated ${escapeXml(generated)}. ${escapeXml(OGL)} ${escapeXml(input.boundaries?.attribution ?? OS_ATTRIBUTION)}${o.synthetic ? " <strong>Synthetic demonstration data: not real NHS figures.</strong>" : ""}</p></div></footer>
</body>`;
  const css =
    subsetCss(loadNhsukCss(), usedClasses(`<html class="nhsuk-template">${body}`)) + REPORT_CSS;
  return `<!doctype html>
<html lang="en-GB" class="nhsuk-template">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Ration Watch">
<title>${escapeXml(o.title)}${o.synthetic ? " (synthetic demonstration data)" : ""}</title>
<style>${css}</style>
</head>
${body}
</html>
`;
}
