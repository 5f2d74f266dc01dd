/**
 * A synthetic demonstration registry for the quick start: policies for the shipped interventions in
 * about half the sub-ICB areas, and two rounds of the ICS patient-involvement scorecard for the 42
 * ICBs. Generated deterministically from a seed; every record is marked `synthetic: true` and every
 * output built from it says so. It describes no real commissioner's policy or real ICB's practice.
 */
import { createRandom } from "../stats/index.ts";

import { organisations } from "./geography.ts";
import type { Criterion, Policy } from "./policy-schema.ts";
import type { Assessment, Framework } from "./scorecard-schema.ts";

const NOTE = "Synthetic demonstration record: describes no real commissioner's policy";

const CRITERIA: Record<string, Criterion[]> = {
  "inguinal-hernia-repair": [
    {
      type: "bmi",
      measure: "BMI",
      comparator: "<",
      threshold: 35,
      unit: "kg/m2",
      requirement: "mandatory",
      wording: "Synthetic: patients must have a BMI below 35 kg/m2 before referral",
    },
    {
      type: "conservative-treatment",
      measure: "months of watchful waiting",
      comparator: ">=",
      threshold: 6,
      unit: "months",
      requirement: "mandatory",
      wording:
        "Synthetic: minimally symptomatic hernias are managed by watchful waiting for at least six months",
    },
  ],
  "cataract-surgery": [
    {
      type: "visual-acuity",
      measure: "best corrected visual acuity (decimal)",
      comparator: "<=",
      threshold: 0.5,
      unit: "decimal",
      requirement: "mandatory",
      wording: "Synthetic: visual acuity of 6/12 or worse in the affected eye",
    },
    {
      type: "second-eye",
      measure: null,
      comparator: null,
      threshold: null,
      unit: null,
      requirement: "advisory",
      wording: "Synthetic: second-eye surgery only where symptoms are significant",
    },
  ],
  "hip-replacement": [
    {
      type: "pain-function-score",
      measure: "Oxford Hip Score",
      comparator: "<=",
      threshold: 24,
      unit: "points",
      requirement: "mandatory",
      wording: "Synthetic: Oxford Hip Score of 24 or less",
    },
    {
      type: "bmi",
      measure: "BMI",
      comparator: "<",
      threshold: 40,
      unit: "kg/m2",
      requirement: "mandatory",
      wording: "Synthetic: BMI below 40 kg/m2",
    },
  ],
  "knee-replacement": [
    {
      type: "pain-function-score",
      measure: "Oxford Knee Score",
      comparator: "<=",
      threshold: 24,
      unit: "points",
      requirement: "mandatory",
      wording: "Synthetic: Oxford Knee Score of 24 or less",
    },
    {
      type: "smoking",
      measure: null,
      comparator: null,
      threshold: null,
      unit: null,
      requirement: "mandatory",
      wording: "Synthetic: smokers must have stopped for eight weeks before referral",
    },
  ],
};

/** Demo policies for the sub-ICB areas of July 2022, deterministic from `seed`. */
export function demoPolicies(seed = 1): Policy[] {
  const random = createRandom(seed);
  const areas = (organisations().get("sub-icb-2022") ?? [])
    .slice()
    .sort((a, b) => a.code.localeCompare(b.code));
  const out: Policy[] = [];
  for (const [slug, criteria] of Object.entries(CRITERIA)) {
    for (const area of areas) {
      const u = random();
      if (u < 0.25) continue; // no record for a quarter of areas
      const restrict = u < 0.7;
      const year = 2020 + Math.floor(random() * 4);
      const month = 1 + Math.floor(random() * 12);
      const beyond = restrict && random() < 0.7;
      out.push({
        id: `demo-${area.code}-${slug}`,
        commissioner: {
          code: area.code,
          name: area.name,
          level: "sub-icb",
          vintage: "sub-icb-2022",
        },
        intervention: slug,
        accessRoute: restrict
          ? random() < 0.5
            ? "criteria-based-access"
            : "prior-approval"
          : "routinely-commissioned",
        criteria: restrict ? criteria.filter((c) => beyond || c.requirement === "advisory") : [],
        departsFromGuidance: beyond ? "yes" : "no",
        departure: beyond ? "Synthetic: thresholds that NICE guidance does not set" : null,
        source: { title: null, url: null, archivedSha256: null, foiReference: null },
        effectiveDate: `${year}-${String(month).padStart(2, "0")}-01`,
        reviewDate: null,
        withdrawnDate: null,
        supersededBy: null,
        verifiedBy: null,
        verifiedOn: null,
        synthetic: true,
        notes: NOTE,
      });
    }
  }
  return out;
}

/** Demo assessments of the 42 ICBs (July 2022 geography) in rounds 2024 and 2025. */
export function demoAssessments(framework: Framework, seed = 1): Assessment[] {
  const random = createRandom(seed + 7);
  const icbs = (organisations().get("icb-2022") ?? [])
    .filter((o) => /^Q/.test(o.code))
    .sort((a, b) => a.code.localeCompare(b.code));
  const criteria = framework.domains.flatMap((d) => d.criteria.map((c) => c.id));
  const top = Math.max(...framework.ratingScale.map((s) => s.value));
  const out: Assessment[] = [];
  for (const [round, day, lift] of [
    ["2024", "2024-06-03", 0],
    ["2025", "2025-06-02", 0.35],
  ] as const) {
    for (const icb of icbs) {
      for (const criterion of criteria) {
        const rating = Math.min(top, Math.floor(random() * (top + 1) + lift * random() * 2));
        out.push({
          framework: framework.id,
          organisation: { code: icb.code, name: icb.name, vintage: "icb-2022" },
          round,
          criterion,
          rating,
          evidence: [
            { url: null, archivedSha256: null, quote: "Synthetic demonstration evidence" },
          ],
          assessor: "demo-assessor",
          secondReviewer: "demo-reviewer",
          assessedOn: day,
          status: "published",
          rightOfReply: null,
          synthetic: true,
        });
      }
    }
  }
  return out;
}
