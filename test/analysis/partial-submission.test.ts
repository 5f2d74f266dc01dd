// Partial submissions (docs/methodology.md "Completeness"): a provider whose count for the measured
// part falls under half of its usual count (the median of its counts in the held months within 3)
// makes the areas that rely on it incomplete, like a provider that sent nothing. Generated stores of
// twelve sub-ICB locations (test/helpers/incomplete-area.ts), RXX treating every one of them and
// RYY also treating Wakefield (03R), a third of its usual activity (200 of 600 a month).
import { DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import {
  nonSubmittingProviders,
  PARTIAL_FRACTION,
  PARTIAL_MINIMUM,
  windowCompleteness,
} from "../../src/analysis/completeness.ts";
import type { VariationResult } from "../../src/analysis/types.ts";
import { variation } from "../../src/analysis/variation.ts";
import { waits } from "../../src/analysis/waits.ts";
import { formatStatusTable, type StatusView } from "../../src/cli/status.ts";
import { createApp } from "../../src/server/app.ts";
import { SiteData } from "../../src/server/data.ts";
import { providersByMonth } from "../../src/store/completeness-queries.ts";
import type { Store } from "../../src/store/db.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";
import { TWELVE_AREAS } from "../helpers/incomplete-area.ts";
import { buildRttStore, type RttRowSpec } from "../helpers/rtt-store.ts";
import { NOW } from "../server/fixture.ts";

const MONTHS = ["2021-04", "2021-05", "2021-06", "2021-07", "2021-08"] as const;

/** RXX's fixed monthly counts for every area, RYY's to 03R by month, and RZZ's to 00L by month. */
function rows(ryy: readonly number[], rzz: readonly number[] = []): RttRowSpec[] {
  const months = MONTHS.slice(0, ryy.length);
  return [
    ...TWELVE_AREAS.flatMap(([commissioner, n]) =>
      months.map((month): RttRowSpec => ({
        month,
        commissioner,
        provider: "RXX",
        part: "Part_1A",
        bands: { 5: n },
      })),
    ),
    ...months.map((month, i): RttRowSpec => ({
      month,
      commissioner: "03R",
      provider: "RYY",
      part: "Part_1A",
      bands: { 5: ryy[i] ?? 0 },
    })),
    ...rzz.map((n, i): RttRowSpec => ({
      month: months[i] ?? "",
      commissioner: "00L",
      provider: "RZZ",
      part: "Part_1A",
      bands: { 5: n },
    })),
  ];
}

const june = { from: "2021-06", to: "2021-06", simulations: 100 };
const REASON_30 =
  "incomplete: 33.3% of its activity normally comes from providers that submitted only part of their data for 2021-06 — Provider RYY (RYY), 33.3% of its activity (partial submission: 60 admitted completions against a usual 200 in 2021-06); not ranked";

describe("a provider at 30% of its usual count", () => {
  let store: Store;
  let v: VariationResult;
  let full: VariationResult;
  let fullStore: Store;
  beforeAll(async () => {
    // RYY sends 60 admitted completions for June against 200 in each month around it. RZZ, a
    // tiny provider (usual 40, under PARTIAL_MINIMUM), sends 4: it triggers nothing.
    store = await buildRttStore(rows([200, 200, 60, 200, 200], [40, 40, 4, 40, 40]));
    v = await variation(store, june);
    fullStore = await buildRttStore(rows([200, 200, 200, 200, 200], [40, 40, 40, 40, 40]));
    full = await variation(fullStore, june);
  });
  afterAll(() => {
    store?.close();
    fullStore?.close();
  });

  it("makes Wakefield (03R) incomplete, with the partial submission in the reason", () => {
    expect(v.completeness?.incomplete.map((a) => [a.code, a.count])).toEqual([["03R", 400 + 60]]);
    expect(v.completeness?.incomplete[0]?.share).toBeCloseTo(1 / 3, 12);
    expect(v.completeness?.incomplete[0]?.reason).toBe(REASON_30);
    expect(v.completeness?.incomplete[0]?.missingProviders).toEqual([
      {
        code: "RYY",
        name: "Provider RYY",
        share: 400 / 1200,
        partial: "60 admitted completions against a usual 200 in 2021-06",
      },
    ]);
    expect(v.areas.map((a) => a.code)).not.toContain("03R");
    expect(v.areas).toHaveLength(11);
  });

  it("lists RYY among the month's providers, labelled as partial, and the tiny RZZ not at all", () => {
    expect(v.completeness?.nonSubmitters).toEqual([
      {
        month: "2021-06",
        providers: [
          {
            code: "RYY",
            name: "Provider RYY",
            why: "partial submission: 60 admitted completions against a usual 200",
          },
        ],
      },
    ]);
    expect(v.areas.map((a) => a.code)).toContain("00L");
  });

  it("names it in the note that leads the headlines", () => {
    expect(v.headlines[0]).toBe(v.completeness?.note);
    expect(v.completeness?.note).toMatch(
      /^Partial submissions: Provider RYY \(RYY, 2021-06: 60 admitted completions against a usual 200\), under 50% of their usual count in the neighbouring months\. 1 area is incomplete \(Wakefield \(03R\)\)/,
    );
    expect(v.completeness?.note).not.toMatch(/could not be checked/);
  });

  it("leaves England's like-for-like rate exactly the removed area short", () => {
    // Independently: every area's RXX count but 03R's, over every population but 03R's (from the
    // complete store's own rows, where 03R is ranked).
    const count = TWELVE_AREAS.filter(([c]) => c !== "03R").reduce((s, [, n]) => s + n, 0);
    const wakefield = full.areas.find((a) => a.code === "03R");
    const population = full.england.population - (wakefield?.population ?? NaN);
    expect(full.completeness?.incomplete).toEqual([]);
    expect(full.england.count).toBe(count + 40 + 400 + 200);
    expect(v.england.count).toBe(count + 4);
    expect(v.england.population).toBe(population);
    expect(v.england.rate).toBeCloseTo(((count + 4) / population) * 1000, 12);
  });

  it("is listed by `status`'s check too, for the month it was short", async () => {
    const months = await nonSubmittingProviders(store);
    expect(months.map((m) => [m.month, m.missing.map((p) => p.why), m.partialChecked])).toEqual([
      ["2021-04", [], true],
      ["2021-05", [], true],
      ["2021-06", ["partial submission: 60 admitted completions against a usual 200"], true],
      ["2021-07", [], true],
      ["2021-08", [], true],
    ]);
    const status: StatusView = {
      ...(await readStatus(store)),
      nonSubmitters: new Map(months.map((m) => [m.month, m.missing])),
      partialUnchecked: new Set(),
    };
    const table = formatStatusTable(status, "partial.duckdb", 200);
    expect(table).toMatch(/^2021-06 .* RYY \(partial\) +/m);
    expect(table).toContain(
      "\n  partial submission: Provider RYY (RYY): 60 admitted completions against a usual 200\n",
    );
  });

  it("is labelled partial on the home page and on Wakefield's page (latest month: August)", async () => {
    // The site shows the latest month's window; RYY short in August this time (last month held).
    const last = await buildRttStore(rows([200, 200, 200, 200, 60]));
    try {
      const app = createApp({ data: new SiteData(last, { now: () => NOW }) });
      const home = await (await app.request("/")).text();
      const list = home.slice(home.indexOf("Trusts that did not submit in full"));
      expect(list.slice(0, 600)).toContain("Provider RYY (RYY, partial submission)");
      const area = await (await app.request("/area/03R/")).text();
      expect(area).toContain(
        "partial submission: 60 admitted completions against a usual 200 in 2021-08",
      );
    } finally {
      last.close();
    }
  });

  it("is named at ICB level as partial", async () => {
    const icb = await variation(store, { ...june, level: "icb" });
    expect(icb.completeness?.incomplete.map((a) => a.reason)).toEqual([
      "incomplete: includes 03R, whose providers did not all submit in full (RYY, partial); not ranked",
    ]);
  });
});

describe("a provider at 80% of its usual count", () => {
  it("leaves its area complete and ranked", async () => {
    const store = await buildRttStore(rows([200, 200, 160, 200, 200]));
    try {
      const v = await variation(store, june);
      expect(160).toBeGreaterThanOrEqual(PARTIAL_FRACTION * 200);
      expect(v.completeness?.incomplete).toEqual([]);
      expect(v.completeness?.nonSubmitters).toEqual([{ month: "2021-06", providers: [] }]);
      expect(v.completeness?.note).toBeNull();
      expect(v.areas.map((a) => a.code)).toContain("03R");
    } finally {
      store.close();
    }
  });
});

describe("a waiting list sent in part", () => {
  it("marks the area's short list in `waits` (Part_2), though the admitted counts are whole", async () => {
    // RYY's waiting list for 03R: 300 a month, 90 in June; its admitted completions are steady,
    // and so is RXX's waiting list for every area (5 × its admitted count: 2,000 for 03R).
    const waiting = MONTHS.flatMap((month): RttRowSpec[] => [
      {
        month,
        commissioner: "03R",
        provider: "RYY",
        part: "Part_2",
        bands: { 5: month === "2021-06" ? 90 : 300 },
      },
      ...TWELVE_AREAS.map(([commissioner, n]): RttRowSpec => ({
        month,
        commissioner,
        provider: "RXX",
        part: "Part_2",
        bands: { 5: 5 * n },
      })),
    ]);
    const store = await buildRttStore([...rows([200, 200, 200, 200, 200]), ...waiting]);
    try {
      const w = await waits(store, { month: "2021-06" });
      expect(w.areas.find((a) => a.code === "03R")?.incompleteReason).toBe(
        // RYY's share of 03R's Total All (all parts): (200 + 300) ÷ (400 + 2,000 + 200 + 300).
        "incomplete: 17.2% of its activity normally comes from providers that submitted only part of their data for 2021-06 — Provider RYY (RYY), 17.2% of its activity (partial submission: 90 pathways on the waiting list against a usual 300 in 2021-06)",
      );
      expect(w.areas.filter((a) => a.incompleteReason !== null)).toHaveLength(1);
      const v = await variation(store, june);
      expect(v.completeness?.incomplete).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe("a national fall (every provider at 30%, as in April 2020)", () => {
  it("is not partial submission: no provider is named and every area is ranked", async () => {
    const fall = rows([200, 200, 60, 200, 200]).map((r) =>
      r.month === "2021-06" && r.provider === "RXX"
        ? { ...r, bands: { 5: Math.round(((r.bands as Record<number, number>)[5] ?? 0) * 0.3) } }
        : r,
    );
    const store = await buildRttStore(fall);
    try {
      const v = await variation(store, june);
      expect(v.completeness?.nonSubmitters).toEqual([{ month: "2021-06", providers: [] }]);
      expect(v.areas).toHaveLength(12);
      // The same RYY shortfall against RXX's steady months is partial (the first describe).
    } finally {
      store.close();
    }
  });
});

describe("a tiny provider", () => {
  it("does not trigger the rule even at a tenth of its usual count, though it is 12% of its area", async () => {
    // RZZ: 40 a month to 00L (300 from RXX), 4 in June.
    const store = await buildRttStore(rows([200, 200, 200, 200, 200], [40, 40, 4, 40, 40]));
    try {
      expect(40).toBeLessThan(PARTIAL_MINIMUM);
      const v = await variation(store, june);
      expect(v.completeness?.nonSubmitters).toEqual([{ month: "2021-06", providers: [] }]);
      expect(v.areas.map((a) => a.code)).toContain("00L");
    } finally {
      store.close();
    }
  });
});

describe("the first and last months of the store", () => {
  it("take the usual count from the following months only in the first month", async () => {
    // April is the first month held: its neighbours are May, June and July (190, 210, 230).
    const store = await buildRttStore(rows([60, 190, 210, 230, 200]));
    try {
      const c = await windowCompleteness(store, {
        from: "2021-04",
        to: "2021-04",
        part: "Part_1A",
      });
      expect(c.months).toEqual([
        {
          month: "2021-04",
          missing: [
            {
              code: "RYY",
              name: "Provider RYY",
              why: "partial submission: 60 admitted completions against a usual 210",
            },
          ],
          referenceMonths: ["2021-05", "2021-06", "2021-07"],
          partialChecked: true,
        },
      ]);
      expect(c.areas.get("03R")?.incomplete).toBe(true);
    } finally {
      store.close();
    }
  });

  it("take it from the preceding months only in the last month", async () => {
    // August is the last month held: its neighbours are May, June and July (180, 240, 220).
    const store = await buildRttStore(rows([1000, 180, 240, 220, 100]));
    try {
      const c = await windowCompleteness(store, {
        from: "2021-08",
        to: "2021-08",
        part: "Part_1A",
      });
      expect(c.months[0]?.missing.map((p) => p.why)).toEqual([
        "partial submission: 100 admitted completions against a usual 220",
      ]);
      expect(c.months[0]?.referenceMonths).toEqual(["2021-07", "2021-06", "2021-05"]);
      expect(c.areas.get("03R")?.incomplete).toBe(true);
    } finally {
      store.close();
    }
  });
});

describe("a store of one month", () => {
  it("claims no partial submission, and says in the note that none could be checked", async () => {
    // RYY's 60 would be partial against 200 a month, but no other month is held.
    const store = await buildRttStore(rows([60]));
    try {
      const v = await variation(store, { from: "2021-04", to: "2021-04", simulations: 100 });
      expect(v.completeness?.nonSubmitters).toEqual([{ month: "2021-04", providers: [] }]);
      expect(v.completeness?.incomplete).toEqual([]);
      expect(v.completeness?.note).toBe(
        "Partial submissions (a provider sending under 50% of its usual count) could not be checked for 2021-04: the store holds no month within 3 months of it, and one month alone cannot tell a partial submission from low activity.",
      );
      expect(v.headlines[0]).toBe(v.completeness?.note);
      const months = await nonSubmittingProviders(store);
      expect(months[0]?.partialChecked).toBe(false);
      const status: StatusView = {
        ...(await readStatus(store)),
        nonSubmitters: new Map(months.map((m) => [m.month, m.missing])),
        partialUnchecked: new Set(["2021-04"]),
      };
      expect(formatStatusTable(status, "one.duckdb", 200)).toContain(
        "\n\nPartial submissions (a provider far short of its usual count) not checked for 2021-04: no other month within 3 is held.\n",
      );
    } finally {
      store.close();
    }
  });
});

describe("the providers query", () => {
  it("answers a single month's months from the window's scan inside a memoised scope, as DuckDB would", async () => {
    const store = await buildRttStore(rows([200, 200, 60, 200, 200]));
    try {
      const parts = ["Part_1A", "Part_2"];
      const subset = ["2021-05", "2021-06", "2021-07", "2021-08"];
      const fresh = await providersByMonth(store, subset, parts);
      const remembered = await store.memoised(async () => {
        await providersByMonth(store, [...MONTHS], parts, [subset]);
        return providersByMonth(store, subset, parts);
      });
      expect(remembered).toEqual(fresh);
      expect(fresh.filter((p) => p.code === "RYY").map((p) => p.counts.Part_1A)).toEqual([
        200, 60, 200, 200,
      ]);
    } finally {
      store.close();
    }
  });

  it("is scanned once when a window's completeness is followed by its last month's (as the report's waits do)", async () => {
    const store = await buildRttStore(rows([200, 200, 60, 200, 200]));
    const scans = vi.spyOn(DuckDBConnection.prototype, "runAndReadAll");
    const providerScans = () =>
      scans.mock.calls.filter(([sql]) => sql.includes("provider_code AS code, max(NULLIF")).length;
    try {
      const [window, last] = await store.memoised(async () => [
        await windowCompleteness(store, { from: "2021-06", to: "2021-08", part: "Part_1A" }),
        await windowCompleteness(store, { from: "2021-08", to: "2021-08", part: "Part_2" }),
      ]);
      expect(providerScans()).toBe(1);
      expect(window?.months.map((m) => m.missing.length)).toEqual([1, 0, 0]);
      expect(last?.months.map((m) => m.month)).toEqual(["2021-08"]);
      // Outside a memoised scope each asks DuckDB itself.
      await windowCompleteness(store, { from: "2021-08", to: "2021-08", part: "Part_2" });
      expect(providerScans()).toBe(2);
    } finally {
      scans.mockRestore();
      store.close();
    }
  });
});
