import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { beforeAll, describe, expect, it } from "vitest";

import { Store } from "../../src/store/db.ts";
import { COMPLETENESS_ROWS } from "../analysis/completeness-fixture.ts";
import { runCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";
import {
  fixtureCsv,
  rowTotals,
  sampleRows,
  tempDir,
  writeFixture,
  type FixtureRow,
} from "../ingest/rtt-fixture.ts";

const RBD = fileURLToPath(
  new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url),
);
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

function totalsOf(rows: FixtureRow[]) {
  const out = { Part_1A: 0, Part_1B: 0, Part_2: 0, Part_2A: 0, Part_3: 0 };
  for (const r of rows) if (r.tf !== "C_999") out[r.part] += rowTotals(r).totalAll ?? 0;
  return out;
}

let dir: string;
let db: string;
let demo: string;
const demoRows = sampleRows(3).map((r) => ({ ...r, providerName: "SYNTHETIC TRUST RX1" }));

beforeAll(async () => {
  dir = tempDir();
  db = join(dir, "store.duckdb");
  // A warning in the demo month: one Part_2A row's Total All disagrees with its bands.
  const bad = demoRows.find((r) => r.part === "Part_2A" && r.tf === "C_100") as FixtureRow;
  bad.totalAll = (rowTotals(bad).totalAll ?? 0) + 2;
  const c999 = demoRows.find((r) => r.part === "Part_2A" && r.tf === "C_999") as FixtureRow;
  c999.totalAll = bad.totalAll;
  c999.bands = { 3: bad.totalAll };
  demo = writeFixture(
    dir,
    "demo-2019-04.csv",
    fixtureCsv({ era: "2017-10", period: "RTT-April-2019", rows: demoRows }),
  );
  // Months given out of order: status lists them in month order.
  const r = await runCli(["ingest", RBD, demo, "--db", db]);
  expect(r.code).toBe(0);
});

