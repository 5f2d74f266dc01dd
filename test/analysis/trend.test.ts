import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { trendToTidy } from "../../src/analysis/tidy.ts";
import { areaPoints, phaseBreaks } from "../../src/analysis/trend-series.ts";
import { trend } from "../../src/analysis/trend.ts";
import { MissingDataError, UsageError } from "../../src/errors.ts";
import type { Store } from "../../src/store/db.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import { ENGLAND_POP, FIXTURE_ROWS, POP, QRL_POP } from "./rtt-fixture.ts";

let store: Store;
beforeAll(async () => {
  store = await buildRttStore(FIXTURE_ROWS);
});
afterAll(() => store.close());

const MONTHS = ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06", "2021-07"];
const ENGLAND = [3650, 3700, 3750, 3800, 3850, 3900, 3950];
const COUNTS = {
  "10R": [5, 5, 9, 12, 10, 15, 20],
  D9Y0V: [1645, 1685, 1761, 1788, 1820, 1865, 1900],
  "72Q": [2000, 2010, 1980, 2000, 2020, 2020, 2030],
};
const QRL = COUNTS["10R"].map((n, i) => n + (COUNTS.D9Y0V[i] ?? 0)); // 1650, 1690, 1770, …
const perThousand = (count: number, population: number) => (count / population) * 1000;

