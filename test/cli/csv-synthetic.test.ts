// Every CLI CSV built from synthetic demonstration data starts with one `#` line saying so; the same
// CSV from real data has no such line, and the rest of the file is identical byte for byte.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { SYNTHETIC_CSV_LINE } from "../../src/cli/output.ts";
import { FIXTURE_ROWS } from "../analysis/rtt-fixture.ts";
import { runCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

let synthetic: string;
let real: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "rw-csv-synthetic-"));
  const months = [...new Set(FIXTURE_ROWS.map((r) => r.month))];
  synthetic = join(dir, "synthetic.duckdb");
  real = join(dir, "real.duckdb");
  const periods = (s: boolean) =>
    months.map((month) => ({ month, synthetic: s, sourceFile: `${month}.csv`, checksum: "ab" }));
  (await buildRttStore(FIXTURE_ROWS, { path: synthetic, periods: periods(true) })).close();
  (await buildRttStore(FIXTURE_ROWS, { path: real, periods: periods(false) })).close();
});

const COMMANDS: Array<[string, string[]]> = [
  ["variation", ["variation", "--from", "2021-01", "--to", "2021-07"]],
  ["trend", ["trend", "--from", "2021-01", "--to", "2021-07", "--level", "region"]],
  ["waits", ["waits", "--month", "2021-04", "--baseline", "2021-03"]],
  ["areas", ["areas", "--month", "2021-04"]],
  ["status", ["status"]],
];

describe("the synthetic-data line on every CLI CSV", () => {
  it.each(COMMANDS)("%s --format csv", async (_name, argv) => {
    const fake = await runCli([...argv, "--format", "csv", "--db", synthetic]);
    const genuine = await runCli([...argv, "--format", "csv", "--db", real]);
    expect(fake.code).toBe(0);
    expect(genuine.code).toBe(0);
    const [first, ...rest] = fake.stdout.split("\r\n");
    expect(first?.startsWith(SYNTHETIC_CSV_LINE)).toBe(true);
    expect(first?.startsWith("# SYNTHETIC DEMONSTRATION DATA")).toBe(true);
    // The real-data CSV starts with its header (camelCase, as every command's CSV).
    expect(genuine.stdout.startsWith("#")).toBe(false);
    expect(genuine.stdout.split("\r\n")[0]).toMatch(/^[a-z][A-Za-z0-9]*(,[a-z][A-Za-z0-9]*)+$/);
    const body = rest.join("\r\n");
    if (_name === "status") {
      // status lists each period's synthetic flag too, so only that column differs.
      expect(body).toBe(genuine.stdout.replaceAll(",false,false,", ",false,true,"));
    } else {
      expect(body).toBe(genuine.stdout);
    }
  });

  it("areas says which part is synthetic: the store's RTT data, not the reference areas", async () => {
    const r = await runCli(["areas", "--month", "2021-04", "--format", "csv", "--db", synthetic]);
    expect(r.stdout.split("\r\n")[0]).toBe(
      `${SYNTHETIC_CSV_LINE} (the store's RTT data for 2021-04; these areas and populations are the shipped reference data)`,
    );
  });

  it("the table views carry the label once too", async () => {
    const status = await runCli(["status", "--db", synthetic]);
    expect(status.stdout.match(/synthetic demonstration data/gi)).toHaveLength(1);
    expect(status.stdout).toContain(
      "All 8 periods are synthetic demonstration data (not real NHS England figures).",
    );
    const areas = await runCli(["areas", "--month", "2021-04", "--db", synthetic]);
    expect(areas.stdout).toContain("SYNTHETIC DEMONSTRATION DATA in the store for 2021-04");
    const genuine = await runCli(["areas", "--month", "2021-04", "--db", real]);
    expect(genuine.stdout).not.toMatch(/synthetic/i);
  });
});
