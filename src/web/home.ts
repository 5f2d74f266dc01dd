/** The home page: the latest window's headlines, the map, regions, the widest gaps inside an ICS. */
import { testPhrase } from "../analysis/headlines.ts";
import { variationToTidy } from "../analysis/tidy.ts";
import type { VariationResult, WaitsOutput } from "../analysis/types.ts";
import { mapChart } from "../report/charts/map.ts";
import { regionsChart } from "../report/charts/regions.ts";
import { withinIcsChart } from "../report/charts/within-ics.ts";
import type { ReportBoundaries } from "../report/types.ts";
import { measureWithUnit, OS_ATTRIBUTION, rateSource } from "../report/words.ts";

import { comparisonTag, figure, inset, keyFigure, table } from "./components.ts";
import {
  formatCount,
  formatInterval,
  formatMonth,
  formatPercent,
  formatPeriod,
  formatRate,
  formatRatio,
  formatWeeks,
  rateDigits,
  areaLabel,
  shortName,
} from "./format.ts";
import { html } from "./html.ts";
import { myAreaForm } from "./my-area.ts";
import { tidyTable } from "./tidy-table.ts";
import type { PageContext, PageExport, PageView } from "./types.ts";
import { href } from "./types.ts";

export interface HomeInput {
  variation: VariationResult;
  waits: WaitsOutput;
  boundaries: ReportBoundaries | null;
  /** Trusts that should have submitted the latest month but did not; null when not known. */
  /** `partial`: it sent rows, but far fewer than in its neighbouring months (completeness.ts). */
  nonSubmitters: Array<{ code: string; name: string; partial?: boolean }> | null;
}

