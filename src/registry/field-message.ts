/**
 * The one place a zod issue becomes the message shown beside its field (import errors, the
 * editor's forms). zod 4 words a wrong type as "Invalid input: expected number, received string"
 * and includes the offending value only when parsing with `reportInput: true` (validate.ts does),
 * so a missing value and a wrong one can be told apart: "required" for a missing one, "must be a
 * number" (or a date, a list…) for a wrong one. A schema's own words for its type (the date, URL
 * and digest schemas in common-schema.ts) are kept.
 */
import type { z } from "zod";

const TYPE_WORDS: Record<string, string> = {
  number: "must be a number",
  int: "must be a whole number",
  boolean: "must be true or false",
  string: "must be text",
  array: "must be a list",
  object: "must be an object",
};

export function fieldMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_type") return issue.message;
  if (issue.input === undefined || issue.input === null) return "required";
  if (!issue.message.startsWith("Invalid input")) return issue.message;
  return TYPE_WORDS[issue.expected] ?? issue.message;
}