describe("trend: England, commissioner level", () => {
  it("monthly counts, rates, change on the month before and the 13Q hub left out", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07" });
    expect(t).toMatchObject({
      measure: "admitted",
      specialty: "all",
      level: "commissioner",
      area: null,
      areaName: "England",
      months: 7,
      unit: "per 1,000 population per month",
    });
    expect(t.series.map((p) => p.month)).toEqual(MONTHS);
    expect(t.series.map((p) => p.count)).toEqual(ENGLAND);
    expect(t.series.every((p) => p.population === ENGLAND_POP)).toBe(true);
    expect(t.series.map((p) => p.excluded)).toEqual(MONTHS.map(() => 500));
    t.series.forEach((p, i) => {
      expect(p.rate).toBeCloseTo(perThousand(ENGLAND[i] ?? 0, ENGLAND_POP), 12);
      expect(p.comparedToEngland).toBeNull();
    });
    const [jan, feb] = t.series;
    expect(jan?.changeOnPreviousMonth).toBeNull();
    expect(jan?.rateChangeOnPreviousMonth).toBeNull();
    // Same population: the rate rises as the count, 3,650 → 3,700 = +1.3699%, +50/3,649.699 per 1,000.
    expect(feb?.changeOnPreviousMonth).toBeCloseTo((50 / 3650) * 100, 10);
    expect(feb?.rateChangeOnPreviousMonth).toBeCloseTo(perThousand(50, ENGLAND_POP), 12);
    expect(t.excluded).toEqual([expect.objectContaining({ code: "13Q", count: 7 * 500 })]);
    // Byar's 95% limits at 3,650 events: x(1 − 1/(9x) − 1.96/(3√x))³ and (x+1)(1 − 1/(9(x+1)) + 1.96/(3√(x+1)))³.
    const x = 3650;
    const z = 1.959963984540054;
    const lower = x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
    const upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * Math.sqrt(x + 1))) ** 3;
    expect(jan?.lower95).toBeCloseTo(perThousand(lower, ENGLAND_POP), 12);
    expect(jan?.upper95).toBeCloseTo(perThousand(upper, ENGLAND_POP), 12);
  });

  it("areas up on the month before, of the 3 compared (an unchanged count is not up)", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07" });
    // Feb: 10R 5→5 (tie), D9Y0V up, 72Q up; Mar: 72Q down; Apr: all up; May: 10R down;
    // Jun: 72Q 2020→2020 (tie); Jul: all up.
    expect(t.series.map((p) => p.areasUp)).toEqual([null, 2, 2, 3, 2, 2, 3]);
    expect(t.series.map((p) => p.areasCompared)).toEqual([null, 3, 3, 3, 3, 3, 3]);
  });

  it("recovery against the same month of 2019 only where 2019's month is held", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07" });
    // Only April 2019 is held: England 3,800 ÷ (10 + 1,990 + 2,000) × 100 = 95; 13Q's 600 left out.
    expect(t.series.map((p) => p.recoveryVs2019)).toEqual([null, null, null, 95, null, null, null]);
    const april = (code: string) => t.areas.find((a) => a.code === code)?.points[3]?.recoveryVs2019;
    expect(april("10R")).toBeCloseTo(120, 12); // 12 ÷ 10
    expect(april("D9Y0V")).toBeCloseTo((1788 / 1990) * 100, 12);
    expect(april("72Q")).toBe(100); // 2,000 ÷ 2,000
    // The 2019 file is cited with the window's seven.
    expect(t.source.files.map((f) => f.month)).toEqual([...MONTHS, "2019-04"]);
  });

  it("explains why '% of 2019' is blank: the store holds only April 2019", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07" });
    expect(t.recovery).toEqual({
      months2019: ["2019-04"],
      missing: ["2019-01", "2019-02", "2019-03", "2019-05", "2019-06", "2019-07"],
      note: '"% of 2019" is blank for January, February, March, May, June, July: the store does not hold January 2019, February 2019, March 2019, May 2019, June 2019, July 2019 (it holds only April 2019).',
    });
  });

  it("rebases the XmR chart at --rebase months: each phase its own mean and limits", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07", rebase: ["2021-04"] });
    // Phase 1: 3,650, 3,700, 3,750 → mean 3,700, MR̄ 50; phase 2: 3,800 … 3,950 → mean 3,875,
    // MR̄ 50 (all ÷ 3,649.699 per 1,000). Within each phase nothing is special cause, where the
    // single chart flagged all seven months.
    expect(t.spc.phases.map((p) => [p.from, p.to, p.trialLimits])).toEqual([
      ["2021-01", "2021-03", true],
      ["2021-04", "2021-07", true],
    ]);
    expect(t.spc.phases[0]?.mean).toBeCloseTo(perThousand(3700, ENGLAND_POP), 12);
    expect(t.spc.phases[1]?.mean).toBeCloseTo(perThousand(3875, ENGLAND_POP), 12);
    expect(t.spc.phases[1]?.upperLimit).toBeCloseTo(perThousand(3875 + 133, ENGLAND_POP), 12);
    expect(t.spc.mean).toBe(t.spc.phases[1]?.mean); // the current phase
    expect(t.spc.rebase).toEqual(["2021-04"]);
    expect(t.series.map((p) => p.spcPhase)).toEqual([0, 0, 0, 1, 1, 1, 1]);
    expect(t.series.every((p) => p.spc === "common-cause")).toBe(true);
    // The default break (March 2020) is outside this window: one phase.
    const plain = await trend(store, { from: "2021-01", to: "2021-07" });
    expect(plain.spc.phases).toHaveLength(1);
    expect(plain.spc.rebase).toEqual([]);
  });

  it("area changes are like for like: on the previous calendar month, never the window's first", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07" });
    const r10 = t.areas.find((a) => a.code === "10R")?.points ?? [];
    // 10R: 15 in June → 20 in July on the same population = +33.3%; January has no month before.
    expect(r10[6]?.changeOnPreviousMonth).toBeCloseTo((5 / 15) * 100, 10);
    expect(r10[0]?.changeOnPreviousMonth).toBeNull();
    // Seven months: no month has its calendar month a year earlier in the window.
    expect(r10.every((p) => p.changeOnYearEarlier === null)).toBe(true);
    expect(t.series.every((p) => p.changeOnYearEarlier === null)).toBe(true);
  });

  it("XmR signals: a 7-month rise with its ends outside the limits (trial limits under 12)", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07" });
    // Rates are count/3,649.699: mean = 3,800/3,649.699, every moving range = 50/3,649.699,
    // limits = (3,800 ± 2.66 × 50)/3,649.699 = 3,667 and 3,933 /3,649.699: 3,650 is below the lower
    // limit and 3,950 above the upper; the five between are part of a 7-point rising trend.
    expect(t.spc.mean).toBeCloseTo(perThousand(3800, ENGLAND_POP), 12);
    expect(t.spc.movingRangeMean).toBeCloseTo(perThousand(50, ENGLAND_POP), 12);
    expect(t.spc.upperLimit).toBeCloseTo(perThousand(3933, ENGLAND_POP), 12);
    expect(t.spc.lowerLimit).toBeCloseTo(perThousand(3667, ENGLAND_POP), 12);
    expect(t.spc.trialLimits).toBe(true);
    expect(t.series.map((p) => [p.spc, p.spcSide])).toEqual([
      ["outside-limits", "low"],
      ["trend", "high"],
      ["trend", "high"],
      ["trend", "high"],
      ["trend", "high"],
      ["trend", "high"],
      ["outside-limits", "high"],
    ]);
  });

  it("every area's monthly series, compared with England's rate of the month", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07" });
    expect(t.areas.map((a) => [a.code, a.name, a.parentCode])).toEqual([
      ["10R", "NHS Portsmouth CCG", "QRL"],
      ["72Q", "NHS South East London CCG", "QKK"],
      ["D9Y0V", "NHS Hampshire, Southampton and Isle of Wight CCG", "QRL"],
    ]);
    for (const a of t.areas) {
      const counts = COUNTS[a.code as keyof typeof COUNTS];
      const pop = POP[a.code as keyof typeof POP];
      expect(a.points.map((p) => p.count)).toEqual(counts);
      a.points.forEach((p, i) => {
        expect(p.population).toBe(pop);
        expect(p.rate).toBeCloseTo(perThousand(counts[i] ?? 0, pop), 12);
      });
    }
    const jan = (code: string) => t.areas.find((a) => a.code === code)?.points[0];
    // 10R in January: 5 events (< 10) → exact Poisson limits χ²(0.025, 10)/2 = 1.623486 and
    // χ²(0.975, 12)/2 = 11.668332 (Garwood; the 6-decimal values of standard tables).
    expect(jan("10R")?.lower95).toBeCloseTo(perThousand(1.623486, POP["10R"]), 8);
    expect(jan("10R")?.upper95).toBeCloseTo(perThousand(11.668332, POP["10R"]), 8);
    // Fingertips' Poisson comparison (labelled): England in January = 1.00008; 10R 0.023 (upper
    // limit 0.054) is lower; 72Q 1.100 with a lower limit ≈ 1.052 is higher; D9Y0V 1.017 ± 0.05.
    const jans = [jan("10R"), jan("72Q"), jan("D9Y0V")];
    expect(jans.map((p) => p?.poissonComparedToEngland)).toEqual(["lower", "higher", "similar"]);
    // The headline comparison: January's funnel of the three areas, over-dispersed (φ = 133.9,
    // nφ on 2 df, p ≈ 6e-88; three areas → multiplicative): z/√φ = −2.146, 0.359, 0.060
    // (Python) — only 10R is outside ±1.96.
    expect(jans.map((p) => p?.comparedToEngland)).toEqual(["lower", "similar", "similar"]);
    expect(jans.map((p) => p?.comparisonBasis)).toEqual(new Array(3).fill("funnel-overdispersed"));
  });

  it("--specialty counts only that treatment function (72Q's 100 C_100 pathways drop out)", async () => {
    const t = await trend(store, { from: "2021-03", to: "2021-05", specialty: "C_110" });
    expect(t.series.map((p) => p.count)).toEqual([3750, 3700, 3850]);
    // April 2019 was all C_110: 3,700 ÷ 4,000 × 100.
    expect(t.series[1]?.recoveryVs2019).toBeCloseTo(92.5, 12);
    expect(t.specialtyName).toBe("Trauma and Orthopaedic");
  });
});

