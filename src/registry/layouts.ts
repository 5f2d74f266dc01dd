/**
 * The tabular import/export layout of each record kind (CSV files, XLSX sheets). Nested parts
 * (a policy's criteria, an assessment's evidence, a framework's criteria) take one row each; the
 * record's own columns repeat on every row of the record and must agree. `docs/registry.md`
 * documents every column.
 */
import type { CellReader } from "./cells.ts";
import { cellText, type SheetRow } from "./cells.ts";
import type { RecordKind, ReviewStatus } from "./common-schema.ts";
import type { Intervention } from "./intervention-schema.ts";
import type { Policy } from "./policy-schema.ts";
import type { Assessment, Framework } from "./scorecard-schema.ts";

/** How one kind is laid out in a table. */
export interface Layout {
  kind: RecordKind;
  /** File / sheet name: `policies` → policies.csv, sheet "policies". */
  name: string;
  columns: string[];
  /** The column that identifies a record (rows with the same value form one record). */
  keyColumns: string[];
  /** Columns of the nested rows (they may differ between rows of one record). */
  childColumns: string[];
  /** Builds the raw record (before validation) from its rows. */
  read(rows: CellReader[]): unknown;
  /** The rows of one record, in order. */
  write(record: unknown): Array<Record<string, unknown>>;
  /** The column (and which of the record's rows) a validation path points at. */
  locate(path: PropertyKey[]): { column: string; child: number | null };
}

const REVIEW = "review_status";

const interventionLayout: Layout = {
  kind: "intervention",
  name: "interventions",
  columns: [
    "slug",
    "name",
    "ebi_list",
    "ebi_intervention",
    "ebi_url",
    "opcs4",
    "icd10",
    "codes_source",
    "rtt_treatment_function",
    "proxy_limits",
    "nice_title",
    "nice_url",
    "sources",
    REVIEW,
  ],
  keyColumns: ["slug"],
  childColumns: [],
  read([r]) {
    const c = r as CellReader;
    const ebiList = c.text("ebi_list");
    const niceTitle = c.text("nice_title");
    return {
      slug: c.text("slug"),
      name: c.text("name"),
      ebi:
        ebiList === null && c.text("ebi_intervention") === null
          ? null
          : { list: ebiList, intervention: c.text("ebi_intervention"), url: c.text("ebi_url") },
      opcs4: c.list("opcs4"),
      icd10: c.list("icd10"),
      codesSource: c.text("codes_source"),
      rttTreatmentFunction: c.text("rtt_treatment_function"),
      proxyLimits: c.text("proxy_limits"),
      nice: niceTitle === null ? null : { title: niceTitle, url: c.text("nice_url") },
      sources: c.json("sources") ?? [],
    };
  },
  write(record) {
    const i = record as Intervention;
    return [
      {
        slug: i.slug,
        name: i.name,
        ebi_list: i.ebi?.list,
        ebi_intervention: i.ebi?.intervention,
        ebi_url: i.ebi?.url,
        opcs4: i.opcs4.join("; "),
        icd10: i.icd10.join("; "),
        codes_source: i.codesSource,
        rtt_treatment_function: i.rttTreatmentFunction,
        proxy_limits: i.proxyLimits,
        nice_title: i.nice?.title,
        nice_url: i.nice?.url,
        sources: i.sources.length ? i.sources : null,
      },
    ];
  },
  locate(path) {
    const [a, b] = path.map(String);
    const map: Record<string, string> = {
      codesSource: "codes_source",
      rttTreatmentFunction: "rtt_treatment_function",
      proxyLimits: "proxy_limits",
      opcs4: "opcs4",
      icd10: "icd10",
      sources: "sources",
    };
    if (a === "ebi")
      return {
        column: b === "url" ? "ebi_url" : b === "list" ? "ebi_list" : "ebi_intervention",
        child: null,
      };
    if (a === "nice") return { column: b === "url" ? "nice_url" : "nice_title", child: null };
    return { column: map[a ?? ""] ?? a ?? "slug", child: null };
  },
};

