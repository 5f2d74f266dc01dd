import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { variation } from "../../src/analysis/variation.ts";
import { MissingDataError } from "../../src/errors.ts";
import { poissonInterval } from "../../src/stats/poisson.ts";
import { nationalTotalFromTotalRows } from "../../src/store/activity-queries.ts";
import type { Store } from "../../src/store/db.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import { VARIATION_ROWS } from "./variation-fixture.ts";

// Every expected figure below was computed independently of the code under test (Python: Byar's
// closed form with z = Φ⁻¹(0.975) or Φ⁻¹(0.999); exact Poisson limits by bisection on the Poisson
// CDF), from the counts and populations in variation-fixture.ts. Rates are per 1,000 per month over
// the 2-month window: count ÷ 2 ÷ population × 1,000.
const WINDOW = { from: "2021-03", to: "2021-04" } as const;

let store: Store;
beforeAll(async () => {
  store = await buildRttStore(VARIATION_ROWS);
});
afterAll(() => store.close());

describe("variation (commissioner level)", () => {
  it("computes England like for like with the areas: 2,408 ÷ 2 ÷ 2,727,806 × 1,000", async () => {
    const r = await variation(store, WINDOW);
    expect(r.months).toBe(2);
    expect(r.unit).toBe("per 1,000 population per month");
    expect(r.england.count).toBe(2408);
    expect(r.england.population).toBe(2_727_806);
    expect(r.england.rate).toBeCloseTo(0.4413803620931987, 13);
    // Byar's on 2,408 events, scaled by 1,000 / 2 / 2,727,806
    expect(r.england.lower95).toBeCloseTo(0.42392533988496023, 12);
    expect(r.england.upper95).toBeCloseTo(0.4593695475854131, 12);
  });

  it("ranks areas (1 = highest, ties share the smaller rank) with rates, intervals and comparisons", async () => {
    const r = await variation(store, WINDOW);
    const rows = r.areas.map((a) => [
      a.code,
      a.rank,
      a.count,
      a.population,
      a.poissonComparedToEngland,
      a.comparedToEngland,
    ]);
    // Fingertips' Poisson comparison flags five of six; against the over-dispersed funnel (φ =
    // 757.3, multiplicative with six areas: z/√φ = 0.90, 0.69, 0.03, −1.70, −1.11, −1.23, all
    // inside ±1.96, computed independently in Python) every area is within the expected range.
    expect(rows).toEqual([
      ["03R", 1, 900, 351_592, "higher", "similar"],
      ["15F", 2, 1300, 798_786, "higher", "similar"],
      ["02T", 3, 200, 211_439, "similar", "similar"], // 95% CI 0.410–0.543 contains England's 0.441
      ["11J", 4, 8, 776_780, "lower", "similar"],
      ["05W", 5, 0, 264_873, "lower", "similar"], // a tie at 0: both 5th
      ["12F", 5, 0, 324_336, "lower", "similar"],
    ]);
    expect(r.funnel.phi).toBeCloseTo(757.295640910835, 9);
    expect(r.areas.map((a) => a.funnelPosition)).toEqual(new Array(6).fill("within"));
    expect(r.comparison.basis).toBe("overdispersed");
    const byCode = new Map(r.areas.map((a) => [a.code, a]));
    const expected: Record<string, number[]> = {
      // rate, lower95, upper95, lower998, upper998
      "03R": [
        1.279892602789597, 1.1976286983412454, 1.3663186213322076, 1.1520867667118297,
        1.4172983007045068,
      ],
      "15F": [
        0.8137348426236815, 0.770096065065786, 0.8592022202633182, 0.7457682176595527,
        0.8859216496797075,
      ],
      "02T": [
        0.4729496450512914, 0.4096680872743582, 0.5432367513746229, 0.37627173204383596,
        0.5857210415620001,
      ],
      // 8 events < 10: exact limits (Garwood 95% [3.4538, 15.7632] events)
      "11J": [
        0.0051494631684646875, 0.002223172698028077, 0.010146495288365634, 0.0012685792127374138,
        0.013617882904966645,
      ],
      // 0 events: exact upper limit −ln(0.025) = 3.6889 events at 95%
      "12F": [0, 0, 0.005686817766319395, 0, 0.010649072688480676],
      "05W": [0, 0, 0.006963487131783789, 0, 0.013039749764947987],
    };
    for (const [code, [rate, l95, u95, l998, u998]] of Object.entries(expected)) {
      const a = byCode.get(code);
      expect(a?.rate).toBeCloseTo(rate as number, 12);
      expect(a?.lower95).toBeCloseTo(l95 as number, 9);
      expect(a?.upper95).toBeCloseTo(u95 as number, 9);
      expect(a?.lower998).toBeCloseTo(l998 as number, 9);
      expect(a?.upper998).toBeCloseTo(u998 as number, 9);
    }
    expect(byCode.get("02T")?.poissonComparedToEngland998).toBe("similar");
    expect(byCode.get("03R")?.poissonComparedToEngland998).toBe("higher");
    expect(byCode.get("03R")?.comparedToEngland998).toBe("similar");
  });

  it("names each area's ICS and region from the reference lookup", async () => {
    const r = await variation(store, WINDOW);
    const wakefield = r.areas.find((a) => a.code === "03R");
    expect(wakefield).toMatchObject({
      name: "NHS Wakefield CCG",
      icbCode: "QWO",
      regionName: "North East and Yorkshire",
    });
  });

  it("excludes non-geographic and unknown codes with their counts, and reconciles with the national total", async () => {
    const r = await variation(store, WINDOW);
    expect(r.excluded.map((e) => [e.code, e.count])).toEqual([
      ["13Q", 50],
      ["NONC", 20],
      ["ZZ1", 7],
    ]);
    expect(r.excluded.find((e) => e.code === "ZZ1")?.reason).toMatch(/unknown code/);
    const national = await nationalTotalFromTotalRows(store, { ...WINDOW, part: "Part_1A" });
    const areas = r.areas.reduce((s, a) => s + a.count, 0);
    const excluded = r.excluded.reduce((s, e) => s + e.count, 0);
    expect(national).toBe(2485);
    expect(areas + excluded).toBe(national);
  });

  it("finds the highest and lowest area inside each ICS with two or more areas", async () => {
    const r = await variation(store, WINDOW);
    // QWO: Wakefield 1st (1.2799) vs Calderdale 3rd (0.4729): (900/351,592)/(200/211,439)
    expect(r.withinIcs).toHaveLength(1);
    const qwo = r.withinIcs[0];
    expect(qwo).toMatchObject({ icbCode: "QWO", areas: 3 });
    expect(qwo?.highest).toMatchObject({ code: "03R", rank: 1 });
    expect(qwo?.lowest).toMatchObject({ code: "02T", rank: 3 });
    expect(qwo?.ratio).toBeCloseTo(2.7061921204122963, 12);
  });

  it("sums regions from their areas", async () => {
    const r = await variation(store, WINDOW);
    const ney = r.regions.find((g) => g.name === "North East and Yorkshire");
    // Poisson: far above England; against the four regions' own over-dispersed funnel: within.
    expect(ney).toMatchObject({
      count: 2400,
      population: 1_361_817,
      poissonComparedToEngland: "higher",
      comparedToEngland: "similar",
    });
    expect(ney?.rate).toBeCloseTo(0.8811756645716715, 12);
    expect(r.regions.map((g) => g.name)).toEqual([
      "North East and Yorkshire",
      "South West",
      "Midlands",
      "North West",
    ]);
  });

  it("measures spread: CV = 100 × sample SD ÷ mean of the six rates; ratios undefined with a zero rate", async () => {
    const r = await variation(store, WINDOW);
    expect(r.spread.cv).toBeCloseTo(124.40722705655868, 10);
    expect(r.spread.eq).toBeNull(); // lowest rate 0
    expect(r.spread.topToBottomTenRatio).toBeNull(); // needs more than ten areas
  });

  it("gives rank intervals that contain the rank, and the same ones for the same seed", async () => {
    const a = await variation(store, { ...WINDOW, seed: 7 });
    const b = await variation(store, { ...WINDOW, seed: 7 });
    expect(a.areas.map((x) => [x.rankLower95, x.rankUpper95])).toEqual(
      b.areas.map((x) => [x.rankLower95, x.rankUpper95]),
    );
    for (const x of a.areas) {
      expect(x.rankLower95).toBeLessThanOrEqual(x.rank);
      expect(x.rankUpper95).toBeGreaterThanOrEqual(x.rank);
    }
    // Simulated from the over-dispersed model (√φ ≈ 27.5), not Poisson: Wakefield's 1st place is
    // no longer certain, although it is never below 4th.
    expect(a.areas[0]).toMatchObject({ code: "03R", rankLower95: 1 });
    expect(a.areas[0]?.rankUpper95).toBeGreaterThan(1);
  });

  it("places points in the funnel by the same rule as the comparison, and says which adjustment it used", async () => {
    const r = await variation(store, WINDOW);
    const position = new Map(r.funnel.points.map((p) => [p.code, p.position]));
    expect(position.get("03R")).toBe("above998");
    expect(position.get("02T")).toBe("within");
    expect(position.get("11J")).toBe("below998");
    expect(r.funnel.target).toBeCloseTo(0.4413803620931987, 12);
    // Six areas, far more spread than Poisson: multiplicative √φ (too few areas for τ²).
    expect(r.funnel.adjustment).toBe("multiplicative");
    expect(r.funnel.adjustmentReason).toMatch(/fewer than 10 areas/);
    expect(r.funnel.points.find((p) => p.code === "03R")?.population).toBe(351_592);
  });

  it("writes headlines that claim only what the intervals support", async () => {
    const r = await variation(store, WINDOW);
    expect(r.headlines[0]).toMatch(
      /^Wakefield \(03R\) treated 1\.28 patients per 1,000 people a month from March 2021 to April 2021 \(95% CI 1\.20 to 1\.37\), the highest of 6 areas in England \(95% rank interval 1st to \d+(st|nd|rd|th)\): within the expected range around the England rate of 0\.44 \(95% funnel limits allowing for the extra variation between areas\)\.$/,
    );
    expect(r.headlines).toContain(
      "0 of 6 areas were above the expected range around the England rate and 0 below it (95% funnel limits allowing for the extra variation between areas); 6 were within it.",
    );
    expect(r.headlines).toContain(
      "Judged by each area's own Poisson 95% confidence interval alone (Fingertips' method, which ignores the extra variation between areas: φ = 757.3), 2 would be higher than England and 3 lower; that comparison overstates how many areas stand out.",
    );
    for (const h of r.headlines) expect(h).not.toMatch(/significant/i);
  });

  it("cites its sources", async () => {
    const r = await variation(store, WINDOW);
    expect(r.source.periods).toEqual(["2021-03", "2021-04"]);
    expect(r.source.populationVintage).toBe("ONS mid-2020 estimates, CCG April 2021 geography");
    expect(r.source.synthetic).toBe(false);
  });
});

