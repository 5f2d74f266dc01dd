import { createWriteStream } from "node:fs";
import { dirname } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, createInflateRaw } from "node:zlib";

import yauzl from "yauzl";

import { EnvironmentError, InputFileError, isDiskFull } from "../errors.ts";

import { isLitter } from "./find-files.ts";

/** The CSV inside an RTT zip that holds the extract. */
export interface ZipCsvEntry {
  name: string;
  size: number;
}

/**
 * The most a zip entry may unpack to: 1 GiB, twelve times the largest real month (April 2026's
 * national extract is 81.6 MB). A larger entry, or one that turns out larger than its directory
 * says, is refused before it can fill the disk (a "zip bomb" of gigabytes of zeros).
 */
export const MAX_UNPACKED_BYTES = 1024 ** 3;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0];

async function withZip<T>(file: string, fn: (zip: yauzl.ZipFile) => Promise<T>): Promise<T> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
    });
  } catch (e) {
    throw new InputFileError({ file }, `not a readable zip archive (${message(e)})`);
  }
  try {
    return await fn(zip);
  } finally {
    zip.close();
  }
}

async function entries(file: string, zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const out: yauzl.Entry[] = [];
  try {
    for await (const entry of zip.eachEntry()) out.push(entry);
  } catch (e) {
    throw new InputFileError({ file }, `corrupt zip archive (${message(e)})`);
  }
  return out;
}

const mb = (bytes: number) => `${Math.round(bytes / 1e6).toLocaleString("en-GB")} MB`;

/**
 * The entry whose name contains `full-extract` (any case), else the largest `.csv`; macOS litter
 * (`__MACOSX/`, `._name`) is ignored. Two `full-extract` CSVs (one month twice, or two months) are
 * refused, naming both, rather than one being loaded silently; so is an entry that would unpack to
 * more than MAX_UNPACKED_BYTES.
 */
function pickEntry(file: string, all: yauzl.Entry[]): yauzl.Entry {
  const csvs = all.filter(
    (e) => /\.csv$/i.test(e.fileName) && !e.fileName.endsWith("/") && !isLitter(e.fileName),
  );
  const named = csvs.filter((e) => /full-extract/i.test(e.fileName));
  if (named.length > 1)
    throw new InputFileError(
      { file },
      `the zip holds ${named.length} full-extract CSVs (${named.map((e) => `"${e.fileName}"`).join(", ")}): ` +
        "give each extract its own zip or unpack them",
    );
  const largest = [...csvs].sort((a, b) => b.uncompressedSize - a.uncompressedSize)[0];
  const entry = named[0] ?? largest;
  if (!entry) throw new InputFileError({ file }, "the zip archive holds no .csv file");
  if (entry.uncompressedSize > MAX_UNPACKED_BYTES)
    throw new InputFileError(
      { file },
      `"${entry.fileName}" would unpack to ${mb(entry.uncompressedSize)}, more than the ` +
        `${mb(MAX_UNPACKED_BYTES)} limit (a real month is under 100 MB): not unpacked`,
    );
  return entry;
}

async function openEntry(file: string, zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (e) {
    throw new InputFileError({ file }, `corrupt zip entry "${entry.fileName}" (${message(e)})`);
  }
}

/**
 * Finds the extract inside a zip and reads the start of it (up to `maxBytes`) without unpacking the
 * rest: enough to detect the header and the period.
 */
export async function peekZipCsv(
  file: string,
  maxBytes: number,
): Promise<{ entry: ZipCsvEntry; head: Buffer; complete: boolean }> {
  return withZip(file, async (zip) => {
    const entry = pickEntry(file, await entries(file, zip));
    const stream = await openEntry(file, zip, entry);
    const chunks: Buffer[] = [];
    let size = 0;
    let complete = true;
    try {
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size >= maxBytes) {
          complete = false;
          break;
        }
      }
    } catch (e) {
      throw new InputFileError({ file }, `corrupt zip entry "${entry.fileName}" (${message(e)})`);
    } finally {
      stream.destroy();
    }
    const head = Buffer.concat(chunks).subarray(0, maxBytes);
    return { entry: { name: entry.fileName, size: entry.uncompressedSize }, head, complete };
  });
}

