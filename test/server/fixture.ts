/**
 * The web tests' store and app: the variation fixture (test/analysis/variation-fixture.ts: six
 * CCGs in four ICSs over 2021-03..2021-04), marked synthetic, behind the real Hono app.
 */
import type { Hono } from "hono";

import { createApp } from "../../src/server/app.ts";
import { SiteData } from "../../src/server/data.ts";
import type { Store } from "../../src/store/db.ts";
import { VARIATION_ROWS } from "../analysis/variation-fixture.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

export const NOW = new Date("2026-01-15T09:00:00Z");

export interface WebFixture {
  store: Store;
  data: SiteData;
  app: Hono;
}

/** The fixture app; `synthetic: false` flags the same rows as real data (default: synthetic). */
export async function webFixture(o: { synthetic?: boolean } = {}): Promise<WebFixture> {
  const synthetic = o.synthetic ?? true;
  const store = await buildRttStore(VARIATION_ROWS, [
    { month: "2021-03", synthetic },
    { month: "2021-04", synthetic },
  ]);
  const data = new SiteData(store, { now: () => NOW });
  return { store, data, app: createApp({ data }) };
}

/** England and Wakefield (03R) in the fixture, computed by hand: patients a month per 1,000. */
export const WAKEFIELD_RATE = (900 / 2 / 351_592) * 1000; // 1.27989…
export const ENGLAND_RATE = (2408 / 2 / 2_727_806) * 1000; // 0.44138…
