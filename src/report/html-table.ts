/** NHS.UK-styled HTML tables, built from column definitions (the same columns feed no other output). */
import type { Comparison } from "../analysis/types.ts";

import { escapeXml } from "./format.ts";

export interface Column<T> {
  header: string;
  numeric?: boolean;
  /** Cell content as trusted HTML (escape text with `escapeXml`). */
  html: (row: T) => string;
}

/** A cell's text, escaped. */
export const text = (value: string): string => escapeXml(value);

const TAG: Record<Comparison, { cls: string; label: string }> = {
  higher: { cls: "nhsuk-tag--blue", label: "Above range" },
  similar: { cls: "nhsuk-tag--grey", label: "Within range" },
  lower: { cls: "nhsuk-tag--orange", label: "Below range" },
};

/** The compared-to-England tag (expected range): Above (blue), Within (grey), Below (orange). */
export function comparisonTag(c: Comparison | null): string {
  if (!c) return "–";
  const t = TAG[c];
  return `<strong class="nhsuk-tag ${t.cls}">${t.label}</strong>`;
}

/**
 * A scrollable NHS.UK table with a caption; rows for which `highlight` is true (England) are bold.
 */
export function htmlTable<T>(options: {
  caption: string;
  columns: Array<Column<T>>;
  rows: T[];
  highlight?: (row: T) => boolean;
  id?: string;
}): string {
  const head = options.columns
    .map(
      (c) =>
        `<th scope="col" class="nhsuk-table__header${c.numeric ? " nhsuk-table__header--numeric" : ""}">${escapeXml(c.header)}</th>`,
    )
    .join("");
  const body = options.rows
    .map((row) => {
      const cells = options.columns
        .map(
          (c) =>
            `<td class="nhsuk-table__cell${c.numeric ? " nhsuk-table__cell--numeric" : ""}">${c.html(row)}</td>`,
        )
        .join("");
      const cls = options.highlight?.(row) ? " rw-row--england" : "";
      return `<tr class="nhsuk-table__row${cls}">${cells}</tr>`;
    })
    .join("\n");
  const id = options.id ? ` id="${escapeXml(options.id)}"` : "";
  return `<div class="rw-scroll"${id}><table class="nhsuk-table rw-table"><caption class="nhsuk-table__caption nhsuk-u-font-size-19">${escapeXml(options.caption)}</caption><thead class="nhsuk-table__head"><tr class="nhsuk-table__row">${head}</tr></thead><tbody class="nhsuk-table__body">\n${body}\n</tbody></table></div>`;
}
