/** Compare two to six areas side by side: rate, interval, rank, England comparison, waiting times. */
import type { AreaRate, VariationResult, WaitsArea, WaitsOutput } from "../analysis/types.ts";
import { measureWithUnit } from "../report/words.ts";

import { comparisonTag, figure, table } from "./components.ts";
import {
  formatCount,
  formatInterval,
  formatMonth,
  formatPercent,
  formatPeriod,
  formatRate,
  formatWeeks,
  LEVEL_LABEL,
  rateDigits,
  areaLabel,
} from "./format.ts";
import { html } from "./html.ts";
import { href, type PageContext, type PageExport, type PageView } from "./types.ts";

export interface CompareArea {
  code: string;
  name: string;
  levelLabel: string;
  rate: AreaRate | null;
  /** The variation the rate comes from (the area's level), for England and the area count. */
  variation: VariationResult;
  waits: WaitsArea | null;
  waitsOutput: WaitsOutput;
}

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 6;

/** A comparison every static copy holds: an ICB's sub-ICB locations, a region's ICBs. */
export interface ReadyComparison {
  label: string;
  codes: string[];
}

/**
 * What the compare page's script needs to compare areas on a static host, where no server answers
 * `?a=`: the value file, its period and what its figures are.
 */
export interface CompareIndex {
  readyMade: ReadyComparison[];
  period: string;
  caption: string;
}

/** The compare form: area codes in a plain GET form (`?a=03R&a=15N`). */
function compareForm(ctx: PageContext, codes: string[], index: CompareIndex | null): string {
  const inputs = Array.from(
    { length: COMPARE_MAX },
    (_, i) =>
      html`<div class="nhsuk-form-group rw-inline">
        <label class="nhsuk-label" for="a${i + 1}">Area ${i + 1} code</label
        ><input
          class="nhsuk-input nhsuk-input--width-5"
          id="a${i + 1}"
          name="a"
          type="text"
          value="${codes[i] ?? ""}"
          spellcheck="false"
        />
      </div>`,
  );
  return html`<form
    class="rw-compare-form"
    action="${href(ctx, "/compare/")}"
    method="get"
    data-values="${href(ctx, "/api/v1/values/admitted/all.json")}"
    data-period="${index?.period ?? ""}"
    data-caption="${index?.caption ?? ""}"
  >
    <p class="nhsuk-body">
      Enter ${COMPARE_MIN} to ${COMPARE_MAX} area codes (sub-ICB locations such as 03R, ICBs such as
      QWO, regions such as Y63). Find codes with <a href="${href(ctx, "/my-area/")}">Your area</a>.
    </p>
    ${inputs}
    <button class="nhsuk-button" type="submit">Compare</button>
    <noscript
      ><p class="nhsuk-body">
        Without JavaScript, this form needs the live site (<code>rationwatch serve</code>). On a
        copy of this site saved as files, choose a ready-made comparison below, or an area's page.
      </p></noscript
    >
  </form>`.value;
}

/** The comparisons every copy of the site holds as pages, for readers with no server to ask. */
function readyMadeList(ctx: PageContext, ready: ReadyComparison[]): string {
  if (ready.length === 0) return "";
  return html`<h2 class="nhsuk-heading-m">Ready-made comparisons</h2>
    <p class="nhsuk-body">
      The areas of each integrated care board and each NHS region, side by side (up to six areas a
      page).
    </p>
    <ul class="nhsuk-list">
      ${ready.map(
        (r) =>
          html`<li><a href="${href(ctx, `/compare/${r.codes.join("+")}/`)}">${r.label}</a></li>`,
      )}
    </ul>`.value;
}

