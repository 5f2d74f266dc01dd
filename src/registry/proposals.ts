/**
 * The review queue (issue #14): editors' proposed records and the public's "I found a policy"
 * submissions wait here as `pending` — never published — until a reviewer decides. Approval writes
 * the record's next version (who proposed, who approved, when, why) in the same transaction as the
 * decision; a proposal made from a version that has since moved on is a conflict, never a silent
 * overwrite. Proposals and decisions are append-only (one final decision per proposal). Evidence
 * uploads are stored content-addressed by SHA-256.
 */
import { createHash } from "node:crypto";

import { ConflictError, MissingDataError, UsageError } from "../errors.ts";

import type { RecordKind } from "./common-schema.ts";
import type { Queryable, RegistryDb } from "./db.ts";
import { appendAudit, recordHistory, saveRecordsIn, type RecordVersion } from "./records.ts";

export type ProposalKind = RecordKind | "submission";
export const DECISIONS = ["approved", "rejected", "changes-requested"] as const;
export type Decision = (typeof DECISIONS)[number];

export interface Proposal {
  id: number;
  kind: ProposalKind;
  recordId: string | null;
  baseVersion: number | null;
  data: unknown;
  proposedBy: string;
  proposedAt: string;
  reason: string;
  status: "pending" | Decision;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** The record version the approval wrote. */
  version: number | null;
  /** A submission open again because the proposal made from it (this one) was rejected or sent back. */
  reopenedAfter: number | null;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
// A submission turned into a record proposal is closed ("approved", converted); when its latest
// proposal is rejected or sent back for changes, the submission counts as pending again (reopened),
// until it is converted again or a reviewer rejects it outright (`submission_closure`, c).
const REOPENED = `(c.submission_id IS NULL AND d.decision = 'approved'
  AND last.decision IN ('rejected', 'changes-requested'))`;
const CLOSED = "c.submission_id IS NOT NULL";
const COLUMNS = `p.id, p.kind, p.record_id AS "recordId", p.base_version AS "baseVersion", p.data,
  p.proposed_by AS "proposedBy", ${ISO("p.proposed_at")} AS "proposedAt", p.reason,
  CASE WHEN ${CLOSED} THEN 'rejected' WHEN ${REOPENED} THEN 'pending'
       ELSE coalesce(d.decision, 'pending') END AS status,
  coalesce(c.decided_by, d.decided_by) AS "decidedBy",
  ${ISO("coalesce(c.decided_at, d.decided_at)")} AS "decidedAt",
  coalesce(c.reason, d.reason) AS "decisionReason",
  CASE WHEN ${CLOSED} THEN NULL ELSE d.version END AS version,
  CASE WHEN ${REOPENED} THEN last.id END AS "reopenedAfter"`;
const FROM = `proposal p LEFT JOIN proposal_decision d ON d.proposal_id = p.id
  LEFT JOIN submission_closure c ON c.submission_id = p.id
  LEFT JOIN LATERAL (
    SELECT l.proposal_id AS id, ld.decision FROM submission_link l
    LEFT JOIN proposal_decision ld ON ld.proposal_id = l.proposal_id
    WHERE l.submission_id = p.id ORDER BY l.proposal_id DESC LIMIT 1
  ) last ON true`;

/** The version a record is at now (0: no such record). */
export async function currentVersion(db: Queryable, kind: RecordKind, id: string) {
  const [row] = await db.query<{ v: number }>(
    "SELECT current_version AS v FROM record WHERE kind = $1 AND id = $2",
    [kind, id],
  );
  return row?.v ?? 0;
}

/**
 * Queues a validated record as a pending proposal. `baseVersion` is the version the editor's form
 * started from (0 for a new record); if the record has moved on since, a ConflictError.
 */
export async function proposeRecord(
  db: RegistryDb,
  input: {
    kind: RecordKind;
    recordId: string;
    baseVersion: number;
    data: unknown;
    proposedBy: string;
    reason: string;
    now: Date;
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    const held = await currentVersion(tx, input.kind, input.recordId);
    if (held !== input.baseVersion) {
      throw new ConflictError(
        input.baseVersion === 0
          ? `${input.kind} ${input.recordId} exists already (version ${held}): edit it instead`
          : `${input.kind} ${input.recordId} changed since version ${input.baseVersion}: it is at version ${held} now`,
        held,
      );
    }
    return insertProposal(tx, { ...input, kind: input.kind });
  });
}

/** What a public submission holds (editor.ts builds it from the "I found a policy" form). */
export interface SubmissionData {
  commissioner: string;
  intervention: string | null;
  sourceUrl: string | null;
  evidenceSha256: string | null;
  description: string | null;
  contact: string | null;
}

/** A submission awaiting triage, or a ConflictError (decided already) / MissingDataError. */
export async function pendingSubmission(db: Queryable, id: number): Promise<SubmissionData> {
  const p = await getProposal(db, id);
  if (p.kind !== "submission") throw new MissingDataError(`proposal ${id} is not a submission`);
  if (p.status !== "pending") {
    throw new ConflictError(`submission ${id} was ${p.status} already by ${p.decidedBy}`, 0);
  }
  return p.data as SubmissionData;
}

