/**
 * The form for the other record kinds (interventions, scorecard frameworks and assessments, with
 * an assessment's right of reply): the record as JSON in the import's JSON shape, checked by the
 * import's own validation; each problem is listed beside the field with its path.
 */
import { html, type Html } from "../html.ts";

import { button, csrfField, errorSummary, field, hidden, type FieldErrors } from "./forms.ts";

/** The kinds this form edits (policies have their own form). */
export const JSON_KINDS = ["intervention", "framework", "assessment"] as const;
export type JsonKind = (typeof JSON_KINDS)[number];

export interface RecordFormInput {
  kind: JsonKind;
  csrf: string;
  json: string;
  reason: string;
  errors: FieldErrors;
  baseVersion: number;
}

export function recordForm(f: RecordFormInput): Html {
  const labels = new Map([
    ["data", `The ${f.kind} as JSON`],
    ["reason", "Why this change"],
  ]);
  return html`${errorSummary(f.errors, labels)}
    <p>
      The record in the import's JSON shape (docs/registry.md lists every field).
      ${
        f.kind === "assessment"
          ? "An organisation's right of reply goes in rightOfReply (receivedOn, text, outcome)."
          : ""
      }
    </p>
    <form method="post" action="/edit/record/${f.kind}" novalidate>
      ${csrfField(f.csrf)} ${hidden("baseVersion", String(f.baseVersion))}
      ${field(
        { name: "data", label: labels.get("data") as string, kind: "textarea" },
        f.json,
        f.errors,
      )}
      ${field(
        { name: "reason", label: "Why this change (shown in the history)", kind: "textarea" },
        f.reason,
        f.errors,
      )}
      ${button("Send for review")}
    </form>`;
}
