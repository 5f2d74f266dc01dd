import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { beforeAll, describe, expect, it } from "vitest";

import { headerColumns } from "../../src/ingest/layout.ts";
import { runCli, spawnCli } from "../helpers/cli.ts";
import {
  fixtureCsv,
  sampleRows,
  tempDir,
  writeFixture,
  writeZip,
  type FixtureRow,
} from "../ingest/rtt-fixture.ts";

const RBD = fileURLToPath(
  new URL("../fixtures/20241130-RTT-November-2024-RBD.csv", import.meta.url),
);
const BAND_3 = "Gt 03 To 04 Weeks SUM 1";

let dir: string;
let db: string;
let before: string;

beforeAll(async () => {
  dir = tempDir();
  db = join(dir, "store.duckdb");
  const r = await runCli(["ingest", RBD, "--db", db]);
  expect(r.code).toBe(0);
  before = (await runCli(["status", "--db", db, "--format", "json"])).stdout;
});

/** Sample rows (period November 2024, as in the store) with `cells` set on data row `index`. */
function rowsWith(index: number, cells: Record<string, string>): FixtureRow[] {
  return sampleRows().map((r, i) => (i === index ? { ...r, cells } : r));
}

/** Drops one column from a whole CSV text (header and rows; no quoted commas in the fixture). */
function dropColumn(text: string, name: string): string {
  const i = headerColumns("2021-04").indexOf(name);
  return text
    .split("\n")
    .map((l) =>
      l === ""
        ? l
        : l
            .split(",")
            .filter((_, j) => j !== i)
            .join(","),
    )
    .join("\n");
}

const good = () => fixtureCsv({ rows: sampleRows() });

type Case = [string, () => Promise<{ path: string; message: (p: string) => string }>];

const csvCase =
  (text: () => string, message: (p: string) => string, name = "bad.csv") =>
  async () => ({ path: writeFixture(tempDir(), name, text()), message });

