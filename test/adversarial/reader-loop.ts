/**
 * A reader in its own process (DuckDB's file locks are per process), for the reader-during-load test:
 * opens the store read-only again and again until the `stop` file appears, and records every read as
 * one JSON line: the months it saw with their recorded and actual row counts, or the error.
 *
 *   node --import tsx reader-loop.ts <store> <stop-file> <out-file>
 */
import { appendFileSync, existsSync } from "node:fs";

import { openStoreForReading } from "../../src/store/snapshot.ts";

const [store, stop, out] = process.argv.slice(2) as [string, string, string];

for (let i = 0; i < 10_000; i++) {
  const done = existsSync(stop);
  try {
    const s = await openStoreForReading(store);
    try {
      const months = await s.all<{ month: string; recorded: number; actual: number }>(
        `SELECT p.month, p.row_count AS recorded,
                (SELECT count(*) FROM rtt_row r WHERE r.month = p.month) AS actual
         FROM rtt_period p ORDER BY p.month`,
      );
      appendFileSync(out, `${JSON.stringify({ ok: true, months })}\n`);
    } finally {
      s.close();
    }
  } catch (e) {
    appendFileSync(out, `${JSON.stringify({ ok: false, error: String(e) })}\n`);
  }
  if (done) break;
  await new Promise((r) => setTimeout(r, 20));
}
