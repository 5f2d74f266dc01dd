/**
 * Versioned records: every change is a new version (history kept), every action an audit-log row.
 * There is deliberately no function here that updates or deletes a version or an audit entry.
 */
import { ConflictError } from "../errors.ts";

import type { RecordKind, ReviewStatus } from "./common-schema.ts";
import type { Queryable, RegistryDb } from "./db.ts";
import { canonicalJson, diffRecords, type FieldChange } from "./diff.ts";

/** A record as it stands at one version. */
export interface RecordVersion {
  kind: RecordKind;
  id: string;
  version: number;
  reviewStatus: ReviewStatus;
  data: unknown;
  changedBy: string;
  /** ISO 8601 UTC, millisecond precision. */
  changedAt: string;
  reason: string;
  changeSet: string;
}

/** A proposed state of one record. */
export interface RecordChange {
  kind: RecordKind;
  id: string;
  data: unknown;
  reviewStatus: ReviewStatus;
  /**
   * Optimistic versioning: the version the editor started from (0 = the record must be new).
   * Undefined = no check (imports replace whatever is current, recording the change).
   */
  baseVersion?: number;
}

/** Who, when, why and which batch a write belongs to. */
export interface WriteContext {
  actor: string;
  reason: string;
  now: Date;
  changeSet: string;
}

export interface WriteSummary {
  created: number;
  updated: number;
  unchanged: number;
  changes: Array<{ kind: RecordKind; id: string; version: number; diff: FieldChange[] }>;
}

const AT = `to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const VERSION_COLUMNS = `kind, id, version, review_status AS "reviewStatus", data, changed_by AS "changedBy",
  ${AT} AS "changedAt", reason, change_set AS "changeSet"`;

/**
 * Writes the changes in one transaction: all of them or none. A change equal to the current version
 * (data and review status) writes nothing; otherwise it becomes the next version, with its diff in
 * the audit log. A stale `baseVersion` aborts the whole batch with a ConflictError.
 */
export async function saveRecords(
  db: RegistryDb,
  changes: RecordChange[],
  ctx: WriteContext,
  action = "save",
  detail: Record<string, unknown> = {},
): Promise<WriteSummary> {
  return db.transaction((tx) => saveRecordsIn(tx, changes, ctx, action, detail));
}

/** `saveRecords` inside a transaction the caller holds (the review queue's approval). */
export async function saveRecordsIn(
  tx: Queryable,
  changes: RecordChange[],
  ctx: WriteContext,
  action = "save",
  detail: Record<string, unknown> = {},
): Promise<WriteSummary> {
  const summary: WriteSummary = { created: 0, updated: 0, unchanged: 0, changes: [] };
  for (const change of changes) {
    const written = await saveOne(tx, change, ctx);
    if (written === null) summary.unchanged++;
    else {
      if (written.version === 1) summary.created++;
      else summary.updated++;
      summary.changes.push(written);
    }
  }
  await appendAudit(tx, ctx, {
    action,
    detail: { ...detail, created: summary.created, updated: summary.updated },
  });
  return summary;
}

async function saveOne(tx: Queryable, change: RecordChange, ctx: WriteContext) {
  const { kind, id } = change;
  const [current] = await tx.query<RecordVersion>(
    `SELECT ${VERSION_COLUMNS} FROM record_version v
     WHERE (kind, id, version) = (SELECT kind, id, current_version FROM record WHERE kind = $1 AND id = $2 FOR UPDATE)`,
    [kind, id],
  );
  const held = current?.version ?? 0;
  if (change.baseVersion !== undefined && change.baseVersion !== held) {
    throw new ConflictError(
      `${kind} ${id} changed since version ${change.baseVersion}: it is at version ${held} now`,
      held,
    );
  }
  if (
    current &&
    current.reviewStatus === change.reviewStatus &&
    canonicalJson(current.data) === canonicalJson(change.data)
  ) {
    return null;
  }
  const version = held + 1;
  if (version === 1) {
    // Two writers creating the same record at once: the second waits for the first and then
    // finds the row there (a conflict, not a unique-key failure).
    const created = await tx.query(
      `INSERT INTO record (kind, id, current_version, created_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (kind, id) DO NOTHING RETURNING id`,
      [kind, id, ctx.now],
    );
    if (created.length !== 1) {
      throw new ConflictError(`${kind} ${id} was created by someone else meanwhile`, 1);
    }
  }
  await tx.query(
    `INSERT INTO record_version (kind, id, version, data, review_status, changed_by, changed_at, reason, change_set)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      kind,
      id,
      version,
      JSON.stringify(change.data),
      change.reviewStatus,
      ctx.actor,
      ctx.now,
      ctx.reason,
      ctx.changeSet,
    ],
  );
  if (version > 1) {
    const moved = await tx.query(
      "UPDATE record SET current_version = $3 WHERE kind = $1 AND id = $2 AND current_version = $4 RETURNING id",
      [kind, id, version, held],
    );
    if (moved.length !== 1) {
      throw new ConflictError(`${kind} ${id} was changed by someone else meanwhile`, held);
    }
  }
  const diff = diffRecords(current?.data ?? {}, change.data);
  if (current && current.reviewStatus !== change.reviewStatus) {
    diff.push({ path: "reviewStatus", before: current.reviewStatus, after: change.reviewStatus });
  }
  await appendAudit(tx, ctx, {
    action: version === 1 ? "create" : "update",
    kind,
    recordId: id,
    version,
    detail: { diff },
  });
  return { kind, id, version, diff };
}

/** Adds one row to the audit log (the only write the log ever gets). */
export async function appendAudit(
  tx: Queryable,
  ctx: WriteContext,
  entry: {
    action: string;
    kind?: RecordKind;
    recordId?: string;
    version?: number;
    detail: unknown;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (at, actor, action, kind, record_id, version, change_set, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      ctx.now,
      ctx.actor,
      entry.action,
      entry.kind ?? null,
      entry.recordId ?? null,
      entry.version ?? null,
      ctx.changeSet,
      JSON.stringify(entry.detail),
    ],
  );
}

/** The current version of every record (of one kind), ordered by kind and id. */
export async function currentRecords(db: Queryable, kind?: RecordKind): Promise<RecordVersion[]> {
  return db.query<RecordVersion>(
    `SELECT ${VERSION_COLUMNS} FROM record_version v
     WHERE (kind, id, version) IN (SELECT kind, id, current_version FROM record)
       AND ($1::text IS NULL OR kind = $1)
     ORDER BY kind COLLATE "C", id COLLATE "C"`,
    [kind ?? null],
  );
}

/** Every version of one record, oldest first (empty when there is no such record). */
export async function recordHistory(
  db: Queryable,
  kind: RecordKind,
  id: string,
): Promise<RecordVersion[]> {
  return db.query<RecordVersion>(
    `SELECT ${VERSION_COLUMNS} FROM record_version v WHERE kind = $1 AND id = $2 ORDER BY version`,
    [kind, id],
  );
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  kind: RecordKind | null;
  recordId: string | null;
  version: number | null;
  changeSet: string;
  detail: unknown;
}

/** The audit log in order (optionally only one record's entries). */
export async function auditLog(
  db: Queryable,
  filter: { kind?: RecordKind; id?: string } = {},
): Promise<AuditEntry[]> {
  return db.query<AuditEntry>(
    `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor, action,
       kind, record_id AS "recordId", version, change_set AS "changeSet", detail
     FROM audit_log WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR record_id = $2)
     ORDER BY seq`,
    [filter.kind ?? null, filter.id ?? null],
  );
}
