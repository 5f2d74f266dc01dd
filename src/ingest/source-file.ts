import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";

/** Bytes `sha256File` reads at a time, into one buffer it reuses. */
const HASH_CHUNK = 1024 * 1024;

/**
 * sha256 of a file's bytes, as lowercase hex. One 1 MiB buffer is read into again and again: a read
 * stream's fresh 64 KiB chunks cost two to four times the CPU of the hashing itself, CPU that
 * DuckDB's parse of the same file, running meanwhile, wants. `onChunk` sees each chunk after it is
 * hashed (and must not keep it: the buffer is read into again).
 */
export async function sha256File(
  path: string,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<string> {
  const hash = createHash("sha256");
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(HASH_CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, HASH_CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      onChunk?.(chunk);
    }
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}

/** The first `maxBytes` of a file, and whether that is all of it. */
export async function readFileHead(
  path: string,
  maxBytes: number,
): Promise<{ head: Buffer; complete: boolean }> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    const { size } = await handle.stat();
    return { head: buffer.subarray(0, bytesRead), complete: size <= bytesRead };
  } finally {
    await handle.close();
  }
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * The physical line (1-based) on which data record `recordIndex` (0-based, in file order) starts,
 * counting as DuckDB's CSV reader does: records begin after the header line, blank lines are skipped,
 * and a quoted field may span lines. Used only to report where a bad row is.
 */
export async function recordLine(
  path: string,
  headerLine: number,
  recordIndex: number,
): Promise<number | undefined> {
  let line = 1;
  let quoted = false;
  let inRecord = false;
  let record = -1;
  for await (const chunk of createReadStream(path)) {
    for (const byte of chunk as Buffer) {
      if (line <= headerLine) {
        if (byte === NEWLINE) line++;
        continue;
      }
      if (!inRecord) {
        if (byte === NEWLINE) line++;
        if (byte === NEWLINE || byte === CR) continue;
        inRecord = true;
        record++;
        if (record === recordIndex) return line;
      }
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === NEWLINE) {
        line++;
        inRecord = quoted;
      }
    }
  }
  return undefined;
}
