/**
 * Validation of a whole import: every row of every table is checked against its schema and against
 * the other records it refers to (in the file or already in the registry); every problem is
 * collected with its file, row and column. Nothing here writes.
 */
import type { z } from "zod";

import type { InputIssue } from "../errors.ts";

import { CellReader } from "./cells.ts";
import { REVIEW_STATUSES, type RecordKind, type ReviewStatus } from "./common-schema.ts";
import { fieldMessage } from "./field-message.ts";
import { findOrganisation } from "./geography.ts";
import { interventionSchema } from "./intervention-schema.ts";
import { REVIEW_COLUMN } from "./layouts.ts";
import {
  GEOGRAPHY_VINTAGES,
  policySchema,
  type GeographyVintage,
  type Policy,
} from "./policy-schema.ts";
import type { FileTable } from "./read-file.ts";
import {
  assessmentId,
  assessmentSchema,
  frameworkSchema,
  type Assessment,
  type Framework,
} from "./scorecard-schema.ts";

/** A validated record ready to be written. */
export interface ValidRecord {
  kind: RecordKind;
  id: string;
  data: unknown;
  reviewStatus: ReviewStatus;
  file: string;
  line?: number;
}

/** What the registry already holds, for checking references. */
export interface KnownRecords {
  interventions: Set<string>;
  policies: Set<string>;
  frameworks: Map<string, Framework>;
}

const SCHEMAS: Record<RecordKind, z.ZodType> = {
  intervention: interventionSchema,
  policy: policySchema,
  framework: frameworkSchema,
  assessment: assessmentSchema,
};

export function recordId(kind: RecordKind, data: unknown): string {
  if (kind === "intervention") return (data as { slug: string }).slug;
  if (kind === "assessment") return assessmentId(data as Assessment);
  return (data as { id: string }).id;
}

/** Validates every table; returns the records and every problem found. */
export function validateTables(
  tables: FileTable[],
  known: KnownRecords,
): { records: ValidRecord[]; issues: InputIssue[] } {
  const records: ValidRecord[] = [];
  const issues: InputIssue[] = [];
  const invalid: ValidRecord[] = [];
  for (const table of tables) {
    if (table.source === "table") validateRows(table, records, issues, invalid);
    else validateJson(table, records, issues, invalid);
  }
  checkDuplicates(records, issues);
  checkReferences(records, invalid, known, issues);
  const order = (i: InputIssue) => [i.file, String(i.line ?? 0).padStart(9, "0")].join("\u0000");
  const stable = issues.map((issue, n) => ({ issue, n }));
  stable.sort((a, b) => order(a.issue).localeCompare(order(b.issue)) || a.n - b.n);
  return { records, issues: stable.map((x) => x.issue) };
}

function validateRows(
  table: Extract<FileTable, { source: "table" }>,
  records: ValidRecord[],
  issues: InputIssue[],
  invalid: ValidRecord[],
) {
  const { layout, file } = table;
  const groups = new Map<string, CellReader[]>();
  const lines = new Map<CellReader, number>();
  for (const row of table.rows) {
    const key = layout.keyColumns.map((k) => (row.cells[k] ?? "").trim()).join("\u0000");
    const reader = new CellReader(row);
    lines.set(reader, row.line);
    groups.set(key, [...(groups.get(key) ?? []), reader]);
  }
  const shared = layout.columns.filter((c) => !layout.childColumns.includes(c));
  for (const readers of groups.values()) {
    const first = readers[0] as CellReader;
    const firstLine = lines.get(first) as number;
    for (const r of readers.slice(1)) {
      for (const col of shared) {
        if ((r.text(col) ?? "") !== (first.text(col) ?? "")) {
          issues.push({
            file,
            line: lines.get(r),
            column: col,
            problem: `differs from row ${firstLine} of the same record (repeat the record's columns on each of its rows)`,
          });
        }
      }
    }
    const raw = layout.read(readers);
    const review = first.text(REVIEW_COLUMN) ?? "approved";
    for (const r of readers) issues.push(...r.problems.map((p) => ({ file, ...p })));
    if (!(REVIEW_STATUSES as readonly string[]).includes(review)) {
      issues.push({
        file,
        line: firstLine,
        column: REVIEW_COLUMN,
        problem: `expected one of ${REVIEW_STATUSES.join(", ")}, got "${review}"`,
      });
      continue;
    }
    const childLines = readers
      .filter((r) => layout.childColumns.some((c) => r.text(c) !== null))
      .map((r) => lines.get(r) as number);
    const parsed = SCHEMAS[layout.kind].safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const at = layout.locate(i.path);
        const line = at.child !== null ? (childLines[at.child] ?? firstLine) : firstLine;
        // A cell that could not be read already has its problem; the schema's follow-on is noise.
        if (issues.some((x) => x.file === file && x.line === line && x.column === at.column))
          continue;
        issues.push({ file, line, column: at.column, problem: fieldMessage(i) });
      }
      invalid.push({
        kind: layout.kind,
        id: "",
        data: raw,
        reviewStatus: "draft",
        file,
        line: firstLine,
      });
      continue;
    }
    records.push({
      kind: layout.kind,
      id: recordId(layout.kind, parsed.data),
      data: parsed.data,
      reviewStatus: review as ReviewStatus,
      file,
      line: firstLine,
    });
  }
}

