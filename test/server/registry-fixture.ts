/**
 * The web fixture with a restrictions registry (in-memory PGlite): policies on the variation
 * fixture's areas written by hand: Wakefield's hernia policy changed once (so it has a history);
 * for hip replacement (RTT trauma and orthopaedics, which every fixture area has) an ICB-level
 * policy, area policies that override it, a withdrawn one; and two synthetic scorecard rounds for two ICBs.
 */
import type { RegistryDb } from "../../src/registry/db.ts";
import { policySchema, type Policy } from "../../src/registry/policy-schema.ts";
import { saveRecords } from "../../src/registry/records.ts";
import { openRegistry } from "../../src/registry/registry.ts";
import { assessmentId, assessmentSchema } from "../../src/registry/scorecard-schema.ts";
import { createApp } from "../../src/server/app.ts";
import { SiteData } from "../../src/server/data.ts";
import { registryReader } from "../../src/server/registry-data.ts";

import { NOW, webFixture, type WebFixture } from "./fixture.ts";

export interface RegistryWebFixture extends WebFixture {
  registry: RegistryDb;
}

const SOURCE = {
  title: "Test commissioning policy",
  url: "https://example.org/policies/hernia.pdf",
  archivedSha256: null,
  foiReference: null,
};

function policy(p: Partial<Policy> & Pick<Policy, "id" | "intervention" | "accessRoute">): Policy {
  return policySchema.parse({
    commissioner: { code: "03R", name: null, level: "sub-icb", vintage: "sub-icb-2022" },
    criteria: [],
    departsFromGuidance: "no",
    source: SOURCE,
    effectiveDate: "2020-01-01",
    ...p,
  });
}

const bmi = (threshold: number) => ({
  type: "bmi",
  measure: "BMI",
  comparator: "<",
  threshold,
  unit: "kg/m2",
  requirement: "mandatory",
  wording: `Patients must have a BMI below ${threshold} kg/m2`,
});

export const POLICIES = {
  wakefieldHernia: (threshold: number) =>
    policy({
      id: "t-03R-hernia",
      intervention: "inguinal-hernia-repair",
      accessRoute: "criteria-based-access",
      criteria: [bmi(threshold)] as Policy["criteria"],
      departsFromGuidance: "yes",
      departure: "A BMI threshold NICE does not set",
    }),
  westYorkshireHip: policy({
    id: "t-QWO-hip",
    commissioner: { code: "QWO", name: null, level: "icb", vintage: "icb-2022" },
    intervention: "hip-replacement",
    accessRoute: "not-commissioned",
    departsFromGuidance: "yes",
    departure: "Not commissioned at all",
    effectiveDate: "2020-06-01",
  }),
  leedsHip: policy({
    id: "t-15F-hip",
    commissioner: { code: "15F", name: null, level: "sub-icb", vintage: "sub-icb-2022" },
    intervention: "hip-replacement",
    accessRoute: "routinely-commissioned",
    effectiveDate: "2019-01-01",
  }),
  stokeHip: policy({
    id: "t-05W-hip",
    commissioner: { code: "05W", name: null, level: "sub-icb", vintage: "sub-icb-2022" },
    intervention: "hip-replacement",
    accessRoute: "prior-approval",
    effectiveDate: "2021-04-01",
  }),
  dorsetWithdrawn: policy({
    id: "t-11J-hip",
    commissioner: { code: "11J", name: null, level: "sub-icb", vintage: "sub-icb-2022" },
    intervention: "hip-replacement",
    accessRoute: "not-commissioned",
    effectiveDate: "2019-01-01",
    withdrawnDate: "2021-01-01",
  }),
};

/** Ratings of criterion A1 for QWO and QVV: 2024 → 1 and 2; 2025 → 2 and 3 (2 meets). */
export const RATINGS: Array<[string, string, number]> = [
  ["2024", "QWO", 1],
  ["2024", "QVV", 2],
  ["2025", "QWO", 2],
  ["2025", "QVV", 3],
];

export async function registryWebFixture(): Promise<RegistryWebFixture> {
  const base = await webFixture();
  const registry = await openRegistry({ path: "memory://", now: NOW });
  const ctx = (reason: string) => ({ actor: "tester", reason, now: NOW, changeSet: reason });
  const save = (ps: Policy[], reason: string) =>
    saveRecords(
      registry,
      ps.map((p) => ({
        kind: "policy" as const,
        id: p.id,
        data: p,
        reviewStatus: "approved" as const,
      })),
      ctx(reason),
    );
  await save(
    [
      POLICIES.wakefieldHernia(35),
      POLICIES.westYorkshireHip,
      POLICIES.leedsHip,
      POLICIES.stokeHip,
      POLICIES.dorsetWithdrawn,
    ],
    "first import",
  );
  await save([POLICIES.wakefieldHernia(30)], "threshold lowered in the 2021 review");
  const assessments = RATINGS.map(([round, code, rating]) =>
    assessmentSchema.parse({
      framework: "ics-patient-involvement",
      organisation: { code, name: null, vintage: "icb-2022" },
      round,
      criterion: "A1",
      rating,
      evidence: [{ url: null, archivedSha256: null, quote: "Synthetic test evidence" }],
      assessor: "assessor",
      secondReviewer: "reviewer",
      assessedOn: `${round}-06-03`,
      status: "published",
      synthetic: true,
    }),
  );
  await saveRecords(
    registry,
    assessments.map((a) => ({
      kind: "assessment" as const,
      id: assessmentId(a),
      data: a,
      reviewStatus: "approved" as const,
    })),
    ctx("scorecard rounds"),
  );
  const data = new SiteData(base.store, { now: () => NOW, registry: registryReader(registry) });
  return { ...base, data, app: createApp({ data }), registry };
}