const policyLayout: Layout = {
  kind: "policy",
  name: "policies",
  columns: [
    "policy_id",
    "commissioner_code",
    "commissioner_name",
    "commissioner_level",
    "geography_vintage",
    "intervention",
    "access_route",
    "departs_from_guidance",
    "departure",
    "source_title",
    "source_url",
    "source_sha256",
    "foi_reference",
    "effective_date",
    "review_date",
    "withdrawn_date",
    "superseded_by",
    "verified_by",
    "verified_on",
    "synthetic",
    "notes",
    REVIEW,
    "criterion_type",
    "criterion_measure",
    "criterion_comparator",
    "criterion_threshold",
    "criterion_unit",
    "criterion_requirement",
    "criterion_wording",
  ],
  keyColumns: ["policy_id"],
  childColumns: [
    "criterion_type",
    "criterion_measure",
    "criterion_comparator",
    "criterion_threshold",
    "criterion_unit",
    "criterion_requirement",
    "criterion_wording",
  ],
  read(rows) {
    const c = rows[0] as CellReader;
    return {
      id: c.text("policy_id"),
      commissioner: {
        code: c.text("commissioner_code"),
        name: c.text("commissioner_name"),
        level: c.text("commissioner_level"),
        vintage: c.text("geography_vintage"),
      },
      intervention: c.text("intervention"),
      accessRoute: c.text("access_route"),
      criteria: rows
        .filter((r) => this.childColumns.some((col) => r.text(col) !== null))
        .map((r) => ({
          type: r.text("criterion_type"),
          measure: r.text("criterion_measure"),
          comparator: r.text("criterion_comparator"),
          threshold: r.number("criterion_threshold"),
          unit: r.text("criterion_unit"),
          requirement: r.text("criterion_requirement"),
          wording: r.text("criterion_wording"),
        })),
      departsFromGuidance: c.text("departs_from_guidance"),
      departure: c.text("departure"),
      source: {
        title: c.text("source_title"),
        url: c.text("source_url"),
        archivedSha256: c.text("source_sha256"),
        foiReference: c.text("foi_reference"),
      },
      effectiveDate: c.text("effective_date"),
      reviewDate: c.text("review_date"),
      withdrawnDate: c.text("withdrawn_date"),
      supersededBy: c.text("superseded_by"),
      verifiedBy: c.text("verified_by"),
      verifiedOn: c.text("verified_on"),
      synthetic: c.boolean("synthetic") ?? false,
      notes: c.text("notes"),
    };
  },
  write(record) {
    const p = record as Policy;
    const base = {
      policy_id: p.id,
      commissioner_code: p.commissioner.code,
      commissioner_name: p.commissioner.name,
      commissioner_level: p.commissioner.level,
      geography_vintage: p.commissioner.vintage,
      intervention: p.intervention,
      access_route: p.accessRoute,
      departs_from_guidance: p.departsFromGuidance,
      departure: p.departure,
      source_title: p.source.title,
      source_url: p.source.url,
      source_sha256: p.source.archivedSha256,
      foi_reference: p.source.foiReference,
      effective_date: p.effectiveDate,
      review_date: p.reviewDate,
      withdrawn_date: p.withdrawnDate,
      superseded_by: p.supersededBy,
      verified_by: p.verifiedBy,
      verified_on: p.verifiedOn,
      synthetic: p.synthetic,
      notes: p.notes,
    };
    if (p.criteria.length === 0) return [base];
    return p.criteria.map((c) => ({
      ...base,
      criterion_type: c.type,
      criterion_measure: c.measure,
      criterion_comparator: c.comparator,
      criterion_threshold: c.threshold,
      criterion_unit: c.unit,
      criterion_requirement: c.requirement,
      criterion_wording: c.wording,
    }));
  },
  locate(path) {
    const [a, b, c] = path.map(String);
    if (a === "criteria" && b !== undefined) {
      return { column: `criterion_${c ?? "type"}`, child: Number(b) };
    }
    const map: Record<string, string> = {
      id: "policy_id",
      accessRoute: "access_route",
      departsFromGuidance: "departs_from_guidance",
      effectiveDate: "effective_date",
      reviewDate: "review_date",
      withdrawnDate: "withdrawn_date",
      supersededBy: "superseded_by",
      verifiedBy: "verified_by",
      verifiedOn: "verified_on",
    };
    if (a === "commissioner") {
      return {
        column: b === "vintage" ? "geography_vintage" : `commissioner_${b ?? "code"}`,
        child: null,
      };
    }
    if (a === "source") {
      const s: Record<string, string> = {
        title: "source_title",
        url: "source_url",
        archivedSha256: "source_sha256",
        foiReference: "foi_reference",
      };
      return { column: s[b ?? "url"] ?? "source_url", child: null };
    }
    return { column: map[a ?? ""] ?? a ?? "policy_id", child: null };
  },
};

