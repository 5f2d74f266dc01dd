import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { publicationFigures, REPORT_SPECIALTIES } from "../../src/analysis/publication.ts";
import { trend } from "../../src/analysis/trend.ts";
import { variation } from "../../src/analysis/variation.ts";
import { waits } from "../../src/analysis/waits.ts";
import {
  commissionerCounts,
  commissionerCountsFor,
  waitingBands,
  waitingListFor,
} from "../../src/store/activity-queries.ts";
import type { Store } from "../../src/store/db.ts";
import { buildRttStore, type RttRowSpec } from "../helpers/rtt-store.ts";

// The grouped queries the publication report runs instead of one scan per specialty and per month
// must answer exactly what the per-query functions answer: checked here against them, row for row,
// on a store whose rows cross the April 2021 band change (53 → 105 bands), mix treatment functions,
// give blank and changing commissioner names, and hold C_999 total rows (never counted with TFs).
const ROWS: RttRowSpec[] = [
  // 2019-03: 53 bands (and the publication report's 2019 baseline for March 2024).
  { month: "2019-03", commissioner: "03R", part: "Part_1A", tf: "C_110", bands: { 0: 7, 52: 2 } },
  { month: "2019-03", commissioner: "03R", part: "Part_1A", tf: "C_100", bands: { 3: 4 } },
  { month: "2019-03", commissioner: "15F", part: "Part_1A", tf: "C_320", bands: { 9: 11 } },
  { month: "2019-03", commissioner: "03R", part: "Part_2", tf: "C_110", bands: { 1: 30, 52: 3 } },
  { month: "2019-03", commissioner: "03R", part: "Part_2", tf: "C_320", bands: { 20: 5 } },
  { month: "2019-03", commissioner: "15F", part: "Part_2", tf: "C_100", bands: { 40: 8 } },
  {
    month: "2019-03",
    commissioner: "13Q",
    commissionerName: "",
    part: "Part_2",
    tf: "C_110",
    bands: { 2: 6 },
  },
  // 2024-02 and 2024-03: 105 bands; 15F renamed in March; a provider split for 03R.
  ...["2024-02", "2024-03"].flatMap((month, m): RttRowSpec[] => [
    { month, commissioner: "03R", part: "Part_1A", tf: "C_110", bands: { 0: 20 + m, 70: 3 } },
    {
      month,
      commissioner: "03R",
      provider: "RYY",
      part: "Part_1A",
      tf: "C_110",
      bands: { 4: 9 },
    },
    { month, commissioner: "03R", part: "Part_1A", tf: "C_100", bands: { 2: 5 } },
    {
      month,
      commissioner: "15F",
      commissionerName: m === 0 ? "NHS Leeds CCG (old)" : "NHS Leeds",
      part: "Part_1A",
      tf: "C_320",
      bands: { 8: 13 + m },
    },
    { month, commissioner: "11J", part: "Part_1A", tf: "C_502", bands: { 1: 2 } },
    { month, commissioner: "NONC", part: "Part_1A", tf: "C_110", bands: { 1: 1 } },
    { month, commissioner: "03R", part: "Part_2", tf: "C_110", bands: { 0: 40, 104: 2 } },
    { month, commissioner: "03R", part: "Part_2", tf: "C_100", bands: { 60: 6 + m } },
    {
      month,
      commissioner: "15F",
      commissionerName: m === 0 ? "NHS Leeds CCG (old)" : "NHS Leeds",
      part: "Part_2",
      tf: "C_320",
      bands: { 17: 12, 18: 1 },
    },
    { month, commissioner: "11J", part: "Part_2", tf: "C_502", bands: { 30: 4 } },
  ]),
];

const SELECTIONS: Array<string[] | null> = [
  null,
  ["C_100"],
  ["C_110"],
  ["C_320"],
  ["C_100", "C_502"],
  [],
];

let store: Store;
beforeAll(async () => {
  store = await buildRttStore(ROWS);
});
afterAll(() => store.close());

