/**
 * "Your area": find the sub-ICB location responsible for you from a postcode, a place or a GP
 * practice. RTT activity is counted by the commissioner responsible for the patient, which follows
 * the GP practice they are registered with, so a practice names the area exactly; a postcode only
 * through the practices near it. The page says so.
 */
import { areaLabel, formatMonth, shortName } from "./format.ts";
import { html, type Html } from "./html.ts";
import { href, type PageContext, type PageView } from "./types.ts";

export interface PracticeMatch {
  code: string;
  name: string;
  postcode: string;
  subIcbCode: string;
  subIcbName: string | null;
}

export interface AreaMatch {
  code: string;
  name: string;
  levelLabel: string;
}

/** A typed postcode resolved through the practices of its sector (`LS1 4`) or district (`LS1`). */
export interface PostcodeMatch {
  postcode: string;
  scope: "sector" | "district";
  key: string;
  practices: number;
  areas: Array<{ code: string; name: string | null; practices: number }>;
}

export interface MyAreaResult {
  query: string;
  postcode: PostcodeMatch | null;
  /** The query looked like a postcode but no practice is registered in its sector or district. */
  postcodeUnknown: boolean;
  areas: AreaMatch[];
  practices: PracticeMatch[];
}

export const YOUR_AREA_MEANS =
  "Your area here means the sub-ICB location (the local NHS commissioner) responsible for your planned hospital care. That follows the GP practice you are registered with, not your home address: NHS England counts each patient under the commissioner of their GP practice. If you know your practice, search for it: that gives the exact area.";

/** The search form (a plain GET form; JavaScript adds suggestions as you type). */
export function myAreaForm(ctx: PageContext, value: string): Html {
  return html`<form
    class="rw-search"
    action="${href(ctx, "/my-area/")}"
    method="get"
    role="search"
    data-practices="${href(ctx, "/api/v1/practices.json")}"
  >
    <div class="nhsuk-form-group">
      <label class="nhsuk-label nhsuk-label--m" for="q">Find your area</label>
      <div class="nhsuk-hint" id="q-hint">
        Enter a postcode (for example LS1 4AP), a place or area name, or your GP practice's name or
        code.
      </div>
      <input
        class="nhsuk-input rw-search__input"
        id="q"
        name="q"
        type="search"
        value="${value}"
        aria-describedby="q-hint"
        autocomplete="off"
        list="q-suggestions"
        data-suggest="${href(ctx, "/api/v1/places.json")}"
      />
      <datalist id="q-suggestions"></datalist>
    </div>
    <button class="nhsuk-button rw-search__button" type="submit">Search</button>
    <noscript
      ><p class="nhsuk-body">
        Without JavaScript, searching needs the live site (<code>rationwatch serve</code>). On a
        copy of this site saved as files, browse the GP practices by postcode instead.
      </p></noscript
    >
    <p class="nhsuk-body">
      Or <a href="${href(ctx, "/my-area/postcodes/")}">browse every GP practice by postcode</a>.
    </p>
  </form>`;
}

function areaLink(ctx: PageContext, code: string, name: string | null): Html {
  return html`<a href="${href(ctx, `/area/${code}/`)}">${name ? shortName(name) : code}</a>`;
}

export function myAreaView(result: MyAreaResult | null, ctx: PageContext): PageView {
  const r = result;
  let answer: Html = html``;
  if (r) {
    const parts: Html[] = [];
    if (r.postcode) {
      const p = r.postcode;
      const top = p.areas[0];
      parts.push(
        html`<h2 class="nhsuk-heading-m">Postcode ${p.postcode}</h2>
          <p class="nhsuk-body">
            We do not hold home addresses. The ${p.practices} GP
            practice${p.practices === 1 ? "" : "s"} in postcode ${p.scope}
            <strong>${p.key}</strong>
            ${p.practices === 1 ? "belongs" : p.areas.length === 1 ? "all belong" : "belong"} to
            ${p.areas.length === 1 ? "one area" : `${p.areas.length} areas`}:
          </p>
          <ul class="nhsuk-list nhsuk-list--bullet">
            ${p.areas.map((a) => html`<li>${areaLink(ctx, a.code, a.name)}: ${a.practices} practice${a.practices === 1 ? "" : "s"}</li>`)}
          </ul>
          ${top ? html`<p class="nhsuk-body">Most likely your area: ${areaLink(ctx, top.code, top.name)}. If your GP practice is elsewhere, search for the practice instead.</p>` : ""}`,
      );
    } else if (r.postcodeUnknown) {
      parts.push(
        html`<p class="nhsuk-body">
          No GP practice in England is registered in the sector or district of
          <strong>${r.query}</strong>. Check the postcode, or search for your GP practice.
        </p>`,
      );
    }
    if (r.practices.length > 0) {
      parts.push(
        html`<h2 class="nhsuk-heading-m">GP practices</h2>
          <ul class="nhsuk-list">
            ${r.practices.map(
              (p) =>
                html`<li>
                  ${p.name} (${p.code}), ${p.postcode}: ${areaLink(ctx, p.subIcbCode, p.subIcbName)}
                </li>`,
            )}
          </ul>`,
      );
    }
    if (r.areas.length > 0) {
      parts.push(
        html`<h2 class="nhsuk-heading-m">Areas</h2>
          <ul class="nhsuk-list">
            ${r.areas.map((a) => html`<li>${areaLink(ctx, a.code, a.name)} (${a.levelLabel})</li>`)}
          </ul>`,
      );
    }
    if (!r.postcode && !r.postcodeUnknown && r.practices.length === 0 && r.areas.length === 0) {
      parts.push(
        html`<p class="nhsuk-body">
          Nothing matches <strong>${r.query}</strong>. Try a full postcode, a town or area name, or
          your GP practice's name or code (for example B82005).
        </p>`,
      );
    }
    answer = html`<section class="rw-answer" aria-labelledby="answer-heading">
      <h2 class="nhsuk-heading-l" id="answer-heading">Results for “${r.query}”</h2>
      ${parts}
    </section>`;
  }
  const body = html`<h1 class="nhsuk-heading-xl">Your area</h1>
    <div class="nhsuk-inset-text">
      <span class="nhsuk-u-visually-hidden">Information: </span>${YOUR_AREA_MEANS}
    </div>
    ${myAreaForm(ctx, r?.query ?? "")} ${answer}`;
  return {
    title: r ? `Your area: ${r.query}` : "Your area",
    breadcrumbs: [{ label: "Home", path: "/" }],
    body: body.value,
    exports: [],
  };
}