function validateJson(
  table: Extract<FileTable, { source: "json" }>,
  records: ValidRecord[],
  issues: InputIssue[],
  invalid: ValidRecord[],
) {
  const { layout, file } = table;
  table.records.forEach((item, n) => {
    const where = `${layout.name}[${n}]`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      issues.push({ file, column: where, problem: "expected an object" });
      return;
    }
    const { reviewStatus = "approved", ...raw } = item as Record<string, unknown>;
    if (!(REVIEW_STATUSES as readonly unknown[]).includes(reviewStatus)) {
      issues.push({
        file,
        column: `${where}.reviewStatus`,
        problem: `expected one of ${REVIEW_STATUSES.join(", ")}`,
      });
      return;
    }
    const parsed = SCHEMAS[layout.kind].safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        issues.push({
          file,
          column: [where, ...i.path.map(String)].join("."),
          problem: fieldMessage(i),
        });
      }
      invalid.push({ kind: layout.kind, id: "", data: raw, reviewStatus: "draft", file });
      return;
    }
    records.push({
      kind: layout.kind,
      id: recordId(layout.kind, parsed.data),
      data: parsed.data,
      reviewStatus: reviewStatus as ReviewStatus,
      file,
      line: undefined,
    });
  });
}

function checkDuplicates(records: ValidRecord[], issues: InputIssue[]) {
  const seen = new Map<string, ValidRecord>();
  for (const r of records) {
    const key = `${r.kind}\u0000${r.id}`;
    const before = seen.get(key);
    if (before) {
      issues.push({
        file: r.file,
        line: r.line,
        column: idColumn(r.kind),
        problem: `${r.kind} ${r.id} appears twice in the import`,
      });
    } else seen.set(key, r);
  }
}

const idColumn = (kind: RecordKind) =>
  ({
    intervention: "slug",
    policy: "policy_id",
    framework: "framework_id",
    assessment: "criterion",
  })[kind];

function checkReferences(
  records: ValidRecord[],
  invalid: ValidRecord[],
  known: KnownRecords,
  issues: InputIssue[],
) {
  const interventions = new Set(known.interventions);
  const policies = new Set(known.policies);
  const frameworks = new Map(known.frameworks);
  for (const r of records) {
    if (r.kind === "intervention") interventions.add(r.id);
    if (r.kind === "policy") policies.add(r.id);
    if (r.kind === "framework") frameworks.set(r.id, r.data as Framework);
  }
  const at = (r: ValidRecord, column: string, problem: string) =>
    issues.push({ file: r.file, line: r.line, column, problem });
  for (const r of invalid) checkRawReferences(r, interventions, issues);
  for (const r of records) {
    if (r.kind === "policy") {
      const p = r.data as Policy;
      if (!interventions.has(p.intervention)) {
        at(
          r,
          "intervention",
          `unknown intervention "${p.intervention}" (see 'rationwatch registry list --kind intervention')`,
        );
      }
      if (p.supersededBy !== null && !policies.has(p.supersededBy)) {
        at(r, "superseded_by", `unknown policy "${p.supersededBy}"`);
      }
      const org = findOrganisation(p.commissioner.vintage, p.commissioner.code);
      if (org === undefined) {
        at(
          r,
          "commissioner_code",
          `unknown code ${p.commissioner.code} in the ${p.commissioner.vintage} geography`,
        );
      }
    }
    if (r.kind === "assessment") {
      const a = r.data as Assessment;
      const f = frameworks.get(a.framework);
      if (!f) {
        at(r, "framework", `unknown framework "${a.framework}"`);
      } else {
        const criteria = f.domains.flatMap((d) => d.criteria.map((c) => c.id));
        if (!criteria.includes(a.criterion)) {
          at(
            r,
            "criterion",
            `framework ${f.id} has no criterion "${a.criterion}" (it has ${criteria.join(", ")})`,
          );
        }
        const values = f.ratingScale.map((s) => s.value);
        if (a.rating !== null && !values.includes(a.rating)) {
          at(r, "rating", `not on the framework's scale (${values.join(", ")})`);
        }
      }
      if (findOrganisation(a.organisation.vintage, a.organisation.code) === undefined) {
        at(
          r,
          "organisation_code",
          `unknown ICB code ${a.organisation.code} in the ${a.organisation.vintage} geography`,
        );
      }
    }
  }
}

/** The reference checks that still make sense on a record that failed its schema. */
function checkRawReferences(r: ValidRecord, interventions: Set<string>, issues: InputIssue[]) {
  if (r.kind !== "policy") return;
  const raw = r.data as {
    intervention?: unknown;
    commissioner?: { code?: unknown; vintage?: unknown };
  };
  if (typeof raw.intervention === "string" && !interventions.has(raw.intervention)) {
    issues.push({
      file: r.file,
      line: r.line,
      column: "intervention",
      problem: `unknown intervention "${raw.intervention}"`,
    });
  }
  const code = raw.commissioner?.code;
  const vintage = raw.commissioner?.vintage;
  if (
    typeof code === "string" &&
    typeof vintage === "string" &&
    (GEOGRAPHY_VINTAGES as readonly string[]).includes(vintage)
  ) {
    if (findOrganisation(vintage as GeographyVintage, code.trim().toUpperCase()) === undefined) {
      issues.push({
        file: r.file,
        line: r.line,
        column: "commissioner_code",
        problem: `unknown code ${code} in the ${vintage} geography`,
      });
    }
  }
}
