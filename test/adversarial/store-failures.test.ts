/**
 * Attack: the machine gets in the way — a full disk, a store that is a folder, empty, damaged, held
 * by another program, behind a broken link, in a missing folder, with an absurd name. Each is one line
 * naming the path and what to do (exit 1), never "unexpected error", and the store is unchanged.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { beforeAll, describe, expect, it } from "vitest";

import { environmentMessage } from "../../src/cli/main.ts";
import { Store } from "../../src/store/db.ts";
import { storeVersion } from "../../src/store/snapshot.ts";
import { repoRoot, runCli } from "../helpers/cli.ts";
import { writeFixture } from "../ingest/rtt-fixture.ts";

import { adversarialDir, canMountTmpfs, monthCsv, mountTmpfs } from "./helpers.ts";

const RBD = fileURLToPath(
  new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url),
);

let dir: string;
let db: string;

beforeAll(async () => {
  dir = adversarialDir();
  db = join(dir, "store.duckdb");
  expect((await runCli(["ingest", RBD, "--db", db, "--quiet"])).code).toBe(0);
});

describe("the first error wins", () => {
  it("a ROLLBACK that fails after DuckDB aborted the transaction does not hide the real error", async () => {
    const store = await Store.open(":memory:");
    try {
      // The transaction is gone (as after a disk-full error) when the real failure is thrown.
      const error = await store
        .transaction(async () => {
          await store.run("COMMIT");
          throw new Error("the real failure");
        })
        .catch((e: unknown) => e);
      expect((error as Error).message).toBe("the real failure");
    } finally {
      store.close();
    }
  });
});

describe.runIf(canMountTmpfs())("disk full (a small tmpfs)", () => {
  it("while loading: says the disk is full, names the store, and the store is unchanged", async () => {
    const mount = mountTmpfs("10m");
    try {
      const small = join(mount.dir, "store.duckdb");
      copyFileSync(db, small);
      const before = storeVersion(small);
      const big = writeFixture(adversarialDir(), "rtt-2024-05.csv", monthCsv("2024-05", 500));
      const r = await runCli(["ingest", big, "--db", small, "--quiet"]);
      expect(r.stderr).toBe(
        `rationwatch ingest: disk full while writing the store at ${small}: the store is unchanged (free some space and run again)\n`,
      );
      expect(r.code).toBe(1);
      expect(storeVersion(small)).toBe(before);
      expect(readdirSync(mount.dir)).toEqual(["store.duckdb"]);
      const status = await runCli(["status", "--db", small, "--format", "json"]);
      expect(JSON.parse(status.stdout).periods.map((p: { month: string }) => p.month)).toEqual([
        "2024-11",
      ]);
    } finally {
      mount.unmount();
    }
  });

  it("when even the snapshot copy does not fit: the same message, nothing left behind", async () => {
    const mount = mountTmpfs("6m");
    try {
      const small = join(mount.dir, "store.duckdb");
      copyFileSync(db, small);
      const before = storeVersion(small);
      const r = await runCli(["ingest", RBD, "--db", small, "--quiet"]);
      expect(r.stderr).toBe(
        `rationwatch ingest: disk full while writing the store at ${small}: the store is unchanged (free some space and run again)\n`,
      );
      expect(r.code).toBe(1);
      expect(storeVersion(small)).toBe(before);
      expect(readdirSync(mount.dir)).toEqual(["store.duckdb"]);
    } finally {
      mount.unmount();
    }
  });
});
if (!canMountTmpfs()) console.log("disk-full tests not run: this machine cannot mount a tmpfs");

describe("store paths that are not stores", () => {
  const cases: Array<[string, () => string, (p: string) => string]> = [
    [
      "a folder",
      () => adversarialDir(),
      (p) => `${p} is a folder, not a store file (give --db a file name inside it)`,
    ],
    [
      "an empty file",
      () => writeFixture(adversarialDir(), "empty.duckdb", ""),
      (p) =>
        `${p} is an empty file, not a Ration Watch store (delete it, or give --db another file)`,
    ],
    [
      "a file that is not DuckDB",
      () => writeFixture(adversarialDir(), "junk.duckdb", "not a database\n".repeat(1000)),
      (p) =>
        `${p} is not a Ration Watch store (not a DuckDB database, or damaged): give --db another file, or move this one aside and load the data again`,
    ],
    [
      "a dangling symbolic link",
      () => {
        const p = join(adversarialDir(), "link.duckdb");
        symlinkSync("/nonexistent/rationwatch.duckdb", p);
        return p;
      },
      (p) => `${p} is a symbolic link to a missing file (fix the link, or give --db the real file)`,
    ],
    [
      "a symbolic link loop",
      () => {
        const d = adversarialDir();
        symlinkSync(join(d, "b.duckdb"), join(d, "a.duckdb"));
        symlinkSync(join(d, "a.duckdb"), join(d, "b.duckdb"));
        return join(d, "a.duckdb");
      },
      (p) => `${p}: symbolic link loop (fix or remove the link)`,
    ],
    [
      "a name too long",
      () => join(adversarialDir(), `${"x".repeat(300)}.duckdb`),
      (p) => `${p}: the file name is too long (choose a shorter --db)`,
    ],
  ];
  for (const [what, make, expected] of cases) {
    for (const command of [["status"], ["ingest", RBD, "--quiet"]]) {
      it(`${command[0]} on ${what}: one line naming it (exit 1), nothing written`, async () => {
        const path = make();
        const parent = join(path, "..");
        const before = readdirSync(parent).sort();
        const r = await runCli([...command, "--db", path]);
        expect(r.stderr).toBe(`rationwatch ${command[0]}: ${expected(path)}\n`);
        expect(r.code).toBe(1);
        expect(readdirSync(parent).sort()).toEqual(before);
      });
    }
  }

  it("ingest into a folder that does not exist says which folder (exit 1)", async () => {
    const path = join(adversarialDir(), "no-such-folder", "store.duckdb");
    const r = await runCli(["ingest", RBD, "--db", path, "--quiet"]);
    expect(r.stderr).toBe(
      `rationwatch ingest: cannot open the store at ${path}: its folder ${join(path, "..")} does not exist (create it first)\n`,
    );
    expect(r.code).toBe(1);
  });

  it("status --db :memory: is a usage error (exit 2)", async () => {
    const r = await runCli(["status", "--db", ":memory:"]);
    expect(r.stderr).toBe(
      "rationwatch status: --db :memory: is an empty in-memory store, with nothing to read: give the store file (default ./rationwatch.duckdb)\n",
    );
    expect(r.code).toBe(2);
  });

  it("report --out naming a file is a usage error naming it (exit 2), the file untouched", async () => {
    const out = writeFixture(adversarialDir(), "report.txt", "keep me\n");
    const r = await runCli(["report", "--out", out, "--db", db, "--no-pdf"]);
    expect(r.stderr).toBe(
      `rationwatch report: --out ${out} is a file, not a folder (give a folder for the report)\n`,
    );
    expect(r.code).toBe(2);
  });
});

describe("another program holds the store", () => {
  it("readers and writers say the store is in use, naming it and the process (exit 1)", async () => {
    const held = join(adversarialDir(), "held.duckdb");
    copyFileSync(db, held);
    // A foreign program with the store open read-write (DuckDB's exclusive lock).
    const child = spawn(
      process.execPath,
      [
        "-e",
        `const { DuckDBInstance } = require("@duckdb/node-api");
         DuckDBInstance.create(process.argv[1]).then(() => { console.log("ready"); setInterval(() => {}, 1000); });`,
        held,
      ],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise((resolve) => child.stdout.once("data", resolve));
      const before = storeVersion(held);
      for (const command of [["status"], ["ingest", RBD, "--quiet"]]) {
        const r = await runCli([...command, "--db", held]);
        expect(r.stderr).toBe(
          `rationwatch ${command[0]}: the store at ${held} is in use by another program (process ${child.pid}): wait for it to finish, or close it, and run again\n`,
        );
        expect(r.code).toBe(1);
      }
      expect(storeVersion(held)).toBe(before);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("file-system errors outside the store", () => {
  it("EACCES, ELOOP, ENOENT… become one line naming the path and what to do", () => {
    const error = (code: string, path: string) =>
      Object.assign(new Error(`${code}: something, open '${path}'`), { code, path });
    // Tests run as root, where chmod does not bite: the mapping is checked on the error itself.
    expect(environmentMessage(error("EACCES", "/data/rtt.csv"))).toBe(
      "/data/rtt.csv: permission denied (check its permissions, or run as a user who may use it)",
    );
    expect(environmentMessage(error("ELOOP", "/data/loop"))).toBe(
      "/data/loop: symbolic link loop (fix or remove the link)",
    );
    expect(environmentMessage(error("ENOSPC", "/tmp/x"))).toBe(
      "/tmp/x: disk full (free some space and run again)",
    );
    expect(environmentMessage(new Error("no code"))).toBeUndefined();
  });

  it.runIf(process.getuid?.() !== 0)("an unreadable input file (not root)", async () => {
    const d = adversarialDir();
    const file = writeFixture(d, "rtt.csv", monthCsv("2024-01", 2));
    (await import("node:fs")).chmodSync(file, 0o000);
    const r = await runCli(["ingest", file, "--db", join(d, "s.duckdb"), "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).not.toContain("unexpected error");
  });
});

describe("a folder where a file is needed, files where folders are needed", () => {
  it("ingest of a dangling symbolic link names it (exit 1), creating no store", async () => {
    const d = adversarialDir();
    const link = join(d, "gone.csv");
    symlinkSync(join(d, "missing.csv"), link);
    mkdirSync(join(d, "db"));
    const r = await runCli(["ingest", link, "--db", join(d, "db", "s.duckdb"), "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `rationwatch ingest: ${link}: a symbolic link to ${join(d, "missing.csv")}, which does not exist\n`,
    );
    expect(readdirSync(join(d, "db"))).toEqual([]);
    writeFileSync(join(d, "unused"), "");
  });
});
