/**
 * An indicator page: one measure, specialty, level and window: the league table with intervals
 * (sortable), the funnel plot, the ranked chart and the map. Every control is a link or a GET form,
 * so each view has its own URL and works without JavaScript.
 */
import { variationToTidy } from "../analysis/tidy.ts";
import type {
  AreaRate,
  IncompleteArea,
  Level,
  Measure,
  VariationResult,
} from "../analysis/types.ts";
import { funnelChart } from "../report/charts/funnel.ts";
import { mapChart } from "../report/charts/map.ts";
import { rankedChart } from "../report/charts/ranked.ts";
import { POSITION_LABELS } from "../report/charts/theme.ts";
import type { ReportBoundaries } from "../report/types.ts";
import { MEASURE_NAMES, measureWithUnit, OS_ATTRIBUTION, rateSource } from "../report/words.ts";

import { comparisonTag, figure, table } from "./components.ts";
import {
  formatCount,
  formatInterval,
  formatPeriod,
  formatRate,
  LEVEL_PLURAL,
  rateDigits,
  areaLabel,
} from "./format.ts";
import { html, type Html } from "./html.ts";
import { drawOnce, idOf } from "./render-once.ts";
import { tidyTable } from "./tidy-table.ts";
import { href, type PageContext, type PageExport, type PageView } from "./types.ts";

export interface Choice {
  id: string;
  label: string;
}

export interface IndicatorInput {
  variation: VariationResult;
  measure: Measure;
  specialty: string;
  level: Level;
  windowId: string;
  measures: readonly Measure[];
  specialties: Choice[];
  levels: readonly Level[];
  windows: Choice[];
  boundaries: ReportBoundaries | null;
  /** `rank` (default), `rate`, `name`: the no-JavaScript sort of the table. */
  sort: IndicatorSort;
  /** Which figure ranks the table: the crude rate (default) or the need-adjusted ratio. */
  basis?: IndicatorBasis;
}

export type IndicatorSort = "rank" | "rate" | "name";
export type IndicatorBasis = "crude" | "need-adjusted";

/**
 * An indicator page's address. The table's order and basis are part of the path (`by-rate/`,
 * `need-adjusted/`, `need-adjusted-by-name/`), not the query, so each view is its own file in the
 * static site; the default view (rank, crude rate) has none.
 */
export function indicatorPath(
  m: Measure,
  s: string,
  l: Level,
  w: string,
  sort: IndicatorSort = "rank",
  basis: IndicatorBasis = "crude",
): string {
  const view = [
    basis === "need-adjusted" ? "need-adjusted" : "",
    sort === "rank" ? "" : `by-${sort}`,
  ]
    .filter(Boolean)
    .join("-");
  return `/indicator/${m}/${s}/${l}/${w}/${view ? `${view}/` : ""}`;
}

/** The sort and basis of a view segment (`need-adjusted-by-rate`); null when it is not one. */
export function indicatorViewOf(
  segment: string,
): { sort: IndicatorSort; basis: IndicatorBasis } | null {
  for (const basis of ["crude", "need-adjusted"] as const)
    for (const sort of ["rank", "rate", "name"] as const)
      if (
        segment !== "" &&
        indicatorPath("admitted", "", "icb", "", sort, basis).endsWith(`/${segment}/`)
      )
        return { sort, basis };
  return null;
}

function switcher(
  ctx: PageContext,
  label: string,
  items: Array<{ label: string; path: string; current: boolean }>,
): Html {
  return html`<nav class="rw-switch" aria-label="${label}">
    <h2 class="rw-switch__label">${label}</h2>
    <ul class="rw-switch__list">
      ${items.map(
        (i) =>
          html`<li class="rw-switch__item">
            ${i.current ? html`<a class="rw-switch__link rw-switch__link--current" href="${href(ctx, i.path)}" aria-current="page">${i.label}</a>` : html`<a class="rw-switch__link" href="${href(ctx, i.path)}">${i.label}</a>`}
          </li>`,
      )}
    </ul>
  </nav>`;
}

