import { describe, expect, it } from "vitest";

import { overlayFromVariation, policiesInForce } from "../../src/analysis/restrictions.ts";
import type { VariationResult } from "../../src/analysis/types.ts";
import { policySchema, type Policy } from "../../src/registry/policy-schema.ts";
import { shippedRecords } from "../../src/registry/registry.ts";
import { sampleStandardDeviation, studentTQuantile } from "../../src/stats/index.ts";

const hernia = shippedRecords().interventions.find((i) => i.slug === "inguinal-hernia-repair")!;

const policy = (id: string, code: string, over: Partial<Policy> = {}): Policy =>
  policySchema.parse({
    id,
    commissioner: { code, level: "sub-icb", vintage: "sub-icb-2022" },
    intervention: "inguinal-hernia-repair",
    accessRoute: "criteria-based-access",
    criteria: [
      {
        type: "bmi",
        measure: "BMI",
        comparator: "<",
        threshold: 35,
        unit: "kg/m2",
        requirement: "mandatory",
        wording: "BMI below 35",
      },
    ],
    departsFromGuidance: "yes",
    departure: "BMI bar",
    source: { url: "https://example.org/p.pdf" },
    effectiveDate: "2023-01-01",
    ...over,
  });

// Six areas, two per group and two with no record; rates per 1,000 a month over 12 months.
const areas = [
  { code: "A1", icbCode: "Q1", count: 600, population: 100_000 }, // 0.5
  { code: "A2", icbCode: "Q1", count: 480, population: 100_000 }, // 0.4
  { code: "B1", icbCode: "Q2", count: 720, population: 100_000 }, // 0.6
  { code: "B2", icbCode: "Q2", count: 840, population: 100_000 }, // 0.7
  { code: "C1", icbCode: "Q3", count: 100, population: 10_000 },
  { code: "C2", icbCode: "Q3", count: 100, population: 10_000 },
];
const variation = {
  to: "2024-03",
  months: 12,
  specialtyName: "General Surgery",
  unit: "per 1,000 population per month",
  areas: areas.map((a) => ({
    ...a,
    name: `Area ${a.code}`,
    rate: (a.count / (a.population * 12)) * 1000,
  })),
  funnel: {
    points: [
      { code: "A1", positionAdjusted: "within" },
      { code: "A2", positionAdjusted: "below95" },
      { code: "B1", positionAdjusted: "within" },
      { code: "B2", positionAdjusted: "above998" },
    ],
  },
  source: { synthetic: false },
} as unknown as VariationResult;

