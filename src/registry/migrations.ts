/**
 * The registry's schema, as numbered migrations run in order by `db.ts` on PGlite and on a
 * PostgreSQL server alike. Append a migration; never edit a shipped one.
 *
 * - `record`: one row per record (kind + id) pointing at its current version. Its `current_version`
 *   is the optimistic-versioning token: a write names the version it started from and fails if
 *   another write got there first.
 * - `record_version`: every version of every record, never changed or removed (history, diffs).
 * - `audit_log`: one row per action, never changed or removed.
 * Triggers refuse UPDATE and DELETE on the last two, so even a stray SQL statement cannot rewrite
 * history; the code has no update or delete path for them either.
 *
 * Migration 2 (web editing, docs/security.md): accounts (`app_user`, scrypt hashes, lockout
 * counters), `invitation` and `app_session` (token and session ids stored only as SHA-256),
 * `app_secret` (the CSRF key for visitors without a session), `proposal` and `proposal_decision`
 * (the review queue: one final decision per proposal), `evidence` (uploads, content-addressed by
 * SHA-256). Proposals, decisions and evidence are append-only like the versions.
 *
 * Migration 3: `rate_bucket`, the per-client token buckets of the public forms (`rate-limit.ts`),
 * shared by every server process on the registry; client addresses only as an HMAC.
 *
 * Migration 4: two-factor authentication (`mfa.ts`): `mfa_totp` (one TOTP secret per user,
 * confirmed or not, and the last time step used, so a code works once), `mfa_recovery` (recovery
 * codes as SHA-256 only) and `app_session.mfa` (the session was opened with a second factor).
 *
 * Migration 5: `submission_link`, append-only: each record proposal made from a public submission
 * (filled from the audit log for earlier conversions). A submission whose latest proposal was
 * rejected or sent back counts as pending again (`proposals.ts`).
 *
 * Migration 6: `submission_closure`, append-only: a reopened submission a reviewer rejected
 * outright (its first decision row records the conversion, and a proposal has one decision row).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "versioned records and append-only audit log",
    sql: `
CREATE TABLE record (
  kind text NOT NULL CHECK (kind IN ('intervention', 'policy', 'framework', 'assessment')),
  id text NOT NULL,
  current_version integer NOT NULL CHECK (current_version >= 1),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE record_version (
  kind text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  data jsonb NOT NULL,
  review_status text NOT NULL CHECK (review_status IN ('draft', 'pending', 'approved', 'rejected')),
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL,
  reason text NOT NULL,
  change_set text NOT NULL,
  PRIMARY KEY (kind, id, version),
  FOREIGN KEY (kind, id) REFERENCES record (kind, id)
);
CREATE TABLE audit_log (
  seq integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  kind text,
  record_id text,
  version integer,
  change_set text NOT NULL,
  detail jsonb NOT NULL
);
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
CREATE TRIGGER record_version_append_only BEFORE UPDATE OR DELETE ON record_version
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER record_no_delete BEFORE DELETE ON record
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
  },
  {
    version: 2,
    name: "editing: accounts, sessions, invitations, proposals, review decisions, evidence",
    sql: `
CREATE TABLE app_user (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('contributor', 'reviewer', 'admin')),
  password_hash text,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL
);
CREATE TABLE invitation (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE TABLE app_session (
  id_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE TABLE app_secret (
  name text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE proposal (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('intervention', 'policy', 'framework', 'assessment', 'submission')),
  record_id text,
  base_version integer,
  data jsonb NOT NULL,
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL,
  reason text NOT NULL
);
CREATE TABLE proposal_decision (
  proposal_id integer PRIMARY KEY REFERENCES proposal (id),
  decision text NOT NULL CHECK (decision IN ('approved', 'rejected', 'changes-requested')),
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL,
  reason text NOT NULL,
  version integer
);
CREATE TABLE evidence (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size integer NOT NULL,
  bytes bytea NOT NULL,
  file_name text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL
);
CREATE TRIGGER proposal_append_only BEFORE UPDATE OR DELETE ON proposal
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER proposal_decision_append_only BEFORE UPDATE OR DELETE ON proposal_decision
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
  },
  {
    version: 3,
    name: "rate limits shared between server processes",
    sql: `
CREATE TABLE rate_bucket (
  scope text NOT NULL,
  client_hmac text NOT NULL,
  tokens double precision NOT NULL,
  at timestamptz NOT NULL,
  allowed boolean NOT NULL,
  PRIMARY KEY (scope, client_hmac)
);
`,
  },
  {
    version: 4,
    name: "two-factor authentication: TOTP secrets and hashed recovery codes",
    sql: `
CREATE TABLE mfa_totp (
  user_id integer PRIMARY KEY REFERENCES app_user (id),
  secret text NOT NULL,
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  last_step bigint NOT NULL DEFAULT -1
);
CREATE TABLE mfa_recovery (
  user_id integer NOT NULL REFERENCES app_user (id),
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);
ALTER TABLE app_session ADD COLUMN mfa boolean NOT NULL DEFAULT false;
`,
  },
  {
    version: 5,
    name: "which record proposal each public submission was turned into",
    sql: `
CREATE TABLE submission_link (
  proposal_id integer PRIMARY KEY REFERENCES proposal (id),
  submission_id integer NOT NULL REFERENCES proposal (id)
);
CREATE INDEX submission_link_submission ON submission_link (submission_id);
INSERT INTO submission_link (proposal_id, submission_id)
  SELECT (detail ->> 'proposal')::integer, (detail ->> 'submission')::integer FROM audit_log
  WHERE action = 'convert-submission';
CREATE TRIGGER submission_link_append_only BEFORE UPDATE OR DELETE ON submission_link
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
  },
  {
    version: 6,
    name: "a reopened public submission rejected outright",
    sql: `
CREATE TABLE submission_closure (
  submission_id integer PRIMARY KEY REFERENCES proposal (id),
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL,
  reason text NOT NULL CHECK (reason <> '')
);
CREATE TRIGGER submission_closure_append_only BEFORE UPDATE OR DELETE ON submission_closure
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
  },
];
