// Test-only generator of a plausible ReportInput from the real CCG list and populations
// (data/reference/ccg21.csv). It fakes the analyses with a seeded model so the report has something
// realistic to render; the report code itself never computes a figure. `npx tsx
// test/report/write-fixture.ts` writes the committed 21-area fixture from it.
import { readFileSync } from "node:fs";

import { headlines } from "../../src/analysis/headlines.ts";
import type {
  AreaRate,
  Comparison,
  FunnelPosition,
  RateWithInterval,
  RegionRate,
  SourceInfo,
  SpcSignal,
  TrendResult,
  VariationResult,
  WaitFigures,
  WaitsResult,
  WithinIcs,
} from "../../src/analysis/types.ts";
import { splitCsvLine } from "../../src/csv.ts";
import { addMonths, monthRange } from "../../src/months.ts";
import type { ReportInput } from "../../src/report/types.ts";

export interface CcgRow {
  code: string;
  onsCode: string;
  name: string;
  stpCode: string;
  stpName: string;
  regionName: string;
  population: number;
}

export function loadCcgs(): CcgRow[] {
  const text = readFileSync(new URL("../../data/reference/ccg21.csv", import.meta.url), "utf8");
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const c = splitCsvLine(line);
      return {
        code: c[0] ?? "",
        onsCode: c[1] ?? "",
        name: c[2] ?? "",
        stpCode: c[3] ?? "",
        stpName: c[5] ?? "",
        regionName: c[7] ?? "",
        population: Number(c[8]),
      };
    });
}

/** mulberry32: a tiny seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const Z95 = 1.959964;
const Z998 = 3.090232;

/** Byar's approximation (PHEindicatormethods), fine for the large counts generated here. */
function byar(x: number, z: number): [number, number] {
  const lo = x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
  const x1 = x + 1;
  const hi = x1 * (1 - 1 / (9 * x1) + z / (3 * Math.sqrt(x1))) ** 3;
  return [lo, hi];
}

function rateFigures(count: number, population: number, months: number): RateWithInterval {
  const scale = 1000 / months / population;
  const [l95, u95] = byar(count, Z95);
  const [l998, u998] = byar(count, Z998);
  return {
    count,
    population,
    rate: count * scale,
    lower95: l95 * scale,
    upper95: u95 * scale,
    lower998: l998 * scale,
    upper998: u998 * scale,
  };
}

function compare(r: { lower: number; upper: number }, england: number): Comparison {
  if (r.lower > england) return "higher";
  if (r.upper < england) return "lower";
  return "similar";
}

const REGION_EFFECT: Record<string, number> = {
  "North East and Yorkshire": 1.16,
  "North West": 1.06,
  "South West": 1.05,
  "South East": 1.01,
  Midlands: 0.94,
  "East of England": 0.9,
  London: 0.8,
};

export interface FixtureOptions {
  /** CCG codes to include (default all 106). */
  codes?: string[];
  seed?: number;
  from?: string;
  to?: string;
}

const SOURCE_METHOD =
  "Completed admitted pathways (RTT Part_1A, Total All) by commissioner; rate per 1,000 population per month; Byar's/exact Poisson intervals; funnel limits with additive over-dispersion (DerSimonian–Laird τ²).";

