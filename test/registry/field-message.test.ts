// zod 4 words a wrong type like a missing value unless asked for the input: the registry's one
// place for field messages (registry/field-message.ts) tells "required" from "must be a number".
import { describe, expect, it } from "vitest";

import { layoutFor } from "../../src/registry/layouts.ts";
import { shippedRecords } from "../../src/registry/registry.ts";
import { validateTables } from "../../src/registry/validate.ts";

const framework = shippedRecords().frameworks[0];
const known = {
  interventions: new Set<string>(),
  policies: new Set<string>(),
  frameworks: new Map(framework ? [[framework.id, framework]] : []),
};

/** The problems of one JSON assessment, by field path. */
function problems(raw: Record<string, unknown>): Record<string, string> {
  const { issues } = validateTables(
    [{ source: "json", file: "a.json", layout: layoutFor("assessment"), records: [raw] }],
    known,
  );
  return Object.fromEntries(
    issues.map((i) => [(i.column ?? "").replace(/^assessments\[0\]\.?/, ""), i.problem]),
  );
}

const valid = {
  framework: "ics-patient-involvement",
  organisation: { code: "QWO", name: null, vintage: "icb-2022" },
  round: "2025",
  criterion: "A1",
  rating: 2,
  evidence: [],
  assessor: "A. Assessor",
  secondReviewer: null,
  assessedOn: "2025-06-01",
  status: "draft",
};

describe("field messages for a JSON record", () => {
  it("a valid record has none", () => {
    expect(problems(valid)).toEqual({});
  });

  it("names a wrong type precisely and a missing value as required", () => {
    const missing: Record<string, unknown> = { ...valid };
    delete missing["assessor"];
    expect(
      problems({
        ...missing,
        rating: "2",
        assessedOn: 20250601,
        evidence: "none",
        synthetic: "yes",
        rightOfReply: { receivedOn: "2025-07-01", text: 7, outcome: null },
        secondReviewer: 3,
      }),
    ).toEqual({
      rating: "must be a number",
      assessedOn: "must be a date YYYY-MM-DD",
      evidence: "must be a list",
      synthetic: "must be true or false",
      "rightOfReply.text": "must be text",
      secondReviewer: "must be text",
      assessor: "required",
    });
  });

  it("a non-integer rating, a bad URL type and an explicit null say what is wrong", () => {
    expect(
      problems({
        ...valid,
        rating: 1.5,
        evidence: [{ url: 42, archivedSha256: null, quote: "q" }],
        assessor: null,
      }),
    ).toEqual({
      rating: "must be a whole number",
      "evidence.0.url": "must be an http(s) URL",
      assessor: "required",
    });
  });
});
