// kill -9 of a `rationwatch serve` process while editors write, then a restart: every proposal the
// server acknowledged (303) is there, whole, with its audit entry; nothing half-written. One bounded
// test over 127.0.0.1 per backend: a PGlite folder (`--registry`), and a PostgreSQL server
// (`DATABASE_URL`) where one is configured (.ci/run starts one; test/registry/backends.ts prints a
// "not run" line otherwise).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { acceptInvitation, inviteUser } from "../../src/registry/accounts.ts";
import { openRegistry, type OpenOptions } from "../../src/registry/registry.ts";
import { VARIATION_ROWS } from "../analysis/variation-fixture.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";
import { BACKENDS } from "../registry/backends.ts";

import { PASSWORD, policyFields } from "./edit-fixture.ts";

const repoRoot = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "rationwatch-crash-"));
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  for (const cleanup of cleanups) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Where the registry lives, and how `serve` is pointed at it. */
interface Target {
  options: OpenOptions;
  args: string[];
  env: Record<string, string>;
}

/** A PGlite folder (`--registry`), or a fresh database on the PostgreSQL server (`DATABASE_URL`). */
async function target(backend: string): Promise<Target> {
  if (backend === "PGlite") {
    const path = join(dir, "registry");
    return { options: { path, now: new Date() }, args: ["--registry", path], env: {} };
  }
  const server = BACKENDS.find((b) => b.name === backend);
  if (!server) throw new Error(`no backend ${backend}`);
  const fresh = await server.fresh();
  cleanups.push(fresh.cleanup);
  const url = fresh.options.databaseUrl as string;
  return {
    options: { databaseUrl: url, now: new Date() },
    args: [],
    env: { DATABASE_URL: url },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServe(port: number, t: Target): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      `${repoRoot}src/cli/bin.ts`,
      "serve",
      "--db",
      join(dir, "store.duckdb"),
      ...t.args,
      "--port",
      String(port),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, ...t.env, TZ: "UTC" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 120_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("is serving")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
  return child;
}

/** A minimal cookie-keeping HTTP client over a real socket. */
class Browser {
  cookies = new Map<string, string>();
  base: string;
  constructor(base: string) {
    this.base = base;
  }
  async request(method: string, path: string, form?: FormData) {
    const headers: Record<string, string> = {
      Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    };
    if (method === "POST") headers["Origin"] = this.base;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: form,
      redirect: "manual",
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0] as string;
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  async csrf(path: string) {
    const html = await (await this.request("GET", path)).text();
    return /name="csrf" value="([^"]+)"/.exec(html)?.[1] as string;
  }
}

describe.each(BACKENDS.map((b) => b.name))("kill -9 during writes on %s", (backend) => {
  it("every acknowledged proposal survives a kill -9 and a restart, whole", async () => {
    if (!existsSync(join(dir, "store.duckdb"))) {
      const store = await buildRttStore(VARIATION_ROWS, {
        periods: [
          { month: "2021-03", synthetic: true },
          { month: "2021-04", synthetic: true },
        ],
        path: join(dir, "store.duckdb"),
      });
      store.close();
    }
    const t = await target(backend);
    const now = new Date();
    const db = await openRegistry(t.options);
    const { token } = await inviteUser(db, {
      email: "editor@example.org",
      role: "contributor",
      invitedBy: "test",
      now,
    });
    await acceptInvitation(db, token, PASSWORD, now);
    await db.close();

    const port = await freePort();
    const server = await startServe(port, t);
    const b = new Browser(`http://127.0.0.1:${port}`);
    const login = new FormData();
    login.append("csrf", await b.csrf("/edit/login"));
    login.append("email", "editor@example.org");
    login.append("password", PASSWORD);
    login.append("next", "/edit/");
    expect((await b.request("POST", "/edit/login", login)).status).toBe(303);
    const csrf = await b.csrf("/edit/policy/new");

    // Writers in parallel (bounded: 4 at a time, 60 in all); kill -9 once 15 are acknowledged.
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const writer = async () => {
      while (next < 60 && !killed) {
        const id = `crash-${next++}`;
        const form = new FormData();
        form.append("csrf", csrf);
        for (const [k, v] of Object.entries(policyFields(id))) form.append(k, v);
        try {
          const res = await b.request("POST", "/edit/policy", form);
          if (res.status === 303) acknowledged.push(id);
        } catch {
          return; // the server is gone
        }
        if (acknowledged.length >= 15 && !killed) {
          killed = true;
          server.kill("SIGKILL");
        }
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    expect(killed).toBe(true);
    await new Promise((r) =>
      server.exitCode !== null || server.signalCode ? r(null) : server.once("exit", r),
    );

    // Restart on the same registry: it opens, and everything acknowledged is there.
    const again = await startServe(await freePort(), t);
    again.kill("SIGTERM");
    await new Promise((r) => again.once("exit", r));
    const reopened = await openRegistry({ ...t.options, now: new Date() });
    try {
      const rows = await reopened.query<{ id: string; data: { id: string; criteria: unknown[] } }>(
        "SELECT record_id AS id, data FROM proposal",
      );
      const held = new Set(rows.map((r) => r.id));
      for (const id of acknowledged) expect(held.has(id), id).toBe(true);
      for (const r of rows) {
        expect(r.data.id).toBe(r.id);
        expect(r.data.criteria).toHaveLength(1);
      }
      const [audit] = await reopened.query<{ n: number }>(
        "SELECT count(*)::integer AS n FROM audit_log WHERE action = 'propose'",
      );
      expect(audit?.n).toBe(rows.length);
      console.log(
        `kill -9 test on ${backend}: ${acknowledged.length} acknowledged, ${rows.length} held after restart`,
      );
    } finally {
      await reopened.close();
    }
  }, 600_000);
});
