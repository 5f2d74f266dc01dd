/**
 * Attack: read while loading, two writers at once, a writer killed or interrupted mid-load. Writers
 * change a snapshot and swap it in atomically (store/snapshot.ts), so readers never wait and never see
 * half a month, and a dead writer leaves the store as it was.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { lockFileOf, storeVersion } from "../../src/store/snapshot.ts";
import { repoRoot, runCli } from "../helpers/cli.ts";
import { writeFixture } from "../ingest/rtt-fixture.ts";

import { adversarialDir, monthCsv, rowsPerMonth } from "./helpers.ts";

const COMMISSIONERS = 120;
const MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"];
let files: string[];

beforeAll(() => {
  const dir = adversarialDir();
  files = MONTHS.map((m) => writeFixture(dir, `rtt-${m}.csv`, monthCsv(m, COMMISSIONERS)));
});

interface Read {
  ok: boolean;
  error?: string;
  months?: Array<{ month: string; recorded: number; actual: number }>;
}

function startReader(db: string, stop: string, out: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", `${repoRoot}test/adversarial/reader-loop.ts`, db, stop, out],
    { cwd: repoRoot, stdio: "ignore" },
  );
  return new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
}

/**
 * The reads a reader has recorded: its complete lines only, since the file can be caught between a
 * reader's append creating it and writing the line (read then as "", which once failed CI).
 */
function reads(out: string): Read[] {
  if (!existsSync(out)) return [];
  const text = readFileSync(out, "utf8");
  return text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Read);
}

async function until(check: () => boolean, ms = 60_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("readers during a multi-month load", () => {
  it("every read succeeds and every month a reader sees is complete", async () => {
    const dir = adversarialDir();
    const db = join(dir, "store.duckdb");
    expect((await runCli(["ingest", files[0] as string, "--db", db, "--quiet"])).code).toBe(0);
    const stop = join(dir, "stop");
    const outs = [0, 1].map((i) => join(dir, `reads-${i}.jsonl`));
    const readers = outs.map((out) => startReader(db, stop, out));
    // Start loading once both readers have read the first state.
    await until(() => outs.every((o) => reads(o).length > 0));
    const load = await runCli(["ingest", ...files.slice(1), "--db", db, "--quiet"]);
    expect(load.stderr).toBe("");
    expect(load.code).toBe(0);
    writeFileSync(stop, "");
    expect(await Promise.all(readers)).toEqual([0, 0]);

    const all = outs.flatMap(reads);
    expect(all.filter((r) => !r.ok)).toEqual([]);
    for (const r of all)
      for (const m of r.months ?? []) {
        expect(m.actual).toBe(m.recorded);
        expect(m.actual).toBe(rowsPerMonth(COMMISSIONERS));
      }
    // Each reader saw the store before the load, and the last read (after it) sees every month.
    const seen = (r: Read) => (r.months ?? []).map((m) => m.month);
    for (const out of outs) {
      const list = reads(out);
      expect(seen(list[0] as Read)).toEqual(["2024-01"]);
      expect(seen(list[list.length - 1] as Read)).toEqual(MONTHS);
      // A reader only ever sees the state before the load or after it: the load is one swap.
      for (const r of list) expect([1, MONTHS.length]).toContain(seen(r).length);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith("store.duckdb"))).toEqual(["store.duckdb"]);
  });
});

describe("writers", () => {
  it("a second writer is refused with a one-line message while the lock is held; the store is untouched", async () => {
    const dir = adversarialDir();
    const db = join(dir, "store.duckdb");
    expect((await runCli(["ingest", files[0] as string, "--db", db, "--quiet"])).code).toBe(0);
    const before = storeVersion(db);
    // A live process (this one) holds the lock, as a running ingest would.
    writeFileSync(
      lockFileOf(db),
      `${process.pid}\n${(await import("node:os")).hostname()}\n2026-01-15T12:00:00.000Z\n`,
    );
    const r = await runCli(["ingest", files[1] as string, "--db", db, "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `rationwatch ingest: the store at ${db} is being written by another rationwatch run (process ${process.pid} since 2026-01-15T12:00:00.000Z): wait for it to finish and run again (if no run is active, delete ${db}.lock)\n`,
    );
    expect(storeVersion(db)).toBe(before);
    // Readers are not held up by the lock.
    expect((await runCli(["status", "--db", db, "--format", "json"])).code).toBe(0);
  });

  it("a lock left by a process that died is taken over", async () => {
    const dir = adversarialDir();
    const db = join(dir, "store.duckdb");
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["-e", ""]);
      const pid = child.pid ?? 0;
      child.on("close", () => resolve(pid));
    });
    writeFileSync(lockFileOf(db), `${dead}\n${(await import("node:os")).hostname()}\nthen\n`);
    const r = await runCli(["ingest", files[0] as string, "--db", db, "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(lockFileOf(db))).toBe(false);
  });

  it("kill -9 in the middle of a load leaves the store as it was, and the next load cleans up", async () => {
    const dir = adversarialDir();
    const db = join(dir, "store.duckdb");
    expect((await runCli(["ingest", files[0] as string, "--db", db, "--quiet"])).code).toBe(0);
    const before = storeVersion(db);
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        `${repoRoot}src/cli/bin.ts`,
        "ingest",
        ...files.slice(1),
        "--db",
        db,
        "--quiet",
      ],
      { cwd: repoRoot, stdio: "ignore" },
    );
    const closed = new Promise((r) => child.on("close", r));
    await until(() => readdirSync(dir).some((f) => f.startsWith("store.duckdb.next-")));
    child.kill("SIGKILL");
    await closed;
    expect(storeVersion(db)).toBe(before);
    const status = await runCli(["status", "--db", db, "--format", "json"]);
    expect(JSON.parse(status.stdout).periods.map((p: { month: string }) => p.month)).toEqual([
      "2024-01",
    ]);
    const again = await runCli(["ingest", ...files.slice(1), "--db", db, "--quiet"]);
    expect(again.code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith("store.duckdb"))).toEqual(["store.duckdb"]);
  });

  it("Ctrl-C (SIGINT) in the middle of a load: one line, exit 130, no snapshot or lock left, every month whole", async () => {
    const dir = adversarialDir();
    const db = join(dir, "store.duckdb");
    expect((await runCli(["ingest", files[0] as string, "--db", db, "--quiet"])).code).toBe(0);
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        `${repoRoot}src/cli/bin.ts`,
        "ingest",
        ...files.slice(1),
        "--db",
        db,
        "--quiet",
      ],
      { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    await until(() => readdirSync(dir).some((f) => f.startsWith("store.duckdb.next-")));
    child.kill("SIGINT");
    expect(await closed).toBe(130);
    expect(stderr).toMatch(/^rationwatch ingest: interrupted \(SIGINT\): [^\n]*\n$/);
    expect(readdirSync(dir).filter((f) => f.startsWith("store.duckdb"))).toEqual(["store.duckdb"]);
    const status = await runCli(["status", "--db", db, "--format", "json"]);
    const periods = JSON.parse(status.stdout).periods as Array<{ month: string; rows: number }>;
    expect(periods[0]?.month).toBe("2024-01");
    for (const p of periods) expect(p.rows).toBe(rowsPerMonth(COMMISSIONERS));
  });
});