const frameworkLayout: Layout = {
  kind: "framework",
  name: "frameworks",
  columns: [
    "framework_id",
    "framework_name",
    "framework_version",
    "organisation_type",
    "description",
    "rating_scale",
    "sources",
    REVIEW,
    "domain_id",
    "domain_name",
    "domain_weight",
    "domain_basis",
    "criterion_id",
    "criterion_text",
    "criterion_weight",
    "criterion_basis",
    "guidance",
  ],
  keyColumns: ["framework_id"],
  childColumns: [
    "domain_id",
    "domain_name",
    "domain_weight",
    "domain_basis",
    "criterion_id",
    "criterion_text",
    "criterion_weight",
    "criterion_basis",
    "guidance",
  ],
  read(rows) {
    const c = rows[0] as CellReader;
    const domains: Array<Record<string, unknown> & { criteria: unknown[] }> = [];
    for (const r of rows) {
      const id = r.text("domain_id");
      let domain = domains.find((d) => d["id"] === id);
      if (!domain) {
        domain = {
          id,
          name: r.text("domain_name"),
          weight: r.number("domain_weight"),
          basis: r.text("domain_basis"),
          criteria: [],
        };
        domains.push(domain);
      }
      domain.criteria.push({
        id: r.text("criterion_id"),
        text: r.text("criterion_text"),
        weight: r.number("criterion_weight"),
        basis: r.text("criterion_basis"),
        guidance: r.json("guidance"),
      });
    }
    return {
      id: c.text("framework_id"),
      name: c.text("framework_name"),
      version: c.text("framework_version"),
      organisationType: c.text("organisation_type"),
      description: c.text("description"),
      ratingScale: c.json("rating_scale"),
      domains,
      sources: c.json("sources"),
    };
  },
  write(record) {
    const f = record as Framework;
    const base = {
      framework_id: f.id,
      framework_name: f.name,
      framework_version: f.version,
      organisation_type: f.organisationType,
      description: f.description,
      rating_scale: f.ratingScale,
      sources: f.sources,
    };
    return f.domains.flatMap((d) =>
      d.criteria.map((c) => ({
        ...base,
        domain_id: d.id,
        domain_name: d.name,
        domain_weight: d.weight,
        domain_basis: d.basis,
        criterion_id: c.id,
        criterion_text: c.text,
        criterion_weight: c.weight,
        criterion_basis: c.basis,
        guidance: c.guidance,
      })),
    );
  },
  locate(path) {
    const [a, b, c, d, e] = path.map(String);
    if (a === "domains" && c === "criteria" && d !== undefined) {
      const col =
        e === "text" || e === "weight" || e === "basis" || e === "id"
          ? `criterion_${e}`
          : "guidance";
      return { column: col, child: null };
    }
    if (a === "domains") return { column: `domain_${c ?? "id"}`, child: null };
    const map: Record<string, string> = {
      id: "framework_id",
      name: "framework_name",
      version: "framework_version",
      organisationType: "organisation_type",
      ratingScale: "rating_scale",
    };
    return { column: map[a ?? ""] ?? a ?? "framework_id", child: b === undefined ? null : null };
  },
};

