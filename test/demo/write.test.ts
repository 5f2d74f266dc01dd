import { createHash } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { writeDemoData } from "../../src/demo/index.ts";
import { UsageError } from "../../src/errors.ts";

import { demoMonth, national, parseDemoCsv, readZip } from "./demo-csv.ts";

const tempDir = () => mkdtempSync(join(tmpdir(), "rationwatch-demo-"));
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("writeDemoData", () => {
  it("writes one NHS-England-style zip a month with the month-end CSV inside", async () => {
    const dir = tempDir();
    const progress: [number, number, string | undefined][] = [];
    const r = await writeDemoData({
      outDir: join(dir, "new"),
      from: "2021-03",
      to: "2021-04",
      seed: 1,
      onProgress: (d, t, l) => progress.push([d, t, l]),
    });
    expect(r.files.map((f) => f.slice(dir.length + 5))).toEqual([
      "Full-CSV-data-file-Mar21-ZIP-synthetic.zip",
      "Full-CSV-data-file-Apr21-ZIP-synthetic.zip",
    ]);
    expect(r.written).toEqual(r.files);
    expect(progress).toEqual([
      [0, 2, undefined],
      [1, 2, "2021-03"],
      [2, 2, "2021-04"],
    ]);
    const entries = await readZip(r.files[1] as string);
    expect(entries.map((e) => e.name)).toEqual(["20210430-RTT-April-2021-full-extract.csv"]);
    const m = entries[0]?.mtime as Date;
    expect([m.getFullYear(), m.getMonth() + 1, m.getDate(), m.getHours()]).toEqual([
      2021, 4, 30, 0,
    ]);
    // The zipped text is the generated month, and the row count reported is its data rows.
    const csv = parseDemoCsv(entries[0]?.text ?? "");
    expect(csv.rows[0]?.[0]).toBe("RTT-April-2021");
    const march = parseDemoCsv((await readZip(r.files[0] as string))[0]?.text ?? "");
    expect(r.rows).toBe(csv.rows.length + march.rows.length);
    expect(march.rows).toEqual(demoMonth("2021-03").rows);
    expect(readdirSync(join(dir, "new")).sort()).toEqual([
      "Full-CSV-data-file-Apr21-ZIP-synthetic.zip",
      "Full-CSV-data-file-Mar21-ZIP-synthetic.zip",
    ]);
  });

  it("is deterministic: same seed → identical bytes, another seed → different bytes", async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    const opts = { from: "2020-04", to: "2020-05" };
    const ra = await writeDemoData({ outDir: a, seed: 7, ...opts });
    const rb = await writeDemoData({ outDir: b, seed: 7, ...opts });
    const rc = await writeDemoData({ outDir: c, seed: 8, ...opts });
    expect(ra.files.map(sha)).toEqual(rb.files.map(sha));
    ra.files.forEach((f, i) => expect(sha(f)).not.toBe(sha(rc.files[i] as string)));
  });

  it("keeps existing months with skipExisting and rewrites the missing one", async () => {
    const dir = tempDir();
    const first = await writeDemoData({ outDir: dir, from: "2019-04", to: "2019-06" });
    const mtimes = first.files.map((f) => statSync(f).mtimeMs);
    const kept = first.files.map(sha);
    writeFileSync(join(dir, "Full-CSV-data-file-May19-ZIP-synthetic.zip.tmp"), "half a zip");
    const missing = first.files[1] as string;
    const { rmSync } = await import("node:fs");
    rmSync(missing);
    const again = await writeDemoData({
      outDir: dir,
      from: "2019-04",
      to: "2019-06",
      skipExisting: true,
    });
    expect(again.written).toEqual([missing]);
    expect(again.files.map(sha)).toEqual(kept);
    expect(statSync(first.files[0] as string).mtimeMs).toBe(mtimes[0]);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a folder holding anything but demo zips, and writes nothing", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    mkdirSync(join(dir, "real"));
    const run = writeDemoData({ outDir: dir, from: "2021-06", to: "2021-06" });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(
      `--out: ${dir} holds files that are not demo data ("notes.txt", "real"); choose an empty or new directory`,
    );
    expect(readdirSync(dir).sort()).toEqual(["notes.txt", "real"]);
  });

  it.each([
    [{ from: "2021-13" }, '--from: expected a month as YYYY-MM, got "2021-13"'],
    [{ from: "2022-01", to: "2021-12" }, "--from 2022-01 is after --to 2021-12"],
    [{ to: "2030-01" }, "--to: the demo data covers 2012-10 to 2025-12, got 2030-01"],
  ])("rejects %o with a UsageError", async (range, message) => {
    const dir = tempDir();
    await expect(writeDemoData({ outDir: join(dir, "x"), ...range })).rejects.toThrow(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--full-size writes the real file size (~180k rows) with the same national magnitudes", async () => {
    const dir = tempDir();
    const full = await writeDemoData({
      outDir: join(dir, "full"),
      from: "2023-10",
      to: "2023-10",
      fullSize: true,
    });
    const small = await writeDemoData({
      outDir: join(dir, "small"),
      from: "2023-10",
      to: "2023-10",
    });
    expect(full.rows).toBeGreaterThan(165000);
    expect(full.rows).toBeLessThan(200000);
    expect(small.rows).toBeGreaterThan(35000);
    expect(small.rows).toBeLessThan(45000);
    const big = national(parseDemoCsv((await readZip(full.files[0] as string))[0]?.text ?? ""));
    const quick = national(demoMonth("2023-10"));
    for (const part of ["Part_1A", "Part_1B", "Part_2", "Part_3"])
      expect(Math.abs((big.totals[part] ?? 0) / (quick.totals[part] ?? 1) - 1)).toBeLessThan(0.02);
    expect(Math.abs(big.pctWithin18 - quick.pctWithin18)).toBeLessThan(0.5);
  });
});
