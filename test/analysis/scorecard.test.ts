import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { compareRounds, scorecardSummary } from "../../src/analysis/scorecard.ts";
import { readRegistryFile } from "../../src/registry/read-file.ts";
import { shippedRecords } from "../../src/registry/registry.ts";
import type { Assessment } from "../../src/registry/scorecard-schema.ts";
import { validateTables } from "../../src/registry/validate.ts";

const framework = shippedRecords().frameworks[0]!;

async function fixtureAssessments(): Promise<Assessment[]> {
  const file = join(import.meta.dirname, "../fixtures/registry/assessments.csv");
  const tables = await readRegistryFile(file, "assessments.csv");
  const { records, issues } = validateTables(tables, {
    interventions: new Set(),
    policies: new Set(),
    frameworks: new Map([[framework.id, framework]]),
  });
  expect(issues).toEqual([]);
  return records.map((r) => r.data as Assessment);
}

describe("scorecard summaries", () => {
  it("counts ratings, shares meeting and weighted scores by hand", async () => {
    const s = scorecardSummary(framework, await fixtureAssessments(), "2025");
    // Counted: QWO A1=2, QWO A2=0 (disputed), QHM A1=1, QHM A2=3; QHM B1 is a draft.
    expect(s).toMatchObject({
      organisations: 2,
      assessments: 4,
      draftsExcluded: 1,
      disputed: 1,
      synthetic: true,
    });
    const a1 = s.criteria.find((c) => c.criterionId === "A1");
    expect(a1).toMatchObject({
      rated: 2,
      meeting: 1,
      pctMeeting: 50,
      ratings: { "0": 0, "1": 1, "2": 1, "3": 0 },
    });
    const b1 = s.criteria.find((c) => c.criterionId === "B1");
    expect(b1).toMatchObject({ rated: 0, notRated: 0, pctMeeting: null });
    const governance = s.domains.find((d) => d.domainId === "A");
    // (2 + 0 + 1 + 3) ÷ 3 (top of scale) ÷ 4 ratings × 100 = 50; 2 of 4 meet.
    expect(governance?.score).toBeCloseTo(50, 10);
    expect(governance?.pctMeeting).toBe(50);
    expect(s.domains.find((d) => d.domainId === "B")?.score).toBeNull();
    expect(s.scores.map((o) => [o.code, Number(o.score?.toFixed(4))])).toEqual([
      ["QHM", Number((((1 / 3 + 1) / 2) * 100).toFixed(4))],
      ["QWO", Number((((2 / 3 + 0) / 2) * 100).toFixed(4))],
    ]);
  });

  it("compares two rounds: change in share meeting and organisations up, down, same", async () => {
    const c = compareRounds(framework, await fixtureAssessments(), "2025", "2026");
    expect(c.geographyNote).toBeNull();
    const byId = Object.fromEntries(c.criteria.map((x) => [x.criterionId, x]));
    expect(byId["A1"]).toMatchObject({
      pctBefore: 50,
      pctAfter: 50,
      change: 0,
      improved: 1,
      worsened: 0,
      same: 1,
    });
    expect(byId["A2"]).toMatchObject({
      pctBefore: 50,
      pctAfter: 100,
      change: 50,
      improved: 0,
      worsened: 1,
      same: 0,
    });
    expect(byId["C1"]).toMatchObject({ pctBefore: null, pctAfter: null, change: null });
  });
});
