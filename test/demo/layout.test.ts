import { describe, expect, it } from "vitest";

import {
  eraForMonth,
  headerColumns,
  PART_TYPES,
  PARTS,
  TOP_BAND_START,
} from "../../src/ingest/layout.ts";
import { TOTAL_TF, treatmentFunctionsFor } from "../../src/ingest/treatment-functions.ts";

import { columnsOf, demoMonth } from "./demo-csv.ts";

describe("demo month layout per era", () => {
  it.each([
    ["2021-06", "RTT-June-2021", 121],
    ["2020-04", "RTT-April-2020", 69],
    ["2017-10", "RTT-October-2017", 69],
  ])("%s: header of its era, Period %s, %d columns on every row", (month, period, width) => {
    const csv = demoMonth(month);
    expect(csv.preamble).toEqual([]);
    expect(csv.header).toEqual(headerColumns(eraForMonth(month)));
    expect(csv.header.length).toBe(width);
    const badWidth = csv.rows.filter((r) => r.length !== width).length;
    expect(badWidth).toBe(0);
    expect(new Set(csv.rows.map((r) => r[0]))).toEqual(new Set([period]));
  });

  it("writes months before October 2017 in the old layout: two preamble lines, Year + Period Name", () => {
    const csv = demoMonth("2016-09");
    expect(csv.preamble).toHaveLength(2);
    expect(csv.preamble[0]).toContain("SYNTHETIC");
    expect(csv.header).toEqual(headerColumns("pre-2017-10"));
    expect(csv.rows.every((r) => r.length === 70 && r[0] === "2016-17")).toBe(true);
    expect(new Set(csv.rows.map((r) => r[1]))).toEqual(new Set(["RTT-SEPTEMBER-2016"]));
    // January–March belong to the financial year that started the April before.
    expect(demoMonth("2017-02").rows[0]?.slice(0, 2)).toEqual(["2016-17", "RTT-FEBRUARY-2017"]);
  });

  it.each(["2021-06", "2020-04"])(
    "%s holds every part and every treatment function of its era",
    (month) => {
      const csv = demoMonth(month);
      const c = columnsOf(csv);
      expect(new Set(csv.rows.map((r) => r[c.part]))).toEqual(new Set(PART_TYPES));
      for (const r of csv.rows.slice(0, 2000))
        expect(r[c.part + 1]).toBe(PARTS[r[c.part] as keyof typeof PARTS]);
      const expected = [...treatmentFunctionsFor(month).map((tf) => tf.code), TOTAL_TF];
      expect(new Set(csv.rows.map((r) => r[c.tf]))).toEqual(new Set(expected));
    },
  );
});

describe("demo month arithmetic (every row, as in real files)", () => {
  it.each(["2021-06", "2020-04", "2016-09"])("%s", (month) => {
    const csv = demoMonth(month);
    const c = columnsOf(csv);
    expect(c.bands.length).toBe(TOP_BAND_START[eraForMonth(month)] + 1);
    const problems: string[] = [];
    const sums = new Map<
      string,
      { bands: number[]; totalAll: number; total: number; unknown: number }
    >();
    const totals = new Map<string, string[]>();
    const list = new Map<string, string[]>();
    const note = (r: string[], what: string) => {
      if (problems.length < 10)
        problems.push(`${r.slice(c.provider, c.tf + 1).join("|")}: ${what}`);
    };
    for (const r of csv.rows) {
      const part = r[c.part] as string;
      const bands = c.bands.map((b) => r[b] as string);
      const totalAll = Number(r[c.totalAll]);
      if (!(totalAll > 0)) note(r, "a row with no patients");
      if (part === "Part_3") {
        if (bands.some((b) => b !== "") || r[c.total] !== "" || r[c.unknown] !== "")
          note(r, "Part_3 with band or Total cells");
      } else {
        if (bands.some((b) => !/^\d+$/.test(b))) note(r, "a band that is not a count");
        const sum = bands.reduce((a, b) => a + Number(b), 0);
        if (part === "Part_1A" || part === "Part_1B") {
          if (Number(r[c.total]) !== sum) note(r, "Total ≠ Σ bands");
          if (Number(r[c.total]) + Number(r[c.unknown]) !== totalAll)
            note(r, "Total All ≠ Total + unknown");
        } else {
          if (r[c.total] !== "" || r[c.unknown] !== "")
            note(r, "Part 2/2A Total or unknown not blank");
          if (sum !== totalAll) note(r, "Total All ≠ Σ bands");
        }
      }
      const key = [r[c.provider], r[c.commissioner], part].join("|");
      if (r[c.tf] === TOTAL_TF) {
        totals.set(key, r);
        continue;
      }
      const s = sums.get(key) ?? { bands: bands.map(() => 0), totalAll: 0, total: 0, unknown: 0 };
      bands.forEach((b, i) => (s.bands[i] = (s.bands[i] as number) + Number(b)));
      s.totalAll += totalAll;
      s.total += Number(r[c.total]);
      s.unknown += Number(r[c.unknown]);
      sums.set(key, s);
      if (part === "Part_2") list.set(`${key}|${r[c.tf]}`, bands);
      if (part === "Part_2A") {
        const l = list.get(`${key.replace(/Part_2A$/, "Part_2")}|${r[c.tf]}`);
        if (!l) note(r, "Part_2A without a Part_2 row");
        else if (bands.some((b, i) => Number(b) > Number(l[i])))
          note(r, "Part_2A > Part_2 in a band");
      }
    }
    expect(new Set(totals.keys())).toEqual(new Set(sums.keys()));
    for (const [key, t] of totals) {
      const s = sums.get(key);
      if (!s) continue;
      const bandsOk = c.bands.every((b, i) => Number(t[b]) === s.bands[i]);
      const part = key.split("|")[2];
      const totalsOk =
        Number(t[c.totalAll]) === s.totalAll &&
        (part === "Part_1A" || part === "Part_1B"
          ? Number(t[c.total]) === s.total && Number(t[c.unknown]) === s.unknown
          : true);
      if (!(part === "Part_3" || bandsOk) || !totalsOk)
        problems.push(`${key}: C_999 ≠ Σ treatment functions`);
    }
    expect(problems).toEqual([]);
  });
});
