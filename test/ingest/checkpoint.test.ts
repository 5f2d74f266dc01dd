// Ingest puts DuckDB's automatic checkpoint off while it loads a run of months (each demo month's
// COMMIT used to checkpoint and rewrite the table's last row groups), and gives the setting back
// whether the run succeeds or a file is refused.
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ingestPaths } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";

import { fixtureCsv, sampleRows, tempDir, writeFixture } from "./rtt-fixture.ts";

const threshold = async (s: Store) =>
  (await s.one<{ v: string }>("SELECT current_setting('checkpoint_threshold') AS v"))?.v;

let store: Store;
beforeEach(async () => {
  store = await Store.open(join(tempDir(), "store.duckdb"));
});
afterEach(() => store.close());

describe("Store.withCheckpointThreshold", () => {
  it("sets the size for the callback and restores it after, also when the callback throws", async () => {
    expect(await threshold(store)).toBe("16.0 MiB");
    const inside = await store.withCheckpointThreshold("128MiB", () => threshold(store));
    expect(inside).toBe("128.0 MiB");
    expect(await threshold(store)).toBe("16.0 MiB");
    await expect(
      store.withCheckpointThreshold("64MiB", async () => {
        throw new Error("stopped");
      }),
    ).rejects.toThrow("stopped");
    expect(await threshold(store)).toBe("16.0 MiB");
  });
});

describe("ingest", () => {
  it("loads its months under a 128 MiB checkpoint size and restores DuckDB's after a good run and a refused file", async () => {
    const spy = vi.spyOn(store, "withCheckpointThreshold");
    const dir = tempDir();
    const may = writeFixture(
      dir,
      "may.csv",
      fixtureCsv({ period: "RTT-May-2024", rows: sampleRows() }),
    );
    await ingestPaths(store, [may]);
    expect(spy).toHaveBeenCalledWith("128MiB", expect.any(Function));
    expect(await threshold(store)).toBe("16.0 MiB");
    const bad = writeFixture(
      dir,
      "bad.csv",
      fixtureCsv({
        period: "RTT-June-2024",
        rows: sampleRows().map((r, i) => (i === 2 ? { ...r, cells: { "Total All": "12x" } } : r)),
      }),
    );
    await expect(ingestPaths(store, [bad])).rejects.toThrow('"12x" is not a whole number');
    expect(await threshold(store)).toBe("16.0 MiB");
    expect(await store.all("SELECT month FROM rtt_period")).toEqual([{ month: "2024-05" }]);
  });
});