describe("commissionerCountsFor (one scan for several specialties)", () => {
  it("returns, for each selection, exactly what commissionerCounts returns", async () => {
    for (const window of [
      { from: "2024-02", to: "2024-03", part: "Part_1A" },
      { from: "2019-03", to: "2024-03", part: "Part_1A" },
      { from: "2024-03", to: "2024-03", part: "Part_2" },
    ]) {
      const grouped = await commissionerCountsFor(store, window, SELECTIONS);
      const each = [];
      for (const tfCodes of SELECTIONS)
        each.push(await commissionerCounts(store, { ...window, tfCodes }));
      expect(grouped).toEqual(each);
    }
    // A spot check that the comparison is not of two empty lists: all TFs, 2024-02..03, 03R.
    const [all] = await commissionerCountsFor(
      store,
      { from: "2024-02", to: "2024-03", part: "Part_1A" },
      [null],
    );
    expect(all?.find((c) => c.code === "03R")).toEqual({
      code: "03R",
      name: "Commissioner 03R",
      count: 20 + 3 + 9 + 5 + (21 + 3 + 9 + 5),
    });
    expect(all?.find((c) => c.code === "15F")?.name).toBe("NHS Leeds");
  });
});

describe("waitingListFor (one scan for the week bands of several months)", () => {
  it("returns, per month, exactly what waitingBands and the Part_2 commissionerCounts return", async () => {
    for (const tfCodes of [null, ["C_110"], ["C_320", "C_100"]]) {
      const grouped = await waitingListFor(store, ["2024-03", "2019-03"], tfCodes);
      for (const month of ["2024-03", "2019-03"]) {
        expect(grouped.get(month)).toEqual({
          bands: await waitingBands(store, { month, tfCodes, group: "commissioner" }),
          counts: await commissionerCounts(store, {
            from: month,
            to: month,
            part: "Part_2",
            tfCodes,
          }),
        });
      }
    }
    const march = (await waitingListFor(store, ["2024-03"], null)).get("2024-03");
    const r03 = march?.bands.find((b) => b.code === "03R")?.bands;
    expect(r03).toHaveLength(105);
    expect([r03?.[0], r03?.[60], r03?.[104]]).toEqual([40, 7, 2]);
    const sept = (await waitingListFor(store, ["2019-03"], null)).get("2019-03");
    expect(sept?.bands.find((b) => b.code === "03R")?.bands).toHaveLength(53);
  });
});

describe("waitingBands (week bands summed band by band)", () => {
  // The earlier query, which unnested every row's list: an independent statement of the sums.
  const unnested = (key: "commissioner" | "provider", tf: string) => `WITH r AS (
       SELECT ${key}_code AS code, ${key}_name AS name, bands FROM rtt_row
       WHERE month = $1 AND part = 'Part_2' AND ${tf} AND bands IS NOT NULL
     ), cells AS (
       SELECT code, unnest(bands) AS n, generate_subscripts(bands, 1) AS i FROM r
     ), sums AS (
       SELECT code, i, sum(n)::BIGINT AS n FROM cells GROUP BY code, i
     ), names AS (
       SELECT code, max(NULLIF(name, '')) AS name FROM r GROUP BY code
     )
     SELECT s.code, any_value(names.name) AS name, list(s.n ORDER BY s.i) AS bands
     FROM sums s JOIN names USING (code) GROUP BY s.code ORDER BY s.code`;

  it("gives what unnesting every row's bands gives, per commissioner and per provider", async () => {
    for (const month of ["2019-03", "2024-03"]) {
      for (const group of ["commissioner", "provider"] as const) {
        for (const [tfCodes, tf] of [
          [null, "tf_code <> 'C_999'"],
          [["C_320", "C_100"], "tf_code IN ('C_320', 'C_100')"],
        ] as const) {
          const expected = await store.all(unnested(group, tf), [month]);
          expect(expected.length).toBeGreaterThan(0);
          expect(
            await waitingBands(store, { month, tfCodes: tfCodes && [...tfCodes], group }),
          ).toEqual(expected);
        }
      }
    }
  });
});