export function homeView(input: HomeInput, ctx: PageContext): PageView {
  const v = input.variation;
  const synthetic = ctx.meta.synthetic;
  const meta = { source: rateSource(v.source.populationVintage), synthetic };
  const digits = rateDigits(v.england.rate);
  const exports: PageExport[] = [];
  const tidy = tidyTable(variationToTidy(v));
  const map = input.boundaries
    ? mapChart(
        v,
        { ...input.boundaries, attribution: input.boundaries.attribution ?? OS_ATTRIBUTION },
        meta,
      )
    : null;
  const mapExport: PageExport = {
    name: "map",
    title: `${measureWithUnit(v)}, by area`,
    chart: map,
    table: tidy,
  };
  const regions = regionsChart(v, meta);
  const regionsExport: PageExport = {
    name: "regions",
    title: regions.title,
    chart: regions,
    table: {
      header: [
        "region",
        "count",
        "population",
        "rate",
        "lower95",
        "upper95",
        "lower998",
        "upper998",
        "comparedToEngland",
      ],
      rows: v.regions.map((r) => [
        r.name,
        r.count,
        r.population,
        r.rate,
        r.lower95,
        r.upper95,
        r.lower998,
        r.upper998,
        r.comparedToEngland,
      ]),
    },
  };
  const gaps = withinIcsChart(v, meta);
  const gapsExport: PageExport = {
    name: "within-ics",
    title: gaps.title,
    chart: gaps,
    table: {
      header: [
        "icbCode",
        "icbName",
        "areas",
        "bestCode",
        "bestName",
        "bestRank",
        "bestRate",
        "worstCode",
        "worstName",
        "worstRank",
        "worstRate",
        "ratio",
      ],
      rows: v.withinIcs.map((g) => [
        g.icbCode,
        g.icbName,
        g.areas,
        g.highest.code,
        g.highest.name,
        g.highest.rank,
        g.highest.rate,
        g.lowest.code,
        g.lowest.name,
        g.lowest.rank,
        g.lowest.rate,
        g.ratio,
      ]),
    },
  };
  exports.push(mapExport, regionsExport, gapsExport);
  const w = input.waits;
  const higher = v.areas.filter((a) => a.comparedToEngland === "higher").length;
  const lower = v.areas.filter((a) => a.comparedToEngland === "lower").length;

  const areaTable = table({
    caption: `${measureWithUnit(v)} by area, ${formatPeriod(v.from, v.to)}`,
    sortable: true,
    columns: [
      { header: "Rank", numeric: true, cell: (a) => a.rank, sortValue: (a) => a.rank },
      {
        header: "Area",
        cell: (a) => html`<a href="${href(ctx, `/area/${a.code}/`)}">${areaLabel(a)}</a>`,
        sortValue: (a) => areaLabel(a),
      },
      {
        header: "Rate",
        numeric: true,
        cell: (a) => formatRate(a.rate, digits),
        sortValue: (a) => a.rate,
      },
      {
        header: "95% interval",
        numeric: true,
        cell: (a) => formatInterval(a.lower95, a.upper95, digits),
      },
      {
        header: "Compared with England",
        cell: (a) => comparisonTag(a.comparedToEngland),
        sortValue: (a) => a.comparedToEngland,
      },
    ],
    rows: v.areas,
  });
  const regionTable = table({
    caption: `${measureWithUnit(v)} by NHS region`,
    columns: [
      { header: "Region", cell: (r) => r.name },
      { header: "Rate", numeric: true, cell: (r) => formatRate(r.rate, digits) },
      {
        header: "95% interval",
        numeric: true,
        cell: (r) => formatInterval(r.lower95, r.upper95, digits),
      },
      { header: "Compared with England", cell: (r) => comparisonTag(r.comparedToEngland) },
    ],
    rows: v.regions,
  });
  const gapTable = table({
    caption: "Highest and lowest area inside each integrated care system",
    columns: [
      {
        header: "ICS",
        cell: (g) =>
          html`<a href="${href(ctx, `/area/${g.icbCode}/`)}">${shortName(g.icbName)}</a>`,
      },
      {
        header: "Highest",
        cell: (g) => html`${areaLabel(g.highest)} (${formatRate(g.highest.rate, digits)})`,
      },
      {
        header: "Lowest",
        cell: (g) => html`${areaLabel(g.lowest)} (${formatRate(g.lowest.rate, digits)})`,
      },
      { header: "Highest ÷ lowest", numeric: true, cell: (g) => formatRatio(g.ratio) },
    ],
    rows: v.withinIcs,
  });

  const body = html`
    <h1 class="nhsuk-heading-xl">Planned NHS treatment in England, area by area</h1>
    <p class="nhsuk-lede-text">
      How many people each area's NHS treats, how long they wait, and whether a difference is real
      or noise: ${measureWithUnit(v).toLowerCase()}, ${formatPeriod(v.from, v.to)}.
    </p>
    ${myAreaForm(ctx, "")}
    <h2 class="nhsuk-heading-l">What the figures show</h2>
    <ul class="nhsuk-list nhsuk-list--bullet rw-headlines">
      ${v.headlines.map((h) => html`<li>${h}</li>`)}
    </ul>
    <p class="nhsuk-body-s">
      Each sentence is worded no stronger than its test: an area is above or below the expected
      range only when it lies outside England's ${testPhrase(v)}. ${v.comparison.method}
      <a href="${href(ctx, "/methodology/")}">How the figures are made</a>.
    </p>
    <div class="rw-keys">
      ${keyFigure(formatRate(v.england.rate, digits), `${measureWithUnit(v)} in England`, `95% interval ${formatInterval(v.england.lower95, v.england.upper95, digits)}; ${formatCount(v.england.count)} in ${v.months} month${v.months === 1 ? "" : "s"}; population ${formatCount(v.england.population)}`)}
      ${keyFigure(`${higher} / ${lower}`, "areas higher / lower than England", `of ${v.areas.length} areas (95% intervals)`)}
      ${keyFigure(formatPercent(w.england.pctWithin18), `of the waiting list within 18 weeks, ${formatMonth(w.month)}`, `${formatCount(w.england.waiting)} waiting; median ${formatWeeks(w.england.medianWeeks)}, 92nd percentile ${formatWeeks(w.england.p92Weeks)}; the standard is 92%`)}
    </div>
    <h2 class="nhsuk-heading-l">Map</h2>
    ${figure(mapExport, areaTable, map ? map.alt : "No boundaries are available for this geography, so the map is left out; the table lists every area.")}
    <h2 class="nhsuk-heading-l">Regions</h2>
    ${figure(regionsExport, regionTable, regions.alt)}
    <h2 class="nhsuk-heading-l">The widest gaps inside one integrated care system</h2>
    ${figure(gapsExport, gapTable, gaps.alt)}
    <h2 class="nhsuk-heading-l">About the data</h2>
    <dl class="nhsuk-summary-list">
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Window</dt>
        <dd class="nhsuk-summary-list__value">
          ${formatPeriod(v.from, v.to)} (${v.months} month${v.months === 1 ? "" : "s"})
        </dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Latest month held</dt>
        <dd class="nhsuk-summary-list__value">${formatMonth(ctx.meta.latestMonth)}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Population</dt>
        <dd class="nhsuk-summary-list__value">${v.source.populationVintage}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Source files</dt>
        <dd class="nhsuk-summary-list__value">
          ${v.source.files.length} monthly NHS England RTT
          extracts${v.source.synthetic ? " (synthetic demonstration data)" : ""}
        </dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Left out of per-head figures</dt>
        <dd class="nhsuk-summary-list__value">
          ${v.excluded.length} non-geographic or unknown commissioner codes
          (${formatCount(v.excluded.reduce((s, e) => s + e.count, 0))} pathways)
        </dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">
          Trusts that did not submit in full, ${formatMonth(ctx.meta.latestMonth)}
        </dt>
        <dd class="nhsuk-summary-list__value">
          ${
            input.nonSubmitters === null
              ? "Not assessed in this version: the store does not yet record which trusts should have submitted."
              : input.nonSubmitters.length === 0
                ? "None: every expected trust submitted."
                : input.nonSubmitters
                    .map((t) => `${t.name} (${t.code}${t.partial ? ", partial submission" : ""})`)
                    .join("; ")
          }
        </dd>
      </div>
    </dl>
    ${inset(html`Every figure here can be downloaded, and fetched from the <a href="${href(ctx, "/api/")}">open API</a>.`)}
  `;
  return {
    title: "Planned NHS treatment, area by area",
    breadcrumbs: [],
    body: body.value,
    exports,
  };
}
