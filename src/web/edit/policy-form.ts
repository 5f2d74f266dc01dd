/**
 * The policy record form: its fields (named by the schema path they fill, so a validation problem
 * lands beside its field), a record → form values, form values → the raw record the import's
 * validation checks (`registry/validate.ts`), and the page.
 */
import {
  ACCESS_ROUTES,
  COMPARATORS,
  CRITERION_TYPES,
  GEOGRAPHY_VINTAGES,
} from "../../registry/policy-schema.ts";
import { html, type Html } from "../html.ts";

import {
  errorSummary,
  field,
  recordFormHead,
  recordFormTail,
  REASON_FIELD,
  type FieldErrors,
  type FieldSpec,
} from "./forms.ts";

export const POLICY_FIELDS: FieldSpec[] = [
  {
    name: "id",
    label: "Policy identifier",
    hint: "Letters, digits, '.', '_' or '-', e.g. 03R-hernia-2023",
    width: 20,
  },
  {
    name: "commissioner.code",
    label: "Commissioner code",
    hint: "ODS code (03R) or ONS code (E54000054)",
    width: 10,
  },
  { name: "commissioner.name", label: "Commissioner name" },
  {
    name: "commissioner.level",
    label: "Level",
    kind: "select",
    options: ["ccg", "sub-icb", "icb"],
  },
  {
    name: "commissioner.vintage",
    label: "Geography vintage",
    kind: "select",
    options: GEOGRAPHY_VINTAGES,
  },
  { name: "intervention", label: "Intervention", kind: "select", options: [] },
  { name: "accessRoute", label: "Access route", kind: "select", options: ACCESS_ROUTES },
  {
    name: "departsFromGuidance",
    label: "Departs from NICE / EBI guidance?",
    kind: "select",
    options: ["yes", "no", "unclear"],
  },
  { name: "departure", label: "How it departs", kind: "textarea" },
  { name: "source.title", label: "Source document title" },
  { name: "source.url", label: "Source document URL" },
  { name: "source.foiReference", label: "FOI reference" },
  {
    name: "source.archivedSha256",
    label: "SHA-256 of the archived copy",
    hint: "Filled in for you when you upload the document below",
  },
  {
    name: "evidence",
    label: "Upload the policy document",
    hint: "PDF, PNG or JPEG, up to the size limit",
    kind: "file",
  },
  { name: "effectiveDate", label: "Effective date", hint: "YYYY-MM-DD", width: 10 },
  { name: "reviewDate", label: "Review date", hint: "YYYY-MM-DD", width: 10 },
  { name: "withdrawnDate", label: "Withdrawn date", hint: "YYYY-MM-DD", width: 10 },
  { name: "supersededBy", label: "Superseded by (policy identifier)", width: 20 },
  { name: "verifiedBy", label: "Verified against the source by" },
  { name: "verifiedOn", label: "Verified on", hint: "YYYY-MM-DD", width: 10 },
  { name: "notes", label: "Notes", kind: "textarea" },
];

export const CRITERION_FIELDS: FieldSpec[] = [
  { name: "type", label: "Criterion type", kind: "select", options: CRITERION_TYPES },
  { name: "measure", label: "Measure", hint: "e.g. BMI, Oxford Hip Score" },
  { name: "comparator", label: "Comparator", kind: "select", options: COMPARATORS },
  { name: "threshold", label: "Threshold", width: 5 },
  { name: "unit", label: "Unit", width: 10 },
  {
    name: "requirement",
    label: "Mandatory or advisory",
    kind: "select",
    options: ["mandatory", "advisory"],
  },
  { name: "wording", label: "The policy's exact words", kind: "textarea" },
];
const CRITERION_KEYS = CRITERION_FIELDS.map((f) => f.name);

/** Labels by field name, for the error summary. */
export function policyLabels(criteria: number): Map<string, string> {
  const m = new Map(POLICY_FIELDS.map((f) => [f.name, f.label]));
  for (let i = 0; i < criteria; i++) {
    for (const f of CRITERION_FIELDS)
      m.set(`criteria.${i}.${f.name}`, `Criterion ${i + 1}: ${f.label}`);
  }
  m.set("reason", REASON_FIELD.label);
  m.set("form", "Form");
  return m;
}

/** A policy record as form values (field name → text). */
export function policyValues(data: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const put = (prefix: string, v: unknown) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) v.forEach((x, i) => put(`${prefix}.${i}`, x));
    else if (typeof v === "object") {
      for (const [k, x] of Object.entries(v)) put(prefix ? `${prefix}.${k}` : k, x);
    } else out.set(prefix, String(v));
  };
  put("", data);
  return out;
}

