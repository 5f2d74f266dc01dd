// Reads started together: a read-only store answers them on two connections side by side (what
// `variation` relies on to overlap its queries), a writable store keeps every statement on its one
// connection so a transaction sees its own rows, and closing or interrupting covers both.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { Store } from "../../src/store/db.ts";

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

async function storeWithRows(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), "rationwatch-concurrent-")), "s.duckdb");
  const s = await Store.open(path);
  await s.run("CREATE TABLE t AS SELECT range AS n FROM range(1000)");
  s.close();
  return path;
}

const QUERIES = [
  "SELECT sum(n)::BIGINT AS v FROM t",
  "SELECT count(*)::BIGINT AS v FROM t WHERE n % 7 = 0",
  "SELECT max(n)::BIGINT AS v FROM t",
  "SELECT min(n)::BIGINT AS v FROM t WHERE n > 500",
];

describe("reads started together", () => {
  it("give a read-only store's answers, the same as one after another", async () => {
    const store = await Store.open(await storeWithRows(), { readOnly: true });
    stores.push(store);
    const together = await Promise.all(QUERIES.map((q) => store.one(q)));
    const inTurn = [];
    for (const q of QUERIES) inTurn.push(await store.one(q));
    expect(together).toEqual([{ v: 499500 }, { v: 143 }, { v: 999 }, { v: 501 }]);
    expect(inTurn).toEqual(together);
  });

  it("see a writable store's uncommitted rows: one connection, one transaction", async () => {
    const store = await Store.open(await storeWithRows());
    stores.push(store);
    await store.run("BEGIN TRANSACTION");
    await store.run("INSERT INTO t VALUES (5000)");
    const counts = await Promise.all(
      [1, 2, 3, 4].map(() => store.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM t")),
    );
    expect(counts).toEqual([{ n: 1001 }, { n: 1001 }, { n: 1001 }, { n: 1001 }]);
    await store.run("ROLLBACK");
    expect(await store.one("SELECT count(*)::INTEGER AS n FROM t")).toEqual({ n: 1000 });
  });

  it("are all interrupted, and the store closes and reopens for writing", async () => {
    const path = await storeWithRows();
    const store = await Store.open(path, { readOnly: true });
    const slow = "SELECT count(*) AS n FROM range(10000000000) a WHERE a.range % 3 = 7";
    const running = [store.all(slow), store.all(slow)].map((p) =>
      p.then(
        () => "finished",
        (e: unknown) => String(e),
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    store.interrupt();
    expect(await Promise.all(running)).toEqual([
      expect.stringContaining("INTERRUPT"),
      expect.stringContaining("INTERRUPT"),
    ]);
    store.close();
    const writer = await Store.open(path);
    stores.push(writer);
    await writer.run("INSERT INTO t VALUES (1000)");
    expect(await writer.one("SELECT count(*)::INTEGER AS n FROM t")).toEqual({ n: 1001 });
  });

  it("closing under a running read interrupts it, refuses later ones, and then lets go of the file", async () => {
    const path = await storeWithRows();
    const store = await Store.open(path, { readOnly: true });
    const slow = store
      .all("SELECT count(*) AS n FROM range(10000000000) a WHERE a.range % 3 = 7")
      .then(
        () => "finished",
        (e: unknown) => String(e),
      );
    await new Promise((r) => setTimeout(r, 200));
    store.close();
    await expect(store.all("SELECT 1")).rejects.toThrow(`the store ${path} is closed`);
    expect(await slow).toContain("INTERRUPT");
    await new Promise((r) => setTimeout(r, 50));
    const writer = await Store.open(path);
    stores.push(writer);
    expect(await writer.one("SELECT count(*)::INTEGER AS n FROM t")).toEqual({ n: 1000 });
  });
});
