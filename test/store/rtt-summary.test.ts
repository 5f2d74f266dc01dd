// The per-commissioner and per-provider summaries (store/rtt-summary.ts) must always equal a fresh
// aggregation of `rtt_row`: after each load path, after a month is replaced, and after a file is
// refused. And the queries must answer the same from them as from `rtt_row` (a store written before
// they existed, or a month re-loaded by a version that does not know them).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ingestPaths } from "../../src/ingest/ingest.ts";
import {
  commissionerCounts,
  commissionerCountsFor,
  monthlyCommissionerCounts,
  nationalTotalFromTotalRows,
  waitingListFor,
} from "../../src/store/activity-queries.ts";
import { providersByMonth } from "../../src/store/completeness-queries.ts";
import { Store } from "../../src/store/db.ts";
import {
  countSource,
  freshSummary,
  PROVIDER_SUMMARY_TABLE,
  providerSource,
  SUMMARY_TABLE,
} from "../../src/store/rtt-summary.ts";
import { pendingMigrations } from "../../src/store/snapshot.ts";
import {
  fixtureCsv,
  sampleRows,
  tempDir,
  writeFixture,
  type FixtureRow,
} from "../ingest/rtt-fixture.ts";

const RBD = fileURLToPath(
  new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url),
);

const ORDER = "ORDER BY month, part, tf_code, commissioner_code";
const heldCommissioners = (s: Store) => s.all(`SELECT * FROM ${SUMMARY_TABLE} ${ORDER}`);
/** Both summaries as held, and as computed afresh from rtt_row. */
const held = async (s: Store) => ({
  commissioners: await heldCommissioners(s),
  providers: await s.all(
    `SELECT * FROM ${PROVIDER_SUMMARY_TABLE} ORDER BY month, part, provider_code`,
  ),
});
const fresh = async (s: Store) => ({
  commissioners: await freshSummary(s),
  providers: await freshSummary(s, "provider"),
});

