// Child process of analysis.bench.ts: opens the store and times, inside one fresh process, the store
// opening, the FIRST `variation` call (reference-data check, cold JIT, cold DuckDB caches: what a
// command pays) and then a second, warm call. Prints one JSON line of milliseconds.
// Usage: node --import tsx bench/first-call.ts DB FROM TO
import { performance } from "node:perf_hooks";

import { variation } from "../src/analysis/variation.ts";
import { Store } from "../src/store/db.ts";

const [db, from, to] = process.argv.slice(2);
if (db === undefined || from === undefined || to === undefined) {
  throw new Error("usage: first-call.ts DB FROM TO");
}
let t = performance.now();
const store = await Store.open(db);
const openMs = performance.now() - t;
t = performance.now();
await variation(store, { from, to });
const firstMs = performance.now() - t;
t = performance.now();
await variation(store, { from, to });
const warmMs = performance.now() - t;
store.close();
console.log(JSON.stringify({ openMs, firstMs, warmMs }));
