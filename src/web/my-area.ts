/**
 * "Your area": find the sub-ICB location responsible for you from a postcode, a place or a GP
 * practice. RTT activity is counted by the commissioner responsible for the patient, which follows
 * the GP practice they are registered with, so a practice names the area exactly; a postcode only
 * through the practices near it. The page says so.
 */
import { shortName } from "./format.ts";
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
  return html`<form class="rw-search" action="${href(ctx, "/my-area/")}" method="get" role="search">
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
            <strong>${p.key}</strong> ${p.areas.length === 1 ? "all belong" : "belong"} to
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