describe("variation options", () => {
  it("counts one specialty only: general surgery is Wakefield's 50 in April", async () => {
    const r = await variation(store, { ...WINDOW, specialty: "general-surgery" });
    expect(r.specialty).toBe("C_100");
    expect(r.specialtyName).toBe("General Surgery");
    expect(r.areas.map((a) => [a.code, a.count])).toEqual([["03R", 50]]);
    // A small specialty rate keeps its figures: 0.0711 (Byar's 37.11–65.92 events ÷ 2 ÷ 351,592
    // × 1,000), not "0.07 (95% CI 0.05 to 0.09)".
    expect(r.headlines[0]).toContain(
      "treated 0.071 patients per 1,000 people a month from March 2021 to April 2021 (95% CI 0.053 to 0.094)",
    );
  });

  it("per window: count ÷ population × 1,000", async () => {
    const r = await variation(store, { ...WINDOW, per: "window" });
    expect(r.unit).toBe("per 1,000 population over the window");
    expect(r.areas[0]?.rate).toBeCloseTo((900 / 351_592) * 1000, 12);
  });

  it("sums counts and populations first at ICB level", async () => {
    const r = await variation(store, { ...WINDOW, level: "icb" });
    expect(r.areas.map((a) => [a.code, a.count, a.population])).toEqual([
      ["QWO", 2400, 1_361_817],
      ["QVV", 8, 776_780],
      ["QNC", 0, 264_873],
      ["QYG", 0, 324_336],
    ]);
    expect(r.areas[0]?.rate).toBeCloseTo(0.8811756645716715, 12);
    expect(r.withinIcs).toEqual([]);
  });

  it("shows regions by their ODS code at region level", async () => {
    const r = await variation(store, { ...WINDOW, level: "region" });
    expect(r.areas.map((a) => [a.code, a.name])).toEqual([
      ["Y63", "North East and Yorkshire"],
      ["Y58", "South West"],
      ["Y60", "Midlands"],
      ["Y62", "North West"],
    ]);
  });

  it("refuses a window the store does not fully hold, naming the missing months", async () => {
    await expect(variation(store, { from: "2021-01", to: "2021-04" })).rejects.toThrow(
      new MissingDataError(
        "the store does not hold 2 of 4 months of 2021-01 to 2021-04: missing 2021-01, 2021-02 (ingest them first)",
      ),
    );
  });
});

