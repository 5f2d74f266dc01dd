/** Field types shared by every registry record: ids, dates, links, archived copies. */
import { z } from "zod";

/** A record id or slug: letters, digits, dot, underscore and hyphen (`hernia-repair`, `03R-2019-hernia`). */
export const idSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "expected letters, digits, '.', '_' or '-'");

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** A calendar date as YYYY-MM-DD (a real day). */
export const dateSchema = z
  .string({ error: "must be a date YYYY-MM-DD" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  .refine(isRealDate, "not a real calendar date");

/** An http(s) URL. */
export const urlSchema = z
  .string({ error: "must be an http(s) URL" })
  .trim()
  .regex(/^https?:\/\/\S+$/, "expected an http(s) URL");

/** A SHA-256 digest of an archived copy, 64 lower-case hex digits. */
export const sha256Schema = z
  .string({ error: "must be a SHA-256 digest (64 hex digits)" })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, "expected a SHA-256 digest (64 hex digits)");

/** A non-empty line of text. */
export const textSchema = z.string().trim().min(1, "must not be empty");

/** A source a record rests on: a document, its archived copy and any FOI reference. */
export const sourceSchema = z.strictObject({
  title: textSchema.nullable().default(null),
  url: urlSchema.nullable().default(null),
  archivedSha256: sha256Schema.nullable().default(null),
  foiReference: textSchema.nullable().default(null),
});
export type Source = z.infer<typeof sourceSchema>;

/** Where a record stands in review: only `approved` records are published (issue #14's queue). */
export const REVIEW_STATUSES = ["draft", "pending", "approved", "rejected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** The kinds of record the registry holds. */
export const RECORD_KINDS = ["intervention", "policy", "framework", "assessment"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
