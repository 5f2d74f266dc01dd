import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { readFileHead, recordLine, sha256File } from "../../src/ingest/source-file.ts";

import { tempDir, writeFixture } from "./rtt-fixture.ts";

describe("recordLine", () => {
  const text = [
    "pre", // 1
    "a,b", // 2: header
    "1,2", // 3: record 0
    "", // 4: blank, skipped
    '"x', // 5: record 1 starts, a quoted field runs on
    'y",3', // 6
    "\r", // 7: blank (CRLF)
    "4,5", // 8: record 2
  ].join("\n");
  const path = writeFixture(tempDir(), "r.csv", text);

  it.each([
    [0, 3],
    [1, 5],
    [2, 8],
    [3, undefined],
  ])("record %i starts on line %s", async (index, line) => {
    expect(await recordLine(path, 2, index)).toBe(line);
  });
});

describe("file helpers", () => {
  it("hashes a file and reads its head", async () => {
    const path = writeFixture(tempDir(), "h.csv", "abc");
    // sha256("abc"), FIPS 180-2 appendix B.1.
    expect(await sha256File(path)).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(await readFileHead(path, 2)).toEqual({ head: Buffer.from("ab"), complete: false });
    expect(await readFileHead(path, 10)).toEqual({ head: Buffer.from("abc"), complete: true });
  });

  it("hashes a file longer than its read buffer, ending mid-buffer, as one hash of all its bytes", async () => {
    const bytes = Buffer.alloc(2.5 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const path = writeFixture(tempDir(), "big.bin", bytes);
    expect(await sha256File(path)).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});
