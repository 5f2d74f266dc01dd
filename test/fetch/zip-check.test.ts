import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";
import yazl from "yazl";

import { InputFileError } from "../../src/errors.ts";
import { checkZip } from "../../src/fetch/zip-check.ts";

import { rttCsv, rttZip } from "./rtt-zip.ts";

const dir = mkdtempSync(join(tmpdir(), "rw-zip-"));

function write(name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function zipOf(entries: Record<string, string>, compress = true): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries))
    if (name.endsWith("/")) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(text), name, { compress });
  zip.end();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

describe("checkZip", () => {
  it("accepts an RTT zip and lists its CSV", async () => {
    const path = write("good.zip", await rttZip("2022-03", { revised: true }));
    expect(await checkZip(path)).toEqual({
      csvEntries: ["20220331-RTT-March-2022-full-extract-revised.csv"],
      uncompressedBytes: Buffer.byteLength(rttCsv("2022-03")),
    });
  });

  it("rejects damaged compressed data, naming the label", async () => {
    const bytes = Buffer.from(await rttZip("2022-03"));
    for (let i = 200; i < 220; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
    const error = await checkZip(write("bad.zip", bytes), "http://x/Full.zip").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as Error).message).toMatch(
      /^http:\/\/x\/Full\.zip: not a valid zip file \(.+\)$/,
    );
  });

  it("rejects a stored entry whose bytes no longer match its CRC-32", async () => {
    const bytes = Buffer.from(
      await zipOf({ "a.csv": "Period,Total All\nRTT-March-2022,5\n" }, false),
    );
    const at = bytes.indexOf("RTT-March");
    bytes[at] = "X".charCodeAt(0);
    await expect(checkZip(write("crc.zip", bytes), "crc.zip")).rejects.toThrow(
      'crc.zip: not a valid zip file (CRC-32 mismatch in "a.csv")',
    );
  });

  it("rejects an HTML error page served as a zip", async () => {
    await expect(
      checkZip(write("page.zip", "<html><h1>Sorry</h1></html>"), "p.zip"),
    ).rejects.toThrow(
      "p.zip: not a valid zip file (End of central directory record signature not found. Either not a zip file, or file is truncated.)",
    );
  });

  it("rejects a zip with no CSV in it", async () => {
    const path = write("nocsv.zip", await zipOf({ "readme.txt": "hello", "data/": "" }));
    await expect(checkZip(path, "n.zip")).rejects.toThrow("n.zip: the zip holds no .csv file");
  });
});
