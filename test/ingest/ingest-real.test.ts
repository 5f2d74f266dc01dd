import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ingestPaths, type IngestSummary } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";
import { readStatus } from "../../src/store/rtt-queries.ts";

const FIXTURE = fileURLToPath(
  new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url),
);
const PARTS = ["Part_1A", "Part_1B", "Part_2", "Part_2A", "Part_3"] as const;

/** Test-only CSV split (quoted fields with commas; the fixture has no multi-line fields). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}

// Expectations computed independently of the ingest code, straight from the fixture's text.
const text = readFileSync(FIXTURE, "utf8");
const [headerLine, ...dataLines] = text.split("\n").filter((l) => l !== "");
const header = splitLine(headerLine ?? "");
const rows = dataLines.map((l) => {
  const cells = splitLine(l);
  return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]));
});
const bandNames = header.filter((h) => h.startsWith("Gt "));
const expectedTotals = Object.fromEntries(
  PARTS.map((p) => [
    p,
    rows
      .filter((r) => r["RTT Part Type"] === p && r["Treatment Function Code"] !== "C_999")
      .reduce((a, r) => a + Number(r["Total All"]), 0),
  ]),
);
const expectedBandSums = (part: string) =>
  bandNames.map((b) =>
    rows
      .filter((r) => r["RTT Part Type"] === part)
      .reduce((a, r) => a + Number(r[b] === "" ? 0 : r[b]), 0),
  );

describe("ingest of the real November 2024 RBD extract", () => {
  let store: Store;
  let summary: IngestSummary;
  beforeAll(async () => {
    store = await Store.open(":memory:");
    summary = await ingestPaths(store, [FIXTURE], { now: new Date("2026-01-15T12:00:00Z") });
  });
  afterAll(() => store.close());

  it("loads all 512 rows of one period with no warnings", () => {
    expect(rows).toHaveLength(512);
    expect(summary.periods).toHaveLength(1);
    expect(summary.periods[0]).toMatchObject({
      month: "2024-11",
      periodLabel: "RTT-November-2024",
      era: "2021-04",
      rows: 512,
      warnings: 0,
      synthetic: false,
      revised: false,
      sourceFile: "20241130-RTT-November-2024-RBD.csv",
    });
    expect(summary.rows).toBe(512);
    expect(summary.providers).toBe(1);
    expect(summary.commissioners).toBe(new Set(rows.map((r) => r["Commissioner Org Code"])).size);
    expect(summary.warnings).toEqual([]);
  });

  it("records the period: 105 bands, top band from 104 weeks, the file's sha256, the clock", async () => {
    const period = await store.one(
      `SELECT era, band_count, top_band_start, checksum, row_count, warning_count,
              strftime(loaded_at, '%Y-%m-%d %H:%M:%S') AS loaded_at FROM rtt_period`,
    );
    expect(period).toEqual({
      era: "2021-04",
      band_count: 105,
      top_band_start: 104,
      checksum: createHash("sha256").update(readFileSync(FIXTURE)).digest("hex"),
      row_count: 512,
      warning_count: 0,
      loaded_at: "2026-01-15 12:00:00",
    });
    expect(period?.["checksum"]).toBe(
      "8285ac71a07c71b2785c1dcfbbc4a1d61a48a6297d5624c01dcd2e6e47956ddc",
    );
  });

  it("gives each part's count as the sum of Total All over treatment-function rows", async () => {
    // Published headline figures for RBD in this file, checked against the independent sums.
    expect(expectedTotals).toEqual({
      Part_1A: 1544,
      Part_1B: 2925,
      Part_2: 21702,
      Part_2A: 5322,
      Part_3: 5003,
    });
    const status = await readStatus(store);
    expect(status.periods[0]?.totals).toEqual(expectedTotals);
  });

  it("stores every week band of every part as the file has it", async () => {
    const sums = await store.all<{ part: string; sums: number[] }>(
      `SELECT part, list(s ORDER BY i) AS sums FROM (
         SELECT part, i, sum(bands[i]) AS s FROM rtt_row, range(1, 106) t(i)
         WHERE bands IS NOT NULL GROUP BY part, i
       ) GROUP BY part ORDER BY part`,
    );
    expect(sums.map((s) => s.part)).toEqual(["Part_1A", "Part_1B", "Part_2", "Part_2A"]);
    for (const s of sums) expect(s.sums).toEqual(expectedBandSums(s.part));
    const part3 = await store.one<{ n: number; withBands: number }>(
      `SELECT count(*) AS n, count(bands) AS "withBands" FROM rtt_row WHERE part = 'Part_3'`,
    );
    expect(part3).toEqual({
      n: rows.filter((r) => r["RTT Part Type"] === "Part_3").length,
      withBands: 0,
    });
  });

  it("keeps blank Total and unknown-start cells as NULL for Parts 2, 2A and 3", async () => {
    const blanks = await store.all<{ part: string; total: number; unknown: number }>(
      `SELECT part, count(total) AS total, count(unknown_start) AS unknown FROM rtt_row
       GROUP BY part ORDER BY part`,
    );
    const n = (p: string) => rows.filter((r) => r["RTT Part Type"] === p).length;
    expect(blanks).toEqual([
      { part: "Part_1A", total: n("Part_1A"), unknown: n("Part_1A") },
      { part: "Part_1B", total: n("Part_1B"), unknown: n("Part_1B") },
      { part: "Part_2", total: 0, unknown: 0 },
      { part: "Part_2A", total: 0, unknown: 0 },
      { part: "Part_3", total: 0, unknown: 0 },
    ]);
  });

  it("keeps the non-geographic commissioners (NONC and the NHS England hubs)", async () => {
    const codes = await store.all<{ code: string; name: string | null }>(
      `SELECT DISTINCT commissioner_code AS code, commissioner_name AS name FROM rtt_row
       WHERE commissioner_code IN ('NONC', '13Q', '14M', '14T') ORDER BY code`,
    );
    expect(codes).toEqual([
      { code: "13Q", name: "NATIONAL COMMISSIONING HUB 1" },
      { code: "14M", name: "LONDON - H&J COMMISSIONING HUB" },
      { code: "14T", name: "SOUTH WEST - H&J COMMISSIONING HUB" },
      { code: "NONC", name: null },
    ]);
  });

  it("reads quoted names with commas whole", async () => {
    const names = await store.all<{ name: string }>(
      `SELECT DISTINCT commissioner_name AS name FROM rtt_row WHERE commissioner_code = '92G'`,
    );
    expect(names).toEqual([
      { name: "NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE (SUB ICB LOCATION)" },
    ]);
  });
});