/** Two commissioners (15F, 15E), each served by two providers, so the summary sums over providers. */
function rows(scale: number): FixtureRow[] {
  const out: FixtureRow[] = [];
  for (const provider of ["RBD", "RA7"])
    for (const commissioner of ["15F", "15E"])
      out.push(
        ...sampleRows(scale).map((r) => ({
          ...r,
          provider,
          providerName: `Provider ${provider}`,
          commissioner,
          commissionerName: `Commissioner ${commissioner}`,
        })),
      );
  return out;
}

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = tempDir();
  store = await Store.open(":memory:");
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the summary written with each month", () => {
  it("equals a fresh aggregation of rtt_row after a one-pass load of the real RBD extract", async () => {
    const s = await ingestPaths(store, [RBD]);
    expect(s.periods.map((p) => p.path)).toEqual(["one-pass"]);
    const summary = await held(store);
    expect(summary.commissioners.length).toBeGreaterThan(0);
    expect(summary.providers.length).toBeGreaterThan(0);
    expect(summary).toEqual(await fresh(store));
    // One provider, so one row per row here; it holds every row's Total All.
    const [row] = await store.all<{ n: number; total: number }>(
      "SELECT count(*)::INTEGER AS n, sum(total_all)::BIGINT AS total FROM rtt_row",
    );
    const [sum] = await store.all<{ n: number; rows: number; total: number }>(
      `SELECT count(*)::INTEGER AS n, sum(row_count)::INTEGER AS rows, sum(total_all)::BIGINT AS total FROM ${SUMMARY_TABLE}`,
    );
    expect(sum?.rows).toBe(row?.n);
    expect(sum?.total).toBe(row?.total);
    // The provider summary: RBD's treatment-function rows (not C_999), part by part.
    const byPart = await store.all(
      `SELECT part, sum(total_all)::BIGINT AS n FROM rtt_row
       WHERE tf_code <> 'C_999' GROUP BY part ORDER BY part`,
    );
    expect(summary.providers.map((r) => ({ part: r["part"], n: r["total_all"] }))).toEqual(byPart);
    expect(new Set(summary.providers.map((r) => r["provider_code"]))).toEqual(new Set(["RBD"]));
  });

  it("follows a month replaced by another file, on both load paths, and keeps other months", async () => {
    const may = writeFixture(dir, "may.csv", fixtureCsv({ period: "RTT-May-2024", rows: rows(1) }));
    const june = writeFixture(
      dir,
      "june.csv",
      fixtureCsv({ period: "RTT-June-2024", rows: rows(2) }),
    );
    await ingestPaths(store, [may, june]);
    const before = await held(store);
    expect(before).toEqual(await fresh(store));
    expect(new Set(before.commissioners.map((r) => r["month"]))).toEqual(
      new Set(["2024-05", "2024-06"]),
    );
    expect(
      before.providers.filter((r) => r["month"] === "2024-05").map((r) => r["provider_code"]),
    ).toEqual(["RA7", "RBD", "RA7", "RBD", "RA7", "RBD", "RA7", "RBD", "RA7", "RBD"]);
    // Part_1A C_100 for 15F: 3 patients (2 + 1) at each of 2 providers in May.
    const count = async (month: string) =>
      (
        await store.all<{ n: number }>(
          `SELECT total_all AS n FROM ${SUMMARY_TABLE} WHERE month = $1 AND part = 'Part_1A' AND tf_code = 'C_100' AND commissioner_code = '15F'`,
          [month],
        )
      )[0]?.n;
    expect(await count("2024-05")).toBe(8); // (2 + 1 + 1 unknown start) × 2 providers

    // May again with 3× the patients, through the one-pass path…
    const may3 = writeFixture(
      dir,
      "may3.csv",
      fixtureCsv({ period: "RTT-May-2024", rows: rows(3) }),
    );
    const again = await ingestPaths(store, [may3]);
    expect(again.periods.map((p) => p.path)).toEqual(["one-pass"]);
    expect(await held(store)).toEqual(await fresh(store));
    expect(await count("2024-05")).toBe(16); // (2×3 + 1 + 1) × 2 providers
    expect(await count("2024-06")).toBe(12); // June untouched: (2×2 + 1 + 1) × 2

    // …and through the staged path (a row spells the period differently).
    const staged = writeFixture(
      dir,
      "may-staged.csv",
      fixtureCsv({
        period: "RTT-May-2024",
        rows: rows(1).map((r, i) => (i === 3 ? { ...r, cells: { Period: "rtt-may-2024" } } : r)),
      }),
    );
    const third = await ingestPaths(store, [staged]);
    expect(third.periods.map((p) => p.path)).toEqual(["staged"]);
    expect(await held(store)).toEqual(await fresh(store));
    expect(await count("2024-05")).toBe(8);
  });

  it("is left exactly as it was when a file is refused", async () => {
    const may = writeFixture(dir, "may.csv", fixtureCsv({ period: "RTT-May-2024", rows: rows(1) }));
    await ingestPaths(store, [may]);
    const before = await held(store);
    const bad = writeFixture(
      dir,
      "bad.csv",
      fixtureCsv({
        period: "RTT-May-2024",
        rows: rows(5).map((r, i) => (i === 2 ? { ...r, cells: { "Total All": "12x" } } : r)),
      }),
    );
    await expect(ingestPaths(store, [bad])).rejects.toThrow();
    expect(await held(store)).toEqual(before);
    expect(await held(store)).toEqual(await fresh(store));
  });
});

