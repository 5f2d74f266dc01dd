import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { formatNumber } from "../../src/cli/output.ts";
import { parseDemoCsv, readZip } from "../demo/demo-csv.ts";
import { runCli, spawnCli } from "../helpers/cli.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "rationwatch-demo-cli-"));
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const JUNE = "Full-CSV-data-file-Jun21-ZIP-synthetic.zip";

describe("rationwatch demo-data", () => {
  it("writes the zips and says what it wrote", async () => {
    const cwd = tempDir();
    const r = await runCli(
      ["demo-data", "--out", "demo", "--from", "2021-06", "--to", "2021-06", "--seed", "3"],
      { cwd },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, "demo"))).toEqual([JUNE]);
    const [entry] = await readZip(join(cwd, "demo", JUNE));
    const rows = parseDemoCsv(entry?.text ?? "").rows.length;
    expect(r.stdout).toBe(
      `Wrote 1 month of synthetic demonstration data (2021-06 to 2021-06, seed 3, default size, ${formatNumber(rows)} rows) to demo\n`,
    );
  });

  it("gives the same bytes in a child process in another time zone (fixed DOS timestamps)", async () => {
    const cwd = tempDir();
    const args = ["--from", "2021-06", "--to", "2021-06", "--quiet"];
    expect((await runCli(["demo-data", "--out", "a", ...args], { cwd })).code).toBe(0);
    const child = spawnCli(["demo-data", "--out", join(cwd, "b"), ...args], {
      env: { TZ: "Pacific/Auckland" },
    });
    expect(child.stderr).toBe("");
    expect(child.code).toBe(0);
    expect(sha(join(cwd, "b", JUNE))).toBe(sha(join(cwd, "a", JUNE)));
  });

  it.each([
    [["--from", "2021-6"], '--from: expected a month as YYYY-MM, got "2021-6"'],
    [["--to", "June"], '--to: expected a month as YYYY-MM, got "June"'],
    [["--from", "2021-07", "--to", "2021-06"], "--from 2021-07 is after --to 2021-06"],
    [["--from", "2010-01"], "--from: the demo data covers 2012-10 to 2025-12, got 2010-01"],
    // Ingest would refuse it: the same words as ingest's refusal.
    [
      ["--from", "2015-09", "--to", "2015-10"],
      "--from: 2015-09 is before 2015-10, the first month with a Full CSV data file",
    ],
    [["--seed", "abc"], '--seed: expected a whole number, got "abc"'],
    [["--seed", "1.5"], '--seed: expected a whole number, got "1.5"'],
  ])("rejects %j with exit code 2 and writes nothing", async (flags, message) => {
    const cwd = tempDir();
    const r = await runCli(["demo-data", "--out", "demo", ...flags], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rationwatch demo-data: ${message}\n`);
    expect(r.stdout).toBe("");
    expect(existsSync(join(cwd, "demo"))).toBe(false);
  });

  it("requires --out and rejects unknown flags", async () => {
    const r = await runCli(["demo-data"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "rationwatch demo-data: --out DIR is required (see 'rationwatch demo-data --help')\n",
    );
    const u = await runCli(["demo-data", "--out", "x", "--size", "big"]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("Unknown option '--size'");
  });

  it("refuses an --out folder with other files in it, leaving it untouched", async () => {
    const cwd = tempDir();
    const out = join(cwd, "downloads");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(out);
    writeFileSync(join(out, "Full-CSV-data-file-Jun21-ZIP-3110K-54792.zip"), "a real download");
    const r = await runCli(
      ["demo-data", "--out", "downloads", "--from", "2021-06", "--to", "2021-06"],
      { cwd },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `rationwatch demo-data: --out: ${out} holds files that are not demo data ("Full-CSV-data-file-Jun21-ZIP-3110K-54792.zip"); choose an empty or new directory\n`,
    );
    expect(readdirSync(out)).toEqual(["Full-CSV-data-file-Jun21-ZIP-3110K-54792.zip"]);
  });

  it("overwrites a folder that holds only demo zips", async () => {
    const cwd = tempDir();
    const args = ["demo-data", "--out", "d", "--from", "2021-06", "--to", "2021-06"];
    expect((await runCli([...args, "--seed", "1"], { cwd })).code).toBe(0);
    const before = sha(join(cwd, "d", JUNE));
    expect((await runCli([...args, "--seed", "2"], { cwd })).code).toBe(0);
    expect(sha(join(cwd, "d", JUNE))).not.toBe(before);
  });

  it("has a --help that says the data is synthetic", async () => {
    const r = await runCli(["demo-data", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: rationwatch demo-data --out DIR");
    expect(r.stdout).toContain("none of it is real NHS data");
  });
});
