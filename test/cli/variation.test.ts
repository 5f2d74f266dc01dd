import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import type { VariationResult } from "../../src/analysis/types.ts";
import { COMPLETENESS_ROWS, WAKEFIELD_REASON } from "../analysis/completeness-fixture.ts";
import { VARIATION_ROWS } from "../analysis/variation-fixture.ts";
import { runCli, spawnCli } from "../helpers/cli.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

let db: string;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "rw-variation-"));
  db = join(dir, "fixture.duckdb");
  (await buildRttStore(VARIATION_ROWS, { path: db })).close();
});

const run = (...args: string[]) =>
  runCli(["variation", "--from", "2021-03", "--to", "2021-04", "--db", db, ...args]);

describe("rationwatch variation", () => {
  it("prints the league table, regions and exclusions on a terminal", async () => {
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "All specialties: admitted pathways, per 1,000 population per month, March 2021 to April 2021 (2 months)",
    );
    expect(r.stdout).toContain(
      "England: 0.44 (95% CI 0.42–0.46), 2,408 pathways, population 2,727,806",
    );
    expect(r.stdout).toMatch(
      /^ {3}1 +1–\d +Wakefield \(03R\) +North East and Yorkshire +900 +351,592 +1\.28 +1\.20–1\.37 +within range +higher +1 \(1–\d\) +2\.79 +2\.61–2\.97 +within range$/m,
    );
    expect(r.stdout).toContain("13Q");
    expect(r.stdout).not.toContain("SYNTHETIC");
  });

  it("writes every figure as JSON, unrounded", async () => {
    const r = await run("--format", "json");
    const json = JSON.parse(r.stdout) as {
      areas: Array<{ code: string; rate: number }>;
      from: string;
    };
    expect(json.from).toBe("2021-03");
    expect(json.areas[0]?.code).toBe("03R");
    expect(json.areas[0]?.rate).toBeCloseTo((900 / 2 / 351_592) * 1000, 14);
  });

  it("writes tidy CSV: England first, then one row per area", async () => {
    const r = await run("--format", "csv", "--specialty", "C_100");
    const lines = r.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "indicator,areaCode,areaName,areaType,parentCode,period,count,denominator,value,lower95,upper95,lower998,upper998,comparedToEngland,comparisonBasis,poissonComparedToEngland,completeness,incompleteReason",
    );
    expect(lines[1]).toMatch(
      /^admitted-per-1000-per-month:C_100,E92000001,England,england,,2021-03\/2021-04,50,351592,/,
    );
    expect(lines[2]).toMatch(
      /^admitted-per-1000-per-month:C_100,03R,NHS Wakefield CCG,commissioner,QWO,2021-03\/2021-04,50,351592,0\.0711/,
    );
    // Then the need-adjusted ratio: count = observed, denominator = expected, value = O ÷ E.
    expect(lines[3]).toMatch(
      /^admitted-need-adjusted-ratio:C_100,E92000001,England,england,,2021-03\/2021-04,50,50(\.0+\d*)?,1,,,,,,,,,$/,
    );
    expect(lines[4]).toMatch(
      /^admitted-need-adjusted-ratio:C_100,03R,NHS Wakefield CCG,commissioner,QWO,2021-03\/2021-04,50,50(\.0+\d*)?,1,0\.74\d+,1\.3\d+,.*,similar,funnel,similar,complete,$/,
    );
    expect(lines).toHaveLength(5);
  });

  it("--measure-basis need-adjusted orders the table and leads the headlines and CSV with the ratio", async () => {
    const table = await run("--measure-basis", "need-adjusted");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      "Areas by need-adjusted ratio (observed ÷ expected for the area's need-weighted population); crude rates alongside:",
    );
    expect(table.stdout).toMatch(/^• Need-adjusted: Wakefield \(03R\) treated 900 patients/m);
    expect(table.stdout).toMatch(/^• Crude rate: Wakefield \(03R\) treated 1\.28 patients/m);
    // Regions: the need-adjusted ratio beside the crude rate.
    const regions = table.stdout.slice(table.stdout.indexOf("\nRegions\n"));
    expect(regions.split("\n")[2]).toMatch(/Rate .*Need-adj\. ratio/);
    const csv = await run("--format", "csv", "--measure-basis", "need-adjusted");
    const lines = csv.stdout.trimEnd().split("\r\n");
    expect(lines[1]).toMatch(
      /^admitted-need-adjusted-ratio,E92000001,England,england,,2021-03\/2021-04,2408,/,
    );
    expect(lines[2]).toMatch(
      /^admitted-need-adjusted-ratio,03R,NHS Wakefield CCG,commissioner,QWO,2021-03\/2021-04,900,323\.15027298726/,
    );
    expect(lines).toHaveLength(1 + 7 + 7);
  });

  it.each([
    [
      ["--from", "2021-05", "--to", "2021-04"],
      "rationwatch variation: --from 2021-05 is after --to 2021-04\n",
    ],
    [
      ["--from", "2021-13", "--to", "2021-04"],
      'rationwatch variation: --from: expected a month as YYYY-MM, got "2021-13"\n',
    ],
    [
      ["--from", "2021-03"],
      "rationwatch variation: --from and --to are required (months as YYYY-MM)\n",
    ],
    [
      ["--from", "2021-03", "--to", "2021-04", "--level", "ward"],
      'rationwatch variation: --level: expected one of commissioner, icb, region, got "ward"\n',
    ],
    [
      ["--from", "2021-03", "--to", "2021-04", "--measure", "operations"],
      'rationwatch variation: --measure: expected one of admitted, non-admitted, clock-starts, got "operations"\n',
    ],
    [
      ["--from", "2021-03", "--to", "2021-04", "--measure-basis", "age"],
      'rationwatch variation: --measure-basis: expected one of crude, need-adjusted, got "age"\n',
    ],
    [
      ["--from", "2021-03", "--to", "2021-04", "--frobnicate"],
      "rationwatch variation: Unknown option '--frobnicate' (see 'rationwatch variation --help')\n",
    ],
  ])("rejects bad usage %j with exit code 2 and one line", async (args, message) => {
    const r = await runCli(["variation", ...args, "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
    expect(r.stdout).toBe("");
  });

  it("rejects an unknown specialty, naming it", async () => {
    const r = await run("--specialty", "knees");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^rationwatch variation: --specialty: unknown specialty "knees" \(use all, a code such as C_110, or one of: general-surgery, /,
    );
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  it("says a specialty has no activity in the window in one line (exit 1), not a RangeError", async () => {
    const r = await run("--specialty", "cardiology");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "rationwatch variation: no Cardiology (C_320) admitted activity for any area from 2021-03 to 2021-04: nothing to compare (the store holds those months; try another specialty, measure or window)\n",
    );
    expect(r.stdout).toBe("");
  });

  it("names the months the store lacks (exit 1)", async () => {
    const r = await runCli(["variation", "--from", "2021-04", "--to", "2021-06", "--db", db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "rationwatch variation: the store does not hold 2 of 3 months of 2021-04 to 2021-06: missing 2021-05, 2021-06 (ingest them first)\n",
    );
  });

  it("does not create a store that is not there", async () => {
    const missing = join(tmpdir(), "rw-no-such-store.duckdb");
    const r = await runCli(["variation", "--from", "2021-03", "--to", "2021-04", "--db", missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `rationwatch variation: no store at ${missing} (load data first with 'rationwatch ingest' or 'npm start')\n`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it("runs as a child process", () => {
    const r = spawnCli([
      "variation",
      "--from",
      "2021-03",
      "--to",
      "2021-04",
      "--db",
      db,
      "--level",
      "region",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { areas: Array<{ code: string }> }).areas[0]?.code).toBe("Y63");
  });
});

describe("rationwatch variation with a missing submission (RYY, June 2021)", () => {
  let gap: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-variation-gap-"));
    gap = join(dir, "gap.duckdb");
    (await buildRttStore(COMPLETENESS_ROWS, { path: gap })).close();
  });
  const runGap = (...args: string[]) =>
    runCli(["variation", "--from", "2021-06", "--to", "2021-06", "--db", gap, ...args]);

  it("keeps the incomplete area in the table, marked, with a footnote naming the trust", async () => {
    const r = await runGap();
    expect(r.code).toBe(0);
    // No rank, no comparison, and no need-adjusted ratio either (– in its four columns).
    expect(r.stdout).toMatch(
      /^ +–\* +Wakefield \(03R\) .* not ranked \(incomplete\) +– +– +– +–$/m,
    );
    expect(r.stdout).toContain("* Not ranked — incomplete: providers that normally treat");
    expect(r.stdout).toContain(`  Wakefield (03R): ${WAKEFIELD_REASON}`);
  });

  it("writes completeness and incompleteReason columns in the CSV", async () => {
    const r = await runGap("--format", "csv");
    const lines = r.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/,poissonComparedToEngland,completeness,incompleteReason$/);
    expect(lines[1]).toMatch(/^admitted-per-1000-per-month,E92000001,England,.*,,$/);
    const crude = lines.filter((l) => l.startsWith("admitted-per-1000-per-month,"));
    const need = lines.filter((l) => l.startsWith("admitted-need-adjusted-ratio,"));
    expect(crude.filter((l) => l.endsWith(",complete,"))).toHaveLength(4);
    expect(need.filter((l) => l.endsWith(",complete,"))).toHaveLength(4);
    // The incomplete area has no need-adjusted ratio either, and says why.
    expect(need.at(-1)).toMatch(
      /^admitted-need-adjusted-ratio,03R,NHS Wakefield CCG,.*,,,,,,,,,incomplete,/,
    );
    expect(crude.at(-1)).toMatch(
      /^admitted-per-1000-per-month,03R,NHS Wakefield CCG,commissioner,QWO,2021-06,410,351592,1\.16\d+,.*,,,,incomplete,/,
    );
    expect(crude.at(-1)).toContain(`"${WAKEFIELD_REASON}"`);
  });

  it("gives the reason in JSON", async () => {
    const r = await runGap("--format", "json");
    const json = JSON.parse(r.stdout) as VariationResult;
    expect(json.completeness?.incomplete.map((a) => [a.code, a.reason])).toEqual([
      ["03R", WAKEFIELD_REASON],
    ]);
    expect(json.areas.some((a) => a.code === "03R")).toBe(false);
  });
});