describe("a store written before the summary existed", () => {
  /** Everything the count queries answer, for a few windows and selections. */
  async function answers(s: Store) {
    const w = { from: "2024-05", to: "2024-06", part: "Part_1A" };
    return {
      all: await commissionerCounts(s, { ...w, tfCodes: null }),
      c110: await commissionerCounts(s, { ...w, tfCodes: ["C_110"] }),
      waitingMay: await commissionerCounts(s, {
        from: "2024-05",
        to: "2024-05",
        part: "Part_2",
        tfCodes: null,
      }),
      monthly: await monthlyCommissionerCounts(s, { ...w, part: "Part_3", tfCodes: null }),
      grouped: await commissionerCountsFor(s, w, [null, ["C_100"], ["C_999"], []]),
      national: await nationalTotalFromTotalRows(s, w),
      waiting: [...(await waitingListFor(s, ["2024-05", "2024-06"], null))],
      providers: await providersByMonth(s, ["2024-05", "2024-06"], ["Part_1A", "Part_2", "Part_3"]),
    };
  }

  it("reads rtt_row when opened read-only, and gets the summary at its next write-open", async () => {
    const path = join(dir, "old.duckdb");
    const writer = await Store.open(path);
    const may = writeFixture(dir, "may.csv", fixtureCsv({ period: "RTT-May-2024", rows: rows(1) }));
    const june = writeFixture(
      dir,
      "june.csv",
      fixtureCsv({ period: "RTT-June-2024", rows: rows(2) }),
    );
    await ingestPaths(writer, [may, june]);
    expect(await countSource(writer)).toBe(SUMMARY_TABLE);
    const withSummary = await answers(writer);
    expect(withSummary.all).toEqual([
      // Part_1A: May (2 + 1 + 1 unknown start + 3) and June (4 + 1 + 1 + 6), at 2 providers.
      { code: "15E", name: "Commissioner 15E", count: 38 },
      { code: "15F", name: "Commissioner 15F", count: 38 },
    ]);
    expect(withSummary.national).toBe(76);
    expect(await providerSource(writer)).toBe(PROVIDER_SUMMARY_TABLE);
    // Part_1A at each provider in May: (2 + 1 + 1 unknown start + 3) for each of 2 commissioners.
    expect(
      withSummary.providers.filter((p) => p.month === "2024-05").map((p) => [p.code, p.counts]),
    ).toEqual([
      ["RA7", { Part_1A: 14, Part_2: expect.any(Number), Part_3: expect.any(Number) }],
      ["RBD", { Part_1A: 14, Part_2: expect.any(Number), Part_3: expect.any(Number) }],
    ]);
    // Make it a store of the previous version: no summary tables, no record of their migrations.
    for (const table of [
      SUMMARY_TABLE,
      "rtt_commissioner_month_stamp",
      PROVIDER_SUMMARY_TABLE,
      "rtt_provider_month_stamp",
    ])
      await writer.run(`DROP TABLE ${table}`);
    await writer.run(
      "DELETE FROM schema_migration WHERE id IN ('rtt-002-commissioner-month', 'rtt-003-commissioner-month-stamp', 'rtt-004-provider-month')",
    );
    writer.close();

    const reader = await Store.open(path, { readOnly: true });
    try {
      expect(await pendingMigrations(reader)).toEqual([]); // nothing asks a reader to upgrade
      expect(await countSource(reader)).toBe("rtt_row");
      expect(await providerSource(reader)).toBe("rtt_row");
      expect(await answers(reader)).toEqual(withSummary);
    } finally {
      reader.close();
    }

    const upgraded = await Store.open(path);
    try {
      expect(await countSource(upgraded)).toBe(SUMMARY_TABLE);
      expect(await providerSource(upgraded)).toBe(PROVIDER_SUMMARY_TABLE);
      expect(await held(upgraded)).toEqual(await fresh(upgraded));
      expect(await answers(upgraded)).toEqual(withSummary);
    } finally {
      upgraded.close();
    }
  });
});

describe("a month written by an earlier version, which does not know the summary", () => {
  it("is not read from the stale summary, and the next month written here repairs it", async () => {
    const path = join(dir, "mixed.duckdb");
    const writer = await Store.open(path);
    const may = writeFixture(dir, "may.csv", fixtureCsv({ period: "RTT-May-2024", rows: rows(1) }));
    await ingestPaths(writer, [may]);
    const before = await commissionerCounts(writer, {
      from: "2024-05",
      to: "2024-05",
      part: "Part_1A",
      tfCodes: null,
    });
    // What an earlier version's re-load of May does: new rows and a new load time, summary untouched.
    await writer.run("UPDATE rtt_row SET total_all = total_all * 10 WHERE month = '2024-05'");
    await writer.run(
      "UPDATE rtt_period SET loaded_at = loaded_at + INTERVAL 1 DAY WHERE month = '2024-05'",
    );
    writer.close();

    const reader = await Store.open(path, { readOnly: true });
    try {
      expect(await countSource(reader)).toBe("rtt_row");
      expect(await providerSource(reader)).toBe("rtt_row");
      const [rbd] = await providersByMonth(reader, ["2024-05"], ["Part_1A"]);
      expect(rbd?.counts).toEqual({ Part_1A: 140 }); // RA7 first: (2 + 1 + 1 + 3) × 2 × 10
      const counts = await commissionerCounts(reader, {
        from: "2024-05",
        to: "2024-05",
        part: "Part_1A",
        tfCodes: null,
      });
      expect(counts.map((c) => c.count)).toEqual(before.map((c) => c.count * 10));
    } finally {
      reader.close();
    }

    const next = await Store.open(path);
    try {
      const june = writeFixture(
        dir,
        "june.csv",
        fixtureCsv({ period: "RTT-June-2024", rows: rows(2) }),
      );
      await ingestPaths(next, [june]);
      expect(await held(next)).toEqual(await fresh(next));
    } finally {
      next.close();
    }
    const repaired = await Store.open(path, { readOnly: true });
    try {
      expect(await countSource(repaired)).toBe(SUMMARY_TABLE);
      expect(await providerSource(repaired)).toBe(PROVIDER_SUMMARY_TABLE);
    } finally {
      repaired.close();
    }
  });
});
