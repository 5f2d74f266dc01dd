import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ingestPaths } from "../../src/ingest/ingest.ts";
import { Store } from "../../src/store/db.ts";
import { countRttEntities, readRttWarnings, readStatus } from "../../src/store/rtt-queries.ts";
import {
  fixtureCsv,
  sampleRows,
  tempDir,
  writeFixture,
  type FixtureRow,
} from "../ingest/rtt-fixture.ts";

let store: Store;
let dir: string;
beforeEach(async () => {
  store = await Store.open(":memory:");
  dir = tempDir();
});
afterEach(() => store.close());

/** Sample rows with `n` Part_2 rows whose Total All is one more than their bands. */
function rowsWithWarnings(n: number): FixtureRow[] {
  const extra: FixtureRow[] = Array.from({ length: n }, (_, i) => ({
    part: "Part_2",
    tf: `C_${300 + i}`,
    commissioner: "03R",
    bands: { 1: 1 },
    totalAll: 2,
  }));
  return [...sampleRows(), ...extra];
}

describe("RTT read queries", () => {
  it("an empty store holds no periods", async () => {
    expect(await readStatus(store)).toEqual({ periods: [] });
    expect(await countRttEntities(store, [])).toEqual({ rows: 0, commissioners: 0, providers: 0 });
  });

  it("limits the warnings listed per period but counts them all", async () => {
    await ingestPaths(store, [
      writeFixture(dir, "a.csv", fixtureCsv({ rows: rowsWithWarnings(4) })),
      writeFixture(
        dir,
        "b.csv",
        fixtureCsv({ period: "RTT-December-2024", rows: rowsWithWarnings(2) }),
      ),
    ]);
    const status = await readStatus(store, { warningLimit: 3 });
    expect(status.periods.map((p) => [p.month, p.warnings, p.warningList.length])).toEqual([
      ["2024-11", 4, 3],
      ["2024-12", 2, 2],
    ]);
    expect(status.periods[0]?.warningList.map((w) => w.detail)).toEqual([
      "RBD / 03R Part_2 C_300: Total All 2 but the week bands sum to 1",
      "RBD / 03R Part_2 C_301: Total All 2 but the week bands sum to 1",
      "RBD / 03R Part_2 C_302: Total All 2 but the week bands sum to 1",
    ]);
    expect((await readRttWarnings(store, ["2024-12"])).map((w) => w.month)).toEqual([
      "2024-12",
      "2024-12",
    ]);
  });

  it("counts distinct commissioners and providers over the months asked for", async () => {
    await ingestPaths(store, [
      writeFixture(dir, "a.csv", fixtureCsv({ rows: rowsWithWarnings(1) })),
      writeFixture(
        dir,
        "b.csv",
        fixtureCsv({
          period: "RTT-December-2024",
          rows: sampleRows().map((r) => ({ ...r, provider: "RX1" })),
        }),
      ),
    ]);
    expect(await countRttEntities(store, ["2024-11"])).toEqual({
      rows: sampleRows().length + 1,
      commissioners: 2,
      providers: 1,
    });
    expect(await countRttEntities(store, ["2024-11", "2024-12"])).toEqual({
      rows: 2 * sampleRows().length + 1,
      commissioners: 2,
      providers: 2,
    });
  });
});
