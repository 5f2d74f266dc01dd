// The published findings ship as cited facts: each must say who published it, when, and where to
// read it, and its numbers must agree with its own sentence (a figure nobody can trace is not quoted).
import { describe, expect, it } from "vitest";

import { publishedFindings } from "../../src/registry/facts.ts";

describe("published findings (data/registry/facts.json)", () => {
  const facts = publishedFindings();

  it("each names its publication with a year and an https address", () => {
    expect(facts.length).toBeGreaterThan(0);
    for (const f of facts) {
      expect(f.source, f.id).toMatch(/\b(19|20)\d\d\b/);
      expect(f.source, f.id).not.toMatch(/as cited in/i);
      expect(f.url, f.id).toMatch(/^https:\/\/[^\s]+$/);
    }
  });

  it("each statement states its own numerator, denominator or percentage", () => {
    for (const f of facts) {
      if (f.numerator !== null) expect(f.statement, f.id).toContain(String(f.numerator));
      if (f.denominator !== null) expect(f.statement, f.id).toContain(String(f.denominator));
      if (typeof f.percent === "number") expect(f.statement, f.id).toContain(`${f.percent}%`);
    }
  });

  it("the 2018 survey's counts are the Medical Technology Group's: 95, 104 (76), 78 and 12 of 195 CCGs", () => {
    const n = (id: string) => facts.find((f) => f.id === id)?.numerator;
    expect(n("mtg-2018-ccg-survey-hernia")).toBe(95);
    expect(n("mtg-2018-ccg-survey-cataract")).toBe(104);
    expect(n("mtg-2018-ccg-survey-cataract-visual-acuity")).toBe(76);
    expect(n("mtg-2018-ccg-survey-hip-knee")).toBe(78);
    expect(n("mtg-2018-ccg-survey-cgm")).toBe(12);
  });
});