/** A practice on the A–Z pages, with the area of this site's data it counts under. */
export interface BrowsePractice {
  code: string;
  name: string;
  postcode: string;
  subIcbCode: string;
  /** The current area (the practice's own sub-ICB location, or its successor); null: none here. */
  area: { code: string; name: string } | null;
  /** The practice's sub-ICB code is a former area with no single successor (split or abolished): it has a page saying where its areas went. */
  formerArea: boolean;
}

const BROWSE_INTRO =
  "Every GP practice in England, by the postcode district of the practice (not of its patients). Find your practice to find the area your planned hospital care counts under.";

function browseCrumbs() {
  return [
    { label: "Home", path: "/" },
    { label: "Your area", path: "/my-area/" },
  ];
}

/** `/my-area/postcodes/`: the postcode areas (letters) with their districts, as links. */
export function postcodeIndexView(
  areas: Array<{ area: string; districts: string[]; practices: number }>,
  extract: string,
  ctx: PageContext,
): PageView {
  const body = html`<h1 class="nhsuk-heading-xl">GP practices by postcode</h1>
    <p class="nhsuk-lede-text">${BROWSE_INTRO}</p>
    <div class="nhsuk-inset-text">
      <span class="nhsuk-u-visually-hidden">Information: </span>${YOUR_AREA_MEANS}
    </div>
    <p class="nhsuk-body">
      Source: NHS Digital, patients registered at a GP practice, ${formatMonth(extract)}. Choose the
      letters your practice's postcode starts with.
    </p>
    <ul class="nhsuk-list rw-az">
      ${areas.map(
        (a) =>
          html`<li>
            <a href="${href(ctx, `/my-area/postcodes/${a.area}/`)}">${a.area}</a>
            <span class="nhsuk-body-s"
              >${a.districts[0]}${a.districts.length > 1 ? `–${a.districts[a.districts.length - 1]}` : ""},
              ${a.practices} practice${a.practices === 1 ? "" : "s"}</span
            >
          </li>`,
      )}
    </ul>`;
  return {
    title: "GP practices by postcode",
    breadcrumbs: browseCrumbs(),
    body: body.value,
    exports: [],
  };
}

/** `/my-area/postcodes/LS/`: each district of a postcode area, its practices and their areas. */
export function postcodeAreaView(
  area: string,
  districts: Array<{ district: string; practices: BrowsePractice[] }>,
  extract: string,
  ctx: PageContext,
): PageView {
  const blocks = districts.map(({ district, practices }) => {
    const counts = new Map<string, { label: string; n: number }>();
    for (const p of practices) {
      const key = p.area?.code ?? p.subIcbCode;
      const label = p.area ? areaLabel(p.area) : p.subIcbCode;
      counts.set(key, { label, n: (counts.get(key)?.n ?? 0) + 1 });
    }
    const summary = [...counts.values()]
      .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label))
      .map((c) => `${c.label}: ${c.n}`)
      .join("; ");
    return html`<h2 class="nhsuk-heading-m" id="${district}">${district}</h2>
      <p class="nhsuk-body">
        ${practices.length} practice${practices.length === 1 ? "" : "s"}, by area: ${summary}.
      </p>
      <ul class="nhsuk-list">
        ${practices.map(
          (p) =>
            html`<li>
              ${p.name} (${p.code}), ${p.postcode}:
              ${
                p.area
                  ? html`<a href="${href(ctx, `/area/${p.area.code}/`)}">${areaLabel(p.area)}</a>`
                  : p.formerArea
                    ? html`<a href="${href(ctx, `/area/${p.subIcbCode}/`)}">${p.subIcbCode}</a> (a
                        former area with no single successor: its page lists the areas it went to)`
                    : html`${p.subIcbCode} (no figures for this area in this site's data)`
              }
            </li>`,
        )}
      </ul>`;
  });
  const body = html`<h1 class="nhsuk-heading-xl">GP practices in postcode area ${area}</h1>
    <p class="nhsuk-body">${BROWSE_INTRO}</p>
    <p class="nhsuk-body">
      Source: NHS Digital, patients registered at a GP practice, ${formatMonth(extract)}.
    </p>
    <nav aria-label="Postcode districts">
      <ul class="nhsuk-list rw-az">
        ${districts.map((d) => html`<li><a href="#${d.district}">${d.district}</a></li>`)}
      </ul>
    </nav>
    ${blocks}
    <p class="nhsuk-body">
      <a href="${href(ctx, "/my-area/postcodes/")}">All postcode areas</a>
    </p>`;
  return {
    title: `GP practices in postcode area ${area}`,
    breadcrumbs: [...browseCrumbs(), { label: "By postcode", path: "/my-area/postcodes/" }],
    body: body.value,
    exports: [],
  };
}