export function indicatorView(input: IndicatorInput, ctx: PageContext): PageView {
  const v = input.variation;
  const { measure: m, specialty: s, level: l, windowId: w } = input;
  const digits = rateDigits(v.england.rate);
  const meta = { source: rateSource(v.source.populationVintage), synthetic: ctx.meta.synthetic };
  const tidy = tidyTable(variationToTidy(v));
  const options = `${meta.source}|${String(meta.synthetic)}`;
  const ranked = drawOnce(v, `ranked|${options}`, () => rankedChart(v, meta));
  const funnel = drawOnce(v, `funnel|${options}`, () => funnelChart(v, meta));
  const b = input.boundaries;
  const map =
    b && l === "commissioner"
      ? drawOnce(v, `map|${options}|${idOf(b)}`, () =>
          mapChart(v, { ...b, attribution: b.attribution ?? OS_ATTRIBUTION }, meta),
        )
      : null;
  const exports: PageExport[] = [
    {
      name: "league-table",
      title: `${measureWithUnit(v)}: league table`,
      chart: ranked,
      table: tidy,
    },
    {
      name: "funnel",
      title: funnel.title,
      chart: funnel,
      table: {
        header: [
          "areaCode",
          "population",
          "rate",
          "z",
          "position",
          "positionAdjusted",
          "target",
          "phi",
          "tau2",
          "adjustment",
        ],
        rows: v.funnel.points.map((p) => [
          p.code,
          p.population,
          p.rate,
          p.z,
          p.position,
          p.positionAdjusted,
          v.funnel.target,
          v.funnel.phi,
          v.funnel.tau2,
          v.funnel.adjustment,
        ]),
      },
    },
  ];
  if (map) exports.push({ name: "map", title: map.title, chart: map, table: tidy });
  // Another order or basis of the table shows the same figures: its charts and downloads are the
  // default view's files, one folder up.
  if (input.sort !== "rank" || input.basis === "need-adjusted")
    for (const e of exports) e.dir = "../";
  // Incomplete areas (providers that normally treat their patients did not submit) are listed
  // with their rates, marked and not ranked, after the ranked areas.
  type LeagueRow = AreaRate | IncompleteArea;
  const ranked_ = (a: LeagueRow): a is AreaRate => "rank" in a;
  const incomplete = v.completeness?.incomplete ?? [];
  const rows: LeagueRow[] = [...v.areas, ...incomplete];
  // Need-adjusted basis (`?basis=need-adjusted`): ranked by the ratio of observed to expected for
  // need; areas without a need-weighted population follow, unranked on this basis.
  const need = input.basis === "need-adjusted" && v.needAdjusted ? v.needAdjusted : null;
  const needRank = (a: LeagueRow) =>
    ranked_(a) && a.needAdjustedRank != null ? a.needAdjustedRank : rows.length + 1;
  if (need && input.sort === "rank") rows.sort((a, b) => needRank(a) - needRank(b));
  if (input.sort === "rate") rows.sort((a, b) => a.rate - b.rate);
  if (input.sort === "name") rows.sort((a, b) => areaLabel(a).localeCompare(areaLabel(b)));
  const funnelPos = new Map(v.funnel.points.map((p) => [p.code, p]));
  const league = table({
    caption: `${measureWithUnit(v)}, ${LEVEL_PLURAL[l].toLowerCase()}, ${formatPeriod(v.from, v.to)}`,
    sortable: true,
    columns: [
      {
        header: need ? "Rank (need-adjusted)" : "Rank",
        numeric: true,
        cell: (a) =>
          !ranked_(a)
            ? html`<strong class="nhsuk-tag nhsuk-tag--yellow">Not ranked</strong>`
            : need
              ? (a.needAdjustedRank ?? "–")
              : a.rank,
        sortValue: (a) => (need ? needRank(a) : ranked_(a) ? a.rank : rows.length + 1),
      },
      {
        header: "Area",
        cell: (a) => html`<a href="${href(ctx, `/area/${a.code}/`)}">${areaLabel(a)}</a>`,
        sortValue: (a) => areaLabel(a),
      },
      {
        header: "Count",
        numeric: true,
        cell: (a) => formatCount(a.count),
        sortValue: (a) => a.count,
      },
      {
        header: "Population",
        numeric: true,
        cell: (a) => formatCount(a.population),
        sortValue: (a) => a.population,
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
        header: "Rank interval (95%)",
        numeric: true,
        cell: (a) =>
          !ranked_(a)
            ? "–"
            : need
              ? a.needAdjustedRankLower95 != null
                ? `${a.needAdjustedRankLower95}–${a.needAdjustedRankUpper95}`
                : "–"
              : `${a.rankLower95}–${a.rankUpper95}`,
      },
      ...(v.needAdjusted
        ? [
            {
              header: "Need-adjusted ratio (95% interval)",
              numeric: true,
              cell: (a: LeagueRow) =>
                ranked_(a) && a.needAdjustedRatio != null
                  ? `${formatRate(a.needAdjustedRatio, 2)} (${formatInterval(a.needAdjustedLower95 ?? null, a.needAdjustedUpper95 ?? null, 2)})`
                  : "–",
              sortValue: (a: LeagueRow) => (ranked_(a) ? (a.needAdjustedRatio ?? -1) : -1),
            },
            {
              header: "For its need",
              cell: (a: LeagueRow) =>
                ranked_(a) ? comparisonTag(a.needAdjustedComparedToEngland) : "–",
            },
          ]
        : []),
      {
        header: "Compared with England",
        cell: (a) => (ranked_(a) ? comparisonTag(a.comparedToEngland) : "incomplete data"),
        sortValue: (a) => (ranked_(a) ? a.comparedToEngland : "incomplete"),
      },
      {
        header: "Funnel (over-dispersion adjusted)",
        cell: (a) => {
          const p = funnelPos.get(a.code);
          return p ? POSITION_LABELS[p.positionAdjusted] : "–";
        },
      },
    ],
    rows,
    highlight: (a) => !ranked_(a),
  });
  const incompleteNote =
    incomplete.length === 0
      ? html``
      : html`<div class="nhsuk-warning-callout">
          <h3 class="nhsuk-warning-callout__label">
            <span role="text"
              ><span class="nhsuk-u-visually-hidden">Important: </span>Incomplete data</span
            >
          </h3>
          <p>
            ${incomplete.length} ${incomplete.length === 1 ? "area is" : "areas are"} not ranked and
            left out of England's rate, the funnel and the headlines, because trusts that normally
            treat their patients did not submit
            data${incomplete.some((a) => a.missingProviders.some((p) => p.partial)) ? " in full" : ""}:
          </p>
          <ul>
            ${incomplete.map(
              (a) =>
                html`<li>
                  <a href="${href(ctx, `/area/${a.code}/`)}">${areaLabel(a)}</a>: ${a.reason}
                </li>`,
            )}
          </ul>
        </div>`;
  const basis = input.basis ?? "crude";
  const sortLinks = (["rank", "rate", "name"] as const).map((k) =>
    k === input.sort
      ? html`<strong>${k}</strong>`
      : html`<a href="${href(ctx, indicatorPath(m, s, l, w, k, basis))}">${k}</a>`,
  );
  const basisLink = (b: IndicatorBasis, label: string) =>
    b === basis
      ? html`<strong>${label}</strong>`
      : html`<a href="${href(ctx, indicatorPath(m, s, l, w, input.sort, b))}">${label}</a>`;
  const funnelTable = table({
    caption: "Funnel plot positions",
    columns: [
      { header: "Area", cell: (p) => p.code },
      { header: "Population", numeric: true, cell: (p) => formatCount(p.population) },
      { header: "Rate", numeric: true, cell: (p) => formatRate(p.rate, digits) },
      { header: "Poisson limits", cell: (p) => POSITION_LABELS[p.position] },
      { header: "Over-dispersion adjusted", cell: (p) => POSITION_LABELS[p.positionAdjusted] },
    ],
    rows: v.funnel.points,
  });
  const body = html`<h1 class="nhsuk-heading-xl">${MEASURE_NAMES[m].title}: ${v.specialtyName}</h1>
    <p class="nhsuk-lede-text">
      ${measureWithUnit(v)} for ${LEVEL_PLURAL[l].toLowerCase()}, ${formatPeriod(v.from, v.to)}.
      England: ${formatRate(v.england.rate, digits)} (95% interval
      ${formatInterval(v.england.lower95, v.england.upper95, digits)}).
    </p>
    <div class="rw-switches">
      ${switcher(
        ctx,
        "Measure",
        input.measures.map((x) => ({
          label: MEASURE_NAMES[x].title,
          path: indicatorPath(x, s, l, w),
          current: x === m,
        })),
      )}
      ${switcher(
        ctx,
        "Specialty",
        input.specialties.map((x) => ({
          label: x.label,
          path: indicatorPath(m, x.id, l, w),
          current: x.id === s,
        })),
      )}
      ${switcher(
        ctx,
        "Areas",
        input.levels.map((x) => ({
          label: LEVEL_PLURAL[x],
          path: indicatorPath(m, s, x, w),
          current: x === l,
        })),
      )}
      ${switcher(
        ctx,
        "Period",
        input.windows.map((x) => ({
          label: x.label,
          path: indicatorPath(m, s, l, x.id),
          current: x.id === w,
        })),
      )}
    </div>
    <h2 class="nhsuk-heading-l">League table</h2>
    <p class="nhsuk-body-s">
      ${
        v.needAdjusted
          ? html`Rank by: ${basisLink("crude", "crude rate")},
            ${basisLink("need-adjusted", "need-adjusted ratio")} (observed ÷ expected for the area's
            need; 1 = England's rate for its need).`
          : ""
      }
      Sort without JavaScript: ${sortLinks.map((x, i) => html`${i > 0 ? ", " : ""}${x}`)}. Rank 1 is
      the highest rate; the rank interval is where the area's rank could plausibly lie given chance.
    </p>
    ${league} ${incompleteNote}
    ${figure(exports[0] as PageExport, html`<p class="nhsuk-body">The league table above holds this chart's figures.</p>`, ranked.alt)}
    <h2 class="nhsuk-heading-l">Funnel plot</h2>
    <p class="nhsuk-body">
      Over-dispersion: φ = ${v.funnel.phi.toFixed(2)}; ${v.funnel.adjustmentReason}
    </p>
    ${figure(exports[1] as PageExport, funnelTable, funnel.alt)}
    ${
      map
        ? html`<h2 class="nhsuk-heading-l">Map</h2>
            ${figure(exports[2] as PageExport, html`<p class="nhsuk-body">The league table above holds the map's figures.</p>`, map.alt)}`
        : ""
    } `;
  return {
    title: `${MEASURE_NAMES[m].title}, ${v.specialtyName}, ${LEVEL_PLURAL[l]}`,
    breadcrumbs: [
      { label: "Home", path: "/" },
      { label: "Indicators", path: "/indicator/" },
    ],
    body: body.value,
    exports,
  };
}

/** The list of indicators, each linking to its default view. */
export function indicatorIndexView(
  items: Array<{ measure: Measure; specialty: Choice }>,
  level: Level,
  windowId: string,
  ctx: PageContext,
): PageView {
  const body = html`<h1 class="nhsuk-heading-xl">Indicators</h1>
    <p class="nhsuk-lede-text">
      Each indicator is a rate per 1,000 population by area, with confidence intervals, a league
      table, a funnel plot and a map.
    </p>
    <ul class="nhsuk-list nhsuk-list--bullet">
      ${items.map(
        (i) =>
          html`<li>
            <a href="${href(ctx, indicatorPath(i.measure, i.specialty.id, level, windowId))}"
              >${MEASURE_NAMES[i.measure].title}: ${i.specialty.label}</a
            >
          </li>`,
      )}
    </ul>`;
  return {
    title: "Indicators",
    breadcrumbs: [{ label: "Home", path: "/" }],
    body: body.value,
    exports: [],
  };
}
