// Attacks that used to load as wrong numbers without a word (issue #11 items 1–4). Each input is
// generated here; each must be refused with one line naming the file (and line and column), exit 1,
// and the store must hold exactly what it held before.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";

import { runCli } from "../helpers/cli.ts";
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

let db: string;
let before: string;
const status = async () => (await runCli(["status", "--db", db, "--format", "json"])).stdout;

beforeAll(async () => {
  db = join(tempDir(), "store.duckdb");
  expect((await runCli(["ingest", RBD, "--db", db])).code).toBe(0);
  before = await status();
});

/** Ingests `path` into the shared store and into a fresh one; both must refuse it with `message`. */
async function expectRefused(path: string, message: string) {
  const r = await runCli(["ingest", path, "--db", db]);
  expect(r.stderr).toBe(`rationwatch ingest: ${message}\n`);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(await status()).toBe(before);
  const fresh = join(tempDir(), "fresh.duckdb");
  expect((await runCli(["ingest", path, "--db", fresh])).code).toBe(1);
  expect(existsSync(fresh)).toBe(false);
}

const rowsWith = (index: number, cells: Record<string, string>): FixtureRow[] =>
  sampleRows().map((r, i) => (i === index ? { ...r, cells } : r));

describe("1. repeated rows", () => {
  it("refuses a file with every row twice, naming the first repeat and the line it repeats", async () => {
    const rows = sampleRows();
    const path = writeFixture(tempDir(), "twice.csv", fixtureCsv({ rows: [...rows, ...rows] }));
    // Header on line 1, rows on lines 2..14; the first repeat (line 15) repeats line 2.
    await expectRefused(
      path,
      `${path}:${rows.length + 2}: row RBD / 15F Part_1A C_100 repeats line 2: a file holds each ` +
        "(provider, commissioner, part, treatment function) once",
    );
  });

  it("refuses one repeated C_999 row in the middle of a file", async () => {
    const rows = sampleRows();
    const c999 = rows.findIndex((r) => r.tf === "C_999" && r.part === "Part_2");
    const doubled = [...rows.slice(0, c999 + 1), rows[c999] as FixtureRow, ...rows.slice(c999 + 1)];
    const path = writeFixture(tempDir(), "one.csv", fixtureCsv({ rows: doubled }));
    await expectRefused(
      path,
      `${path}:${c999 + 3}: row RBD / 15F Part_2 C_999 repeats line ${c999 + 2}: a file holds each ` +
        "(provider, commissioner, part, treatment function) once",
    );
  });
});

describe("2. counts with thousands separators", () => {
  it.each([
    ["a week band", "1,234", BAND_3, 5],
    ["a week band", ",", BAND_3, 3],
    ["Total", "1,234", "Total", 0],
    ["Total All", "1,234", "Total All", 2],
    ["Total All", ",", "Total All", 6],
    ["unknown clock start", "2,000", "Patients with unknown clock start date", 1],
  ])("refuses %s holding %j", async (_, cell, column, index) => {
    const path = writeFixture(
      tempDir(),
      "sep.csv",
      fixtureCsv({ rows: rowsWith(index, { [column]: cell }) }),
    );
    await expectRefused(
      path,
      `${path}:${index + 2} (column "${column}"): "${cell}" is not a whole number`,
    );
  });
});

/** A zip holding `text` stored without compression, so its bytes can be edited in place. */
async function storedZip(dir: string, name: string, entry: string, text: string): Promise<string> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(text), entry, { compress: false });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return writeFixture(dir, name, Buffer.concat(chunks));
}

describe("3. zip entries whose bytes do not match their CRC-32", () => {
  it("refuses an extract with one digit changed after it was packed", async () => {
    const rows = rowsWith(0, { "Total All": "4271" });
    const text = fixtureCsv({ rows });
    const path = await storedZip(tempDir(), "flipped.zip", "x-full-extract.csv", text);
    const bytes = readFileSync(path);
    const at = bytes.indexOf(",4271\n");
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = "9".charCodeAt(0); // 4271 → 9271: still a valid count
    writeFileSync(path, bytes);
    await expectRefused(
      path,
      `${path}: corrupt zip entry "x-full-extract.csv" (CRC-32 mismatch: the unpacked data is not what was packed)`,
    );
  });

  it("loads the same zip when it is intact", async () => {
    const text = fixtureCsv({ rows: rowsWith(0, { "Total All": "4271" }) });
    const path = await storedZip(tempDir(), "ok.zip", "x-full-extract.csv", text);
    const fresh = join(tempDir(), "fresh.duckdb");
    const r = await runCli(["ingest", path, "--db", fresh]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("4. implausible periods", () => {
  it.each([
    ["RTT-June-2099", "2099-06", "is after the current month (2026-01)"],
    ["RTT-February-2026", "2026-02", "is after the current month (2026-01)"],
    ["RTT-June-0000", "0000-06", "is before 2015-10, the first month with a Full CSV data file"],
    [
      "RTT-September-2015",
      "2015-09",
      "is before 2015-10, the first month with a Full CSV data file",
    ],
  ])("refuses %s", async (period, month, problem) => {
    const path = writeFixture(tempDir(), "p.csv", fixtureCsv({ period, rows: sampleRows() }));
    await expectRefused(path, `${path}: period "${period}" (${month}) ${problem}`);
  });

  it("refuses a later row claiming an implausible period", async () => {
    const path = writeFixture(
      tempDir(),
      "p.csv",
      fixtureCsv({ rows: rowsWith(3, { Period: "RTT-June-2099" }) }),
    );
    await expectRefused(
      path,
      `${path}:5 (column "Period"): a second period (2099-06) after 2024-11: a file must hold one period`,
    );
  });

  it("accepts the current month and the first Full CSV month", async () => {
    const d = tempDir();
    const files = [
      writeFixture(d, "a.csv", fixtureCsv({ period: "RTT-January-2026", rows: sampleRows() })),
      await writeZip(d, "b.zip", [
        {
          name: "x-full-extract.csv",
          text: fixtureCsv({
            era: "pre-2017-10",
            period: "October",
            year: "2015-16",
            preamble: ["x", "y"],
            rows: sampleRows(),
          }),
        },
      ]),
    ];
    const r = await runCli(["ingest", ...files, "--db", join(d, "s.duckdb")]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("2015-10");
    expect(r.stdout).toContain("2026-01");
  });
});