export function compareView(
  areas: CompareArea[],
  ctx: PageContext,
  index: CompareIndex | null = null,
): PageView {
  const exports: PageExport[] = [];
  let result = html``;
  if (areas.length > 0) {
    const first = areas[0] as CompareArea;
    const v = first.variation;
    const digits = rateDigits(v.england.rate);
    const w = first.waitsOutput;
    const exportTable: PageExport = {
      name: "compare",
      title: `Comparison of ${areas.map((a) => areaLabel(a)).join(", ")}`,
      chart: null,
      table: {
        header: [
          "areaCode",
          "areaName",
          "areaType",
          "period",
          "count",
          "denominator",
          "value",
          "lower95",
          "upper95",
          "rank",
          "rankLower95",
          "rankUpper95",
          "areasRanked",
          "comparedToEngland",
          "englandValue",
          "waitsMonth",
          "waiting",
          "pctWithin18",
          "medianWeeks",
          "p92Weeks",
          "over52",
        ],
        rows: areas.map((a) => [
          a.code,
          a.name,
          a.levelLabel,
          `${a.variation.from}/${a.variation.to}`,
          a.rate?.count ?? null,
          a.rate?.population ?? null,
          a.rate?.rate ?? null,
          a.rate?.lower95 ?? null,
          a.rate?.upper95 ?? null,
          a.rate?.rank ?? null,
          a.rate?.rankLower95 ?? null,
          a.rate?.rankUpper95 ?? null,
          a.variation.areas.length,
          a.rate?.comparedToEngland ?? null,
          a.variation.england.rate,
          a.waitsOutput.month,
          a.waits?.waiting ?? null,
          a.waits?.pctWithin18 ?? null,
          a.waits?.medianWeeks ?? null,
          a.waits?.p92Weeks ?? null,
          a.waits?.over52 ?? null,
        ]),
      },
    };
    exports.push(exportTable);
    const t = table({
      caption: `${measureWithUnit(v)}, ${formatPeriod(v.from, v.to)}, and waiting times at the end of ${formatMonth(w.month)}`,
      columns: [
        {
          header: "Area",
          cell: (a) =>
            html`<a href="${href(ctx, `/area/${a.code}/`)}">${areaLabel(a)}</a>
              <span class="nhsuk-body-s">(${a.levelLabel})</span>`,
        },
        {
          header: "Rate",
          numeric: true,
          cell: (a) => (a.rate ? formatRate(a.rate.rate, digits) : "no data"),
        },
        {
          header: "95% interval",
          numeric: true,
          cell: (a) => (a.rate ? formatInterval(a.rate.lower95, a.rate.upper95, digits) : "–"),
        },
        {
          header: "Rank (95% interval)",
          numeric: true,
          cell: (a) =>
            a.rate
              ? `${a.rate.rank} of ${a.variation.areas.length} (${a.rate.rankLower95}–${a.rate.rankUpper95})`
              : "–",
        },
        { header: "Compared with England", cell: (a) => comparisonTag(a.rate?.comparedToEngland) },
        { header: "Waiting", numeric: true, cell: (a) => formatCount(a.waits?.waiting) },
        {
          header: "Within 18 weeks",
          numeric: true,
          cell: (a) => formatPercent(a.waits?.pctWithin18),
        },
        { header: "Median wait", numeric: true, cell: (a) => formatWeeks(a.waits?.medianWeeks) },
        { header: "92nd percentile", numeric: true, cell: (a) => formatWeeks(a.waits?.p92Weeks) },
      ],
      rows: areas,
    });
    result = html`<h2 class="nhsuk-heading-l rw-compare-result">Side by side</h2>
      ${t}${figure(exportTable, html`<p class="nhsuk-body">The table above holds these figures.</p>`)}
      <p class="nhsuk-body-s">
        England: ${formatRate(v.england.rate, digits)} ${measureWithUnit(v).toLowerCase()}. Areas of
        different kinds
        (${[...new Set(areas.map((a) => LEVEL_LABEL[a.variation.level]))].join(", ")}) are ranked
        among their own kind.
      </p>`;
  }
  const body = html`<h1 class="nhsuk-heading-xl">Compare areas</h1>
    ${result}
    <h2 class="nhsuk-heading-m">Choose areas</h2>`;
  return {
    title:
      areas.length > 0 ? `Compare ${areas.map((a) => areaLabel(a)).join(", ")}` : "Compare areas",
    breadcrumbs: [{ label: "Home", path: "/" }],
    body:
      body.value +
      compareForm(
        ctx,
        areas.map((a) => a.code),
        index,
      ) +
      readyMadeList(ctx, index?.readyMade ?? []),
    exports,
  };
}
