/** Pages of words: errors (400, 404, 500), the methodology and the open-data (API) guide. */
import { TREND_METHOD } from "../analysis/trend.ts";
import { VARIATION_METHOD } from "../analysis/variation.ts";
import { WAITS_METHOD } from "../analysis/waits.ts";

import { html } from "./html.ts";
import { href, type PageContext, type PageView } from "./types.ts";

const TITLES: Record<number, string> = {
  400: "There is a problem with the address",
  404: "Page not found",
  500: "Sorry, there is a problem with the service",
};

/** An NHS-style error page; `message` says what was wrong (already one line, escaped here). */
export function errorView(status: number, message: string, ctx: PageContext): PageView {
  const title = TITLES[status] ?? "Something went wrong";
  const body = html`<h1 class="nhsuk-heading-xl">${title}</h1>
    <p class="nhsuk-body">${message}</p>
    ${status === 404 ? html`<p class="nhsuk-body">If you typed the web address, check it is correct. Codes are NHS organisation codes such as 03R (a sub-ICB location), QWO (an ICB) or Y63 (a region).</p>` : ""}
    <p class="nhsuk-body">
      <a href="${href(ctx, "/")}">Go to the home page</a> or
      <a href="${href(ctx, "/my-area/")}">find your area</a>.
    </p>`;
  return { title, breadcrumbs: [], body: body.value, exports: [] };
}

export function methodologyView(ctx: PageContext): PageView {
  const body = html`<h1 class="nhsuk-heading-xl">How the figures are made</h1>
    <p class="nhsuk-lede-text">
      Every figure on this site comes from NHS England's monthly Referral to Treatment (RTT) files,
      through one fixed, published method. Nothing is adjusted by hand.
    </p>
    <h2 class="nhsuk-heading-m">Activity rates</h2>
    <p class="nhsuk-body">${VARIATION_METHOD}</p>
    <h2 class="nhsuk-heading-m">Trends and statistical process control</h2>
    <p class="nhsuk-body">${TREND_METHOD}</p>
    <h2 class="nhsuk-heading-m">Waiting times</h2>
    <p class="nhsuk-body">${WAITS_METHOD}</p>
    <h2 class="nhsuk-heading-m">What "your area" means</h2>
    <p class="nhsuk-body">
      NHS England counts each patient under the commissioner responsible for them, which follows the
      GP practice they are registered with. A sub-ICB location's figures are for the patients of its
      practices, wherever they live and wherever they are treated.
    </p>
    <h2 class="nhsuk-heading-m">Words</h2>
    <p class="nhsuk-body">
      Following NHS "Making Data Count" and Fingertips, an area is called above or below the
      expected range only when it lies outside the 95% funnel limits around England's rate (widened
      for the extra variation between areas when the areas vary more than chance allows); otherwise
      it is within the expected range. Ranks come with an interval because a rank is uncertain too.
    </p>
    <p class="nhsuk-body">
      The full methodology is in the project's docs/methodology.md; the same text is served by the
      API at <a href="${href(ctx, "/api/v1/methodology.json")}">api/v1/methodology.json</a>.
    </p>`;
  return {
    title: "Methodology",
    breadcrumbs: [{ label: "Home", path: "/" }],
    body: body.value,
    exports: [],
  };
}

export function apiGuideView(ctx: PageContext): PageView {
  const rows: Array<[string, string]> = [
    ["api/v1/openapi.json", "the OpenAPI 3.1 document describing every route"],
    [
      "api/v1/metadata.json",
      "sources, licence, data vintage, data version, measures, specialties, levels and windows",
    ],
    ["api/v1/methodology.json", "the method text behind every figure"],
    ["api/v1/areas.json", "every area (sub-ICB locations, ICBs, regions) with parent and children"],
    ["api/v1/areas/03R.json", "one area, its parent and children"],
    ["api/v1/indicators.json", "the indicators (measure × specialty) and their value files"],
    [
      "api/v1/values/admitted/all.json",
      "tidy rows of one indicator: every level and window (also .csv)",
    ],
    ["api/v1/trend/03R.json", "an area's monthly series with SPC signals"],
    ["api/v1/waits/commissioner.json", "waiting times in the latest month at one level"],
  ];
  const body = html`<h1 class="nhsuk-heading-xl">Open data and API</h1>
    <p class="nhsuk-lede-text">
      Every figure on this site is available as JSON and CSV, free to reuse under the Open
      Government Licence v3.0 with attribution.
    </p>
    <p class="nhsuk-body">
      The API is read-only, versioned (v1) and cacheable: responses carry an ETag and Cache-Control,
      and allow cross-origin GET requests. The same files are written by the static site, so they
      can be fetched from any copy of it. On the live server, value files also take the filters
      <code>?area=CODE</code>, <code>?level=commissioner|icb|region</code> and
      <code>?period=FROM-TO</code> (a window id such as 2023-04-2024-03). A bad parameter gets a 400
      response with a JSON message.
    </p>
    <table class="nhsuk-table">
      <caption class="nhsuk-table__caption">
        Routes
      </caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          <th scope="col" class="nhsuk-table__header">Route</th>
          <th scope="col" class="nhsuk-table__header">What it holds</th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        ${rows.map(
          ([r, what]) =>
            html`<tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell"><a href="${href(ctx, `/${r}`)}">${r}</a></td>
              <td class="nhsuk-table__cell">${what}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  return {
    title: "Open data and API",
    breadcrumbs: [{ label: "Home", path: "/" }],
    body: body.value,
    exports: [],
  };
}
