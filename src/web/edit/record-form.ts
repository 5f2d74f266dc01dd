/**
 * The forms for the other record kinds (interventions, scorecard frameworks, scorecard assessments
 * with an organisation's right of reply), built from one description per kind: labelled fields
 * named by the schema path they fill (`sources.0.url`), optional groups and repeated rows. Three
 * pure functions serve every kind: a record → form values, form values → the raw record the
 * import's validation checks (`registry/validate.ts`), and the page with each problem beside its
 * field. Numbers, lists and yes/no fields are converted only when they are well formed; anything
 * else goes to validation as typed, so the message says what it must be ("must be a number").
 */
import { ASSESSMENT_STATUSES, ICB_VINTAGES } from "../../registry/scorecard-schema.ts";
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

/** The kinds these forms edit (policies have their own form, policy-form.ts). */
export const FORM_KINDS = ["intervention", "framework", "assessment"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** A field: its spec (name relative to its group) and how its text becomes a value. */
interface FieldPart extends FieldSpec {
  /** number: digits → a number; list: comma or line separated → strings; yes/no → boolean. */
  as?: "number" | "list" | "boolean";
  /** Read-only once the record exists (its id is made of it). */
  fixed?: boolean;
}
/** A group of fields: one object (null when left wholly empty if `nullable`), or repeated rows. */
interface GroupPart {
  group: string;
  legend: string;
  /** rows: an array of objects; map: rows of `key` and `value` that make one object. */
  repeat?: "rows" | "map";
  nullable?: boolean;
  parts: Part[];
}
type Part = FieldPart | GroupPart;

const isGroup = (p: Part): p is GroupPart => "group" in p;
const YES_NO = ["yes", "no"] as const;

const citation = (group: string, legend: string, nullable: boolean): GroupPart => ({
  group,
  legend,
  nullable,
  repeat: nullable ? undefined : "rows",
  parts: [
    { name: "title", label: "Title" },
    { name: "url", label: "Link", hint: "http(s)://…" },
  ],
});

const KIND_PARTS: Record<FormKind, Part[]> = {
  intervention: [
    {
      name: "slug",
      label: "Identifier (slug)",
      hint: "Letters, digits, '.', '_' or '-', e.g. inguinal-hernia-repair",
      width: 20,
      fixed: true,
    },
    { name: "name", label: "Name" },
    {
      group: "ebi",
      legend: "Evidence-Based Interventions entry (leave empty if none)",
      nullable: true,
      parts: [
        { name: "list", label: "EBI list", hint: "e.g. EBI list 1" },
        { name: "intervention", label: "EBI intervention" },
        { name: "url", label: "Link", hint: "http(s)://…" },
      ],
    },
    {
      name: "opcs4",
      label: "OPCS-4 codes",
      hint: "Separated by commas, e.g. T20, T21",
      as: "list",
    },
    { name: "icd10", label: "ICD-10 codes", hint: "Separated by commas, e.g. K40", as: "list" },
    { name: "codesSource", label: "Where the codes come from", kind: "textarea" },
    {
      name: "rttTreatmentFunction",
      label: "RTT treatment function used as the activity proxy",
      hint: "e.g. C_100; leave empty when RTT cannot show this intervention",
      width: 10,
    },
    {
      name: "proxyLimits",
      label: "What the proxy counts beyond the intervention, and what it misses",
      kind: "textarea",
    },
    citation("nice", "NICE guidance (leave empty if none)", true),
    citation("sources", "Source", false),
  ],
  framework: [
    { name: "id", label: "Identifier", width: 20, fixed: true },
    { name: "name", label: "Name" },
    { name: "version", label: "Version", width: 10 },
    {
      name: "organisationType",
      label: "Organisations assessed",
      kind: "select",
      options: ["icb"],
    },
    { name: "description", label: "Description", kind: "textarea" },
    {
      group: "ratingScale",
      legend: "Rating",
      repeat: "rows",
      parts: [
        {
          name: "value",
          label: "Value",
          hint: "A whole number from 0 to 10",
          width: 2,
          as: "number",
        },
        { name: "label", label: "Label" },
        {
          name: "meets",
          label: "Counts as meeting the criterion?",
          kind: "select",
          options: YES_NO,
          as: "boolean",
        },
      ],
    },
    {
      group: "domains",
      legend: "Domain",
      repeat: "rows",
      parts: [
        { name: "id", label: "Domain identifier", width: 10 },
        { name: "name", label: "Domain name" },
        { name: "weight", label: "Weight", width: 5, as: "number" },
        { name: "basis", label: "Principle or published domain it rests on", kind: "textarea" },
        {
          group: "criteria",
          legend: "Criterion",
          repeat: "rows",
          parts: [
            { name: "id", label: "Criterion identifier", width: 10 },
            { name: "text", label: "Criterion", kind: "textarea" },
            { name: "weight", label: "Weight", width: 5, as: "number" },
            { name: "basis", label: "What it rests on", kind: "textarea" },
            {
              group: "guidance",
              legend: "Guidance for a rating",
              repeat: "map",
              parts: [
                { name: "key", label: "Rating value", width: 2 },
                { name: "value", label: "Evidence that earns it", kind: "textarea" },
              ],
            },
          ],
        },
      ],
    },
    citation("sources", "Source", false),
  ],
  assessment: [
    { name: "framework", label: "Framework", kind: "select", options: [], fixed: true },
    {
      group: "organisation",
      legend: "Organisation assessed",
      parts: [
        { name: "code", label: "ICB code", hint: "e.g. QWO or E54000054", width: 10, fixed: true },
        { name: "name", label: "ICB name" },
        { name: "vintage", label: "Geography vintage", kind: "select", options: ICB_VINTAGES },
      ],
    },
    { name: "round", label: "Round", hint: "e.g. 2025 or 2025-26", width: 10, fixed: true },
    { name: "criterion", label: "Criterion identifier", hint: "e.g. A1", width: 10, fixed: true },
    {
      name: "rating",
      label: "Rating",
      hint: "A value on the framework's scale; leave empty if not assessable",
      width: 2,
      as: "number",
    },
    {
      group: "evidence",
      legend: "Evidence",
      repeat: "rows",
      parts: [
        { name: "url", label: "Link", hint: "http(s)://…" },
        { name: "archivedSha256", label: "SHA-256 of the archived copy" },
        { name: "quote", label: "Quotation", kind: "textarea" },
      ],
    },
    { name: "assessor", label: "Assessor" },
    { name: "secondReviewer", label: "Second reviewer", hint: "Needed once past draft" },
    { name: "assessedOn", label: "Assessed on", hint: "YYYY-MM-DD", width: 10 },
    { name: "status", label: "Status", kind: "select", options: ASSESSMENT_STATUSES },
    {
      group: "rightOfReply",
      legend: "The organisation's right of reply (leave empty if none)",
      nullable: true,
      parts: [
        { name: "receivedOn", label: "Received on", hint: "YYYY-MM-DD", width: 10 },
        { name: "text", label: "What the organisation said", kind: "textarea" },
        { name: "outcome", label: "Outcome", kind: "textarea" },
      ],
    },
  ],
};

const join = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

/** A record as form values (field name → text). */
export function recordValues(kind: FormKind, data: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (parts: Part[], obj: unknown, prefix: string) => {
    const o = (obj ?? {}) as Record<string, unknown>;
    for (const p of parts) {
      if (!isGroup(p)) {
        const v = o[p.name];
        if (v === null || v === undefined) continue;
        const text = Array.isArray(v)
          ? v.join(", ")
          : typeof v === "boolean"
            ? v
              ? "yes"
              : "no"
            : typeof v === "object"
              ? JSON.stringify(v)
              : String(v as string | number);
        out.set(join(prefix, p.name), text);
        continue;
      }
      const at = join(prefix, p.group);
      const v = o[p.group];
      if (p.repeat === "rows" && Array.isArray(v)) {
        v.forEach((row, i) => walk(p.parts, row, `${at}.${i}`));
      } else if (p.repeat === "map" && v && typeof v === "object") {
        Object.entries(v).forEach(([k, x], i) => walk(p.parts, { key: k, value: x }, `${at}.${i}`));
      } else if (!p.repeat) walk(p.parts, v, at);
    }
  };
  walk(KIND_PARTS[kind], data, "");
  return out;
}

/** How many rows of the group at `at` the values hold (rows up to the last one with any text). */
function rowsIn(values: ReadonlyMap<string, string>, at: string): number {
  let n = 0;
  const re = new RegExp(`^${at.replace(/\./g, "\\.")}\\.(\\d{1,3})\\.`);
  for (const [k, v] of values) {
    const m = re.exec(k);
    if (m && v.trim() !== "") n = Math.max(n, Number(m[1]) + 1);
  }
  return Math.min(n, 100);
}

/** Whether any field of row `i` of the group at `at` holds text. */
function rowHasText(values: ReadonlyMap<string, string>, at: string, i: number): boolean {
  const prefix = `${at}.${i}.`;
  for (const [k, v] of values) if (k.startsWith(prefix) && v.trim() !== "") return true;
  return false;
}

/**
 * The submitted form with every repeated row left wholly empty removed and the rest renumbered
 * (`sources.2.url` → `sources.1.url` when row 1 was cleared), at every depth, so a row cleared in
 * the middle of a list is dropped rather than refused, and each problem still lands beside the
 * field it is about. Fields outside the kind's description (csrf, reason…) are kept as they are.
 */
export function compactForm(
  kind: FormKind,
  form: Readonly<Record<string, string>>,
): Record<string, string> {
  const values = new Map(Object.entries(form));
  const parts = KIND_PARTS[kind];
  const top = new Set(parts.map((p) => (isGroup(p) ? p.group : p.name)));
  const out: Record<string, string> = {};
  for (const [k, v] of values) if (!top.has(k.split(".")[0] as string)) out[k] = v;
  const walk = (list: Part[], from: string, to: string) => {
    for (const p of list) {
      if (!isGroup(p)) {
        const v = values.get(join(from, p.name));
        if (v !== undefined) out[join(to, p.name)] = v;
        continue;
      }
      const src = join(from, p.group);
      const dst = join(to, p.group);
      if (!p.repeat) {
        walk(p.parts, src, dst);
        continue;
      }
      let j = 0;
      for (let i = 0; i < rowsIn(values, src); i++) {
        if (!rowHasText(values, src, i)) continue;
        walk(p.parts, `${src}.${i}`, `${dst}.${j}`);
        j++;
      }
    }
  };
  walk(parts, "", "");
  return out;
}

/**
 * The raw record a submitted form describes. Empty fields are null; a group left wholly empty is
 * null when optional; rows left wholly empty are dropped (`compactForm` first renumbers the rest,
 * so problems land beside their fields). `synthetic`, for assessments, is the server's.
 */
export function recordFromForm(
  kind: FormKind,
  form: Readonly<Record<string, string>>,
  synthetic: boolean,
): Record<string, unknown> {
  const values = new Map(Object.entries(form));
  const empty = (x: unknown): boolean =>
    x === null ||
    (Array.isArray(x) && x.every(empty)) ||
    (typeof x === "object" && x !== null && !Array.isArray(x) && Object.values(x).every(empty));
  const build = (parts: Part[], prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const p of parts) {
      if (!isGroup(p)) {
        out[p.name] = convert(p, (form[join(prefix, p.name)] ?? "").trim());
        continue;
      }
      const at = join(prefix, p.group);
      if (!p.repeat) {
        const obj = build(p.parts, at);
        out[p.group] = p.nullable && empty(obj) ? null : obj;
        continue;
      }
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < rowsIn(values, at); i++) rows.push(build(p.parts, `${at}.${i}`));
      while (rows.length > 0 && empty(rows[rows.length - 1])) rows.pop();
      out[p.group] =
        p.repeat === "map"
          ? Object.fromEntries(rows.map((r) => [String(r["key"] ?? ""), r["value"]]))
          : rows;
    }
    return out;
  };
  const record = build(KIND_PARTS[kind], "");
  if (kind === "assessment") record["synthetic"] = synthetic;
  return record;
}

