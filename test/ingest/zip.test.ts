// Unpacking a zip's extract: deflated entries are inflated by ingest itself (in 1 MiB chunks), stored
// ones by yauzl; either way the bytes, the size the directory gives and the CRC-32 are checked.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { extractZipEntry } from "../../src/ingest/zip.ts";

import { tempDir, writeZip } from "./rtt-fixture.ts";

/** About 3 MB of text that differs line to line, so it spans several inflate chunks. */
const text = Array.from({ length: 60_000 }, (_, i) => `${i},row ${(i * 7919) % 100_003}\n`).join(
  "",
);

/** Rewrites the uncompressed size the central directory gives for the zip's only entry. */
function claimSize(zip: string, size: number): void {
  const bytes = readFileSync(zip);
  const at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); // central directory header
  bytes.writeUInt32LE(size, at + 24);
  writeFileSync(zip, bytes);
}

describe("extractZipEntry", () => {
  it.each([
    ["deflated", true],
    ["stored", false],
  ])("unpacks a %s entry byte for byte", async (_kind, compress) => {
    const d = tempDir();
    const zip = await writeZip(d, "m.zip", [{ name: "x-full-extract.csv", text, compress }]);
    const dest = join(d, "out.csv");
    await extractZipEntry(zip, "x-full-extract.csv", dest);
    expect(readFileSync(dest, "utf8")).toBe(text);
  });

  it("refuses an entry shorter than its directory says", async () => {
    const d = tempDir();
    const zip = await writeZip(d, "m.zip", [{ name: "x-full-extract.csv", text }]);
    const size = Buffer.byteLength(text);
    claimSize(zip, size + 10);
    await expect(extractZipEntry(zip, "x-full-extract.csv", join(d, "out.csv"))).rejects.toThrow(
      `${zip}: corrupt zip entry "x-full-extract.csv" (not enough bytes in the stream. expected ${size + 10}. got only ${size})`,
    );
  });

  it("refuses an entry longer than its directory says, before the CRC-32", async () => {
    const d = tempDir();
    const zip = await writeZip(d, "m.zip", [{ name: "x-full-extract.csv", text }]);
    claimSize(zip, 1000);
    await expect(extractZipEntry(zip, "x-full-extract.csv", join(d, "out.csv"))).rejects.toThrow(
      new RegExp(
        `^${zip.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: corrupt zip entry "x-full-extract.csv" \\(too many bytes in the stream\\. expected 1000\\. got at least \\d+\\)$`,
      ),
    );
  });
});
