// Attacks on what ingest is given rather than what the rows say (issue #11 items 10 and 11): zips
// with two extracts, oversized entries, FIFOs, empty paths, symlink loops, a bad month among good
// ones, and Ctrl-C half way. Every input is generated here.
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { EnvironmentError } from "../../src/errors.ts";
import { extractZipEntry } from "../../src/ingest/zip.ts";
import { repoRoot, runCli } from "../helpers/cli.ts";
import {
  fixtureCsv,
  sampleRows,
  tempDir,
  writeFixture,
  writeZip,
  type FixtureRow,
} from "../ingest/rtt-fixture.ts";

const csv = (period: string, scale = 1) => fixtureCsv({ period, rows: sampleRows(scale) });
const periods = async (db: string) =>
  (
    JSON.parse((await runCli(["status", "--db", db, "--format", "json"])).stdout) as {
      periods: { month: string }[];
    }
  ).periods.map((p) => p.month);

describe("11. zips with more than one extract", () => {
  it.each([
    ["one month twice", "RTT-May-2024", "RTT-May-2024"],
    ["two months", "RTT-May-2024", "RTT-June-2024"],
  ])("refuses a zip holding two full-extract CSVs (%s), naming both", async (_, a, b) => {
    const d = tempDir();
    const zip = await writeZip(d, "two.zip", [
      { name: "a-full-extract.csv", text: csv(a) },
      { name: "b-full-extract.csv", text: csv(b) },
    ]);
    const db = join(d, "s.duckdb");
    const r = await runCli(["ingest", zip, "--db", db]);
    expect(r.stderr).toBe(
      `rationwatch ingest: ${zip}: the zip holds 2 full-extract CSVs ("a-full-extract.csv", ` +
        '"b-full-extract.csv"): give each extract its own zip or unpack them\n',
    );
    expect(r.code).toBe(1);
    expect(existsSync(db)).toBe(false);
  });

  it("ignores macOS litter named like the extract (as in NHS England's real zip)", async () => {
    const d = tempDir();
    const zip = await writeZip(d, "real-shape.zip", [
      { name: "x-full-extract.csv", text: csv("RTT-May-2024") },
      { name: "__MACOSX/._x-full-extract.csv", text: "\u0000\u0005junk" },
    ]);
    const db = join(d, "s.duckdb");
    expect((await runCli(["ingest", zip, "--db", db])).code).toBe(0);
    expect(await periods(db)).toEqual(["2024-05"]);
  });
});

describe("10. unpacked size is capped", () => {
  it("refuses an entry whose directory says it unpacks beyond the limit, before unpacking", async () => {
    const d = tempDir();
    const zip = await writeZip(d, "bomb.zip", [
      { name: "x-full-extract.csv", text: csv("RTT-May-2024") },
    ]);
    const bytes = readFileSync(zip);
    const central = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0xfffffff0, central + 24); // uncompressed size: 4,294,967,280 bytes
    writeFileSync(zip, bytes);
    const r = await runCli(["ingest", zip, "--db", join(d, "s.duckdb")]);
    expect(r.stderr).toBe(
      `rationwatch ingest: ${zip}: "x-full-extract.csv" would unpack to 4,295 MB, more than the 1,074 MB limit (a real month is under 100 MB): not unpacked\n`,
    );
    expect(r.code).toBe(1);
  });

  it("stops unpacking as soon as the bytes pass the limit, whatever the directory says", async () => {
    const d = tempDir();
    const text = csv("RTT-May-2024", 3).repeat(50);
    const zip = await writeZip(d, "big.zip", [{ name: "x-full-extract.csv", text }]);
    const dest = join(d, "out.csv");
    await expect(extractZipEntry(zip, "x-full-extract.csv", dest, 4096)).rejects.toThrow(
      `${zip}: corrupt zip entry "x-full-extract.csv" (unpacks to more than the 0 MB limit)`,
    );
    expect(existsSync(dest) ? statSync(dest).size : 0).toBeLessThanOrEqual(4096);
  });
});