const assessmentLayout: Layout = {
  kind: "assessment",
  name: "assessments",
  columns: [
    "framework",
    "round",
    "organisation_code",
    "organisation_name",
    "organisation_vintage",
    "criterion",
    "rating",
    "assessor",
    "second_reviewer",
    "assessed_on",
    "status",
    "reply_received_on",
    "reply_text",
    "reply_outcome",
    "synthetic",
    REVIEW,
    "evidence_url",
    "evidence_sha256",
    "evidence_quote",
  ],
  keyColumns: ["framework", "round", "organisation_code", "criterion"],
  childColumns: ["evidence_url", "evidence_sha256", "evidence_quote"],
  read(rows) {
    const c = rows[0] as CellReader;
    const replyOn = c.text("reply_received_on");
    const replyText = c.text("reply_text");
    return {
      framework: c.text("framework"),
      organisation: {
        code: c.text("organisation_code"),
        name: c.text("organisation_name"),
        vintage: c.text("organisation_vintage"),
      },
      round: c.text("round"),
      criterion: c.text("criterion"),
      rating: c.number("rating"),
      evidence: rows
        .filter(
          (r) =>
            r.text("evidence_url") !== null ||
            r.text("evidence_quote") !== null ||
            r.text("evidence_sha256") !== null,
        )
        .map((r) => ({
          url: r.text("evidence_url"),
          archivedSha256: r.text("evidence_sha256"),
          quote: r.text("evidence_quote"),
        })),
      assessor: c.text("assessor"),
      secondReviewer: c.text("second_reviewer"),
      assessedOn: c.text("assessed_on"),
      status: c.text("status"),
      rightOfReply:
        replyOn === null && replyText === null
          ? null
          : { receivedOn: replyOn, text: replyText, outcome: c.text("reply_outcome") },
      synthetic: c.boolean("synthetic") ?? false,
    };
  },
  write(record) {
    const a = record as Assessment;
    const base = {
      framework: a.framework,
      round: a.round,
      organisation_code: a.organisation.code,
      organisation_name: a.organisation.name,
      organisation_vintage: a.organisation.vintage,
      criterion: a.criterion,
      rating: a.rating,
      assessor: a.assessor,
      second_reviewer: a.secondReviewer,
      assessed_on: a.assessedOn,
      status: a.status,
      reply_received_on: a.rightOfReply?.receivedOn,
      reply_text: a.rightOfReply?.text,
      reply_outcome: a.rightOfReply?.outcome,
      synthetic: a.synthetic,
    };
    if (a.evidence.length === 0) return [base];
    return a.evidence.map((e) => ({
      ...base,
      evidence_url: e.url,
      evidence_sha256: e.archivedSha256,
      evidence_quote: e.quote,
    }));
  },
  locate(path) {
    const [a, b, c] = path.map(String);
    if (a === "evidence" && b !== undefined) {
      const col = c === "archivedSha256" ? "evidence_sha256" : `evidence_${c ?? "url"}`;
      return { column: col, child: Number(b) };
    }
    if (a === "organisation") return { column: `organisation_${b ?? "code"}`, child: null };
    if (a === "rightOfReply") {
      const col =
        b === "receivedOn" ? "reply_received_on" : b === "outcome" ? "reply_outcome" : "reply_text";
      return { column: col, child: null };
    }
    const map: Record<string, string> = {
      secondReviewer: "second_reviewer",
      assessedOn: "assessed_on",
    };
    return { column: map[a ?? ""] ?? a ?? "framework", child: null };
  },
};

/** Every layout, in the order files and sheets are written (vocabulary before what refers to it). */
export const LAYOUTS: readonly Layout[] = [
  interventionLayout,
  frameworkLayout,
  policyLayout,
  assessmentLayout,
];

export const layoutFor = (kind: RecordKind): Layout =>
  LAYOUTS.find((l) => l.kind === kind) as Layout;

/** The layout whose columns a header matches (all its key columns present), if any. */
export function layoutForHeader(header: string[]): Layout | undefined {
  const set = new Set(header);
  return LAYOUTS.find(
    (l) => l.keyColumns.every((k) => set.has(k)) && header.every((h) => l.columns.includes(h)),
  );
}

/** A record's export rows as cell text, with its review status on every row. */
export function recordRows(layout: Layout, data: unknown, reviewStatus: ReviewStatus): string[][] {
  return layout
    .write(data)
    .map((row) =>
      layout.columns.map((col) => (col === REVIEW ? reviewStatus : cellText(row[col]))),
    );
}

export { REVIEW as REVIEW_COLUMN };
export type { SheetRow };
