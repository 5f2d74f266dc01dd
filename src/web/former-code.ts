/**
 * The page of a former area code with no single successor: a sub-ICB location abolished and
 * divided (Frimley, D4U1Y, in April 2026) or an ICB split between two or more new ICBs. It says
 * what happened and links to the successors, so old links and bookmarks still explain themselves.
 */
import type { CodeChange } from "../geo/successors.ts";

import { areaLabel, formatMonth } from "./format.ts";
import { html } from "./html.ts";
import { href, type PageContext, type PageView } from "./types.ts";

/** A successor, with its name when it is an area of the site's data (null: not in these figures). */
export interface Successor {
  code: string;
  name: string | null;
}

export function formerCodeView(
  change: CodeChange,
  successors: Successor[],
  ctx: PageContext,
): PageView {
  const gone = formatMonth(change.goneFrom);
  const label = areaLabel({ code: change.code, name: change.name });
  const what =
    successors.length === 0
      ? html`Its areas went to different places, and no successor is recorded.`
      : html`Its area was divided between ${successors.length} areas. Patients are now counted under
        the area of their GP practice:`;
  const body = html`<h1 class="nhsuk-heading-xl">${label} no longer exists</h1>
    <p class="nhsuk-lede-text">
      ${change.code} (${change.name}) was last used in the geography of ${change.lastVintage}. From
      ${gone} it is no longer used. ${what}
    </p>
    ${
      successors.length > 0
        ? html`<ul class="nhsuk-list nhsuk-list--bullet">
            ${successors.map((s) =>
              s.name
                ? html`<li>
                    <a href="${href(ctx, `/area/${s.code}/`)}"
                      >${areaLabel({ code: s.code, name: s.name })}</a
                    >
                  </li>`
                : html`<li>${s.code} (not an area of this site's figures)</li>`,
            )}
          </ul>`
        : ""
    }
    <p class="nhsuk-body">
      To find the area your planned care counts under,
      <a href="${href(ctx, "/my-area/")}">search for your GP practice</a>.
    </p>`;
  return {
    title: `${label} no longer exists`,
    breadcrumbs: [{ label: "Home", path: "/" }],
    body: body.value,
    exports: [],
  };
}
