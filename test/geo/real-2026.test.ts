// The real April 2026 national extract (../shared/data/raw/nhs-england-rtt-2026-04/), run where
// the raw sources exist: every commissioner code classified, hubs by type, 36 ICBs, England's
// population on the April 2026 boundaries, and Sheffield (03N) flagged because Sheffield Teaching
// Hospitals (RHQ) submitted no data that month.
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { nonSubmittingProviders } from "../../src/analysis/completeness.ts";
import { populationByArea } from "../../src/analysis/denominators.ts";
import type { VariationResult } from "../../src/analysis/types.ts";
import { variation } from "../../src/analysis/variation.ts";
import { waits } from "../../src/analysis/waits.ts";
import { formatStatusTable, statusJson, type StatusView } from "../../src/cli/status.ts";
import { areasInForce } from "../../src/geo/areas.ts";
import { classifyCommissioners, commissionerParents } from "../../src/geo/commissioners.ts";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";
import { rawDir, rawSourcesPresent } from "../helpers/raw-sources.ts";

const ZIP = "nhs-england-rtt-2026-04/20260430-RTT-April-2026-full-extract.csv.zip";
const have = rawSourcesPresent("real April 2026 RTT extract tests", ZIP);

describe.runIf(have)("the real April 2026 national extract", () => {
  let store: Store;
  let rows = 0;
  let result: VariationResult;
  beforeAll(async () => {
    store = await Store.open(":memory:");
    rows = (await ingestPaths(store, [join(rawDir, ZIP)])).rows;
    result = await variation(store, { from: "2026-04", to: "2026-04" });
  }, 600_000);
  afterAll(() => store?.close());

  it("loads the 180,781 data rows NHS England published", () => {
    expect(rows).toBe(180_781);
  });

  it("classifies every commissioner code: 106 sub-ICB locations, hubs by type, regions, NONC", async () => {
    const c = await classifyCommissioners(store, { month: "2026-04" });
    expect(c.unknown).toEqual([]);
    expect(c.geographic).toHaveLength(106);
    const kinds = new Map<string, string[]>();
    for (const n of c.nonGeographic) kinds.set(n.kind, [...(kinds.get(n.kind) ?? []), n.code]);
    expect(kinds.get("hub")).toEqual([
      "13Q",
      "13R",
      "14A",
      "14E",
      "14F",
      "14G",
      "14M",
      "14Q",
      "14R",
      "14T",
      "27T",
      "32T",
      "76A",
      "85J",
      "97T",
    ]);
    expect(kinds.get("region")).toEqual(["Y56", "Y58", "Y59", "Y60", "Y61", "Y62"]);
    expect(kinds.get("other")).toEqual(["NONC"]);
    const hj = c.nonGeographic
      .filter((n) => /health and justice/.test(n.reason))
      .map((n) => n.code);
    expect(hj).toEqual(["14M", "14Q", "14R", "14T", "32T", "76A", "97T"]);
    expect(c.nonGeographic.find((n) => n.code === "14F")?.name).toBe(
      "South West Commissioning Hub",
    );
  });

  it("has 36 ICBs with proper names, and each sub-ICB's parent in the file is its reference ICB", async () => {
    const icbs = await areasInForce(store, { month: "2026-04", level: "icb" });
    expect(icbs).toHaveLength(36);
    expect(icbs.find((i) => i.code === "S9B9J")?.name).toBe(
      "NHS Surrey and Sussex Integrated Care Board",
    );
    expect(icbs.every((i) => i.name !== i.name.toUpperCase())).toBe(true);
    const areas = await areasInForce(store, { month: "2026-04" });
    const parents = await commissionerParents(store, "2026-04");
    for (const a of areas) {
      expect(parents.find((p) => p.code === a.code)?.icbCode, a.code).toBe(a.icbCode);
    }
  });

  it("gives England 57,112,129 people (ONS mid-2022) on the April 2026 boundaries, every area with a population on each basis", async () => {
    const resident = await populationByArea(store, { month: "2026-04" });
    const total = (p: typeof resident) => p.areas.reduce((s, a) => s + (a.population ?? 0), 0);
    expect(total(resident)).toBe(57_112_129);
    expect(resident.citation).toBe("ONS mid-2022 estimates, sub-ICB location April 2026 geography");
    const registered = await populationByArea(store, { month: "2026-04", basis: "registered" });
    expect(registered.areas.every((a) => a.population !== null)).toBe(true);
    expect(total(registered)).toBe(63_936_682); // England, 1 December 2025 (SOURCE.md)
    const weighted = await populationByArea(store, { month: "2026-04", basis: "need-weighted" });
    expect(weighted.byCode.get("03R")).toBe(436_291); // SOURCE.md: Wakefield 2024/25
  });

  it("flags Sheffield (03N) and Devon (15N) as incomplete, naming RHQ and RA9, and ranks neither", () => {
    const c = result.completeness;
    expect(c?.nonSubmitters).toEqual([
      {
        month: "2026-04",
        providers: [
          {
            code: "RA9",
            name: "Torbay and South Devon NHS Foundation Trust",
            why: "acute trust open in ODS with no rows",
          },
          {
            code: "RHQ",
            name: "Sheffield Teaching Hospitals NHS Foundation Trust",
            why: "acute trust open in ODS with no rows",
          },
        ],
      },
    ]);
    const sheffield = c?.incomplete.find((a) => a.code === "03N");
    expect(sheffield?.missingProviders.map((p) => p.code)).toEqual(["RHQ"]);
    expect(sheffield?.reason).toContain("Sheffield Teaching Hospitals NHS Foundation Trust (RHQ)");
    expect(c?.incomplete.map((a) => a.code).sort()).toEqual(["03N", "15N"]);
    expect(result.areas.some((a) => a.code === "03N" || a.code === "15N")).toBe(false);
    expect(result.areas).toHaveLength(104);
    // The first headline says what is missing; no other names Sheffield.
    expect(result.headlines.slice(1).join(" ")).not.toMatch(/03N/);
    expect(result.headlines[0]).toContain("Sheffield Teaching Hospitals NHS Foundation Trust (RHQ");
  });

  it("status names RHQ and RA9 as not submitting in April 2026, in its table, JSON and CSV", async () => {
    const missing = await nonSubmittingProviders(store);
    expect(missing.map((m) => [m.month, m.missing.map((p) => p.code)])).toEqual([
      ["2026-04", ["RA9", "RHQ"]],
    ]);
    const status: StatusView = {
      ...(await readStatus(store)),
      nonSubmitters: new Map(missing.map((m) => [m.month, m.missing])),
    };
    expect(formatStatusTable(status, "real.duckdb")).toContain(
      [
        "  did not submit: Torbay and South Devon NHS Foundation Trust (RA9): acute trust open in ODS with no rows",
        "  did not submit: Sheffield Teaching Hospitals NHS Foundation Trust (RHQ): acute trust open in ODS with no rows",
      ].join("\n"),
    );
    expect(statusJson(status)).toMatchObject({
      periods: [
        { month: "2026-04", nonSubmitters: result.completeness?.nonSubmitters[0]?.providers },
      ],
    });
  });

  it("marks Sheffield's and Devon's waiting lists as short, naming RHQ and RA9", async () => {
    const w = await waits(store, { month: "2026-04" });
    const short = w.areas.filter((a) => a.incompleteReason);
    expect(short.map((a) => a.code).sort()).toEqual(["03N", "15N"]);
    expect(short.find((a) => a.code === "03N")?.incompleteReason).toContain(
      "Sheffield Teaching Hospitals NHS Foundation Trust (RHQ)",
    );
  });

  it("reconciles: ranked + incomplete + excluded = every commissioner's admitted count", async () => {
    const national = await store.one<{ n: number }>(
      "SELECT sum(total_all)::BIGINT AS n FROM rtt_row WHERE month = '2026-04' AND part = 'Part_1A' AND tf_code <> 'C_999'",
    );
    const sum = (xs: Array<{ count: number }>) => xs.reduce((s, x) => s + x.count, 0);
    const incompleteCount = (result.completeness?.incomplete ?? []).reduce(
      (s, a) => s + a.count,
      0,
    );
    expect(sum(result.areas) + incompleteCount + sum(result.excluded)).toBe(national?.n);
    // England like for like: only the ranked areas.
    expect(result.england.count).toBe(sum(result.areas));
  });
});
