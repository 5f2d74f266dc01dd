import { describe, expect, it } from "vitest";

import { overlayFromVariation } from "../../src/analysis/restrictions.ts";
import type { VariationResult } from "../../src/analysis/types.ts";
import { publishedFindings } from "../../src/registry/facts.ts";
import { policySchema } from "../../src/registry/policy-schema.ts";
import { shippedRecords } from "../../src/registry/registry.ts";
import { restrictionSheets, restrictionsSection } from "../../src/report/restrictions-section.ts";

const cataract = shippedRecords().interventions.find((i) => i.slug === "cataract-surgery")!;
const variation = {
  to: "2024-03",
  months: 12,
  specialtyName: "Ophthalmology",
  unit: "per 1,000 population per month",
  areas: [
    { code: "03R", name: "Wakefield", icbCode: "QWO", count: 120, population: 10_000, rate: 1 },
    { code: "02T", name: "Calderdale", icbCode: "QWO", count: 240, population: 10_000, rate: 2 },
  ],
  funnel: { points: [] },
  source: { synthetic: false },
} as unknown as VariationResult;
const policy = policySchema.parse({
  id: "p",
  commissioner: { code: "03R", level: "sub-icb", vintage: "sub-icb-2022" },
  intervention: "cataract-surgery",
  accessRoute: "prior-approval",
  criteria: [],
  departsFromGuidance: "yes",
  departure: "visual acuity threshold",
  source: { foiReference: "FOI 1" },
  effectiveDate: "2022-01-01",
  synthetic: true,
});

describe("the report's restrictions section and sheets", () => {
  const input = {
    overlays: [overlayFromVariation(cataract, [policy], variation, true)],
    findings: publishedFindings(),
    scorecards: [],
  };

  it("shows the headline, the synthetic warning, the proxy limits and the cited findings", () => {
    const s = restrictionsSection(input)!;
    expect(s.id).toBe("restrictions");
    expect(s.body).toContain(
      "[Synthetic demonstration data] 1 of the 1 areas with a policy on record restrict cataract surgery beyond NICE or Evidence-Based Interventions guidance (1 restrict it in some way; 1 of 2 areas have no policy on record), on 2024-03-31.",
    );
    expect(s.body).toContain("Synthetic demonstration records");
    expect(s.body).toContain(
      "RTT ophthalmology (C_130) counts every consultant-led ophthalmology pathway",
    );
    expect(s.body).toContain(
      "In the Medical Technology Group's 2018 survey of 195 CCGs, 95 restricted hernia repair.",
    );
    expect(restrictionsSection(undefined)).toBeNull();
  });

  it("writes one row per area with its status, and marks rows from a synthetic registry", () => {
    const [sheet] = restrictionSheets(input);
    const rows = sheet!.rows as unknown as Array<Record<string, unknown>>;
    const value = (header: string, row: unknown) =>
      sheet!.columns.find((c) => c.header === header)!.value(row as never);
    expect(
      rows.map((r) => [
        value("Code", r),
        value("Status", r),
        value("From synthetic demonstration data", r),
      ]),
    ).toEqual([
      // A status read from a registry with synthetic records is itself demonstration data.
      ["02T", "No policy on record", "yes"],
      ["03R", "Restricts beyond guidance", "yes"],
    ]);
  });
});
