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
];
