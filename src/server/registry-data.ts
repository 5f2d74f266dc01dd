/**
 * The registry's read path for the web: the approved records, a record's public history and the
 * registry's published version (which changes whenever a record gets a new version, so cached
 * pages follow edits, and only then: logins, proposals and uploads leave it alone). Plain
 * functions over an open `RegistryDb`, memoised per version; the web editing pages reuse them.
 */
import type { RecordKind } from "../registry/common-schema.ts";
import type { RegistryDb } from "../registry/db.ts";
import { diffRecords } from "../registry/diff.ts";
import { recordHistory } from "../registry/records.ts";
import { registryContent, type RegistryContent } from "../registry/registry.ts";
import type { PublicVersion } from "../web/policy.ts";

export type { PublicVersion };

export interface RegistryReader {
  /** Where the registry is (`pglite:<folder>` or the server, password removed). */
  readonly location: string;
  /** Changes whenever a record gets a new version (published content or its history). */
  version(): Promise<string>;
  /** The approved records, as of the current version. */
  content(): Promise<RegistryContent>;
  /** Every version of one record, oldest first, with each version's changes; empty when unknown. */
  history(kind: RecordKind, id: string): Promise<PublicVersion[]>;
}

/**
 * The registry's published version: the sum of every record's current version number. A record's
 * new version (an approval, an import, a status change) raises it by one, and records are never
 * deleted, so it never repeats; account activity, proposals, decisions that write no version and
 * evidence uploads do not touch the `record` table, so they leave it (and the page cache) alone.
 */
export async function registryVersion(db: RegistryDb): Promise<string> {
  const [row] = await db.query<{ n: string }>(
    "SELECT coalesce(sum(current_version), 0)::text AS n FROM record",
  );
  return `r${row?.n ?? 0}`;
}

/** A record's versions as the public sees them: each with its field changes. */
export async function publicHistory(
  db: RegistryDb,
  kind: RecordKind,
  id: string,
): Promise<PublicVersion[]> {
  const versions = await recordHistory(db, kind, id);
  return versions.map((v, i) => {
    const changes = diffRecords(i === 0 ? {} : versions[i - 1]?.data, v.data);
    const before = versions[i - 1];
    if (before && before.reviewStatus !== v.reviewStatus) {
      changes.push({ path: "reviewStatus", before: before.reviewStatus, after: v.reviewStatus });
    }
    return {
      version: v.version,
      reviewStatus: v.reviewStatus,
      changedAt: v.changedAt,
      changedBy: v.changedBy,
      reason: v.reason,
      changes,
    };
  });
}

/** The reader over an open registry: content memoised per version. */
export function registryReader(db: RegistryDb): RegistryReader {
  let memo: { version: string; content: Promise<RegistryContent> } | undefined;
  return {
    location: db.location,
    version: () => registryVersion(db),
    async content() {
      const version = await registryVersion(db);
      if (memo?.version !== version) {
        const content = registryContent(db);
        memo = { version, content };
        content.catch(() => {
          if (memo?.content === content) memo = undefined;
        });
      }
      return memo.content;
    },
    history: (kind, id) => publicHistory(db, kind, id),
  };
}