describe("Store.memoised", () => {
  it("answers a repeated read from the first answer, remembers primed rows, and forgets on a write", async () => {
    // 10 rows a month in 2024 plus 8 C_999 total rows the helper adds.
    const sql = "SELECT count(*)::INTEGER AS n FROM rtt_row WHERE month = $1";
    await store.memoised(async () => {
      store.remember(sql, ["2024-03"], [{ n: -1 }]);
      expect(await store.all(sql, ["2024-03"])).toEqual([{ n: -1 }]);
      expect(await store.all(sql, ["2024-02"])).toEqual([{ n: 18 }]);
      await store.run("CREATE TEMP TABLE memo_probe (x INTEGER)");
      expect(await store.all(sql, ["2024-03"])).toEqual([{ n: 18 }]);
    });
    store.remember(sql, ["2024-03"], [{ n: -1 }]);
    expect(await store.all(sql, ["2024-03"])).toEqual([{ n: 18 }]);
    await store.run("DROP TABLE memo_probe");
  });

  it("asks DuckDB once for the same read issued again before the first answer", async () => {
    // nextval advances on every execution: two executions would answer 1 and 2.
    await store.run("CREATE TEMP SEQUENCE memo_seq START 1");
    const sql = "SELECT nextval('memo_seq')::INTEGER AS v";
    await store.memoised(async () => {
      const answers = await Promise.all([store.all(sql), store.all(sql), store.all(sql)]);
      expect(answers).toEqual([[{ v: 1 }], [{ v: 1 }], [{ v: 1 }]]);
      expect(answers[0]).not.toBe(answers[1]); // copies, as for a later hit
    });
    expect(await store.all(sql)).toEqual([{ v: 2 }]);
    await store.run("DROP SEQUENCE memo_seq");
  });

  it("computes a derived value once inside the scope, each time outside it, and again after a write", async () => {
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    await store.memoised(async () => {
      const [a, b] = await Promise.all([store.derived("k", compute), store.derived("k", compute)]);
      expect(a).toEqual({ n: 1 });
      expect(b).toBe(a); // shared, not copied
      expect(await store.derived("other", compute)).toEqual({ n: 2 });
      await store.run("CREATE TEMP TABLE derived_probe (x INTEGER)");
      expect(await store.derived("k", compute)).toEqual({ n: 3 });
      await store.run("DROP TABLE derived_probe");
    });
    expect(await store.derived("k", compute)).toEqual({ n: 4 });
    expect(await store.derived("k", compute)).toEqual({ n: 5 });
  });

  it("hands out copies: a caller changing its rows, lists or dates changes no later answer", async () => {
    const sql = `SELECT 7::BIGINT AS n, [1, 2]::BIGINT[] AS list, DATE '2024-03-01' AS day,
                        {'a': 1::BIGINT} AS s`;
    const primed = "SELECT 'primed' AS p";
    await store.memoised(async () => {
      const given = [{ p: "primed", list: [1] }];
      store.remember(primed, undefined, given);
      given[0]!.list.push(2); // the rows given to remember are copied too
      const first = await store.all<{ n: number; list: number[]; day: Date; s: { a: number } }>(
        sql,
      );
      expect(first).toEqual([{ n: 7, list: [1, 2], day: new Date("2024-03-01"), s: { a: 1 } }]);
      for (const answer of [first, await store.all<(typeof first)[number]>(sql)]) {
        const row = answer[0]!;
        row.n = -1;
        row.list.push(3);
        row.day.setUTCFullYear(1999);
        row.s.a = -1;
      }
      expect(await store.all(sql)).toEqual([
        { n: 7, list: [1, 2], day: new Date("2024-03-01"), s: { a: 1 } },
      ]);
      const p = await store.all<{ p: string; list: number[] }>(primed);
      expect(p).toEqual([{ p: "primed", list: [1] }]);
      p[0]!.list.push(9);
      expect(await store.all(primed)).toEqual([{ p: "primed", list: [1] }]);
    });
  });
});

describe("publicationFigures", () => {
  it("gives exactly the figures of the analyses run one by one without memo or grouped scans", async () => {
    const from = "2024-02";
    const to = "2024-03";
    const figures = await publicationFigures(store, { from, to });
    const specialties = [];
    for (const specialty of REPORT_SPECIALTIES)
      specialties.push(await variation(store, { from, to, specialty }));
    expect(figures).toEqual({
      variation: await variation(store, { from, to }),
      specialties,
      trend: await trend(store, { from, to }),
      waits: await waits(store, { month: to, level: "region", baseline: "2019-03" }),
      waitsByCommissioner: await waits(store, {
        month: to,
        level: "commissioner",
        baseline: "2019-03",
      }),
    });
    expect(figures.variation.areas.length).toBeGreaterThan(0);
    expect(figures.waits.englandBaseline?.waiting).toBe(30 + 3 + 5 + 8 + 6);
  });
});
