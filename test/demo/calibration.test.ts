// National magnitudes of the demo data against shared/docs/calibration-facts.md §2.1 (SPN figures),
// and the regional / CCG pattern of §2.3 (Ration Watch June 2021).
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import {
  columnsOf,
  demoMonth,
  national,
  percentileWeeks,
  perCommissioner,
  splitLine,
} from "./demo-csv.ts";

const ccgs = readFileSync(new URL("../../data/reference/ccg21.csv", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map(splitLine)
  .map((c) => ({
    code: c[0] as string,
    stp: c[3] as string,
    region: c[7] as string,
    population: Number(c[8]),
  }));

const within = (actual: number, expected: number, tolerance: number) => {
  expect(actual).toBeGreaterThan(expected * (1 - tolerance));
  expect(actual).toBeLessThan(expected * (1 + tolerance));
};

/** Admitted pathways per 1,000 a month by CCG, and its rank (1 = highest). */
function ccgRates(month: string) {
  const counts = perCommissioner(demoMonth(month), "Part_1A");
  const rates = ccgs.map((c) => ({
    ...c,
    rate: (1000 * (counts.get(c.code) ?? 0)) / c.population,
  }));
  return rates.sort((a, b) => b.rate - a.rate);
}

describe("national magnitudes (England, per month)", () => {
  it("July 2019: admitted 314,280, list 4.37 m, 85.8% within 18 weeks, 1,032 over 52, median 7.3", () => {
    const n = national(demoMonth("2019-07"));
    within(n.totals["Part_1A"] ?? 0, 314280, 0.06);
    within(n.totals["Part_1B"] ?? 0, 1179146, 0.06);
    within(n.waiting, 4372568, 0.03);
    expect(Math.abs(n.pctWithin18 - 85.8)).toBeLessThan(1);
    within(n.over52, 1032, 0.2);
    expect(Math.abs(n.median - 7.3)).toBeLessThan(0.5);
  });

  it("April 2020: admitted pathways and clock starts collapse to about a third of 2019", () => {
    const april = national(demoMonth("2020-04")).totals;
    const before = national(demoMonth("2019-07")).totals;
    const ratio = (part: string) => (april[part] ?? 0) / (before[part] ?? 1);
    expect(ratio("Part_1A")).toBeGreaterThan(0.25);
    expect(ratio("Part_1A")).toBeLessThan(0.4);
    expect(ratio("Part_3")).toBeGreaterThan(0.25);
    expect(ratio("Part_3")).toBeLessThan(0.4);
    // §2.1 flow check: 496,020 new periods in April 2020 (provider-parent sums).
    within(april["Part_3"] ?? 0, 496020, 0.1);
  });

  it("June 2021: admitted 275,271, list 5.45 m, 68.8%, 304,803 over 52, 3,927–5,727 over 104", () => {
    const n = national(demoMonth("2021-06"));
    within(n.totals["Part_1A"] ?? 0, 275271, 0.06);
    within(n.waiting, 5.45e6, 0.03);
    expect(Math.abs(n.pctWithin18 - 68.8)).toBeLessThan(1);
    within(n.over52, 304803, 0.08);
    within(n.over78, 85954, 0.1);
    expect(n.over104).toBeGreaterThan(3927 * 0.9);
    expect(n.over104).toBeLessThan(5727 * 1.1);
    // 1.68 m new periods (provider-parent sums).
    within(n.totals["Part_3"] ?? 0, 1681907, 0.06);
  });

  it("October 2023: list between August's 7.75 m and January 2024's 7.58 m, under 60%, median 12–15", () => {
    const n = national(demoMonth("2023-10"));
    expect(n.waiting).toBeGreaterThan(7.58e6 * 0.98);
    expect(n.waiting).toBeLessThan(7.77e6 * 1.02);
    expect(n.pctWithin18).toBeLessThan(60);
    expect(n.pctWithin18).toBeGreaterThan(55);
    expect(n.over52).toBeGreaterThan(321394 * 0.95);
    expect(n.over52).toBeLessThan(396643 * 1.05);
    expect(n.median).toBeGreaterThan(12);
    expect(n.median).toBeLessThan(15);
    expect(n.over104).toBeLessThan(2000);
  });

  it("has only a 52+ band before April 2021 and mild seasonality (December and April dips)", () => {
    expect(columnsOf(demoMonth("2021-03")).bands.length).toBe(53);
    const admitted = (m: string) => national(demoMonth(m)).totals["Part_1A"] ?? 0;
    expect(admitted("2019-12")).toBeLessThan(admitted("2019-11") * 0.95);
    expect(admitted("2019-12")).toBeGreaterThan(admitted("2019-11") * 0.75);
  });

  it("completed pathways wait less than the list", () => {
    const csv = demoMonth("2021-06");
    const c = columnsOf(csv);
    const bands = (part: string) => {
      const out = new Array<number>(c.bands.length).fill(0);
      for (const r of csv.rows)
        if (r[c.tf] === "C_999" && r[c.part] === part)
          c.bands.forEach((b, i) => (out[i] = (out[i] ?? 0) + Number(r[b])));
      return out;
    };
    const list = percentileWeeks(bands("Part_2"), 0.5);
    expect(percentileWeeks(bands("Part_1A"), 0.5)).toBeLessThan(list);
    expect(percentileWeeks(bands("Part_1B"), 0.5)).toBeLessThan(
      percentileWeeks(bands("Part_1A"), 0.5),
    );
  });

  it("has a plausible specialty mix: T&O about 12% of the list, the big surgical specialties large", () => {
    const csv = demoMonth("2021-06");
    const c = columnsOf(csv);
    const byTf = (part: string) => {
      const out = new Map<string, number>();
      for (const r of csv.rows)
        if (r[c.part] === part && r[c.tf] !== "C_999")
          out.set(r[c.tf] as string, (out.get(r[c.tf] as string) ?? 0) + Number(r[c.totalAll]));
      return out;
    };
    const list = byTf("Part_2");
    const listTotal = [...list.values()].reduce((a, b) => a + b, 0);
    within((list.get("C_110") ?? 0) / listTotal, 0.123, 0.1);
    const admitted = byTf("Part_1A");
    const admittedTotal = [...admitted.values()].reduce((a, b) => a + b, 0);
    for (const code of ["C_110", "C_130", "C_100", "C_101", "C_120", "C_502"])
      expect((admitted.get(code) ?? 0) / admittedTotal).toBeGreaterThan(0.04);
  });
});

describe("regional and local variation (June 2021)", () => {
  it.each([
    ["North East and Yorkshire", 5.42],
    ["South West", 4.86],
    ["South East", 4.85],
    ["North West", 4.65],
    ["Midlands", 4.25],
    ["East of England", 4.14],
    ["London", 3.38],
  ])("%s admits about %d per 1,000 a month", (region, rate) => {
    const counts = perCommissioner(demoMonth("2021-06"), "Part_1A");
    const members = ccgs.filter((c) => c.region === region);
    const count = members.reduce((a, c) => a + (counts.get(c.code) ?? 0), 0);
    const population = members.reduce((a, c) => a + c.population, 0);
    within((1000 * count) / population, rate, 0.05);
  });

  it("ranks Wakefield first (~8.8) and Wirral last (~2.5), Leeds low in the same ICS", () => {
    const ranked = ccgRates("2021-06");
    expect(ranked).toHaveLength(106);
    expect(ranked[0]?.code).toBe("03R");
    within(ranked[0]?.rate ?? 0, 8.77, 0.06);
    expect(ranked[105]?.code).toBe("12F");
    within(ranked[105]?.rate ?? 0, 2.52, 0.06);
    const leeds = ranked.findIndex((c) => c.code === "15F") + 1;
    expect(leeds).toBeGreaterThan(70);
    expect(ranked.find((c) => c.code === "15F")?.stp).toBe("QWO");
    expect(ranked[0]?.stp).toBe("QWO");
    // Only a handful under 3 per 1,000 (five in the published June 2021 table).
    expect(ranked.filter((c) => c.rate < 3).length).toBeLessThanOrEqual(7);
  });

  it("keeps commissioner rates stable over time (rank correlation 2019 vs 2023 above 0.9)", () => {
    const a = ccgRates("2019-07");
    const b = ccgRates("2023-10");
    const rankB = new Map(b.map((c, i) => [c.code, i]));
    const d2 = a.reduce((s, c, i) => s + (i - (rankB.get(c.code) ?? 0)) ** 2, 0);
    const spearman = 1 - (6 * d2) / (106 * (106 ** 2 - 1));
    expect(spearman).toBeGreaterThan(0.9);
    expect(spearman).toBeLessThan(1);
  });
});
