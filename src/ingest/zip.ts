import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import yauzl from "yauzl";

import { InputFileError } from "../errors.ts";

/** The CSV inside an RTT zip that holds the extract. */
export interface ZipCsvEntry {
  name: string;
  size: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0];

async function withZip<T>(file: string, fn: (zip: yauzl.ZipFile) => Promise<T>): Promise<T> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
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

/** The entry whose name contains `full-extract` (any case), else the largest `.csv`. */
function pickEntry(file: string, all: yauzl.Entry[]): yauzl.Entry {
  const csvs = all.filter((e) => /\.csv$/i.test(e.fileName) && !e.fileName.endsWith("/"));
  const named = csvs.find((e) => /full-extract/i.test(e.fileName));
  const largest = [...csvs].sort((a, b) => b.uncompressedSize - a.uncompressedSize)[0];
  const entry = named ?? largest;
  if (!entry) throw new InputFileError({ file }, "the zip archive holds no .csv file");
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

/** Unpacks one entry of a zip to `dest`; a corrupt or truncated entry is an InputFileError. */
export async function extractZipEntry(
  file: string,
  entryName: string,
  dest: string,
): Promise<void> {
  await withZip(file, async (zip) => {
    const entry = (await entries(file, zip)).find((e) => e.fileName === entryName);
    if (!entry) throw new InputFileError({ file }, `the zip archive has no entry "${entryName}"`);
    const stream = await openEntry(file, zip, entry);
    try {
      await pipeline(stream, createWriteStream(dest));
    } catch (e) {
      throw new InputFileError({ file }, `corrupt zip entry "${entry.fileName}" (${message(e)})`);
    }
  });
}