/**
 * Turns a pending public submission into a record proposal in one transaction: the new record
 * (validated by the caller, built from the submission's text and source) joins the review queue,
 * the submission is closed as converted by the reviewer, and the audit log records the link. Two
 * reviewers converting the same submission at once: the second gets a ConflictError.
 */
export async function convertSubmission(
  db: RegistryDb,
  submissionId: number,
  input: {
    kind: RecordKind;
    recordId: string;
    data: unknown;
    by: string;
    reason: string;
    now: Date;
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.query("SELECT id FROM proposal WHERE id = $1 FOR UPDATE", [
      submissionId,
    ]);
    if (!locked) throw new MissingDataError(`no proposal ${submissionId}`);
    await pendingSubmission(tx, submissionId);
    const held = await currentVersion(tx, input.kind, input.recordId);
    if (held !== 0) {
      throw new ConflictError(
        `${input.kind} ${input.recordId} exists already (version ${held}): edit it instead`,
        held,
      );
    }
    const id = await insertProposal(tx, {
      kind: input.kind,
      recordId: input.recordId,
      baseVersion: 0,
      data: input.data,
      proposedBy: input.by,
      reason: input.reason,
      now: input.now,
    });
    const note = `converted into proposal ${id} (${input.kind} ${input.recordId})`;
    await tx.query("INSERT INTO submission_link (proposal_id, submission_id) VALUES ($1, $2)", [
      id,
      submissionId,
    ]);
    // The first conversion closes the submission; a reopened one keeps that decision row (one per
    // proposal, append-only) and is closed again by the new link.
    await tx.query(
      `INSERT INTO proposal_decision (proposal_id, decision, decided_by, decided_at, reason, version)
       VALUES ($1, 'approved', $2, $3, $4, NULL) ON CONFLICT (proposal_id) DO NOTHING`,
      [submissionId, input.by, input.now, note],
    );
    await appendAudit(
      tx,
      { actor: input.by, reason: note, now: input.now, changeSet: `proposal ${submissionId}` },
      {
        action: "convert-submission",
        kind: input.kind,
        recordId: input.recordId,
        detail: { submission: submissionId, proposal: id },
      },
    );
    return id;
  });
}

/** Queues a public "I found a policy" submission (never a record until a reviewer makes one). */
export async function proposeSubmission(
  db: RegistryDb,
  input: { data: unknown; proposedBy: string; reason: string; now: Date },
): Promise<number> {
  return db.transaction((tx) =>
    insertProposal(tx, { ...input, kind: "submission", recordId: null, baseVersion: null }),
  );
}

async function insertProposal(
  tx: Queryable,
  p: {
    kind: ProposalKind;
    recordId: string | null;
    baseVersion: number | null;
    data: unknown;
    proposedBy: string;
    reason: string;
    now: Date;
  },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO proposal (kind, record_id, base_version, data, proposed_by, proposed_at, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [p.kind, p.recordId, p.baseVersion, JSON.stringify(p.data), p.proposedBy, p.now, p.reason],
  );
  const id = (row as { id: number }).id;
  await appendAudit(
    tx,
    { actor: p.proposedBy, reason: p.reason, now: p.now, changeSet: `proposal ${id}` },
    {
      action: "propose",
      kind: p.kind === "submission" ? undefined : p.kind,
      recordId: p.recordId ?? undefined,
      detail: { proposal: id, kind: p.kind, baseVersion: p.baseVersion },
    },
  );
  return id;
}

/** Proposals, newest first: all, only pending ones, or one proposer's. */
export async function listProposals(
  db: Queryable,
  filter: { pending?: boolean; proposedBy?: string } = {},
): Promise<Proposal[]> {
  return db.query<Proposal>(
    `SELECT ${COLUMNS} FROM ${FROM}
     WHERE ($1::boolean IS NOT TRUE OR d.proposal_id IS NULL OR ${REOPENED}) AND ($2::text IS NULL OR p.proposed_by = $2)
     ORDER BY p.id DESC LIMIT 500`,
    [filter.pending ?? null, filter.proposedBy ?? null],
  );
}

