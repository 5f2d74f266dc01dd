// `npm run bench -- web`: the web server on a 5-year demo store ($RATIONWATCH_DB, else
// bench/tmp/demo.duckdb — `npx rationwatch start --db bench/tmp/demo.duckdb --no-report`). Main pages
// and API routes are warmed, then requested at 200 requests/s over a 127.0.0.1 socket for a bounded
// count; reports p95 latency and throughput, against the same bytes served from memory by plain
// node:http in the same run (the floor). Target p95 < 50 ms.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

import { serve } from "@hono/node-server";

import { createApp } from "../src/server/app.ts";
import { SiteData } from "../src/server/data.ts";
import { Store } from "../src/store/db.ts";

import type { BenchContext } from "./run.ts";

export const name = "web";

const ROUTES = [
  "/",
  "/area/03R/",
  "/area/QWO/",
  "/indicator/admitted/all/commissioner/",
  "/api/v1/areas.json",
  "/api/v1/values/admitted/all.json?area=03R",
];
const RATE = 200;
const COUNT = 1000;

async function load(
  base: string,
  routes: string[],
): Promise<{ p95: number; p50: number; perSecond: number }> {
  const times: number[] = [];
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < COUNT; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    pending.push(
      fetch(`${base}${routes[i % routes.length]}`).then(async (r) => {
        await r.arrayBuffer();
        times.push(performance.now() - t);
      }),
    );
  }
  await Promise.all(pending);
  const total = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return { p95: q(0.95), p50: q(0.5), perSecond: COUNT / total };
}

export async function bench(ctx: BenchContext): Promise<Record<string, unknown>> {
  const path = process.env["RATIONWATCH_DB"] ?? "bench/tmp/demo.duckdb";
  if (!existsSync(path)) {
    ctx.log(`web: no store at ${path}; run 'npx rationwatch start --db ${path} --no-report' first`);
    return { skipped: `no store at ${path}` };
  }
  const store = await Store.open(path, { readOnly: true });
  const data = new SiteData(store, { now: () => new Date() });
  const app = createApp({ data });
  const warmStart = performance.now();
  const routes: string[] = [];
  for (const r of ROUTES) {
    const res = await app.request(r);
    routes.push(res.status === 301 ? (res.headers.get("location") ?? r) : r);
    if (res.status === 301) await app.request(routes[routes.length - 1] as string);
  }
  const warmMs = performance.now() - warmStart;
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  const appResult = await load(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
  );
  server.close();
  const bodies = new Map<string, Buffer>();
  for (const r of routes) bodies.set(r, Buffer.from(await (await app.request(r)).arrayBuffer()));
  const plain = createServer((req, res) => res.end(bodies.get(req.url ?? "") ?? ""));
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  const floor = await load(`http://127.0.0.1:${(plain.address() as AddressInfo).port}`, routes);
  plain.close();
  store.close();
  const out = {
    requests: COUNT,
    ratePerSecond: RATE,
    warmMs: Math.round(warmMs),
    p50Ms: Math.round(appResult.p50 * 10) / 10,
    p95Ms: Math.round(appResult.p95 * 10) / 10,
    throughputPerSecond: Math.round(appResult.perSecond),
    floorP95Ms: Math.round(floor.p95 * 10) / 10,
    p95VsFloor: Math.round((appResult.p95 / Math.max(floor.p95, 0.01)) * 100) / 100,
    targetP95Met: appResult.p95 < 50,
  };
  ctx.log(JSON.stringify(out));
  return out;
}