describe("trend: a window in 2019", () => {
  it("is its own comparison (100%) and cites each file once", async () => {
    const s = await buildRttStore([
      { month: "2019-04", commissioner: "72Q", part: "Part_1A", totalAll: 40 },
      { month: "2019-05", commissioner: "72Q", part: "Part_1A", totalAll: 30 },
    ]);
    try {
      const t = await trend(s, { from: "2019-04", to: "2019-05" });
      expect(t.series.map((p) => [p.count, p.recoveryVs2019])).toEqual([
        [40, 100],
        [30, 100],
      ]);
      expect(t.series[1]?.changeOnPreviousMonth).toBeCloseTo(-25, 12);
      expect(t.source.files.map((f) => f.month)).toEqual(["2019-04", "2019-05"]);
    } finally {
      s.close();
    }
  });
});

describe("trend: ICB and region levels, one area", () => {
  it("ICB level: the ICSs of the reference, areas up among 2", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07", level: "icb" });
    expect(t.areas.map((a) => [a.code, a.name, a.parentCode])).toEqual([
      ["QKK", "Our Healthier South East London", "Y56"],
      ["QRL", "Hampshire and the Isle of Wight", "Y59"],
    ]);
    expect(t.areas[1]?.points.map((p) => p.count)).toEqual(QRL);
    // QRL rises every month; QKK (= 72Q) falls in March and is unchanged in June.
    expect(t.series.map((p) => p.areasUp)).toEqual([null, 2, 1, 2, 2, 1, 2]);
    expect(t.series.map((p) => p.count)).toEqual(ENGLAND);
  });

  it("--area QRL: the ICS's series against England, its commissioners as the small multiples", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07", level: "icb", area: "qrl" });
    expect(t).toMatchObject({ area: "QRL", areaName: "Hampshire and the Isle of Wight" });
    expect(t.areaParentCode).toBe("Y59");
    expect(t.series.map((p) => p.count)).toEqual(QRL);
    expect(t.series.every((p) => p.population === QRL_POP)).toBe(true);
    expect(t.series[0]?.rate).toBeCloseTo(perThousand(1650, QRL_POP), 12);
    // April: QRL 1,800 ÷ April 2019's 10 + 1,990 = 90%.
    expect(t.series[3]?.recoveryVs2019).toBeCloseTo(90, 12);
    expect(t.areas.map((a) => a.code)).toEqual(["10R", "D9Y0V"]);
    // Feb: 10R unchanged, D9Y0V up; May: 10R down.
    expect(t.series.map((p) => p.areasUp)).toEqual([null, 1, 2, 2, 1, 2, 2]);
    expect(t.series.map((p) => p.areasCompared)).toEqual([null, 2, 2, 2, 2, 2, 2]);
    // QRL 1,650/1,831,473 = 0.901 per 1,000 against England's 1.000: lower by its own Poisson
    // interval, but the two ICBs' January funnel is over-dispersed (φ = 11.60, multiplicative)
    // and QRL's z/√φ = −1.278 (Python) is within the expected range.
    expect(t.series[0]?.poissonComparedToEngland).toBe("lower");
    expect(t.series[0]?.comparedToEngland).toBe("similar");
  });

  it("--area at region level by name or ODS code; a commissioner area has no small multiples", async () => {
    const byName = await trend(store, {
      from: "2021-01",
      to: "2021-07",
      level: "region",
      area: "london",
    });
    expect(byName).toMatchObject({ area: "Y56", areaName: "London", areaParentCode: null });
    expect(byName.series.map((p) => p.count)).toEqual(COUNTS["72Q"]);
    expect(byName.areas.map((a) => [a.code, a.parentCode])).toEqual([["72Q", "QKK"]]);
    const byCode = await trend(store, {
      from: "2021-01",
      to: "2021-07",
      level: "region",
      area: "Y56",
    });
    expect(byCode.series).toEqual(byName.series);
    const one = await trend(store, { from: "2021-01", to: "2021-07", area: "10R" });
    expect(one.series.map((p) => p.count)).toEqual(COUNTS["10R"]);
    expect(one.areas).toEqual([]);
    expect(one.series.map((p) => p.areasUp)).toEqual(MONTHS.map(() => null));
    expect(one.areaParentCode).toBe("QRL");
  });
});

