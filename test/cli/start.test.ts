import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { national, parseDemoCsv, readZip } from "../demo/demo-csv.ts";
import { runCli } from "../helpers/cli.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "rationwatch-start-"));
const RBD = fileURLToPath(
  new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url),
);
const RANGE = ["--from", "2021-05", "--to", "2021-06"];
const ZIPS = [
  "Full-CSV-data-file-Jun21-ZIP-synthetic.zip",
  "Full-CSV-data-file-May21-ZIP-synthetic.zip",
];

interface StatusJson {
  periods: {
    month: string;
    sourceFile: string;
    checksum: string;
    totals: Record<string, number>;
  }[];
}
const REGISTRY_LINE =
  "Registry: rationwatch-registry (synthetic demonstration policies and scorecards)\n";
const status = async (cwd: string): Promise<StatusJson> =>
  JSON.parse((await runCli(["status", "--format", "json"], { cwd })).stdout) as StatusJson;

describe("rationwatch start", () => {
  it("generates the demo data, loads it and shows the status; a second run loads nothing", async () => {
    const cwd = tempDir();
    const first = await runCli(["start", ...RANGE], { cwd });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(
      `Writing 2 months of synthetic demo data to ${join(cwd, "demo-data")}\n` +
        "Loading 2 months into rationwatch.duckdb (0 months already loaded)\n" +
        "Writing the synthetic demonstration registry to rationwatch-registry\n" +
        "Writing the report for 2021-05 to 2021-06\n",
    );
    expect(readdirSync(join(cwd, "demo-data")).sort()).toEqual(ZIPS);
    expect(existsSync(join(cwd, "rationwatch.duckdb"))).toBe(true);
    expect(first.stdout).toMatch(/^Store: rationwatch\.duckdb — 2 RTT periods\n/);
    // ONE synthetic note for all the months, not one a month.
    expect(first.stdout.match(/synthetic demonstration data/gi)).toHaveLength(1);
    expect(
      first.stdout.endsWith(
        "All 2 periods are synthetic demonstration data (not real NHS England figures).\n" +
          REGISTRY_LINE +
          "Report: out/report/report.html\n",
      ),
    ).toBe(true);
    // The quick start's registry: the synthetic demonstration policies, every one marked so.
    const { records: policies } = JSON.parse(
      (await runCli(["registry", "list", "--kind", "policy", "--format", "json"], { cwd })).stdout,
    ) as { records: Array<{ data: { synthetic: boolean } }> };
    expect(policies.length).toBeGreaterThan(100);
    expect(policies.every((p) => p.data.synthetic)).toBe(true);
    // The quick start ends with the publication report of the demo store.
    for (const file of [
      "report.html",
      "report.pdf",
      "tables.xlsx",
      "figures.json",
      "charts/map.svg",
    ]) {
      expect(existsSync(join(cwd, "out", "report", file))).toBe(true);
    }

    // What the store holds is what the zips hold (sum of treatment-function rows = C_999 sums).
    const s = await status(cwd);
    expect(s.periods.map((p) => p.month)).toEqual(["2021-05", "2021-06"]);
    const june = national(
      parseDemoCsv((await readZip(join(cwd, "demo-data", ZIPS[0] as string)))[0]?.text ?? ""),
    );
    expect(s.periods[1]?.totals).toEqual(june.totals);

    const second = await runCli(["start", ...RANGE], { cwd });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(
      "All 2 months of demo data are already loaded in rationwatch.duckdb\n" +
        "Writing the report for 2021-05 to 2021-06\n",
    );
    // The registry exists now: it is left as it is.
    expect(second.stdout).toBe(first.stdout.replace(REGISTRY_LINE, ""));
    expect(await status(cwd)).toEqual(s);
  }, 240_000);

  it("regenerates only a missing month (same bytes, so nothing to reload)", async () => {
    const cwd = tempDir();
    expect(
      (await runCli(["start", ...RANGE, "--quiet", "--no-report", "--no-registry"], { cwd })).code,
    ).toBe(0);
    const before = await status(cwd);
    rmSync(join(cwd, "demo-data", ZIPS[1] as string));
    const r = await runCli(["start", ...RANGE, "--no-report", "--no-registry"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `Writing 1 month of synthetic demo data to ${join(cwd, "demo-data")}\n` +
        "All 2 months of demo data are already loaded in rationwatch.duckdb\n",
    );
    expect(await status(cwd)).toEqual(before);
  });

  it("keeps a month the store holds from a real file", async () => {
    const cwd = tempDir();
    expect((await runCli(["ingest", RBD, "--quiet"], { cwd })).code).toBe(0);
    const r = await runCli(
      [
        "start",
        "--from",
        "2024-10",
        "--to",
        "2024-11",
        "--db",
        "rationwatch.duckdb",
        "--no-registry",
      ],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Kept 1 month the store holds from real files (2024-11)\n");
    expect(r.stderr).toContain(
      "Loading 1 month into rationwatch.duckdb (0 months already loaded)\n",
    );
    const s = await status(cwd);
    expect(s.periods.map((p) => [p.month, p.sourceFile])).toEqual([
      ["2024-10", "Full-CSV-data-file-Oct24-ZIP-synthetic.zip"],
      ["2024-11", "20241130-RTT-November-2024-RBD.csv"],
    ]);
  });

  it("takes its store from --db and its zips from --demo-dir", async () => {
    const cwd = tempDir();
    const r = await runCli(
      [
        "start",
        "--from",
        "2021-06",
        "--to",
        "2021-06",
        "--db",
        "s/x.duckdb",
        "--demo-dir",
        "zips",
        "--no-registry",
        "--quiet",
      ],
      {
        cwd: (mkdirSync(join(cwd, "s")), cwd),
      },
    );
    expect(r.code).toBe(0);
    // --quiet: no notes or bars, and one line instead of the status table.
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "s/x.duckdb: 1 month of RTT data, all synthetic demonstration data from zips/ (not NHS England figures)\n",
    );
    expect(existsSync(join(cwd, "s", "x.duckdb"))).toBe(true);
    expect(readdirSync(join(cwd, "zips"))).toEqual([ZIPS[0]]);
    expect(existsSync(join(cwd, "rationwatch.duckdb"))).toBe(false);
  });

  it("refuses a --demo-dir holding other files when months are missing, creating no store", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "mine"));
    writeFileSync(join(cwd, "mine", "thesis.docx"), "x");
    const r = await runCli(
      ["start", ...RANGE, "--demo-dir", "mine", "--no-report", "--no-registry"],
      {
        cwd,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `rationwatch start: --demo-dir: ${join(cwd, "mine")} holds files that are not demo data ("thesis.docx"); choose an empty or new directory\n`,
    );
    expect(readdirSync(join(cwd, "mine"))).toEqual(["thesis.docx"]);
    expect(existsSync(join(cwd, "rationwatch.duckdb"))).toBe(false);
  });

  it("uses demo zips already in the folder without touching other files there", async () => {
    const cwd = tempDir();
    expect(
      (await runCli(["demo-data", "--out", "d", "--from", "2021-06", "--to", "2021-06"], { cwd }))
        .code,
    ).toBe(0);
    copyFileSync(RBD, join(cwd, "d", "notes.csv"));
    const r = await runCli(
      ["start", "--from", "2021-06", "--to", "2021-06", "--demo-dir", "d", "--no-registry"],
      {
        cwd,
      },
    );
    expect(r.code).toBe(0);
    expect((await status(cwd)).periods.map((p) => p.month)).toEqual(["2021-06"]);
  });

  it.each([
    [["--from", "2024-13"], '--from: expected a month as YYYY-MM, got "2024-13"'],
    [["--from", "2024-03", "--to", "2024-01"], "--from 2024-03 is after --to 2024-01"],
    [["--out", "x"], "Unknown option '--out' (see 'rationwatch start --help')"],
  ])("rejects %j with exit code 2, writing nothing", async (flags, message) => {
    const cwd = tempDir();
    const r = await runCli(["start", ...flags], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rationwatch start: ${message}\n`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("is the first command 'rationwatch --help' lists and has a --help", async () => {
    expect((await runCli(["--help"])).stdout).toMatch(/Commands:\n {2}start +quick start/);
    const r = await runCli(["start", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--from YYYY-MM  first demo month (default 2019-04)");
  });
});