/** How many criterion rows the submitted form holds. */
export function criterionRows(form: Record<string, string>): number {
  let n = 0;
  for (const k of Object.keys(form)) {
    const m = /^criteria\.(\d{1,2})\./.exec(k);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return Math.min(n, 20);
}

/**
 * The submitted form with criterion rows left wholly empty removed and the rest renumbered
 * (`criteria.2.*` → `criteria.1.*` when row 1 was cleared), so a row cleared in the middle is
 * dropped rather than refused and each problem lands beside its field.
 */
export function compactCriteria(form: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) if (!/^criteria\.\d/.test(k)) out[k] = v;
  let j = 0;
  for (let i = 0; i < criterionRows(form); i++) {
    const row = CRITERION_KEYS.map((k) => [k, form[`criteria.${i}.${k}`] ?? ""] as const);
    if (row.every(([, v]) => v.trim() === "")) continue;
    for (const [k, v] of row) out[`criteria.${j}.${k}`] = v;
    j++;
  }
  return out;
}

/**
 * The raw record a submitted form describes, for the import's validation: empty fields are null,
 * a criterion row left wholly empty is dropped, a threshold that is a number becomes one (anything
 * else stays text so validation names it). `synthetic` is the server's, never the form's.
 */
export function policyFromForm(
  form: Record<string, string>,
  synthetic: boolean,
): Record<string, unknown> {
  const v = (k: string) => {
    const s = (form[k] ?? "").trim();
    return s === "" ? null : s;
  };
  const criteria: Record<string, unknown>[] = [];
  for (let i = 0; i < criterionRows(form); i++) {
    const row: Record<string, unknown> = Object.fromEntries(
      CRITERION_KEYS.map((k) => [k, v(`criteria.${i}.${k}`)]),
    );
    if (Object.values(row).every((x) => x === null)) continue;
    const t = row["threshold"] as string | null;
    if (t !== null && /^-?\d+(\.\d+)?$/.test(t)) row["threshold"] = Number(t);
    criteria.push(row);
  }
  return {
    id: v("id"),
    commissioner: {
      code: v("commissioner.code"),
      name: v("commissioner.name"),
      level: v("commissioner.level"),
      vintage: v("commissioner.vintage"),
    },
    intervention: v("intervention"),
    accessRoute: v("accessRoute"),
    criteria,
    departsFromGuidance: v("departsFromGuidance"),
    departure: v("departure"),
    source: {
      title: v("source.title"),
      url: v("source.url"),
      archivedSha256: v("source.archivedSha256"),
      foiReference: v("source.foiReference"),
    },
    effectiveDate: v("effectiveDate"),
    reviewDate: v("reviewDate"),
    withdrawnDate: v("withdrawnDate"),
    supersededBy: v("supersededBy"),
    verifiedBy: v("verifiedBy"),
    verifiedOn: v("verifiedOn"),
    synthetic,
    notes: v("notes"),
  };
}

/** Import validation's columns (reference checks) as form field names. */
const COLUMN_FIELDS: Record<string, string> = {
  commissioner_code: "commissioner.code",
  superseded_by: "supersededBy",
  intervention: "intervention",
  policy_id: "id",
};

/** Maps an import-validation issue's column (`policies[0].criteria.0.wording`) to a field. */
export function fieldOfColumn(column: string | undefined): string {
  if (!column) return "form";
  const m = /^policies\[\d+\]\.?(.*)$/.exec(column);
  if (m) return m[1] || "form";
  return COLUMN_FIELDS[column] ?? column;
}

export interface PolicyFormInput {
  action: string;
  csrf: string;
  values: Map<string, string>;
  errors: FieldErrors;
  interventions: string[];
  baseVersion: number;
  editing: boolean;
  criteria: number;
  /** The public submission this new record is made from, if any (kept through re-display). */
  fromSubmission?: number;
}

/** The whole form. */
export function policyForm(f: PolicyFormInput): Html {
  const val = (n: string) => f.values.get(n) ?? "";
  const fields = POLICY_FIELDS.map((spec) => {
    if (spec.name === "intervention") spec = { ...spec, options: f.interventions };
    if (spec.name === "id" && f.editing)
      spec = { ...spec, readonly: true, hint: "Fixed once created" };
    return field(spec, val(spec.name), f.errors);
  });
  const rows: Html[] = [];
  for (let i = 0; i < f.criteria; i++) {
    rows.push(
      html`<fieldset class="nhsuk-fieldset rw-criterion">
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
          Criterion ${i + 1}${i === f.criteria - 1 ? " (leave empty if none)" : ""}
        </legend>
        ${CRITERION_FIELDS.map((spec) => {
          const name = `criteria.${i}.${spec.name}`;
          return field({ ...spec, name }, val(name), f.errors);
        })}
      </fieldset>`,
    );
  }
  return html`${errorSummary(f.errors, policyLabels(f.criteria))}
    <form method="post" action="${f.action}" enctype="multipart/form-data" novalidate>
      ${recordFormHead(f.csrf, f.baseVersion, f.fromSubmission)} ${fields}
      <h2>Criteria</h2>
      <p>To remove a criterion, clear all its fields.</p>
      ${rows} ${recordFormTail(val("reason"), f.errors, "Show another empty criterion")}
    </form>`;
}