function convert(p: FieldPart, s: string): unknown {
  if (p.as === "list") {
    return s === "" ? [] : s.split(/[\s,;]+/).filter((x) => x !== "");
  }
  if (s === "") return null;
  if (p.as === "number" && /^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (p.as === "boolean" && (s === "yes" || s === "no")) return s === "yes";
  return s;
}

/** Every field and group name a form of this kind shows for these values (for placing errors). */
function namesOf(kind: FormKind, values: ReadonlyMap<string, string>): Map<string, string> {
  const labels = new Map<string, string>();
  const walk = (parts: Part[], prefix: string, where: string) => {
    for (const p of parts) {
      if (!isGroup(p)) {
        labels.set(join(prefix, p.name), `${where}${p.label}`);
        continue;
      }
      const at = join(prefix, p.group);
      labels.set(at, `${where}${p.legend}`);
      if (!p.repeat) walk(p.parts, at, `${where}${p.legend}: `);
      else {
        for (let i = 0; i < rowsIn(values, at) + 1; i++) {
          walk(p.parts, `${at}.${i}`, `${where}${p.legend} ${i + 1}: `);
        }
      }
    }
  };
  walk(KIND_PARTS[kind], "", "");
  labels.set(REASON_FIELD.name, REASON_FIELD.label);
  labels.set("form", "Form");
  return labels;
}

/** The import's reference checks name CSV columns; these are their form fields. */
const REFERENCE_COLUMNS: Record<string, string> = { organisation_code: "organisation.code" };

/**
 * The form field a validation problem belongs to: the import names it
 * `assessments[0].rightOfReply.text`; a path with no field of its own (a rule over a whole group,
 * a guidance entry by rating value) goes to its nearest group, and to the form as a last resort.
 */
export function fieldOfIssue(
  kind: FormKind,
  values: ReadonlyMap<string, string>,
  column: string | undefined,
): string {
  const names = namesOf(kind, values);
  let path = (column ?? "").replace(/^[a-z]+\[\d+\]\.?/, "");
  path = REFERENCE_COLUMNS[path] ?? path;
  while (path !== "") {
    if (names.has(path)) return path;
    path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
  }
  return "form";
}

export interface RecordFormInput {
  kind: FormKind;
  csrf: string;
  values: ReadonlyMap<string, string>;
  errors: FieldErrors;
  baseVersion: number;
  /** The scorecard frameworks an assessment can name. */
  frameworks: readonly string[];
  /** The public submission this new record is made from, if any (kept through re-display). */
  fromSubmission?: number;
}

/** The whole form: groups as fieldsets, each repeated group with one empty row to add another. */
export function recordForm(f: RecordFormInput): Html {
  const editing = f.baseVersion > 0;
  const val = (n: string) => f.values.get(n) ?? "";
  const groupError = (at: string) =>
    (f.errors.get(at) ?? []).map(
      (p) =>
        html`<span class="nhsuk-error-message"
          ><span class="nhsuk-u-visually-hidden">Error:</span> ${p}</span
        >`,
    );
  const render = (parts: Part[], prefix: string): Html[] =>
    parts.map((p) => {
      if (!isGroup(p)) {
        let spec: FieldSpec = { ...p, name: join(prefix, p.name) };
        if (p.name === "framework" && f.kind === "assessment") {
          spec = { ...spec, options: f.frameworks };
        }
        if (p.fixed && editing) {
          // A select cannot be read-only: an identifying choice is shown as a fixed text field.
          spec = { ...spec, kind: "text", readonly: true, hint: "Fixed once created" };
        }
        return field(spec, val(spec.name), f.errors);
      }
      const at = join(prefix, p.group);
      if (!p.repeat) {
        return html`<fieldset class="nhsuk-fieldset">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${p.legend}</legend>
          ${groupError(at)} ${render(p.parts, at)}
        </fieldset>`;
      }
      const n = rowsIn(f.values, at) + 1;
      const rows: Html[] = [];
      for (let i = 0; i < n; i++) {
        rows.push(
          html`<fieldset class="nhsuk-fieldset rw-criterion">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
              ${p.legend} ${i + 1}${i === n - 1 ? " (leave empty if none to add)" : ""}
            </legend>
            ${render(p.parts, `${at}.${i}`)}
          </fieldset>`,
        );
      }
      return html`${groupError(at)} ${rows}`;
    });
  const intro =
    f.kind === "assessment"
      ? "An organisation's right of reply is recorded against the assessment it answers."
      : f.kind === "framework"
        ? "Each criterion needs guidance for every value on the rating scale."
        : "docs/registry.md describes every field.";
  return html`${errorSummary(f.errors, namesOf(f.kind, f.values))}
    <p>
      ${intro} Every list has one empty row at its end; to add more than one, fill it in and use
      "Show another empty row" (nothing is sent for review until you choose "Send for review"). To
      remove a row, clear all its fields.
    </p>
    <form method="post" action="/edit/record/${f.kind}" novalidate>
      ${recordFormHead(f.csrf, f.baseVersion, f.fromSubmission)} ${render(KIND_PARTS[f.kind], "")}
      ${recordFormTail(val(REASON_FIELD.name), f.errors, "Show another empty row")}
    </form>`;
}