// Need-adjusted ratios recomputed independently in Python/scipy from the fixture's counts and the
// shipped NHS England general and acute weighted populations 2023/24 (the allocation year the
// store applies to April 2021): 03R 433,585; 15F 863,106; 02T 230,507; 11J 933,428; 12F 444,394;
// 05W 325,900. England's count per need-weighted head = 2,408 ÷ 3,230,920; expected = that ×
// the area's need-weighted population; limits = Byar's (from 10 events) or exact Poisson (below)
// on the observed count ÷ expected.
describe("variation: need-adjusted ratio", () => {
  const expected: Record<string, number[]> = {
    // expected count, ratio, lower95, upper95, lower998, upper998
    "03R": [
      323.1502729872606, 2.7850819734120424, 2.606073424693007, 2.973147398395492,
      2.506972912244541, 3.084080601478827,
    ],
    "15F": [
      643.2716526562094, 2.02091914766027, 1.912541778856827, 2.1338378642406974, 1.852123310739995,
      2.2001958517493017,
    ],
    "02T": [
      171.79653349510357, 1.1641678439670045, 1.0083999827350625, 1.3371798969060409,
      0.9261946924427803, 1.441755183149344,
    ],
    "11J": [
      695.6825374815842, 0.011499498074165435, 0.004964667058126252, 0.022658595510039792,
      0.002832921362198971, 0.030410707508092397,
    ],
    "12F": [331.2062050437646, 0, 0, 0.01113771239167001, 0, 0.020856358286129834],
    "05W": [242.89279833607765, 0, 0, 0.015187273889486966, 0, 0.028439522811311388],
  };

  it("gives observed ÷ expected with Byar's limits on the observed count, for every area", async () => {
    const r = await variation(store, WINDOW);
    expect(r.measureBasis).toBe("crude");
    expect(r.needAdjusted?.englandRate).toBeCloseTo(0.3726492763671029, 13);
    expect(r.needAdjusted?.observed).toBe(2408);
    expect(r.needAdjusted?.expected).toBeCloseTo(2408, 9);
    expect(r.needAdjusted?.needWeightedPopulation).toBe(3_230_920);
    expect(r.needAdjusted?.citation).toMatch(
      /^NHS England general and acute weighted population 2023\/24/,
    );
    for (const a of r.areas) {
      const [e, ratio, l95, u95, l998, u998] = expected[a.code] as number[];
      expect(a.needAdjustedExpected).toBeCloseTo(e as number, 9);
      expect(a.needAdjustedRatio).toBeCloseTo(ratio as number, 12);
      expect(a.needAdjustedLower95).toBeCloseTo(l95 as number, 12);
      expect(a.needAdjustedUpper95).toBeCloseTo(u95 as number, 12);
      expect(a.needAdjustedLower998).toBeCloseTo(l998 as number, 12);
      expect(a.needAdjustedUpper998).toBeCloseTo(u998 as number, 12);
    }
  });

  it("compares ratios with 1 by the over-dispersed funnel, keeps the Poisson comparison labelled, and ranks them", async () => {
    const r = await variation(store, WINDOW);
    // φ on the ratio scale (z = 2(√O − √E), 10% winsorised) = 836.136 (Python); six areas →
    // multiplicative: z/√φ = 0.83, 0.74, 0.07, −1.63, −1.26, −1.08, all within ±1.96.
    expect(r.needAdjusted?.funnel.phi).toBeCloseTo(836.1357178384268, 8);
    expect(r.needAdjusted?.funnel.adjustment).toBe("multiplicative");
    expect(r.needAdjusted?.funnel.target).toBe(1);
    const rows = r.areas.map((a) => [
      a.code,
      a.needAdjustedRank,
      a.needAdjustedComparedToEngland,
      a.needAdjustedPoissonComparedToEngland,
    ]);
    // 02T: crude Poisson "similar", but 20% above England's rate for its need (95% CI 1.008–1.337).
    expect(rows).toEqual([
      ["03R", 1, "similar", "higher"],
      ["15F", 2, "similar", "higher"],
      ["02T", 3, "similar", "higher"],
      ["11J", 4, "similar", "lower"],
      ["05W", 5, "similar", "lower"],
      ["12F", 5, "similar", "lower"],
    ]);
    for (const a of r.areas) {
      expect(a.needAdjustedRankLower95).toBeLessThanOrEqual(a.needAdjustedRank as number);
      expect(a.needAdjustedRankUpper95).toBeGreaterThanOrEqual(a.needAdjustedRank as number);
    }
  });

  it("gives each region the ratio of its count to the sum of its areas' expected counts, on the same England rate per need-weighted head", async () => {
    for (const level of ["commissioner", "icb"] as const) {
      const r = await variation(store, { ...WINDOW, level });
      const areas = level === "commissioner" ? r.areas : (await variation(store, WINDOW)).areas;
      expect(r.regions.length).toBeGreaterThan(1);
      for (const g of r.regions) {
        const members = areas.filter((a) => a.regionName === g.name);
        expect(members.length, g.name).toBeGreaterThan(0);
        // The Python expected counts above, summed over the region's areas.
        const e = members.reduce((s, a) => s + (expected[a.code]?.[0] as number), 0);
        const count = members.reduce((s, a) => s + a.count, 0);
        expect(g.count).toBe(count);
        expect(g.needAdjustedExpected, `${level} ${g.name}`).toBeCloseTo(e, 9);
        expect(g.needAdjustedRatio, `${level} ${g.name}`).toBeCloseTo(count / e, 12);
        expect(g.needAdjustedLower95).toBeCloseTo(poissonInterval(count, 0.95).lower / e, 12);
        expect(g.needAdjustedUpper998).toBeCloseTo(poissonInterval(count, 0.998).upper / e, 12);
        expect(["higher", "similar", "lower"]).toContain(g.needAdjustedComparedToEngland);
      }
    }
  });

  it("sums need-weighted populations at ICB level: West Yorkshire's 2,400 against 1,138.2 expected", async () => {
    const r = await variation(store, { ...WINDOW, level: "icb" });
    const qwo = r.areas.find((a) => a.code === "QWO");
    expect(qwo?.needWeightedPopulation).toBe(1_527_198);
    expect(qwo?.needAdjustedExpected).toBeCloseTo(1138.2184591385735, 9);
    expect(qwo?.needAdjustedRatio).toBeCloseTo(2.108558318247947, 12);
    expect(qwo?.needAdjustedLower95).toBeCloseTo(2.025034873839588, 12);
    expect(qwo?.needAdjustedUpper95).toBeCloseTo(2.19464209767536, 12);
  });

  it("leads the headlines and orders the areas with the basis the user picks", async () => {
    const crude = await variation(store, { ...WINDOW, per: "window" });
    const need = await variation(store, {
      ...WINDOW,
      per: "window",
      measureBasis: "need-adjusted",
    });
    expect(crude.headlines[0]).toMatch(/^Wakefield \(03R\) treated 2\.56 patients per 1,000/);
    expect(crude.headlines.at(-1)).toBe(
      "Need-adjusted: 0 of 6 areas were above the expected range for their need-weighted population (NHS England general and acute weighted population 2023/24 (sub-ICB location April 2023 boundaries) for 98 of the 106 areas in force; no population for 8 of the 106 areas in force, CCG April 2021 geography) and 0 below it; 6 were within it (95% funnel limits around a ratio of 1 allowing for the extra variation between areas).",
    );
    expect(need.measureBasis).toBe("need-adjusted");
    expect(need.headlines[0]).toMatch(
      /^Need-adjusted: Wakefield \(03R\) treated 900 patients from March 2021 to April 2021 where England's rate for its need-weighted population implies 323, a need-adjusted ratio of 2\.79 \(95% CI 2\.61 to 2\.97\), the highest of 6 areas \(95% rank interval 1st to \d+(st|nd|rd|th)\)/,
    );
    expect(need.headlines[0]).toMatch(
      /\): within the expected range for its need \(95% funnel limits around a ratio of 1 allowing for the extra variation between areas\)\.$/,
    );
    // Every crude sentence says it is about crude rates once the need-adjusted ratio leads.
    const crudeSentences = need.headlines.filter((h) => !h.startsWith("Need-adjusted: "));
    expect(crudeSentences.length).toBeGreaterThan(0);
    for (const h of crudeSentences) expect(h).toMatch(/^Crude rate: /);
    expect(need.headlines.slice(0, 2).map((h) => h.split(" treated")[0])).toEqual([
      "Need-adjusted: Wakefield (03R)",
      "Need-adjusted: Wirral (12F)",
    ]);
    for (const h of need.headlines) expect(h).not.toMatch(/significant/i);
  });
});
