/**
 * Checks a downloaded zip before it enters the cache: it opens, holds a `.csv` entry, and every entry
 * reads through with the CRC-32 its directory records (yauzl checks sizes, not CRCs).
 */

import { crc32 } from "node:zlib";

import yauzl from "yauzl";

import { InputFileError } from "../errors.ts";

/** What a good zip holds. */
export interface ZipSummary {
  /** Names of the `.csv` entries. */
  csvEntries: string[];
  /** Sum of the entries' uncompressed sizes. */
  uncompressedBytes: number;
}

/**
 * Opens `path` and reads every entry through, verifying its CRC-32; throws an InputFileError naming
 * `label` (the URL, say) when the zip is corrupt or holds no CSV.
 */
export async function checkZip(path: string, label: string = path): Promise<ZipSummary> {
  const csvEntries: string[] = [];
  let uncompressedBytes = 0;
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, validateEntrySizes: true });
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith("/")) continue;
      let crc = 0;
      for await (const chunk of await zip.openReadStreamPromise(entry))
        crc = crc32(chunk as Buffer, crc);
      if (crc >>> 0 !== entry.crc32 >>> 0)
        throw new Error(`CRC-32 mismatch in "${entry.fileName}"`);
      uncompressedBytes += entry.uncompressedSize;
      if (/\.csv$/i.test(entry.fileName)) csvEntries.push(entry.fileName);
    }
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new InputFileError({ file: label }, `not a valid zip file (${reason})`);
  } finally {
    zip?.close();
  }
  if (csvEntries.length === 0)
    throw new InputFileError({ file: label }, "the zip holds no .csv file");
  return { csvEntries, uncompressedBytes };
}
