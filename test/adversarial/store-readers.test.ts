/**
 * Attack: many readers at once, and readers where nothing may be written. Every read command opens the
 * store READ_ONLY (no migration), so none of them takes the write lock or writes a byte.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { beforeAll, describe, expect, it } from "vitest";

import { Store } from "../../src/store/db.ts";
import { storeVersion } from "../../src/store/snapshot.ts";
import { runCli } from "../helpers/cli.ts";

import { adversarialDir, canMountTmpfs, mountTmpfs, spawnCliAsync } from "./helpers.ts";

const RBD = fileURLToPath(
  new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url),
);

let dir: string;
let db: string;

beforeAll(async () => {
  dir = adversarialDir();
  db = join(dir, "store.duckdb");
  const r = await runCli(["ingest", RBD, "--db", db, "--quiet"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
});

const READS = [
  ["status", "--format", "json"],
  ["areas", "--format", "json"],
  ["variation", "--from", "2024-11", "--to", "2024-11", "--format", "json"],
  ["waits", "--month", "2024-11", "--format", "json"],
  ["status"],
];

describe("parallel readers", () => {
  it("5 read commands in 5 processes at once all succeed and write nothing", async () => {
    const before = storeVersion(db);
    const results = await Promise.all(READS.map((argv) => spawnCliAsync([...argv, "--db", db])));
    for (const [i, r] of results.entries()) {
      expect({ command: READS[i]?.[0], stderr: r.stderr, code: r.code }).toEqual({
        command: READS[i]?.[0],
        stderr: "",
        code: 0,
      });
    }
    expect(JSON.parse(results[0]?.stdout ?? "").periods[0].rows).toBe(512);
    expect(storeVersion(db)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["store.duckdb"]);
  });

  it("a reader succeeds while another program holds the store open read-only", async () => {
    const holder = await Store.open(db, { readOnly: true });
    try {
      const r = await spawnCliAsync(["status", "--format", "json", "--db", db]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    } finally {
      holder.close();
    }
  });
});

describe("read-only stores", () => {
  it("reads a store file with no write permission, changing nothing", async () => {
    const copy = join(adversarialDir(), "readonly.duckdb");
    copyFileSync(db, copy);
    chmodSync(copy, 0o444);
    const before = storeVersion(copy);
    const r = await runCli(["status", "--format", "json", "--db", copy]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).periods.map((p: { month: string }) => p.month)).toEqual([
      "2024-11",
    ]);
    expect(storeVersion(copy)).toBe(before);
    expect(existsSync(`${copy}.wal`)).toBe(false);
    expect(existsSync(`${copy}.lock`)).toBe(false);
  });

  describe.runIf(canMountTmpfs())("on a read-only mount (tmpfs, remounted ro)", () => {
    it("every read command answers", async () => {
      const mount = mountTmpfs("16m");
      try {
        copyFileSync(db, join(mount.dir, "store.duckdb"));
        expect(spawnSync("mount", ["-o", "remount,ro", mount.dir]).status).toBe(0);
        const onMount = join(mount.dir, "store.duckdb");
        const results = await Promise.all(
          READS.slice(0, 4).map((argv) => spawnCliAsync([...argv, "--db", onMount])),
        );
        for (const r of results)
          expect({ stderr: r.stderr, code: r.code }).toEqual({ stderr: "", code: 0 });
      } finally {
        mount.unmount();
      }
    });

    it("a store that needs updating says so in one line instead of failing in SQL", async () => {
      const mount = mountTmpfs("16m");
      try {
        const old = join(mount.dir, "old.duckdb");
        (await Store.open(old)).close(); // schema, but no reference geography: an older store
        expect(spawnSync("mount", ["-o", "remount,ro", mount.dir]).status).toBe(0);
        const r = await runCli(["areas", "--db", old]);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          `rationwatch areas: the store at ${old} was written by an older Ration Watch and needs updating, which this run cannot do (cannot write the store at ${old}: the file system is read-only (a writer needs to create files beside it)); run any command again where the store can be written\n`,
        );
      } finally {
        mount.unmount();
      }
    });
  });
  if (!canMountTmpfs())
    console.log("read-only mount tests not run: this machine cannot mount a tmpfs");
});
