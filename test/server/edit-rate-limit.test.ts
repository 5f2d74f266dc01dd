// Rate limits shared between server processes: two editor apps on one registry database (two
// connection pools on PostgreSQL when DATABASE_URL is set, as in CI; one PGlite otherwise) count
// against the same per-client buckets, atomically, so a client cannot double its allowance by
// spreading requests over replicas, and parallel requests cannot take more than the bucket holds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { RegistryDb } from "../../src/registry/db.ts";
import { openRegistry } from "../../src/registry/registry.ts";
import { createEditor, type EditorApp } from "../../src/server/edit/editor.ts";
import { BACKENDS } from "../registry/backends.ts";

import { addUser, Client, editFixture, type EditFixture } from "./edit-fixture.ts";

describe.each(BACKENDS)("rate limits shared by two apps on $name", (backend) => {
  let f: EditFixture;
  let second: { db: RegistryDb; app: EditorApp };
  const limits = {
    submissions: { capacity: 5, perHour: 10 },
    logins: { capacity: 3, perHour: 60 },
  };

  beforeAll(async () => {
    const fresh = await backend.fresh();
    f = await editFixture(fresh, limits);
    // The second app: its own connection pool on the same PostgreSQL database, or the same PGlite.
    const db = backend.name === "PGlite" ? f.db : await openRegistry(fresh.options);
    second = { db, app: createEditor({ db, now: () => f.clock.now, ...limits }) };
    await addUser(f, "someone@example.org", "contributor");
  }, 600_000);
  afterAll(async () => {
    if (second.db !== f.db) await second.db.close();
    await f.close();
  });

  /** One visitor (one cookie jar, one CSRF token) talking to either app. */
  async function visitor(): Promise<{ csrf: string; on: (app: EditorApp) => Client }> {
    const first = new Client(f.app);
    const csrf = await first.csrf("/edit/submit");
    return {
      csrf,
      on(app) {
        const c = new Client(app);
        for (const [k, v] of first.cookies) c.cookies.set(k, v);
        return c;
      },
    };
  }
  const submission = (csrf: string, i: number) => ({
    csrf,
    commissioner: `ICB ${i}`,
    sourceUrl: `https://example.org/${i}.pdf`,
  });

  it("a burst alternating between the apps gets the one bucket's 5, then 429 from both", async () => {
    const v = await visitor();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const app = i % 2 === 0 ? f.app : second.app;
      const res = await v.on(app).request("POST", "/edit/submit", submission(v.csrf, i));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const res = await v.on(second.app).request("POST", "/edit/submit", submission(v.csrf, 9));
    expect(await res.text()).toContain("too many submissions from your address");

    // 10 an hour: one token back after 6 minutes, in whichever app asks first.
    const saved = f.clock.now;
    f.clock.now = new Date(saved.getTime() + 6 * 60_000 + 1000);
    try {
      const later = [
        (await v.on(second.app).request("POST", "/edit/submit", submission(v.csrf, 10))).status,
        (await v.on(f.app).request("POST", "/edit/submit", submission(v.csrf, 11))).status,
      ];
      expect(later).toEqual([200, 429]);
    } finally {
      f.clock.now = saved;
    }
    const [n] = await f.db.query<{ n: number }>(
      "SELECT count(*)::integer AS n FROM proposal WHERE kind = 'submission'",
    );
    expect(n?.n).toBe(6);
  });

  it("20 parallel submissions over both apps from a new hour's full bucket: exactly 5 accepted", async () => {
    f.clock.now = new Date(f.clock.now.getTime() + 2 * 3_600_000); // the bucket is full again
    const v = await visitor();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        v
          .on(i % 2 === 0 ? f.app : second.app)
          .request("POST", "/edit/submit", submission(v.csrf, 100 + i)),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    const [n] = await f.db.query<{ n: number }>(
      "SELECT count(*)::integer AS n FROM proposal WHERE kind = 'submission' AND data->>'commissioner' LIKE 'ICB 1__'",
    );
    expect(n?.n).toBe(5);
  });

  it("login attempts per client are shared too: the 4th from either app is 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const c = new Client(i % 2 === 0 ? f.app : second.app);
      const res = await c.post(
        "/edit/login",
        { email: "nobody@example.org", password: "wrong password here", next: "/edit/" },
        "/edit/login",
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it("the client's address is stored only as an HMAC", async () => {
    const rows = await f.db.query<{ scope: string; client_hmac: string }>(
      "SELECT scope, client_hmac FROM rate_bucket ORDER BY scope",
    );
    expect(rows.map((r) => r.scope)).toEqual(["login", "submission"]);
    for (const r of rows) {
      expect(r.client_hmac).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(r.client_hmac).not.toContain("local");
    }
  });
});