describe("status", () => {
  it("prints the JSON contract: periods in month order with Total All sums per part", async () => {
    const r = await runCli(["status", "--db", db, "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      periods: [
        {
          month: "2019-04",
          rows: demoRows.length,
          sourceFile: "demo-2019-04.csv",
          checksum: sha256(demo),
          revised: false,
          synthetic: true,
          warnings: 1,
          totals: totalsOf(demoRows),
          nonSubmitters: [],
        },
        {
          month: "2024-11",
          rows: 512,
          sourceFile: "20241130-RTT-November-2024-RBD.csv",
          checksum: sha256(RBD),
          revised: false,
          synthetic: false,
          warnings: 0,
          // Verified against an independent parse of the file in test/ingest/ingest-real.test.ts.
          totals: { Part_1A: 1544, Part_1B: 2925, Part_2: 21702, Part_2A: 5322, Part_3: 5003 },
          // One trust's extract is not a national file: the ODS trust list is not checked.
          nonSubmitters: [],
        },
      ],
    });
  });

  it("prints a table with totals, the synthetic label and each period's warnings", async () => {
    const r = await runCli(["status", "--db", db], { env: {} });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`Store: ${db} — 2 RTT periods`);
    expect(lines[2]).toMatch(/^Month +Rows +Admitted \(1A\) +Non-admitted \(1B\) +Waiting \(2\)/);
    expect(lines[4]).toMatch(/^2019-04 /);
    expect(lines[5]).toMatch(
      /^2024-11 +512 +1,544 +2,925 +21,702 +5,322 +5,003 +0 +20241130-RTT-November-2024-RBD\.csv +8285ac71a07c…$/,
    );
    const bad = demoRows.find((r) => r.part === "Part_2A" && r.tf === "C_100") as FixtureRow;
    const sum = Object.values(bad.bands ?? {}).reduce((a, b) => a + b, 0);
    expect(r.stdout).toContain(
      [
        "2019-04 is synthetic demonstration data (not real NHS England figures).",
        "",
        "2019-04 (RTT-April-2019, demo-2019-04.csv):",
        `  total-all-vs-bands: RBD / 15F Part_2A C_100: Total All ${bad.totalAll} but the week bands sum to ${sum}`,
      ].join("\n"),
    );
    expect(r.stdout).not.toContain("2024-11 (RTT-November-2024");
  });

  it("--format csv: one row a period, camelCase columns, the synthetic line first", async () => {
    const r = await runCli(["status", "--db", db, "--format", "csv"]);
    expect(r.code).toBe(0);
    const t = totalsOf(demoRows);
    expect(r.stdout).toBe(
      [
        "# SYNTHETIC DEMONSTRATION DATA: not real NHS England figures, do not quote",
        "month,rows,sourceFile,checksum,revised,synthetic,warnings,part1A,part1B,part2,part2A,part3,nonSubmitterCodes,nonSubmitters",
        `2019-04,${demoRows.length},demo-2019-04.csv,${sha256(demo)},false,true,1,${t.Part_1A},${t.Part_1B},${t.Part_2},${t.Part_2A},${t.Part_3},,`,
        `2024-11,512,20241130-RTT-November-2024-RBD.csv,${sha256(RBD)},false,false,0,1544,2925,21702,5322,5003,,`,
        "",
      ].join("\r\n"),
    );
  });

  it("says so when the store holds no periods (exit 0)", async () => {
    const path = join(tempDir(), "empty.duckdb");
    (await Store.open(path)).close();
    const r = await runCli(["status", "--db", path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `The store at ${path} holds no RTT periods yet (load some with 'rationwatch ingest').\n`,
    );
    const json = await runCli(["status", "--db", path, "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual({ periods: [] });
  });

  it("does not create a store that is not there (exit 1)", async () => {
    const path = join(tempDir(), "nowhere.duckdb");
    const r = await runCli(["status", "--db", path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `rationwatch status: no store at ${path} (load data first with 'rationwatch ingest' or 'npm start')\n`,
    );
    expect(existsSync(path)).toBe(false);
  });

  it("finds the store from $RATIONWATCH_DB, relative to the working folder", async () => {
    const r = await runCli(["status", "--format", "json"], {
      cwd: dir,
      env: { RATIONWATCH_DB: "store.duckdb" },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).periods).toHaveLength(2);
  });

  it("rejects an unknown format (exit 2)", async () => {
    const r = await runCli(["status", "--db", db, "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'rationwatch status: --format: expected one of table, csv, json, got "xml"\n',
    );
  });
});

describe("status: providers that did not submit", () => {
  let gap: string;
  beforeAll(async () => {
    gap = join(tempDir(), "gap.duckdb");
    (await buildRttStore(COMPLETENESS_ROWS, { path: gap })).close();
  });
  const RYY = {
    code: "RYY",
    name: "Provider RYY",
    why: "submitted in a neighbouring month, no rows",
  };

  it("names the provider absent in June 2021 though present in May and July (JSON)", async () => {
    const r = await runCli(["status", "--db", gap, "--format", "json"]);
    expect(r.code).toBe(0);
    const periods = (
      JSON.parse(r.stdout) as { periods: Array<{ month: string; nonSubmitters: unknown }> }
    ).periods;
    expect(periods.map((p) => [p.month, p.nonSubmitters])).toEqual([
      ["2021-05", []],
      ["2021-06", [RYY]],
      ["2021-07", []],
    ]);
  });

  it("marks the month in the table and names the provider under it", async () => {
    const r = await runCli(["status", "--db", gap]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Did not submit/);
    expect(r.stdout).toMatch(/^2021-06 .* RYY +2021-06-RTT-fixture\.csv/m);
    expect(r.stdout).toContain(
      "2021-06 (RTT-2021-06, 2021-06-RTT-fixture.csv):\n  did not submit: Provider RYY (RYY): submitted in a neighbouring month, no rows",
    );
  });

  it("writes the non-submitters' codes and names in the CSV row of their month", async () => {
    const r = await runCli(["status", "--db", gap, "--format", "csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^2021-05,.*,,$/);
    // Ten rows: five RXX cells and their C_999 totals; 2,190 patients treated.
    expect(lines[2]).toBe(
      '2021-06,10,2021-06-RTT-fixture.csv,checksum-2021-06,false,false,0,2190,0,0,0,0,RYY,"Provider RYY (RYY): submitted in a neighbouring month, no rows"',
    );
  });
});