/** A stable 64-hex-digit stand-in for a file's SHA-256, derived from its month. */
function fakeChecksum(month: string): string {
  let h = 2166136261;
  let out = "";
  for (let round = 0; out.length < 64; round++) {
    for (const ch of `${month}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}

function sourceInfo(months: string[]): SourceInfo {
  return {
    periods: months,
    files: months.map((m) => ({
      month: m,
      file: `${m.replace("-", "")}-RTT-synthetic-demo.csv`,
      checksum: fakeChecksum(m),
    })),
    populationVintage: "ONS mid-2020 estimates for April 2021 CCGs",
    method: SOURCE_METHOD,
    synthetic: true,
  };
}

function position(z: number, z95: number, z998: number): FunnelPosition {
  if (z > z998) return "above998";
  if (z > z95) return "above95";
  if (z < -z998) return "below998";
  if (z < -z95) return "below95";
  return "within";
}

function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

function variation(
  ccgs: CcgRow[],
  spec: { code: string; name: string; base: number; noise: number },
  opts: { from: string; to: string; rand: () => number },
): VariationResult {
  const months = monthRange(opts.from, opts.to);
  const n = months.length;
  const raw = ccgs.map((c) => {
    const effect = (REGION_EFFECT[c.regionName] ?? 1) * Math.exp(spec.noise * normal(opts.rand));
    const expected = ((spec.base * effect * c.population) / 1000) * n;
    const count = Math.max(1, Math.round(expected + Math.sqrt(expected) * normal(opts.rand)));
    return { c, count };
  });
  const totalCount = raw.reduce((s, r) => s + r.count, 0);
  const totalPop = raw.reduce((s, r) => s + r.c.population, 0);
  const england = rateFigures(totalCount, totalPop, n);
  const rates = raw.map((r) => ({ ...r, f: rateFigures(r.count, r.c.population, n) }));
  rates.sort((a, b) => b.f.rate - a.f.rate);
  const areas: AreaRate[] = rates.map((r, i) => ({
    ...r.f,
    code: r.c.code,
    name: r.c.name,
    icbCode: r.c.stpCode,
    icbName: r.c.stpName,
    regionName: r.c.regionName,
    rank: i + 1,
    rankLower95: 1 + rates.filter((o) => o.f.lower95 > r.f.upper95).length,
    rankUpper95: rates.filter((o) => o.f.upper95 >= r.f.lower95).length,
    // Set from the adjusted funnel below; the Poisson comparisons are the labelled columns.
    funnelPosition: "within",
    comparedToEngland: "similar",
    comparedToEngland998: "similar",
    poissonComparedToEngland: compare({ lower: r.f.lower95, upper: r.f.upper95 }, england.rate),
    poissonComparedToEngland998: compare(
      { lower: r.f.lower998, upper: r.f.upper998 },
      england.rate,
    ),
  }));
  const regionNames = [...new Set(ccgs.map((c) => c.regionName))];
  const regions: RegionRate[] = regionNames
    .map((name) => {
      const inRegion = raw.filter((r) => r.c.regionName === name);
      const f = rateFigures(
        inRegion.reduce((s, r) => s + r.count, 0),
        inRegion.reduce((s, r) => s + r.c.population, 0),
        n,
      );
      const poisson = compare({ lower: f.lower95, upper: f.upper95 }, england.rate);
      // Seven regions: a multiplicative (√φ) allowance is beyond this fixture; it keeps Poisson.
      return { ...f, name, comparedToEngland: poisson, poissonComparedToEngland: poisson };
    })
    .sort((a, b) => b.rate - a.rate);
  const withinIcs: WithinIcs[] = [];
  for (const code of [...new Set(areas.map((a) => a.icbCode ?? ""))]) {
    const group = areas.filter((a) => a.icbCode === code);
    const highest = group[0];
    const lowest = group[group.length - 1];
    if (!highest || !lowest || group.length < 2) continue;
    const pick = (a: AreaRate) => ({ code: a.code, name: a.name, rank: a.rank, rate: a.rate });
    withinIcs.push({
      icbCode: code,
      icbName: highest.icbName ?? code,
      areas: group.length,
      highest: pick(highest),
      lowest: pick(lowest),
      ratio: highest.rate / lowest.rate,
    });
  }
  withinIcs.sort((a, b) => (b.ratio ?? Infinity) - (a.ratio ?? Infinity));
  const values = areas.map((a) => a.rate);
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  const lowest10 = sorted.slice(0, Math.min(10, sorted.length));
  // Funnel: normal approximation to the Poisson around England's rate, winsorised z for φ.
  const se = (pop: number) => Math.sqrt((england.rate * 1000) / (pop * n));
  const z = areas.map((a) => (a.rate - england.rate) / se(a.population));
  const zs = [...z].sort((a, b) => a - b);
  const lo = quantile7(zs, 0.1);
  const hi = quantile7(zs, 0.9);
  const phi = z.reduce((s, v) => s + Math.min(hi, Math.max(lo, v)) ** 2, 0) / z.length;
  const w = areas.map((a) => 1 / se(a.population) ** 2);
  const sw = w.reduce((s, v) => s + v, 0);
  const sw2 = w.reduce((s, v) => s + v * v, 0);
  const tau2 = Math.max(0, (z.length * phi - (z.length - 1)) / (sw - sw2 / sw));
  const adjusted = phi > 1;
  const pops = areas.map((a) => a.population);
  const minPop = Math.min(...pops) * 0.8;
  const maxPop = Math.max(...pops) * 1.1;
  const limits = Array.from({ length: 25 }, (_, i) => {
    const population = minPop * (maxPop / minPop) ** (i / 24);
    const s = se(population);
    const sa = Math.sqrt(s * s + (adjusted ? tau2 : 0));
    return {
      population,
      lower95: england.rate - Z95 * s,
      upper95: england.rate + Z95 * s,
      lower998: england.rate - Z998 * s,
      upper998: england.rate + Z998 * s,
      lower95Adjusted: england.rate - Z95 * sa,
      upper95Adjusted: england.rate + Z95 * sa,
      lower998Adjusted: england.rate - Z998 * sa,
      upper998Adjusted: england.rate + Z998 * sa,
    };
  });
  const result: VariationResult = {
    measure: "admitted",
    specialty: spec.code,
    specialtyName: spec.name,
    from: opts.from,
    to: opts.to,
    months: n,
    level: "commissioner",
    per: "month",
    unit: "per 1,000 population per month",
    england,
    areas,
    regions,
    spread: {
      topToBottomTenRatio:
        (sorted[sorted.length - 1] ?? 0) / (lowest10.reduce((s, v) => s + v, 0) / lowest10.length),
      eq: (sorted[sorted.length - 1] ?? 0) / (sorted[0] ?? 1),
      eq5to95: quantile7(sorted, 0.95) / quantile7(sorted, 0.05),
      eqTrim5: sorted.length > 12 ? (sorted[sorted.length - 6] ?? 0) / (sorted[5] ?? 1) : null,
      cv: (100 * sd) / mean,
      cvWeighted: (100 * sd) / england.rate,
      scv: Math.max(0, ((sd / mean) ** 2 - 1 / (england.count / areas.length)) * 100),
      chiSquare: { statistic: phi * z.length, df: z.length - 1, pValue: 1e-12 },
    },
    withinIcs,
    funnel: {
      target: england.rate,
      phi,
      tau2,
      adjustment: adjusted ? "additive" : "none",
      adjustmentReason: adjusted
        ? `φ = ${phi.toFixed(1)} > 1: areas vary far more than chance alone would explain, so limits are widened by the between-area variance τ² (DerSimonian–Laird, winsorised at 10%).`
        : "φ ≤ 1: no over-dispersion, limits unadjusted.",
      limits,
      points: areas.map((a, i) => {
        const zi = z[i] ?? 0;
        const za =
          (a.rate - england.rate) / Math.sqrt(se(a.population) ** 2 + (adjusted ? tau2 : 0));
        return {
          code: a.code,
          population: a.population,
          rate: a.rate,
          z: zi,
          position: position(zi, Z95, Z998),
          positionAdjusted: position(za, Z95, Z998),
        };
      }),
    },
    excluded: [
      {
        code: "13Q",
        name: "NHS England national commissioning hub",
        count: Math.round(england.count * 0.021),
        reason: "non-geographic commissioner (no population)",
      },
      {
        code: "NONC",
        name: "Non-contract activity",
        count: Math.round(england.count * 0.0013),
        reason: "non-geographic commissioner (no population)",
      },
    ],
    comparison: {
      basis: adjusted ? "overdispersed" : "poisson",
      adjustment: adjusted ? "additive" : "none",
      method:
        "Compared with England: outside the over-dispersion-adjusted funnel limits (fixture).",
      regionAdjustment: "none",
      regionMethod: "Regions: Poisson intervals (fixture).",
    },
    headlines: [],
    source: sourceInfo(months),
  };
  result.funnel.points.forEach((p, i) => {
    const a = result.areas[i] as AreaRate;
    a.funnelPosition = p.positionAdjusted;
    const side = (level: "95" | "998") =>
      p.positionAdjusted === "above998" || (level === "95" && p.positionAdjusted === "above95")
        ? "higher"
        : p.positionAdjusted === "below998" || (level === "95" && p.positionAdjusted === "below95")
          ? "lower"
          : "similar";
    a.comparedToEngland = side("95");
    a.comparedToEngland998 = side("998");
  });
  result.headlines = headlines(result);
  return result;
}

function xmrSignals(values: number[], mean: number, ul: number, ll: number): SpcSignal[] {
  const sigma = (ul - mean) / 3;
  const signals: SpcSignal[] = values.map((v) =>
    v > ul || v < ll ? "outside-limits" : "common-cause",
  );
  const mark = (from: number, to: number, s: SpcSignal) => {
    for (let k = from; k <= to; k++) if (signals[k] === "common-cause") signals[k] = s;
  };
  for (let i = 6; i < values.length; i++) {
    const win = values.slice(i - 6, i + 1);
    if (
      win.every((v, k) => k === 0 || v > (win[k - 1] ?? v)) ||
      win.every((v, k) => k === 0 || v < (win[k - 1] ?? v))
    )
      mark(i - 6, i, "trend");
  }
  for (let i = 2; i < values.length; i++) {
    const win = values.slice(i - 2, i + 1);
    if (
      win.filter((v) => v > mean + 2 * sigma).length >= 2 ||
      win.filter((v) => v < mean - 2 * sigma).length >= 2
    )
      mark(i - 2, i, "two-of-three");
  }
  for (let i = 6; i < values.length; i++) {
    const win = values.slice(i - 6, i + 1);
    if (win.every((v) => v > mean) || win.every((v) => v < mean)) mark(i - 6, i, "run");
  }
  return signals;
}

function trend(
  ccgs: CcgRow[],
  opts: { from: string; to: string; rand: () => number },
): TrendResult {
  const months = monthRange(opts.from, opts.to);
  const population = ccgs.reduce((s, c) => s + c.population, 0);
  const series = months.map((month, i) => {
    const season = month.endsWith("-12")
      ? 0.9
      : month.endsWith("-04")
        ? 0.94
        : month.endsWith("-08")
          ? 0.96
          : 1;
    const expected = ((3.8 + (0.8 * i) / months.length) * season * population) / 1000;
    const count = Math.round(expected * (1 + 0.015 * normal(opts.rand)));
    const f = rateFigures(count, population, 1);
    return { month, count, population, rate: f.rate, lower95: f.lower95, upper95: f.upper95 };
  });
  const rates = series.map((s) => s.rate);
  const mean = rates.reduce((s, v) => s + v, 0) / rates.length;
  const mr = rates.slice(1).map((v, i) => Math.abs(v - (rates[i] ?? v)));
  const mrBar = mr.reduce((s, v) => s + v, 0) / mr.length;
  const upperLimit = mean + 2.66 * mrBar;
  const lowerLimit = mean - 2.66 * mrBar;
  const signals = xmrSignals(rates, mean, upperLimit, lowerLimit);
  return {
    measure: "admitted",
    specialty: "all",
    from: opts.from,
    to: opts.to,
    level: "commissioner",
    area: null,
    unit: "per 1,000 population per month",
    series: series.map((s, i) => {
      const prev = series[i - 1];
      return {
        ...s,
        changeOnPreviousMonth: prev ? ((s.count - prev.count) / prev.count) * 100 : null,
        areasUp: prev ? Math.round(ccgs.length * (s.count > prev.count ? 0.8 : 0.25)) : null,
        areasCompared: prev ? ccgs.length : null,
        recoveryVs2019: 88 + (14 * i) / series.length + 2 * normal(opts.rand),
        spc: signals[i] ?? "common-cause",
      };
    }),
    spc: {
      mean,
      upperLimit,
      lowerLimit,
      trialLimits: series.length < 12,
      phases: [
        {
          from: months[0] ?? opts.from,
          to: months[months.length - 1] ?? opts.to,
          mean,
          upperLimit,
          lowerLimit,
          movingRangeMean: (upperLimit - mean) / 2.66,
          trialLimits: series.length < 12,
        },
      ],
    },
    areas: [],
    source: sourceInfo(months),
  };
}

function waitFigures(population: number, rand: () => number, quality: number): WaitFigures {
  const waiting = Math.round(population * 0.13 * (1 + 0.1 * normal(rand)));
  const pct = Math.min(80, Math.max(45, 58 + 6 * quality + 2 * normal(rand)));
  const within18 = Math.round((waiting * pct) / 100);
  const over52 = Math.round(waiting * (0.05 - 0.012 * quality) * Math.exp(0.2 * normal(rand)));
  const over65 = Math.round(over52 * 0.35);
  const over78 = Math.round(over65 * 0.2);
  return {
    waiting,
    within18,
    pctWithin18: (within18 / waiting) * 100,
    over52,
    over65,
    over78,
    over104: Math.round(over78 * 0.05),
    medianWeeks: 14.5 - 1.5 * quality + 0.6 * normal(rand),
    p92Weeks: 44 - 4 * quality + 1.5 * normal(rand),
  };
}

function sumWaits(parts: WaitFigures[]): WaitFigures {
  const sum = (k: "waiting" | "within18" | "over52" | "over65" | "over78" | "over104") =>
    parts.reduce((s, p) => s + (p[k] ?? 0), 0);
  const waiting = sum("waiting");
  const within18 = sum("within18");
  const wmean = (k: "medianWeeks" | "p92Weeks") =>
    parts.reduce((s, p) => s + (p[k] ?? 0) * p.waiting, 0) / waiting;
  return {
    waiting,
    within18,
    pctWithin18: (within18 / waiting) * 100,
    over52: sum("over52"),
    over65: sum("over65"),
    over78: sum("over78"),
    over104: sum("over104"),
    medianWeeks: wmean("medianWeeks"),
    p92Weeks: wmean("p92Weeks"),
  };
}

function waits(
  ccgs: CcgRow[],
  month: string,
  rand: () => number,
): { regions: WaitsResult; commissioners: WaitsResult } {
  const byArea = ccgs.map((c) => ({
    c,
    w: waitFigures(c.population, rand, (REGION_EFFECT[c.regionName] ?? 1) - 1 + 0.3 * normal(rand)),
  }));
  const england = sumWaits(byArea.map((a) => a.w));
  const change = (w: WaitFigures) => ({
    waiting: Math.round(w.waiting * 0.04),
    pctWithin18: -1.2 + normal(rand) * 0.8,
    over52: Math.round((w.over52 ?? 0) * -0.1),
  });
  const source = sourceInfo([month]);
  const base = { month, specialty: "all", baseline: addMonths(month, -12), england, source };
  const regionNames = [...new Set(ccgs.map((c) => c.regionName))].sort();
  return {
    regions: {
      ...base,
      level: "region",
      areas: regionNames.map((name) => {
        const w = sumWaits(byArea.filter((a) => a.c.regionName === name).map((a) => a.w));
        return { ...w, code: name, name, change: change(w) };
      }),
    },
    commissioners: {
      ...base,
      level: "commissioner",
      areas: byArea.map(({ c, w }) => ({ ...w, code: c.code, name: c.name, change: change(w) })),
    },
  };
}

export const FIXTURE_CODES = [
  // West Yorkshire (QWO), South Yorkshire and Bassetlaw (QF7): North East and Yorkshire
  "02T",
  "03R",
  "15F",
  "36J",
  "X2C4Y",
  "02P",
  "02Q",
  "02X",
  "03L",
  "03N",
  // Staffordshire and Stoke on Trent (QNC): Midlands
  "04Y",
  "05D",
  "05G",
  "05Q",
  "05V",
  "05W",
  // Mid and South Essex (QH8): East of England
  "06Q",
  "07G",
  "99E",
  "99F",
  "99G",
];

/** A ReportInput (without boundaries) for the chosen CCGs, generated from `seed`. */
export function buildReportFixture(options: FixtureOptions = {}): ReportInput {
  const all = loadCcgs();
  const ccgs = options.codes ? all.filter((c) => options.codes?.includes(c.code)) : all;
  const rand = rng(options.seed ?? 20240601);
  const from = options.from ?? "2022-04";
  const to = options.to ?? "2023-03";
  const main = variation(
    ccgs,
    { code: "all", name: "All specialties", base: 4.4, noise: 0.14 },
    { from, to, rand },
  );
  const specialties = [
    { code: "C_100", name: "General Surgery", base: 0.52, noise: 0.2 },
    { code: "C_110", name: "Trauma and Orthopaedics", base: 0.56, noise: 0.22 },
    { code: "C_320", name: "Cardiology", base: 0.17, noise: 0.25 },
  ].map((spec) => variation(ccgs, spec, { from, to, rand }));
  const w = waits(ccgs, to, rand);
  return {
    variation: main,
    specialties,
    trend: trend(ccgs, { from: addMonths(to, -23), to, rand }),
    waits: w.regions,
    waitsByCommissioner: w.commissioners,
  };
}
