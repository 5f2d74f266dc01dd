/**
 * The page shell every page shares: NHS.UK header and footer, skip link, breadcrumbs, the
 * synthetic-data banner, and the data vintage, source, licence and build stamp in the footer.
 * Styles and scripts are same-origin files (`assets/site.css`, `assets/site.js`): no inline script
 * or style, so the strict Content-Security-Policy holds.
 */
import { formatMonth, formatPeriod } from "../report/format.ts";
import { OGL, OGL_URL, ONS_SOURCE, RTT_SOURCE } from "../report/words.ts";

import { html, raw, type Html } from "./html.ts";
import { href, type PageContext, type PageExport, type PageView } from "./types.ts";

export const SITE_NAME = "Ration Watch";
export const SYNTHETIC_NOTICE =
  "Synthetic demonstration data, not real NHS figures: every number on this site was generated to show how the tool works and describes no real area.";

export const SYNTHETIC_RECORDS_NOTICE =
  "Synthetic demonstration records: the policies and scorecard ratings on this page were generated to show how the registry works and describe no real commissioner or ICB. Do not quote them.";

const NAV = [
  { label: "Home", path: "/" },
  { label: "Your area", path: "/my-area/" },
  { label: "Indicators", path: "/indicator/" },
  { label: "Restrictions", path: "/interventions/", registry: true },
  { label: "Compare", path: "/compare/" },
  { label: "Open data", path: "/api/" },
];

function header(ctx: PageContext): Html {
  const hasRegistry = Boolean(ctx.meta.registryVersion);
  const items = NAV.filter((n) => hasRegistry || !n.registry).map(
    (n) =>
      html`<li class="rw-nav__item">
        <a
          class="rw-nav__link"
          href="${href(ctx, n.path)}"
          ${n.path === ctx.path ? raw(' aria-current="page"') : ""}
          >${n.label}</a
        >
      </li>`,
  );
  return html`<header class="nhsuk-header rw-header">
    <div class="nhsuk-width-container rw-header__container">
      <a class="rw-brand" href="${href(ctx, "/")}"
        >${SITE_NAME}<span class="rw-brand__strap"> · planned NHS care, area by area</span></a
      >
      <nav class="rw-nav" aria-label="Main">
        <ul class="rw-nav__list">
          ${items}
        </ul>
      </nav>
    </div>
  </header>`;
}

function breadcrumbs(ctx: PageContext, view: PageView): Html {
  if (view.breadcrumbs.length === 0) return html``;
  const items = view.breadcrumbs.map(
    (b) =>
      html`<li class="nhsuk-breadcrumb__list-item">
        <a class="nhsuk-breadcrumb__link" href="${href(ctx, b.path)}">${b.label}</a>
      </li>`,
  );
  return html`<nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
    <ol class="nhsuk-breadcrumb__list">
      ${items}
    </ol>
  </nav>`;
}

function footer(ctx: PageContext): Html {
  const m = ctx.meta;
  return html`<footer class="rw-footer" role="contentinfo">
    <div class="nhsuk-width-container">
      <h2 class="nhsuk-u-visually-hidden">About these figures</h2>
      ${
        m.latestMonth
          ? html`<p class="rw-footer__text">
              Data: ${formatPeriod(m.window.from, m.window.to)} by default; the latest month held is
              ${formatMonth(m.latestMonth)}. Populations: ${m.populationVintage}.
            </p>`
          : ""
      }
      <p class="rw-footer__text">
        Sources: ${RTT_SOURCE}; ${ONS_SOURCE}; NHS England, Patients Registered at a GP Practice
        (practice lookup). ${OGL}
        <a class="rw-footer__link" href="${OGL_URL}">Open Government Licence v3.0</a>.
      </p>
      ${m.synthetic ? html`<p class="rw-footer__text"><strong>${SYNTHETIC_NOTICE}</strong></p>` : ""}
      <p class="rw-footer__text">
        Method:
        <a class="rw-footer__link" href="${href(ctx, "/methodology/")}">how the figures are made</a
        >. Open data: <a class="rw-footer__link" href="${href(ctx, "/api/")}">API and downloads</a>.
        Built ${m.builtAt} from data version <span class="rw-mono">${m.dataVersion}</span>.
      </p>
    </div>
  </footer>`;
}

/** The download links of one figure: SVG and PNG when it has a chart, always CSV and XLSX. */
export function downloadLinks(e: PageExport): Html {
  const kinds = e.chart ? ["svg", "png", "csv", "xlsx"] : ["csv", "xlsx"];
  const links = kinds.map(
    (k) =>
      html`<li class="rw-downloads__item">
        <a class="rw-downloads__link" href="${e.dir ?? ""}${e.name}.${k}" download
          >${k.toUpperCase()}<span class="nhsuk-u-visually-hidden"> of ${e.title}</span></a
        >
      </li>`,
  );
  return html`<ul class="rw-downloads" aria-label="Download ${e.title}">
    ${links}
  </ul>`;
}

/**
 * A page without its PNG download links: what a static build without PNGs (`site --no-png`)
 * writes, so no link points at a file it did not write.
 */
export function withoutPngDownloads(page: string): string {
  return page.replace(
    /<li class="rw-downloads__item">\s*<a class="rw-downloads__link" href="[^"]*\.png"[^>]*>[\s\S]*?<\/li>/g,
    "",
  );
}

/** A whole HTML document for a page view. */
export function renderPage(view: PageView, ctx: PageContext): string {
  const m = ctx.meta;
  const title = `${view.title} – ${SITE_NAME}${m.synthetic || view.syntheticRecords ? " (synthetic demonstration data)" : ""}`;
  const page = html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <meta
          name="description"
          content="Ration Watch: planned NHS treatment and waiting times by area of England, from NHS England's Referral to Treatment data."
        />
        <link rel="stylesheet" href="${href(ctx, "/assets/site.css")}" />
        <link rel="icon" href="${href(ctx, "/assets/favicon.svg")}" type="image/svg+xml" />
        <script src="${href(ctx, "/assets/site.js")}" defer></script>
      </head>
      <body>
        <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
        ${header(ctx)}
        ${
          m.synthetic
            ? html`<div class="rw-synthetic" role="note">
                <div class="nhsuk-width-container"><strong>${SYNTHETIC_NOTICE}</strong></div>
              </div>`
            : ""
        }
        ${
          view.syntheticRecords
            ? html`<div class="rw-synthetic" role="note">
                <div class="nhsuk-width-container">
                  <strong>${SYNTHETIC_RECORDS_NOTICE}</strong>
                </div>
              </div>`
            : ""
        }
        <div class="nhsuk-width-container">
          ${breadcrumbs(ctx, view)}
          <main class="nhsuk-main-wrapper" id="maincontent">${raw(view.body)}</main>
        </div>
        ${footer(ctx)}
      </body>
    </html> `;
  return page.value;
}