describe("restrictions beside activity", () => {
  it("places the policy in force on the window's last day; withdrawn, future and superseded ones are not", () => {
    const list = [
      policy("a1-old", "03R", { effectiveDate: "2020-01-01", supersededBy: "a1-new" }),
      policy("a1-new", "03R", { effectiveDate: "2023-06-01" }),
      policy("future", "02T", { effectiveDate: "2024-04-01" }),
      policy("gone", "03J", { effectiveDate: "2020-01-01", withdrawnDate: "2024-03-31" }),
      policy("elsewhere", "00L"),
    ];
    const { byArea, unmatched } = policiesInForce(
      list,
      "inguinal-hernia-repair",
      [
        { code: "03R", icbCode: "QWO" },
        { code: "02T", icbCode: "QWO" },
        { code: "03J", icbCode: "QWO" },
      ],
      "2024-03-31",
    );
    expect([...byArea].map(([k, v]) => [k, v.id])).toEqual([["03R", "a1-new"]]);
    expect(unmatched.map((u) => u.policyId)).toEqual(["elsewhere"]);
  });

  it("counts areas by status, compares groups with a Welch interval on log rates, words the headline", () => {
    const byCode = (code: string, over: Partial<Policy>) => ({
      ...policy(`p-${code}`, "03R", over),
      commissioner: {
        code,
        name: null,
        level: "sub-icb" as const,
        vintage: "sub-icb-2022" as const,
      },
    });
    const list = [
      byCode("A1", {}),
      byCode("A2", { departsFromGuidance: "no", departure: null }),
      byCode("B1", {
        accessRoute: "routinely-commissioned",
        criteria: [],
        departsFromGuidance: "no",
        departure: null,
      }),
      byCode("B2", {
        accessRoute: "routinely-commissioned",
        criteria: [],
        departsFromGuidance: "no",
        departure: null,
      }),
    ];
    const o = overlayFromVariation(hernia, list, variation, true);
    expect(o.asOf).toBe("2024-03-31");
    expect(o.counts).toEqual({
      areas: 6,
      withRecord: 4,
      restricted: 2,
      beyondGuidance: 1,
      noRecord: 2,
    });
    expect(o.areas.map((a) => [a.code, a.status])).toEqual([
      ["A1", "beyond-guidance"],
      ["A2", "restricted"],
      ["B1", "not-restricted"],
      ["B2", "not-restricted"],
      ["C1", "no-record"],
      ["C2", "no-record"],
    ]);
    const c = o.comparison!;
    // Pooled: (600 + 480) ÷ (200,000 × 12) × 1,000 = 0.45; (720 + 840) ÷ 2,400,000 × 1,000 = 0.65.
    expect(c.restricted.rate).toBeCloseTo(0.45, 12);
    expect(c.unrestricted.rate).toBeCloseTo(0.65, 12);
    expect([c.restricted.above, c.restricted.within, c.restricted.below]).toEqual([0, 1, 1]);
    expect([c.unrestricted.above, c.unrestricted.within, c.unrestricted.below]).toEqual([1, 1, 0]);
    // Welch on log rates, computed independently here.
    const lr = [Math.log(0.5), Math.log(0.4)];
    const lu = [Math.log(0.6), Math.log(0.7)];
    const vr = sampleStandardDeviation(lr) ** 2 / 2;
    const vu = sampleStandardDeviation(lu) ** 2 / 2;
    const df = (vr + vu) ** 2 / (vr ** 2 + vu ** 2);
    const diff = (lr[0]! + lr[1]!) / 2 - (lu[0]! + lu[1]!) / 2;
    const half = studentTQuantile(0.975, df) * Math.sqrt(vr + vu);
    expect(c.ratio).toBeCloseTo(Math.sqrt(0.2) / Math.sqrt(0.42), 12);
    expect(c.lower95).toBeCloseTo(Math.exp(diff - half), 10);
    expect(c.upper95).toBeCloseTo(Math.exp(diff + half), 10);
    expect(o.headlines[0]).toBe(
      "1 of the 4 areas with a policy on record restrict inguinal hernia repair beyond NICE or Evidence-Based Interventions guidance (2 restrict it in some way; 2 of 6 areas have no policy on record), on 2024-03-31.",
    );
    const intervalExcludesOne = c.upper95! < 1 || c.lower95! > 1;
    expect(o.headlines[1]).toContain(intervalExcludesOne ? "were lower" : "No clear difference");
  });

  it("compares the groups on need-adjusted ratios too, with the same Welch interval on log ratios", () => {
    // Expected counts for need: A1 500, A2 400 (both 1.20), B1 800 (0.90), B2 700 (1.20); C1, C2 none.
    const expected: Record<string, number | null> = { A1: 500, A2: 400, B1: 800, B2: 700 };
    const needVariation = {
      ...variation,
      areas: variation.areas.map((a) => {
        const e = expected[a.code] ?? null;
        return {
          ...a,
          needAdjustedExpected: e,
          needAdjustedRatio: e === null ? null : a.count / e,
          needAdjustedFunnelPosition: e === null ? null : a.code === "B1" ? "below95" : "within",
        };
      }),
    } as VariationResult;
    const commissioner = (code: string) => ({
      code,
      name: null,
      level: "sub-icb" as const,
      vintage: "sub-icb-2022" as const,
    });
    const routine = {
      accessRoute: "routinely-commissioned" as const,
      criteria: [],
      departsFromGuidance: "no" as const,
      departure: null,
    };
    const list = [
      { ...policy("p-A1", "03R"), commissioner: commissioner("A1") },
      { ...policy("p-A2", "03R"), commissioner: commissioner("A2") },
      { ...policy("p-B1", "03R", routine), commissioner: commissioner("B1") },
      { ...policy("p-B2", "03R", routine), commissioner: commissioner("B2") },
    ];
    const o = overlayFromVariation(hernia, list, needVariation, true);
    const n = o.comparison?.needAdjusted;
    // Groups: (600 + 480) ÷ (500 + 400) = 1.2; (720 + 840) ÷ (800 + 700) = 1.04.
    expect(n?.restricted).toMatchObject({ areas: 2, observed: 1080, expected: 900, below: 0 });
    expect(n?.restricted.ratio).toBeCloseTo(1.2, 12);
    expect(n?.unrestricted.ratio).toBeCloseTo(1.04, 12);
    expect([n?.unrestricted.above, n?.unrestricted.within, n?.unrestricted.below]).toEqual([
      0, 1, 1,
    ]);
    expect(n?.pooledRatio).toBeCloseTo(1.2 / 1.04, 12);
    // Welch on log ratios: restricting [ln 1.2, ln 1.2] (no spread), others [ln 0.9, ln 1.2].
    const lu = [Math.log(0.9), Math.log(1.2)];
    const vu = sampleStandardDeviation(lu) ** 2 / 2;
    const diff = Math.log(1.2) - (lu[0]! + lu[1]!) / 2;
    const half = studentTQuantile(0.975, 1) * Math.sqrt(vu); // Welch df = (0 + vu)² ÷ (vu²/1) = 1
    expect(n?.ratio).toBeCloseTo(1.2 / Math.sqrt(1.08), 12);
    expect(n?.lower95).toBeCloseTo(Math.exp(diff - half), 10);
    expect(n?.upper95).toBeCloseTo(Math.exp(diff + half), 10);
    expect(o.headlines[2]).toMatch(
      /^Need-adjusted: restricting areas \(2\) treated 1\.20 times what England's rate gives for their need-weighted population; areas that routinely commission \(2\) 1\.04 times\. Allowing for need, no clear difference between the groups \(ratio of typical need-adjusted ratios 1\.15, 95% interval /,
    );
    // Without need-adjusted figures (a hand-built result), there is no need-adjusted comparison.
    expect(overlayFromVariation(hernia, list, variation, true).comparison?.needAdjusted).toBeNull();
  });

  it("marks every headline synthetic when a policy is synthetic", () => {
    const p = {
      ...policy("s", "03R", { synthetic: true }),
      commissioner: {
        code: "A1",
        name: null,
        level: "sub-icb" as const,
        vintage: "sub-icb-2022" as const,
      },
    };
    const o = overlayFromVariation(hernia, [p], variation, true);
    expect(o.synthetic).toBe(true);
    expect(o.headlines.every((h) => h.startsWith("[Synthetic demonstration data]"))).toBe(true);
    expect(o.comparison).toBeNull();
  });
});
