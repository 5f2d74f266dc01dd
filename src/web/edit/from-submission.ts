/**
 * A public "I found a policy" submission as the starting values of a policy or intervention form
 * (a reviewer's one click from the submission's page): its commissioner, intervention, link and
 * uploaded document go to their fields, and the submitter's own words go into the record (the
 * policy's notes, the intervention's source title) and the change's reason, so the record keeps
 * where it came from. The submitter's contact details never leave the submission.
 */
import type { SubmissionData } from "../../registry/proposals.ts";

/** An ODS sub-ICB/CCG/ICB code (03R, 15N, QWO) or an ONS one (E38000190, E54000054). */
const CODE = /^([0-9A-Z]{3}|E\d{8})$/;

export const submissionReason = (n: number) => `from public submission ${n}`;

function provenance(n: number, s: SubmissionData): string {
  return [
    `From public submission ${n}`,
    s.description ? `: "${s.description}"` : "",
    s.sourceUrl ? `; source ${s.sourceUrl}` : "",
    s.evidenceSha256 ? `; document ${s.evidenceSha256}` : "",
  ].join("");
}

export function policyValuesFromSubmission(
  n: number,
  s: SubmissionData,
  interventions: readonly string[],
): Map<string, string> {
  const commissioner = s.commissioner.trim();
  const code = commissioner.toUpperCase();
  const v = new Map<string, string>();
  if (CODE.test(code)) v.set("commissioner.code", code);
  else v.set("commissioner.name", commissioner);
  const slug = (s.intervention ?? "").trim().toLowerCase();
  if (interventions.includes(slug)) v.set("intervention", slug);
  if (s.sourceUrl) v.set("source.url", s.sourceUrl);
  if (s.evidenceSha256) v.set("source.archivedSha256", s.evidenceSha256);
  v.set("notes", provenance(n, s));
  v.set("reason", submissionReason(n));
  return v;
}

export function interventionValuesFromSubmission(
  n: number,
  s: SubmissionData,
): Map<string, string> {
  const v = new Map<string, string>();
  if (s.intervention) v.set("name", s.intervention);
  v.set("sources.0.title", provenance(n, s).slice(0, 500));
  if (s.sourceUrl) v.set("sources.0.url", s.sourceUrl);
  v.set("reason", submissionReason(n));
  return v;
}