describe("12. a full temporary folder", () => {
  it.runIf(existsSync("/dev/full"))(
    "is named as a full disk with the folder, not as a corrupt zip",
    async () => {
      const d = tempDir();
      const zip = await writeZip(d, "m.zip", [
        { name: "x-full-extract.csv", text: csv("RTT-May-2024") },
      ]);
      // Writing to /dev/full fails with ENOSPC, as a full temporary folder does.
      const e = await extractZipEntry(zip, "x-full-extract.csv", "/dev/full").catch(
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(EnvironmentError);
      expect((e as Error).message).toBe(
        `disk full while unpacking "x-full-extract.csv" from ${zip} into /dev: free some space or point TMPDIR at a bigger folder, and run again (the store is unchanged)`,
      );
    },
  );
});

describe("11. paths that are not plain files", () => {
  it("refuses a FIFO instead of waiting on it forever", async () => {
    const d = tempDir();
    const fifo = join(d, "extract.csv");
    execFileSync("mkfifo", [fifo]);
    const r = await runCli(["ingest", fifo, "--db", join(d, "s.duckdb")]);
    expect(r.stderr).toBe(
      `rationwatch ingest: ${fifo}: not a regular file (a pipe, socket or device cannot be ingested: save it to a file first)\n`,
    );
    expect(r.code).toBe(1);
  });

  it("skips a FIFO inside a folder", async () => {
    const d = tempDir();
    writeFixture(d, "data/a.csv", csv("RTT-May-2024"));
    execFileSync("mkfifo", [join(d, "data", "b.csv")]);
    const db = join(d, "s.duckdb");
    expect((await runCli(["ingest", join(d, "data"), "--db", db])).code).toBe(0);
    expect(await periods(db)).toEqual(["2024-05"]);
  });

  it("refuses an empty path rather than ingesting the current folder", async () => {
    const d = tempDir();
    writeFixture(d, "a.csv", csv("RTT-May-2024"));
    const db = join(d, "s.duckdb");
    const r = await runCli(["ingest", "", "--db", db], { cwd: d });
    expect(r.stderr).toBe("rationwatch ingest: an empty path was given (give a file or folder)\n");
    expect(r.code).toBe(2);
    expect(existsSync(db)).toBe(false);
  });

  it("walks a folder with a symbolic-link loop once", async () => {
    const d = tempDir();
    writeFixture(d, "data/2024/a.csv", csv("RTT-May-2024"));
    symlinkSync(join(d, "data"), join(d, "data", "2024", "loop"));
    symlinkSync(join(d, "data", "nowhere"), join(d, "data", "dangling.csv"));
    const db = join(d, "s.duckdb");
    const r = await runCli(["ingest", join(d, "data"), "--db", db]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await periods(db)).toEqual(["2024-05"]);
    expect(r.stdout).not.toContain("Skipped");
  });
});

describe("11. a bad month among good ones", () => {
  it("loads April, May and July, leaves June as the store held it, and says so", async () => {
    const d = tempDir();
    const db = join(d, "s.duckdb");
    const junePath = writeFixture(d, "jun.csv", csv("RTT-June-2024", 1));
    expect((await runCli(["ingest", junePath, "--db", db])).code).toBe(0);
    const juneBefore = (await runCli(["status", "--db", db, "--format", "json"])).stdout;

    const rows = sampleRows(2).map((r, i): FixtureRow =>
      i === 4 ? { ...r, cells: { "Total All": "lots" } } : r,
    );
    const files = [
      writeFixture(d, "apr.csv", csv("RTT-April-2024", 2)),
      writeFixture(d, "may.csv", csv("RTT-May-2024", 2)),
      writeFixture(d, "bad-jun.csv", fixtureCsv({ period: "RTT-June-2024", rows })),
      writeFixture(d, "jul.csv", csv("RTT-July-2024", 2)),
    ];
    const r = await runCli(["ingest", ...files, "--db", db]);
    expect(r.code).toBe(1);
    const problem = `${files[2]}:6 (column "Total All"): "lots" is not a whole number`;
    expect(r.stderr).toBe(
      `rationwatch ingest: 1 of 4 periods not loaded (listed above); first: ${problem}\n`,
    );
    expect(r.stdout).toMatch(/^Loaded 3 periods:\n {2}2024-04 .*\n {2}2024-05 .*\n {2}2024-07 /);
    expect(r.stdout).toContain(
      `Not loaded (1 file; the store keeps what it held for these months):\n  2024-06  ${problem}\n`,
    );
    expect(await periods(db)).toEqual(["2024-04", "2024-05", "2024-06", "2024-07"]);
    const june = (s: string) =>
      (JSON.parse(s) as { periods: { month: string }[] }).periods.find(
        (p) => p.month === "2024-06",
      );
    expect(june((await runCli(["status", "--db", db, "--format", "json"])).stdout)).toEqual(
      june(juneBefore),
    );
  });

  it("removes a store it created when no file loads", async () => {
    const d = tempDir();
    const bad = (name: string, period: string) =>
      writeFixture(d, name, fixtureCsv({ period, rows: [...sampleRows(), ...sampleRows()] }));
    const files = [bad("a.csv", "RTT-April-2024"), bad("b.csv", "RTT-May-2024")];
    const db = join(d, "s.duckdb");
    const r = await runCli(["ingest", ...files, "--db", db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^rationwatch ingest: .*a\.csv:15: row .* repeats line 2: .* \(and 1 more file not loaded\)\n$/,
    );
    expect(existsSync(db)).toBe(false);
  });
});

describe("10. interrupted runs leave no temporary files and no store they created", () => {
  let zips: string[] = [];
  beforeAll(async () => {
    // Two fat months, so the run is still busy when the signal comes.
    const d = tempDir();
    zips = [];
    for (const [i, month] of ["April", "May"].entries()) {
      const rows = Array.from({ length: 800 }, (_, p) =>
        sampleRows(p + i).map((r) => ({ ...r, provider: `R${String(p).padStart(4, "0")}` })),
      ).flat();
      zips.push(
        await writeZip(d, `${month}.zip`, [
          { name: "x-full-extract.csv", text: fixtureCsv({ period: `RTT-${month}-2024`, rows }) },
        ]),
      );
    }
  });

  it.each(["SIGINT", "SIGTERM"] as const)("%s half way through a zip", async (signal) => {
    const d = tempDir();
    const tmp = join(d, "tmp");
    mkdirSync(tmp);
    const db = join(d, "fresh.duckdb");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", `${repoRoot}src/cli/bin.ts`, "ingest", ...zips, "--db", db, "--quiet"],
      { cwd: repoRoot, env: { ...process.env, TZ: "UTC", TMPDIR: tmp } },
    );
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    // Wait until an extract has been unpacked into the temporary folder, then interrupt.
    const unpacked = () =>
      readdirSync(tmp).some(
        (f) => f.startsWith("rationwatch-ingest-") && readdirSync(join(tmp, f)).length > 0,
      );
    const deadline = Date.now() + 50_000;
    while (!unpacked() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(unpacked()).toBe(true);
    child.kill(signal);
    const code = await exited;
    expect(stderr).toBe(
      `rationwatch ingest: interrupted (${signal}): the month in progress was rolled back\n`,
    );
    expect(code).toBe(signal === "SIGINT" ? 130 : 143);
    // (tsx, which runs the source, keeps its own cache there.)
    expect(readdirSync(tmp).filter((f) => f.startsWith("rationwatch"))).toEqual([]);
    expect(existsSync(db)).toBe(false);
    expect(existsSync(`${db}.wal`)).toBe(false);
  });
});
