/**
 * Form parts for the editor, in nhsuk-frontend markup: fields with their error beside them, the
 * error summary at the top, the hidden CSRF field. Every value goes through `html` (escaped).
 */
import { html, type Html } from "../html.ts";

/** Problems by field name (the record's schema path, e.g. `criteria.0.wording`). */
export type FieldErrors = Map<string, string[]>;

export interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  kind?: "text" | "textarea" | "select" | "password" | "email" | "file";
  options?: readonly string[];
  width?: 2 | 3 | 4 | 5 | 10 | 20;
  autocomplete?: string;
  readonly?: boolean;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, "-")}`;

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf" value="${token}" />`;
}

export function hidden(name: string, value: string): Html {
  return html`<input type="hidden" name="${name}" value="${value}" />`;
}

/** One form group: label, hint, error message(s) and the control. */
export function field(spec: FieldSpec, value: string, errors: FieldErrors): Html {
  const id = fieldId(spec.name);
  const problems = errors.get(spec.name) ?? [];
  const bad = problems.length > 0;
  const describedBy =
    [spec.hint ? `${id}-hint` : "", bad ? `${id}-error` : ""].filter(Boolean).join(" ") ||
    undefined;
  const kind = spec.kind ?? "text";
  const cls = (base: string) => `${base}${bad ? ` ${base}--error` : ""}`;
  let control: Html;
  if (kind === "textarea") {
    control = html`<textarea
      class="${cls("nhsuk-textarea")}"
      id="${id}"
      name="${spec.name}"
      rows="3"
      aria-describedby="${describedBy ?? ""}"
    >
${value}</textarea>`;
  } else if (kind === "select") {
    // A value that is not one of the options (refused by validation) stays selectable, so the
    // form shows what was sent beside its error.
    const known = spec.options ?? [];
    const extra = value !== "" && !known.includes(value) ? [value] : [];
    const opts = ["", ...known, ...extra].map(
      (o) =>
        html`<option value="${o}" ${o === value ? html`selected` : ""}>${o || "(none)"}</option>`,
    );
    control = html`<select
      class="${cls("nhsuk-select")}"
      id="${id}"
      name="${spec.name}"
      aria-describedby="${describedBy ?? ""}"
    >
      ${opts}
    </select>`;
  } else if (kind === "file") {
    control = html`<input
      class="${cls("nhsuk-file-upload")}"
      id="${id}"
      name="${spec.name}"
      type="file"
      accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
      aria-describedby="${describedBy ?? ""}"
    />`;
  } else {
    control = html`<input
      class="${cls("nhsuk-input")}${spec.width ? ` nhsuk-input--width-${spec.width}` : ""}"
      id="${id}"
      name="${spec.name}"
      type="${kind}"
      value="${kind === "password" ? "" : value}"
      ${spec.autocomplete ? html`autocomplete="${spec.autocomplete}"` : ""}
      ${spec.readonly ? html`readonly` : ""}
      aria-describedby="${describedBy ?? ""}"
    />`;
  }
  return html`<div class="nhsuk-form-group${bad ? " nhsuk-form-group--error" : ""}">
    <label class="nhsuk-label" for="${id}">${spec.label}</label>
    ${spec.hint ? html`<div class="nhsuk-hint" id="${id}-hint">${spec.hint}</div>` : ""}
    ${problems.map(
      (p) =>
        html`<span class="nhsuk-error-message" id="${id}-error"
          ><span class="nhsuk-u-visually-hidden">Error:</span> ${p}</span
        >`,
    )}
    ${control}
  </div>`;
}

/** The error summary (links to each field), or nothing. */
export function errorSummary(errors: FieldErrors, labels: Map<string, string>): Html {
  if (errors.size === 0) return html``;
  const items = [...errors].flatMap(([name, problems]) =>
    problems.map(
      (p) =>
        html`<li>
          <a href="#${fieldId(name)}">${labels.get(name) ?? name}: ${p}</a>
        </li>`,
    ),
  );
  return html`<div
    class="nhsuk-error-summary"
    aria-labelledby="error-summary-title"
    role="alert"
    tabindex="-1"
  >
    <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
    <div class="nhsuk-error-summary__body">
      <ul class="nhsuk-list nhsuk-error-summary__list">
        ${items}
      </ul>
    </div>
  </div>`;
}

/** An nhsuk table: column headers, the body's rows (already `<tr>`s), an optional caption. */
export function table(
  headers: readonly string[],
  rows: Html[],
  options: { caption?: string; className?: string } = {},
): Html {
  return html`<table class="nhsuk-table${options.className ? ` ${options.className}` : ""}">
    ${
      options.caption
        ? html`<caption class="nhsuk-table__caption">
            ${options.caption}
          </caption>`
        : ""
    }
    <thead class="nhsuk-table__head">
      <tr class="nhsuk-table__row">
        ${headers.map((h) => html`<th class="nhsuk-table__header" scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody class="nhsuk-table__body">
      ${rows}
    </tbody>
  </table>`;
}

/** A message to the user (success or refusal) in an inset. */
export function inset(text: string | Html): Html {
  return html`<div class="nhsuk-inset-text"><p>${text}</p></div>`;
}

export function button(label: string, secondary = false): Html {
  return html`<button
    class="nhsuk-button${secondary ? " nhsuk-button--secondary" : ""}"
    data-module="nhsuk-button"
    type="submit"
  >
    ${label}
  </button>`;
}

/** The secondary submit button that sends a form back with one more empty row (no JavaScript). */
export function moreButton(label: string): Html {
  return html`<button
    class="nhsuk-button nhsuk-button--secondary"
    data-module="nhsuk-button"
    type="submit"
    name="more"
    value="1"
  >
    ${label}
  </button>`;
}

/** Every record form's "why" field (kept in the history as the change's reason). */
export const REASON_FIELD: FieldSpec = {
  name: "reason",
  label: "Why this change (shown in the history)",
  kind: "textarea",
};

/** The hidden fields every record form starts with: CSRF, base version, source submission. */
export function recordFormHead(csrf: string, baseVersion: number, fromSubmission?: number): Html {
  return html`${csrfField(csrf)} ${hidden("baseVersion", String(baseVersion))}
  ${fromSubmission ? hidden("fromSubmission", String(fromSubmission)) : ""}`;
}

/** Every record form's end: the reason, "Send for review", and the one-more-row button. */
export function recordFormTail(reason: string, errors: FieldErrors, moreLabel: string): Html {
  return html`${field(REASON_FIELD, reason, errors)} ${button("Send for review")}
  ${moreButton(moreLabel)}`;
}