export async function getProposal(db: Queryable, id: number): Promise<Proposal> {
  const [p] = await db.query<Proposal>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.id = $1`, [id]);
  if (!p) throw new MissingDataError(`no proposal ${id}`);
  return p;
}

/** The record's current version, for the diff a reviewer sees (undefined when it is new). */
export async function currentOf(
  db: Queryable,
  kind: RecordKind,
  id: string,
): Promise<RecordVersion | undefined> {
  const versions = await recordHistory(db, kind, id);
  return versions[versions.length - 1];
}

/**
 * A reviewer's decision, once per proposal. Approval writes the record's next version in the same
 * transaction (a conflict if the record moved on since the proposal's base version). Nobody
 * approves their own proposal.
 */
export async function decide(
  db: RegistryDb,
  id: number,
  input: { decision: Decision; by: string; reason: string; now: Date },
): Promise<{ version: number | null }> {
  if (!(DECISIONS as readonly string[]).includes(input.decision)) {
    throw new UsageError(`expected a decision (${DECISIONS.join(", ")})`);
  }
  if (input.decision !== "approved" && input.reason.trim() === "") {
    throw new UsageError("give a reason: the proposer sees it");
  }
  return db.transaction(async (tx) => {
    // Lock the proposal row: two reviewers deciding at once queue here.
    const [locked] = await tx.query("SELECT id FROM proposal WHERE id = $1 FOR UPDATE", [id]);
    if (!locked) throw new MissingDataError(`no proposal ${id}`);
    const p = await getProposal(tx, id);
    if (p.status !== "pending") {
      throw new ConflictError(
        `proposal ${id} was ${p.status} already by ${p.decidedBy} at ${p.decidedAt}`,
        0,
      );
    }
    if (p.reopenedAfter !== null && input.decision !== "rejected") {
      throw new UsageError(
        `this submission was reopened when proposal ${p.reopenedAfter}, made from it, was rejected or sent back: start a new record from it, or reject it`,
      );
    }
    if (input.decision === "approved" && p.proposedBy === input.by) {
      throw new UsageError("you cannot approve your own proposal: another reviewer must");
    }
    let version: number | null = null;
    if (input.decision === "approved" && p.kind !== "submission" && p.recordId !== null) {
      const summary = await saveRecordsIn(
        tx,
        [
          {
            kind: p.kind,
            id: p.recordId,
            data: p.data,
            reviewStatus: "approved",
            baseVersion: p.baseVersion ?? 0,
          },
        ],
        {
          actor: `${p.proposedBy} (approved by ${input.by})`,
          reason: input.reason.trim() ? `${p.reason}; approved: ${input.reason}` : p.reason,
          now: input.now,
          changeSet: `proposal ${id}`,
        },
        "approve",
        { proposal: id },
      );
      version = summary.changes[0]?.version ?? p.baseVersion;
    }
    if (p.reopenedAfter === null) {
      await tx.query(
        `INSERT INTO proposal_decision (proposal_id, decision, decided_by, decided_at, reason, version)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, input.decision, input.by, input.now, input.reason, version],
      );
    } else {
      // A reopened submission's decision row records its conversion: the rejection closing it for
      // good is a row of its own.
      await tx.query(
        `INSERT INTO submission_closure (submission_id, decided_by, decided_at, reason)
         VALUES ($1, $2, $3, $4)`,
        [id, input.by, input.now, input.reason],
      );
    }
    await appendAudit(
      tx,
      { actor: input.by, reason: input.reason, now: input.now, changeSet: `proposal ${id}` },
      {
        action: `review-${input.decision}`,
        kind: p.kind === "submission" ? undefined : p.kind,
        recordId: p.recordId ?? undefined,
        version: version ?? undefined,
        detail: {
          proposal: id,
          reason: input.reason,
          ...(p.reopenedAfter !== null ? { reopenedAfter: p.reopenedAfter } : {}),
        },
      },
    );
    return { version };
  });
}

// ---- evidence ----------------------------------------------------------------------------------

export const EVIDENCE_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export interface Evidence {
  sha256: string;
  mediaType: EvidenceType;
  size: number;
  fileName: string;
}

/** Stores an upload under its SHA-256 (the same bytes twice are stored once). */
export async function storeEvidence(
  db: RegistryDb,
  input: { bytes: Buffer; mediaType: EvidenceType; fileName: string; by: string; now: Date },
): Promise<Evidence> {
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  await db.transaction(async (tx) => {
    const added = await tx.query(
      `INSERT INTO evidence (sha256, media_type, size, bytes, file_name, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [
        sha256,
        input.mediaType,
        input.bytes.length,
        input.bytes,
        input.fileName,
        input.by,
        input.now,
      ],
    );
    if (added.length > 0) {
      await appendAudit(
        tx,
        { actor: input.by, reason: "evidence upload", now: input.now, changeSet: "evidence" },
        { action: "evidence-upload", detail: { sha256, mediaType: input.mediaType } },
      );
    }
  });
  return { sha256, mediaType: input.mediaType, size: input.bytes.length, fileName: input.fileName };
}

export async function getEvidence(
  db: Queryable,
  sha256: string,
): Promise<(Evidence & { bytes: Buffer }) | undefined> {
  const [row] = await db.query<Evidence & { bytes: Uint8Array }>(
    `SELECT sha256, media_type AS "mediaType", size, file_name AS "fileName", bytes
     FROM evidence WHERE sha256 = $1`,
    [sha256],
  );
  return row ? { ...row, bytes: Buffer.from(row.bytes) } : undefined;
}

/** Whether an approved, current record cites this evidence (then anyone may download it). */
export async function isPublishedEvidence(db: Queryable, sha256: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM record r JOIN record_version v
       ON v.kind = r.kind AND v.id = r.id AND v.version = r.current_version
     WHERE v.review_status = 'approved' AND v.data -> 'source' ->> 'archivedSha256' = $1 LIMIT 1`,
    [sha256],
  );
  return rows.length > 0;
}