const cases: Case[] = [
  [
    "a file that is not an RTT extract",
    csvCase(
      () => "a,b\n1,2\n",
      (p) => `${p}: not an RTT Full CSV extract (no header line with a "Period" column)`,
    ),
  ],
  [
    "an empty file",
    csvCase(
      () => "",
      (p) => `${p}: the file is empty`,
    ),
  ],
  [
    "a header with no rows",
    csvCase(
      () => `${headerColumns("2021-04").join(",")}\n`,
      (p) => `${p}: the file has a header but no data rows`,
    ),
  ],
  [
    "a missing column",
    csvCase(
      () => dropColumn(good(), "Total All"),
      (p) => `${p}:1: missing column "Total All"`,
    ),
  ],
  [
    "an unexpected column",
    csvCase(
      () => good().replace(/\n/g, ",\n").replace(",\n", ",Notes\n"),
      (p) => `${p}:1: unexpected column "Notes"`,
    ),
  ],
  [
    "a gap in the week bands",
    csvCase(
      () => dropColumn(good(), "Gt 05 To 06 Weeks SUM 1"),
      (p) =>
        `${p}:1: week bands are not contiguous from 0 weeks: unexpected "Gt 06 To 07 Weeks SUM 1"`,
    ),
  ],
  [
    "a count that is not a number",
    csvCase(
      () => fixtureCsv({ rows: rowsWith(5, { [BAND_3]: "12x" }) }),
      (p) => `${p}:7 (column "${BAND_3}"): "12x" is not a whole number`,
    ),
  ],
  [
    "a count with decimals",
    csvCase(
      () => fixtureCsv({ rows: rowsWith(2, { "Total All": "1.5" }) }),
      (p) => `${p}:4 (column "Total All"): "1.5" is not a whole number`,
    ),
  ],
  [
    "a negative count",
    csvCase(
      () => fixtureCsv({ rows: rowsWith(3, { [BAND_3]: "-3" }) }),
      (p) => `${p}:5 (column "${BAND_3}"): "-3" is a negative count`,
    ),
  ],
  [
    "a count too large",
    csvCase(
      () => fixtureCsv({ rows: rowsWith(3, { [BAND_3]: "3000000000" }) }),
      (p) =>
        `${p}:5 (column "${BAND_3}"): "3000000000" is too large for a count (at most 999999999)`,
    ),
  ],
  [
    "a bad count after a blank line, a multi-line field, a BOM and CRLF",
    csvCase(
      () => {
        const rows = rowsWith(5, { [BAND_3]: "7 7" });
        rows[1] = { ...(rows[1] as FixtureRow), commissionerName: "LEEDS\r\nWEST" };
        const text = fixtureCsv({ rows, bom: true, eol: "\r\n" });
        const lines = text.split("\r\n");
        lines.splice(4, 0, "");
        return lines.join("\r\n");
      },
      (p) => `${p}:9 (column "${BAND_3}"): "7 7" is not a whole number`,
    ),
  ],
  [
    "an unknown part type",
    csvCase(
      () => fixtureCsv({ rows: rowsWith(1, { "RTT Part Type": "Part_9" }) }),
      (p) =>
        `${p}:3 (column "RTT Part Type"): "Part_9" is not an RTT part type (expected Part_1A, Part_1B, Part_2, Part_2A, Part_3)`,
    ),
  ],
  [
    "a blank commissioner code",
    csvCase(
      () => fixtureCsv({ rows: rowsWith(4, { "Commissioner Org Code": "" }) }),
      (p) => `${p}:6 (column "Commissioner Org Code"): required cell is blank`,
    ),
  ],
  [
    "two periods in one file",
    csvCase(
      () => fixtureCsv({ rows: rowsWith(6, { Period: "RTT-December-2024" }) }),
      (p) =>
        `${p}:8 (column "Period"): a second period (2024-12) after 2024-11: a file must hold one period`,
    ),
  ],
  [
    "an unreadable period",
    csvCase(
      () => fixtureCsv({ period: "November 2024", rows: sampleRows() }),
      (p) =>
        `${p}:2 (column "Period"): "November 2024" is not an RTT period (expected e.g. RTT-November-2024)`,
    ),
  ],
  [
    "a line with too few fields",
    csvCase(
      () => {
        const lines = good().split("\n");
        lines[3] = (lines[3] ?? "").replace(/,[^,]*$/, "");
        return lines.join("\n");
      },
      (p) => `${p}:4: too few fields (expected 121)`,
    ),
  ],
  [
    "a path that does not exist",
    async () => ({
      path: join(tempDir(), "missing.csv"),
      message: (p) => `${p}: no such file or directory`,
    }),
  ],
  [
    "a file that is neither .csv nor .zip",
    csvCase(good, (p) => `${p}: not a .csv or .zip file`, "extract.txt"),
  ],
  [
    "a truncated zip",
    async () => {
      const d = tempDir();
      const zip = await writeZip(d, "full.zip", [{ name: "x-full-extract.csv", text: good() }]);
      const bytes = readFileSync(zip);
      writeFileSync(zip, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return {
        path: zip,
        message: (p) =>
          `${p}: not a readable zip archive (End of central directory record signature not found. Either not a zip file, or file is truncated.)`,
      };
    },
  ],
  [
    "a corrupt zip",
    async () => {
      const d = tempDir();
      const zip = await writeZip(d, "full.zip", [{ name: "x-full-extract.csv", text: good() }]);
      const bytes = readFileSync(zip);
      bytes.fill(0x55, 60, 90);
      writeFileSync(zip, bytes);
      return {
        path: zip,
        message: (p) => `${p}: corrupt zip entry "x-full-extract.csv" (invalid bit length repeat)`,
      };
    },
  ],
  [
    "a zip with no CSV in it",
    async () => {
      const zip = await writeZip(tempDir(), "full.zip", [{ name: "readme.txt", text: "hello" }]);
      return { path: zip, message: (p) => `${p}: the zip archive holds no .csv file` };
    },
  ],
  [
    "a bad count inside a zip",
    async () => {
      const text = fixtureCsv({ rows: rowsWith(0, { [BAND_3]: "n/a" }) });
      const zip = await writeZip(tempDir(), "full.zip", [{ name: "x-full-extract.csv", text }]);
      return {
        path: zip,
        message: (p) =>
          `${p}!/x-full-extract.csv:2 (column "${BAND_3}"): "n/a" is not a whole number`,
      };
    },
  ],
];

describe("ingest rejects bad input with one line, exit 1, and nothing written", () => {
  it.each(cases)("%s", async (_, make) => {
    const { path, message } = await make();
    const r = await runCli(["ingest", path, "--db", db]);
    expect(r.stderr).toBe(`rationwatch ingest: ${message(path)}\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect((await runCli(["status", "--db", db, "--format", "json"])).stdout).toBe(before);

    const fresh = join(tempDir(), "fresh.duckdb");
    const f = await runCli(["ingest", path, "--db", fresh]);
    expect(f.code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
    expect(existsSync(`${fresh}.wal`)).toBe(false);
  });

  it("stops at a bad file given after good ones, keeping the store as it was for that period", async () => {
    const d = tempDir();
    const okPath = writeFixture(
      d,
      "ok.csv",
      fixtureCsv({ period: "RTT-October-2024", rows: sampleRows() }),
    );
    const bad = writeFixture(d, "bad.csv", "a,b\n");
    const fresh = join(d, "fresh.duckdb");
    const r = await runCli(["ingest", okPath, bad, "--db", fresh]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}: not an RTT Full CSV extract`);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe("ingest command", () => {
  it("prints a summary with periods, rows, commissioners, providers, warnings and skipped files", async () => {
    const d = tempDir();
    const rows = sampleRows();
    // The Part_2 C_999 row counts one patient more than its treatment functions.
    const c999 = rows.find((r) => r.tf === "C_999" && r.part === "Part_2") as FixtureRow;
    c999.bands = { ...c999.bands, 0: (c999.bands?.[0] ?? 0) + 1 };
    const tfs = c999.totalAll ?? 0;
    c999.totalAll = tfs + 1;
    const orig = writeFixture(
      d,
      "oct.csv",
      fixtureCsv({ period: "RTT-October-2024", rows: sampleRows() }),
    );
    const rev = writeFixture(
      d,
      "oct-revised.csv",
      fixtureCsv({ period: "RTT-October-2024", rows }),
    );
    const r = await runCli(["ingest", rev, orig, RBD, "--db", join(d, "s.duckdb")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "Loaded 2 periods:",
        `  2024-10  RTT-October-2024        ${rows.length} rows     1 warning  oct-revised.csv (revised)`,
        "  2024-11  RTT-November-2024      512 rows    0 warnings  20241130-RTT-November-2024-RBD.csv",
        `Total: ${512 + rows.length} rows, 46 commissioners, 1 provider`,
        "Skipped 1 file:",
        `  ${orig} (2024-10): superseded by the revised ${rev}`,
        "Warnings (1):",
        `  2024-10 c999-vs-treatment-functions: RBD / 15F Part_2: C_999 Total All ${tfs + 1} but the treatment functions sum to ${tfs}`,
        "",
      ].join("\n"),
    );
  });

  it("needs at least one path (exit 2)", async () => {
    const r = await runCli(["ingest", "--db", join(tempDir(), "x.duckdb")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "rationwatch ingest: give at least one file or folder (see 'rationwatch ingest --help')\n",
    );
  });

  it("rejects an unknown flag (exit 2)", async () => {
    const r = await runCli(["ingest", RBD, "--frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--frobnicate");
  });

  it("has a --help text", async () => {
    const r = await runCli(["ingest", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Usage: rationwatch ingest <file-or-folder>... [--db PATH] [--quiet]",
    );
  });

  it("runs as a child process, with the store from $RATIONWATCH_DB", () => {
    const d = tempDir();
    const env = { RATIONWATCH_DB: join(d, "env.duckdb") };
    const r = spawnCli(["ingest", RBD, "--quiet"], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  2024-11  RTT-November-2024");
    const s = spawnCli(["status", "--format", "json"], { env });
    expect(JSON.parse(s.stdout).periods[0].totals.Part_2).toBe(21702);
  });
});
