import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { waitsToTidy } from "../../src/analysis/tidy.ts";
import { waitFigures } from "../../src/analysis/wait-figures.ts";
import { ENGLAND_SCOPE, waits } from "../../src/analysis/waits.ts";
import { MissingDataError } from "../../src/errors.ts";
import { nationalTotalFromTotalRows } from "../../src/store/activity-queries.ts";
import type { Store } from "../../src/store/db.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import { FIXTURE_ROWS } from "./rtt-fixture.ts";

let store: Store;
beforeAll(async () => {
  store = await buildRttStore(FIXTURE_ROWS);
});
afterAll(() => store.close());

const HUB =
  "NHS England national commissioning hub (specialised services): commissions for all of England, not a resident population";

/*
 * April 2021 (105 bands; open band 104+). Bands summed over every commissioner (13Q included):
 *   week:  0   1   2   5  10  17  18  20  40  52  53  60  66  70  80  104
 *   n:     3  12  40  60   2  20  20  15  10  25   4  10   3   1   2    2   N = 229
 * within18 = 3+12+40+60+2+20 = 137; pct = 137/229 × 100
 * over52 = 25+4+10+3+1+2+2 = 47; over65 = 3+1+2+2 = 8; over78 = 2+2 = 4; over104 = 2
 * median: p·N = 114.5; cumulative 3, 15, 55, 115 → band 5–6: 5 + (114.5 − 55)/60 = 5.991666…
 * p92: 0.92 × 229 = 210.68; cumulative …, 182 (to 40), 207 (to 52), 211 (53) → 53 + (210.68 − 207)/4 = 53.92
 */
const ENGLAND_2021_04 = {
  waiting: 229,
  within18: 137,
  pctWithin18: (137 / 229) * 100,
  over52: 47,
  over65: 8,
  over78: 4,
  over104: 2,
  medianWeeks: 5 + 59.5 / 60,
  p92Weeks: 53.92,
};

/*
 * March 2021 (53 bands; open band 52+): N = 228
 *   week: 0  1  2  5 10 17 18 20 30 40 52
 *   n:    4 10 40 50  2 20 20 30  1 15 36
 * within18 = 4+10+40+50+2+20 = 126; over52 = 36; over65/78/104 do not exist (null, not 0)
 * median: 114 → cumulative 4, 14, 54, 104, 106, 126 → 17 + (114 − 106)/20 = 17.4
 * p92: 209.76 → cumulative reaches it only in the open band (192 before it) → null
 */
const ENGLAND_2021_03 = {
  waiting: 228,
  within18: 126,
  pctWithin18: (126 / 228) * 100,
  over52: 36,
  over65: null,
  over78: null,
  over104: null,
  medianWeeks: 17.4,
  p92Weeks: null,
};

function expectFigures(actual: object, expected: Record<string, number | null>) {
  for (const [k, v] of Object.entries(expected)) {
    const a = (actual as Record<string, unknown>)[k];
    if (v === null) expect(a, k).toBeNull();
    else expect(a, k).toBeCloseTo(v, 10);
  }
}

describe("waitFigures", () => {
  it("interpolates within bands and gives null in the open band", () => {
    // 4 + 4 patients in 0–1 and 1–2 weeks: median at 4 → end of the first band = 1 week.
    expect(waitFigures([4, 4, 0], 2).medianWeeks).toBe(1);
    // 1 patient in 0–1, 9 in the open band from 1: median 5 lies in the open band.
    expect(waitFigures([1, 9], 1).medianWeeks).toBeNull();
    // Nobody waiting: no percentage, no percentile.
    expect(waitFigures([0, 0], 1)).toMatchObject({
      waiting: 0,
      pctWithin18: null,
      medianWeeks: null,
    });
  });
});