describe("trend: tidy rows", () => {
  it("the headline series with its SPC signal, then every area month by month", async () => {
    const t = await trend(store, { from: "2021-01", to: "2021-07", level: "icb" });
    const rows = trendToTidy(t);
    expect(rows).toHaveLength(7 + 2 * 7);
    expect(rows[0]).toMatchObject({
      indicator: "admitted-per-1000-per-month",
      areaCode: "E92000001",
      areaName: "England",
      areaType: "england",
      parentCode: null,
      period: "2021-01",
      count: 3650,
      denominator: ENGLAND_POP,
      comparedToEngland: null,
      signal: "outside-limits",
      changeOnPreviousMonth: null,
    });
    // England (7 rows), QKK (7), then QRL: its April row is the 18th.
    expect(rows[17]).toMatchObject({
      areaCode: "QRL",
      areaType: "icb",
      parentCode: "Y59",
      period: "2021-04",
      count: 1800,
      signal: null,
      recoveryVs2019: 90,
    });
    expect(rows[17]?.changeOnPreviousMonth).toBeCloseTo((30 / 1770) * 100, 10);
  });
});

describe("trend: bad input", () => {
  it("an unknown --area is a UsageError naming it", async () => {
    await expect(
      trend(store, { from: "2021-01", to: "2021-07", level: "icb", area: "QZZ" }),
    ).rejects.toThrow(new UsageError('--area: no icb "QZZ" in the data for 2021-01 to 2021-07'));
  });

  it("a one-month window is a UsageError; a window the store lacks names the missing months", async () => {
    await expect(trend(store, { from: "2021-03", to: "2021-03" })).rejects.toThrow(UsageError);
    await expect(trend(store, { from: "2021-06", to: "2021-09" })).rejects.toThrow(
      new MissingDataError(
        "the store does not hold 2 of 4 months of 2021-06 to 2021-09: missing 2021-08, 2021-09 (ingest them first)",
      ),
    );
  });

  it("no activity for any area is a MissingDataError", async () => {
    await expect(
      trend(store, { from: "2021-01", to: "2021-07", measure: "clock-starts" }),
    ).rejects.toThrow(
      new MissingDataError(
        "no area has clock-starts activity for All specialties in 2021-01 to 2021-07",
      ),
    );
  });
});