/**
 * Passes bytes through, computing their CRC-32 and refusing more than `limit` of them or a count
 * other than the size the zip's directory gives (in yauzl's words, which check that for entries it
 * inflates itself).
 */
function checked(
  entry: yauzl.Entry,
  limit: number,
  onChunk?: (chunk: Uint8Array) => void,
): Transform {
  let crc = 0;
  let bytes = 0;
  const expected = entry.uncompressedSize;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > expected) {
        done(
          new Error(`too many bytes in the stream. expected ${expected}. got at least ${bytes}`),
        );
        return;
      }
      if (bytes > limit) {
        done(new Error(`unpacks to more than the ${mb(limit)} limit`));
        return;
      }
      crc = crc32(chunk, crc);
      onChunk?.(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (bytes < expected)
        done(new Error(`not enough bytes in the stream. expected ${expected}. got only ${bytes}`));
      else if (crc >>> 0 !== entry.crc32 >>> 0)
        done(new Error("CRC-32 mismatch: the unpacked data is not what was packed"));
      else done();
    },
  });
}

/** Bytes inflated at a time when unpacking: zlib's default 16 KiB makes ~6,000 chunks a month. */
const INFLATE_CHUNK = 1024 * 1024;

/**
 * The stages that turn an entry's stored bytes into its CSV: a deflated entry is inflated here,
 * 1 MiB at a time (yauzl's own inflater hands over 16 KiB chunks, each paying the CRC, size-check
 * and write-stream overhead: about 40% more CPU, taken from DuckDB loading the month before); a
 * stored entry (or any other method, which yauzl refuses) goes through yauzl.
 */
async function entryBytes(
  file: string,
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
): Promise<{ source: Readable; inflate?: Transform }> {
  if (entry.compressionMethod !== 8 || entry.isEncrypted())
    return { source: await openEntry(file, zip, entry) };
  try {
    const source = await zip.openReadStreamPromise(entry, { decodeFileData: false });
    return { source, inflate: createInflateRaw({ chunkSize: INFLATE_CHUNK }) };
  } catch (e) {
    throw new InputFileError({ file }, `corrupt zip entry "${entry.fileName}" (${message(e)})`);
  }
}

/**
 * Unpacks one entry of a zip to `dest`, checking its CRC-32 and its size on the way (yauzl checks
 * sizes only): a corrupt, truncated or oversized entry is an InputFileError, and `dest` is removed
 * by the caller's temporary folder. `onChunk` sees each unpacked chunk as it goes to `dest`.
 */
export async function extractZipEntry(
  file: string,
  entryName: string,
  dest: string,
  limit = MAX_UNPACKED_BYTES,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<void> {
  await withZip(file, async (zip) => {
    const entry = (await entries(file, zip)).find((e) => e.fileName === entryName);
    if (!entry) throw new InputFileError({ file }, `the zip archive has no entry "${entryName}"`);
    const { source, inflate } = await entryBytes(file, zip, entry);
    const check = checked(entry, limit, onChunk);
    try {
      if (inflate) await pipeline(source, inflate, check, createWriteStream(dest));
      else await pipeline(source, check, createWriteStream(dest));
    } catch (e) {
      // The temporary folder filling up is the disk's fault, not the zip's.
      if (isDiskFull(e))
        throw new EnvironmentError(
          dirname(dest),
          `disk full while unpacking "${entry.fileName}" from ${file} into ${dirname(dest)}: free some space or point TMPDIR at a bigger folder, and run again (the store is unchanged)`,
          { cause: e },
        );
      throw new InputFileError({ file }, `corrupt zip entry "${entry.fileName}" (${message(e)})`);
    }
  });
}