describe("waits", () => {
  it("England counts every commissioner (hub included) and equals the national C_999 total", async () => {
    for (const month of ["2021-03", "2021-04"]) {
      const w = await waits(store, { month });
      const national = await nationalTotalFromTotalRows(store, {
        from: month,
        to: month,
        part: "Part_2",
      });
      expect(w.england.waiting).toBe(national);
    }
    const w = await waits(store, { month: "2021-04" });
    expectFigures(w.england, ENGLAND_2021_04);
    expect(w.englandScope).toBe(ENGLAND_SCOPE);
    expect(w.excluded).toEqual([{ code: "13Q", name: "Commissioner 13Q", count: 20, reason: HUB }]);
    expect(w.topBandStart).toBe(104);
  });

  it("commissioner areas, worst first, a tie on 60% broken by name", async () => {
    const w = await waits(store, { month: "2021-04" });
    expect(w.areas.map((a) => [a.code, a.name, a.parentCode])).toEqual([
      // D9Y0V 60/100 and 72Q 60/100 tie: "NHS Hampshire…" sorts before "NHS South East…"
      ["D9Y0V", "NHS Hampshire, Southampton and Isle of Wight CCG", "QRL"],
      ["72Q", "NHS South East London CCG", "QKK"],
      ["10R", "NHS Portsmouth CCG", "QRL"],
    ]);
    const [d9y0v, sel, portsmouth] = w.areas;
    // D9Y0V: 2:40 17:20 18:20 40:10 53:4 66:3 80:2 104:1 (N 100). within18 40+20 = 60.
    // median 50 → 17 + (50 − 40)/20 = 17.5; p92 92 → cumulative 90 to band 40, 94 at 53 → 53 + 2/4.
    expectFigures(d9y0v ?? {}, {
      waiting: 100,
      within18: 60,
      pctWithin18: 60,
      over52: 10,
      over65: 6,
      over78: 3,
      over104: 1,
      medianWeeks: 17.5,
      p92Weeks: 53.5,
    });
    // 72Q: 5:60 20:15 52:25. median 50 → 5 + 50/60; p92 92 → 75 before band 52 → 52 + 17/25.
    expectFigures(sel ?? {}, {
      waiting: 100,
      within18: 60,
      pctWithin18: 60,
      over52: 25,
      over65: 0,
      over78: 0,
      over104: 0,
      medianWeeks: 5 + 50 / 60,
      p92Weeks: 52.68,
    });
    // 10R (9 patients, two providers and specialties): 0:3 1:2 10:2 70:1 104:1.
    // median 4.5 → 3 before band 1 → 1 + 1.5/2 = 1.75; p92 8.28 lies in the open band → null.
    expectFigures(portsmouth ?? {}, {
      waiting: 9,
      within18: 7,
      pctWithin18: (7 / 9) * 100,
      over52: 2,
      over65: 2,
      over78: 1,
      over104: 1,
      medianWeeks: 1.75,
      p92Weeks: null,
    });
    expect(w.areas.every((a) => a.change === null)).toBe(true);
  });

  it("before April 2021 only over52 exists: over65/78/104 are null, never 0", async () => {
    const w = await waits(store, { month: "2021-03" });
    expect(w.topBandStart).toBe(52);
    expectFigures(w.england, ENGLAND_2021_03);
    // 10R: 0:4 10:2 30:1 52:1 → median 4 → end of band 0–1 = 1.0; p92 7.36 in the open band.
    const portsmouth = w.areas.find((a) => a.code === "10R");
    expectFigures(portsmouth ?? {}, {
      waiting: 8,
      within18: 6,
      pctWithin18: 75,
      over52: 1,
      over65: null,
      over78: null,
      over104: null,
      medianWeeks: 1,
      p92Weeks: null,
    });
    for (const a of w.areas) expect([a.over65, a.over78, a.over104]).toEqual([null, null, null]);
  });

  it("--baseline: change from that month per area and for England, null where either side is", async () => {
    const w = await waits(store, { month: "2021-04", baseline: "2021-03" });
    expect(w.baseline).toBe("2021-03");
    expectFigures(w.englandBaseline ?? {}, ENGLAND_2021_03);
    expectFigures(w.englandChange ?? {}, {
      waiting: 229 - 228,
      within18: 137 - 126,
      pctWithin18: (137 / 229) * 100 - (126 / 228) * 100,
      over52: 47 - 36,
      over65: null,
      over78: null,
      over104: null,
      medianWeeks: 5 + 59.5 / 60 - 17.4,
      p92Weeks: null,
    });
    const change = (code: string) => w.areas.find((a) => a.code === code)?.change ?? {};
    // 10R: 9 vs 8 waiting, 7 vs 6 within, 77.8% vs 75%, over52 2 vs 1, median 1.75 vs 1.
    expectFigures(change("10R"), {
      waiting: 1,
      within18: 1,
      pctWithin18: (7 / 9) * 100 - 75,
      over52: 1,
      over65: null,
      medianWeeks: 0.75,
      p92Weeks: null,
    });
    // D9Y0V March: 2:40 17:20 18:20 40:15 52:5 → p92 92 → 80 before band 40 → 40 + 12/15 = 40.8.
    expectFigures(change("D9Y0V"), {
      waiting: 0,
      pctWithin18: 0,
      over52: 5,
      medianWeeks: 0,
      p92Weeks: 53.5 - 40.8,
    });
    // 72Q March: 5:50 20:30 52:20 → within 50, median 5 + 50/50 = 6.
    expectFigures(change("72Q"), {
      within18: 10,
      pctWithin18: 10,
      over52: 5,
      medianWeeks: 5 + 50 / 60 - 6,
    });
  });

  it("--baseline a month the store lacks: MissingDataError naming it", async () => {
    await expect(waits(store, { month: "2021-04", baseline: "2020-04" })).rejects.toThrow(
      new MissingDataError("--baseline: the store does not hold 2020-04 (ingest it first)"),
    );
    await expect(waits(store, { month: "2021-09" })).rejects.toThrow(MissingDataError);
  });

  it("region level: ODS code, region name, summed bands; London (60%) before South East", async () => {
    const w = await waits(store, { month: "2021-04", level: "region" });
    expect(w.areas.map((a) => [a.code, a.name, a.parentCode])).toEqual([
      ["Y56", "London", null],
      ["Y59", "South East", null],
    ]);
    // South East = 10R + D9Y0V: 0:3 1:2 2:40 10:2 17:20 18:20 40:10 53:4 66:3 70:1 80:2 104:2 (N 109)
    // median 54.5 → 47 before band 17 → 17 + 7.5/20 = 17.375; p92 100.28 → 97 before 53 → 53 + 3.28/4.
    expectFigures(w.areas[1] ?? {}, {
      waiting: 109,
      within18: 67,
      pctWithin18: (67 / 109) * 100,
      over52: 12,
      over65: 8,
      over78: 4,
      over104: 2,
      medianWeeks: 17.375,
      p92Weeks: 53.82,
    });
  });

  it("ICB level: ICS codes and names from the reference, the region as parent", async () => {
    const w = await waits(store, { month: "2021-04", level: "icb" });
    expect(w.areas.map((a) => [a.code, a.name, a.parentCode, a.waiting, a.within18])).toEqual([
      ["QKK", "Our Healthier South East London", "Y56", 100, 60],
      ["QRL", "Hampshire and the Isle of Wight", "Y59", 109, 67],
    ]);
  });

  it("provider level groups every row by provider; the providers add up to England", async () => {
    const w = await waits(store, { month: "2021-04", level: "provider" });
    // RXX: 10R C_110 (0:3 10:2 70:1 104:1) + D9Y0V (100) = 107, within 5 + 60 = 65.
    // RYY: 10R C_100 (1:2) + 72Q (100) + 13Q (1:10 60:10) = 122, within 2 + 60 + 10 = 72.
    expect(w.areas.map((a) => [a.code, a.name, a.waiting, a.within18, a.over52])).toEqual([
      ["RYY", "Provider RYY", 122, 72, 35],
      ["RXX", "Provider RXX", 107, 65, 12],
    ]);
    expect(w.areas.reduce((s, a) => s + a.waiting, 0)).toBe(w.england.waiting);
    expect(w.excluded).toEqual([]);
  });

  it("--specialty keeps only that treatment function's rows", async () => {
    const w = await waits(store, { month: "2021-04", specialty: "C_100" });
    // Only 10R's C_100 row at RYY: 2 patients in band 1–2 → median 1 + 1/2.
    expect(w.specialty).toBe("C_100");
    expectFigures(w.england, { waiting: 2, within18: 2, pctWithin18: 100, medianWeeks: 1.5 });
    expect(w.areas.map((a) => a.code)).toEqual(["10R"]);
  });

  it("keeps an area without a population: waiting times need none (rates would exclude it)", async () => {
    const s = await buildRttStore([
      { month: "2022-08", commissioner: "72Q", part: "Part_2", bands: { 3: 5, 30: 5 } },
      { month: "2022-08", commissioner: "10R", part: "Part_2", bands: { 3: 4 } },
    ]);
    try {
      await s.run("DELETE FROM population WHERE area_code = '72Q'");
      const w = await waits(s, { month: "2022-08" });
      // Sub-ICB geography of July 2022 names the areas, with the place each covers (its April
      // 2021 CCG: NHS Portsmouth CCG), even where the ICB's name holds it (South East London).
      expect(w.areas.map((a) => [a.code, a.name, a.waiting, a.within18])).toEqual([
        ["72Q", "NHS South East London ICB - 72Q (South East London)", 10, 5],
        ["10R", "NHS Hampshire and Isle of Wight ICB - 10R (Portsmouth)", 4, 4],
      ]);
      expect(w.excluded).toEqual([]);
    } finally {
      s.close();
    }
  });

  it("tidy rows: England then areas; value = % within 18 weeks of the waiting list", async () => {
    const w = await waits(store, { month: "2021-04", baseline: "2021-03", level: "region" });
    const rows = waitsToTidy(w);
    expect(rows.map((r) => [r.areaCode, r.areaName, r.areaType, r.count, r.denominator])).toEqual([
      ["E92000001", "England", "england", 137, 229],
      ["Y56", "London", "region", 60, 100],
      ["Y59", "South East", "region", 67, 109],
    ]);
    expect(rows[0]).toMatchObject({
      indicator: "waiting-pct-within-18-weeks",
      period: "2021-04",
      lower95: null,
      comparedToEngland: null,
    });
    expect(rows[0]?.value).toBeCloseTo((137 / 229) * 100, 12);
    expect(rows[1]?.change?.within18).toBe(10);
  });
});
