/**
 * Streams one demo month into a zip shaped like NHS England's: one CSV entry with a fixed
 * timestamp (the month end), so the same seed gives byte-identical files. Written to `<file>.tmp`
 * and renamed at the end, so a present zip is always complete.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";

import yazl from "yazl";

import { splitMonth } from "../months.ts";
import { awaitedLater } from "../promises.ts";

import { demoMonthChunks, type DemoMonthOptions } from "./month.ts";
import { demoEntryName } from "./names.ts";

const HIGH_WATER_MARK = 8 * 1024 * 1024;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes the zip of one month to `file`; resolves with the number of CSV data rows. */
export async function writeMonthZip(file: string, options: DemoMonthOptions): Promise<number> {
  const { year, month } = splitMonth(options.month);
  // Local-time fields with a DOS-only timestamp: the same bytes whatever the time zone.
  const mtime = new Date(year, month, 0, 0, 0, 0);
  const zip = new yazl.ZipFile();
  const source = new PassThrough({ highWaterMark: HIGH_WATER_MARK });
  zip.addReadStream(source, demoEntryName(options.month), {
    mtime,
    forceDosTimestamp: true,
    compressionLevel: 3,
  });
  zip.end();
  const tmp = `${file}.tmp`;
  const written = awaitedLater(pipeline(zip.outputStream, createWriteStream(tmp)));
  let rows = 0;
  let header = true;
  try {
    for (const chunk of demoMonthChunks(options)) {
      if (header) header = false;
      else for (let i = chunk.indexOf("\n"); i >= 0; i = chunk.indexOf("\n", i + 1)) rows++;
      // Yield to the event loop between chunks so compression runs alongside generation.
      if (!source.write(chunk)) await once(source, "drain");
      else await tick();
    }
    source.end();
    await written;
    await rename(tmp, file);
  } catch (e) {
    source.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  return rows;
}