describe("trend series (pure)", () => {
  it("changes on the same month a year earlier only when it is in the window", () => {
    const months = [
      "2021-01",
      "2021-02",
      "2021-03",
      "2021-04",
      "2021-05",
      "2021-06",
      "2021-07",
      "2021-08",
      "2021-09",
      "2021-10",
      "2021-11",
      "2021-12",
      "2022-01",
      "2022-02",
    ];
    const counts = months.map((_, i) => 100 + 10 * i);
    const points = areaPoints({
      months,
      counts,
      population: 10_000,
      counts2019: months.map(() => null),
      englandRates: months.map(() => 10),
    });
    expect(points.slice(0, 12).every((p) => p.changeOnYearEarlier === null)).toBe(true);
    // January 2022 (220) on January 2021 (100): +120%; February 2022 (230) on 110: +109.09%.
    expect(points[12]?.changeOnYearEarlier).toBeCloseTo(120, 10);
    expect(points[13]?.changeOnYearEarlier).toBeCloseTo((120 / 110) * 100, 10);
    expect(points[13]?.changeOnPreviousMonth).toBeCloseTo((10 / 220) * 100, 10);
  });

  it("rebases only at months inside the window and after its first month", () => {
    const months = ["2020-01", "2020-02", "2020-03", "2020-04"];
    expect(phaseBreaks(months, ["2020-03", "2019-06", "2020-01"])).toEqual([2]);
  });
});

describe("trend: the shared funnel positions", () => {
  it("with one positions memo for many areas, each area's trend is exactly as without it", async () => {
    const memo = new Map();
    const cases = [
      { level: "commissioner" as const, area: "10R" },
      { level: "commissioner" as const, area: "D9Y0V" },
      { level: "commissioner" as const, area: "72Q" },
      { level: "icb" as const, area: "QRL" },
      { level: "commissioner" as const, area: null },
    ];
    for (const c of cases) {
      const o = { from: "2021-01", to: "2021-07", ...c };
      const shared = await trend(store, { ...o, positionsMemo: memo });
      expect(shared, `${c.level} ${c.area}`).toEqual(await trend(store, o));
    }
    // One entry per level's peers: sub-ICB locations (asked for at both levels) and ICBs.
    expect([...memo.keys()].map((k: string) => k.split("|").at(-1)).sort()).toEqual([
      "commissioner",
      "icb",
    ]);
  });
});
