import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { withStore } from "../../src/store/db.ts";
import { runCli } from "../helpers/cli.ts";

function files(contents: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "rw-xw-"));
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return { dir, db: join(dir, "store.duckdb") };
}

describe("rationwatch crosswalk", () => {
  it("imports entries, replaces one for the same old code and month, and lists them", async () => {
    const { dir, db } = files({
      "a.csv":
        "old_code,new_code,from_month,note\n02N,36J,2020-04,Airedale into Bradford\n02R,36J,2020-04,\n",
      "b.csv": "old_code,new_code,from_month\n02N,15F,2020-04\n",
    });
    expect(await runCli(["crosswalk", "import", "a.csv", "--db", db], { cwd: dir })).toEqual({
      code: 0,
      stdout: "Imported 2 crosswalk entries from a.csv\n",
      stderr: "",
    });
    await runCli(["crosswalk", "import", "b.csv", "--db", db], { cwd: dir });
    const rows = await withStore(db, (s) =>
      s.all(
        "SELECT old_code, new_code, from_month, note, source FROM code_crosswalk WHERE source <> 'data/reference/crosswalk.csv' ORDER BY ALL",
      ),
    );
    expect(rows).toEqual([
      { old_code: "02N", new_code: "15F", from_month: "2020-04", note: null, source: "b.csv" },
      { old_code: "02R", new_code: "36J", from_month: "2020-04", note: null, source: "a.csv" },
    ]);
    const list = await runCli(["crosswalk", "list", "--db", db, "--format", "csv"]);
    expect(list.stdout.split("\r\n")).toContain("02N,15F,2020-04,,b.csv");
    expect(list.stdout.split("\r\n")).toContain(
      "03R,03R,2022-07,CCG April 2021 to sub-ICB location July 2022,data/reference/crosswalk.csv",
    );
  });

  it.each([
    [
      "old,new,month\n02N,36J,2020-04\n",
      'bad.csv:1: not a crosswalk file: the header must start old_code,new_code,from_month (got "old,new,month")',
    ],
    [
      "old_code,new_code,from_month\n02N,36J,2020-4\n",
      'bad.csv:2 (column "from_month"): expected YYYY-MM, got "2020-4"',
    ],
    [
      "old_code,new_code,from_month\n02N,36J,2020-04\n0-N,36J,2020-04\n",
      'bad.csv:3 (column "old_code"): not an organisation code: "0-N"',
    ],
    [
      "old_code,new_code,from_month\n02N,ZZZ,2020-04\n",
      'bad.csv:2 (column "new_code"): unknown area code "ZZZ": a crosswalk must lead to a CCG or sub-ICB code of the reference geography',
    ],
  ])("rejects a bad file (exit 1) without writing: %j", async (text, message) => {
    const { dir, db } = files({
      "bad.csv": text,
      "good.csv": "old_code,new_code,from_month\n02R,36J,2020-04\n",
    });
    await runCli(["crosswalk", "import", "good.csv", "--db", db], { cwd: dir });
    const r = await runCli(["crosswalk", "import", "bad.csv", "--db", db], { cwd: dir });
    expect(r.stderr).toBe(`rationwatch crosswalk: ${message}\n`);
    expect(r.code).toBe(1);
    const n = await withStore(db, (s) =>
      s.one<{ n: number }>(
        "SELECT count(*)::INT AS n FROM code_crosswalk WHERE source <> 'data/reference/crosswalk.csv'",
      ),
    );
    expect(n?.n).toBe(1);
  });

  it("rejects a bad command line with exit code 2", async () => {
    const r = await runCli(["crosswalk", "merge", "x.csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "rationwatch crosswalk: crosswalk: expected 'crosswalk import <file>' or 'crosswalk list' (see 'rationwatch crosswalk --help')\n",
    );
  });
});
