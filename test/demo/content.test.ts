// Who appears in a demo month: the real CCGs with their parents, synthetic providers, and the
// non-geographic codes, as in real files.
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { columnsOf, demoMonth, perCommissioner, splitLine } from "./demo-csv.ts";

const ccgs = readFileSync(new URL("../../data/reference/ccg21.csv", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map(splitLine);

/** Distinct `[code, parent code, parent name, name]` of the commissioners of a month. */
function commissioners(month: string): Map<string, string[]> {
  const csv = demoMonth(month);
  const c = columnsOf(csv);
  const out = new Map<string, string[]>();
  for (const r of csv.rows)
    out.set(
      r[c.commissioner] as string,
      [r[c.commissionerParent], r[c.commissionerParentName], r[c.commissionerName]] as string[],
    );
  return out;
}

describe("commissioners of a demo month", () => {
  it("are the 106 April-2021 CCGs with their STP/ICS parents until June 2022", () => {
    const m = commissioners("2021-06");
    for (const c of ccgs)
      expect(m.get(c[0] as string)).toEqual([c[3], c[5], (c[2] as string).toUpperCase()]);
    expect(m.get("15F")).toEqual([
      "QWO",
      "West Yorkshire and Harrogate (Health and Care Partnership)",
      "NHS LEEDS CCG",
    ]);
    expect(m.size).toBe(108);
  });

  it("are sub-ICB locations under their ICBs from July 2022", () => {
    const m = commissioners("2022-07");
    expect(m.get("15F")).toEqual([
      "QWO",
      "NHS WEST YORKSHIRE INTEGRATED CARE BOARD",
      "NHS LEEDS (SUB ICB LOCATION)",
    ]);
    expect(m.get("M2L0M")).toEqual([
      "QOC",
      "NHS SHROPSHIRE, TELFORD AND WREKIN INTEGRATED CARE BOARD",
      "NHS SHROPSHIRE, TELFORD AND WREKIN (SUB ICB LOCATION)",
    ]);
    // Bassetlaw moved from South Yorkshire to Nottingham and Nottinghamshire in July 2022.
    expect(commissioners("2022-06").get("02Q")?.[0]).toBe("QF7");
    expect(m.get("02Q")?.[0]).toBe("QT1");
  });

  it("include NONC (no name, no parent) and hub 13Q with small volumes", () => {
    const m = commissioners("2021-06");
    expect(m.get("NONC")).toEqual(["", "", ""]);
    expect(m.get("13Q")).toEqual(["", "", "NATIONAL COMMISSIONING HUB 1"]);
    const admitted = perCommissioner(demoMonth("2021-06"), "Part_1A");
    const all = [...admitted.values()].reduce((a, b) => a + b, 0);
    const nonGeographic = (admitted.get("NONC") ?? 0) + (admitted.get("13Q") ?? 0);
    expect(nonGeographic / all).toBeGreaterThan(0.01);
    expect(nonGeographic / all).toBeLessThan(0.1);
  });
});

describe("providers of a demo month", () => {
  const csv = demoMonth("2021-06");
  const c = columnsOf(csv);

  it("are a few dozen, all named SYNTHETIC, each with a parent ICS", () => {
    const providers = new Map(csv.rows.map((r) => [r[c.provider], [r[1], r[2], r[4]]]));
    expect(providers.size).toBeGreaterThan(24);
    expect(providers.size).toBeLessThan(72);
    for (const [code, [parent, parentName, name]] of providers) {
      expect(code).toMatch(/^[RN]SY\d\d$/);
      expect(name).toContain("SYNTHETIC");
      expect(parent).toMatch(/^Q[A-Z0-9]{2}$/);
      expect(parentName).not.toBe("");
    }
  });

  it("serve every CCG several at a time, mostly from its own ICS", () => {
    for (const ccg of ccgs) {
      let own = 0;
      let all = 0;
      const serving = new Set<string>();
      for (const r of csv.rows) {
        if (r[c.commissioner] !== ccg[0] || r[c.tf] !== "C_999" || r[c.part] !== "Part_1A")
          continue;
        serving.add(r[c.provider] as string);
        all += Number(r[c.totalAll]);
        if (r[1] === ccg[3]) own += Number(r[c.totalAll]);
      }
      expect(serving.size).toBeGreaterThanOrEqual(3);
      expect(own / all).toBeGreaterThan(0.7);
    }
  });
});
