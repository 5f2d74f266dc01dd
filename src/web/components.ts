/** Building blocks the pages share: figures with their downloads, tables, tags, key figures. */
import type { Comparison } from "../analysis/types.ts";

import { html, type Html } from "./html.ts";
import { downloadLinks } from "./layout.ts";
import type { PageExport } from "./types.ts";

export interface Column<T> {
  header: string;
  numeric?: boolean;
  cell: (row: T) => Html | string | number;
  /** The value JavaScript sorts by (numbers sort numerically); omit for an unsortable column. */
  sortValue?: (row: T) => string | number | null;
}

/**
 * An NHS.UK table with a caption. `sortable` marks it for the progressive-enhancement sorter
 * (`data-sort` on each cell); without JavaScript it keeps the order given.
 */
export function table<T>(o: {
  caption: string;
  columns: Array<Column<T>>;
  rows: T[];
  sortable?: boolean;
  highlight?: (row: T) => boolean;
}): Html {
  const head = o.columns.map(
    (c) =>
      html`<th
        scope="col"
        class="nhsuk-table__header${c.numeric ? " nhsuk-table__header--numeric" : ""}"
        ${o.sortable && c.sortValue ? html` data-sortable="true"` : ""}
      >
        ${c.header}
      </th>`,
  );
  const body = o.rows.map((row) => {
    const cells = o.columns.map((c) => {
      const sv = o.sortable && c.sortValue ? c.sortValue(row) : null;
      return html`<td
        class="nhsuk-table__cell${c.numeric ? " nhsuk-table__cell--numeric" : ""}"
        ${sv !== null ? html` data-sort="${String(sv)}"` : ""}
      >
        ${c.cell(row)}
      </td>`;
    });
    return html`<tr class="nhsuk-table__row${o.highlight?.(row) ? " rw-row--highlight" : ""}">
      ${cells}
    </tr> `;
  });
  return html`<div class="rw-scroll" tabindex="0" role="region" aria-label="${o.caption}">
    <table class="nhsuk-table rw-table${o.sortable ? " rw-sortable" : ""}">
      <caption class="nhsuk-table__caption">
        ${o.caption}
      </caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          ${head}
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        ${body}
      </tbody>
    </table>
  </div>`;
}

const TAG: Record<Comparison, { cls: string; label: string }> = {
  higher: { cls: "nhsuk-tag--blue", label: "Above expected range" },
  similar: { cls: "nhsuk-tag--grey", label: "Within expected range" },
  lower: { cls: "nhsuk-tag--orange", label: "Below expected range" },
};

/** The compared-with-England tag (95%); a dash when there is no comparison. */
export function comparisonTag(c: Comparison | null | undefined): Html {
  if (!c) return html`–`;
  const t = TAG[c];
  return html`<strong class="nhsuk-tag ${t.cls}">${t.label}</strong>`;
}

/**
 * A chart as an image of its own SVG file (so the page needs no inline style), its text
 * description, its data in a table beneath, and the download links.
 */
export function figure(e: PageExport, dataTable: Html, description?: string): Html {
  const img = e.chart
    ? html`<img
        class="rw-chart"
        src="${e.dir ?? ""}${e.name}.svg"
        width="${e.chart.width}"
        height="${e.chart.height}"
        alt="${e.chart.alt}"
      />`
    : html``;
  return html`<figure class="rw-figure" id="figure-${e.name}">
    <h3 class="nhsuk-heading-s rw-figure__title">${e.title}</h3>
    ${img}
    ${description ? html`<figcaption class="nhsuk-body-s rw-figure__caption">${description}</figcaption>` : ""}
    <details class="nhsuk-details rw-details">
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">Data table: ${e.title}</span>
      </summary>
      <div class="nhsuk-details__text">${dataTable}</div>
    </details>
    ${downloadLinks(e)}
  </figure>`;
}

/** A key figure: big number, label, the denominator or context line. */
export function keyFigure(value: string, label: string, context: string): Html {
  return html`<div class="rw-key">
    <p class="rw-key__value">${value}</p>
    <p class="rw-key__label">${label}</p>
    <p class="rw-key__context">${context}</p>
  </div>`;
}

/** An NHS.UK inset text. */
export function inset(content: Html | string): Html {
  return html`<div class="nhsuk-inset-text">
    <span class="nhsuk-u-visually-hidden">Information: </span>${content}
  </div>`;
}
