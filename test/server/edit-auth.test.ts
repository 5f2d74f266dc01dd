// The editor's accounts, sessions and request guards, through the Hono app (no socket): the
// authorisation matrix over every editor route and role, CSRF and Origin on every POST, cookie
// attributes, session fixation, logout everywhere, brute-force lockout, open redirects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LOCKOUT_AFTER, LOCKOUT_MINUTES } from "../../src/registry/accounts.ts";
import { decide, proposeRecord } from "../../src/registry/proposals.ts";
import { auditLog } from "../../src/registry/records.ts";
import { EDIT_ROUTES } from "../../src/server/edit/editor.ts";
import { safeNext } from "../../src/server/edit/guards.ts";

import {
  addUser,
  Client,
  clientFor,
  editFixture,
  PASSWORD,
  PDF,
  policyFields,
  type EditFixture,
} from "./edit-fixture.ts";

let f: EditFixture;
let clients: Record<"anonymous" | "contributor" | "reviewer" | "admin", Client>;
let evidenceSha = "";
let inviteToken = "";

beforeAll(async () => {
  f = await editFixture(undefined, { logins: { capacity: 10_000, perHour: 10_000 } });
  await addUser(f, "contributor@example.org", "contributor");
  await addUser(f, "reviewer@example.org", "reviewer");
  await addUser(f, "admin@example.org", "admin");
  clients = {
    anonymous: new Client(f.app),
    contributor: await clientFor(f, "contributor@example.org"),
    reviewer: await clientFor(f, "reviewer@example.org"),
    admin: await clientFor(f, "admin@example.org"),
  };
  // One approved policy, and one pending proposal with an unpublished document, to route to.
  const first = await clients.contributor.post(
    "/edit/policy",
    policyFields("03R-matrix"),
    "/edit/policy/new",
  );
  expect(first.headers.get("location")).toBe("/edit/proposal/1");
  await decide(f.db, 1, {
    decision: "approved",
    by: "reviewer@example.org",
    reason: "",
    now: f.clock.now,
  });
  const res = await clients.contributor.post(
    "/edit/policy",
    {
      ...policyFields("03R-pending"),
      evidence: new File([PDF], "policy.pdf", { type: "application/pdf" }),
    },
    "/edit/policy/new",
  );
  expect(res.headers.get("location")).toBe("/edit/proposal/2");
  const [row] = await f.db.query<{ sha: string }>(
    "SELECT data->'source'->>'archivedSha256' AS sha FROM proposal WHERE id = 2",
  );
  evidenceSha = row?.sha ?? "";
  expect(evidenceSha).toMatch(/^[0-9a-f]{64}$/);
}, 300_000);
afterAll(() => f.close());

const ROLE_ORDER = ["anonymous", "contributor", "reviewer", "admin"] as const;

function example(path: string): string {
  if (path.startsWith("/edit/record/")) {
    return path.replace(":kind", "intervention").replace(":id", "inguinal-hernia-repair");
  }
  return path
    .replace(":token", inviteToken)
    .replace(":id", "03R-matrix")
    .replace(":n", "2")
    .replace(":sha", evidenceSha);
}

describe("authorisation matrix: every editor route × anonymous, contributor, reviewer, admin", () => {
  it("lists every route the editor serves", () => {
    const served = f.app.routes
      .filter((r) => r.method === "GET" || r.method === "POST")
      .filter((r) => !r.path.endsWith("*"))
      .map((r) => `${r.method} ${r.path}`);
    const listed = EDIT_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(served)).toEqual(new Set(listed));
  });

  for (const route of EDIT_ROUTES) {
    for (const who of ROLE_ORDER) {
      it(`${route.method} ${route.path} as ${who}`, async () => {
        if (route.path.includes(":token")) {
          const { inviteUser } = await import("../../src/registry/accounts.ts");
          const inv = await inviteUser(f.db, {
            email: `invitee-${who}-${route.method}@example.org`,
            role: "contributor",
            invitedBy: "test",
            now: f.clock.now,
          });
          inviteToken = inv.token;
        }
        let path = example(route.path);
        let c = clients[who];
        if (route.path.startsWith("/edit/logout") && who !== "anonymous") {
          // A throwaway account of the same role, so the shared clients stay logged in.
          const email = `${who}-${route.path.slice(6)}@example.org`;
          await addUser(f, email, who);
          c = await clientFor(f, email);
        }
        if (route.method === "POST" && route.path.includes(":n")) {
          // A fresh pending proposal for each decision.
          const n = await proposeRecord(f.db, {
            kind: "policy",
            recordId: `matrix-${who}`,
            baseVersion: 0,
            data: {},
            proposedBy: "contributor@example.org",
            reason: "matrix",
            now: f.clock.now,
          });
          path = `/edit/proposal/${n}/decide`;
        }
        const res =
          route.method === "GET"
            ? await c.get(path)
            : await c.post(path, { decision: "rejected", reason: "matrix" }, "/edit/login");
        const allowed =
          route.role === null ||
          (route.role === "published"
            ? who !== "anonymous"
            : who !== "anonymous" && ROLE_ORDER.indexOf(who) >= ROLE_ORDER.indexOf(route.role));
        if (allowed) {
          // Let through: a page, a redirect, or the handler's own answer to the dummy form
          // (400; 401 only from the login form itself, for the dummy credentials).
          const answers = route.path === "/edit/login" ? [200, 303, 400, 401] : [200, 303, 400];
          expect(answers, `${res.status}`).toContain(res.status);
        } else if (who === "anonymous") {
          if (route.role === "published") expect(res.status).toBe(404);
          else if (route.method === "GET") {
            expect(res.status).toBe(303);
            expect(res.headers.get("location")).toBe(
              `/edit/login?next=${encodeURIComponent(path)}`,
            );
          } else expect(res.status).toBe(401);
        } else {
          expect(res.status).toBe(403);
          expect(await res.text()).toContain(`this needs the ${String(route.role)} role`);
        }
      });
    }
  }

  it("a contributor cannot see another contributor's proposal", async () => {
    await addUser(f, "other@example.org", "contributor");
    const other = await clientFor(f, "other@example.org");
    expect((await other.get("/edit/proposal/2")).status).toBe(404);
  });
});

describe("CSRF and Origin on every POST", () => {
  const posts = EDIT_ROUTES.filter((r) => r.method === "POST");
  for (const route of posts) {
    for (const [label, token] of [
      ["missing", undefined],
      ["wrong", "x".repeat(43)],
    ] as const) {
      it(`${route.path}: ${label} token → 403, nothing written`, async () => {
        const before = (await auditLog(f.db)).length;
        const c = clients.admin;
        const fields: Record<string, string> = {
          ...policyFields("03R-csrf"),
          email: "csrf@example.org",
          password: PASSWORD,
          role: "admin",
          decision: "approved",
          commissioner: "x",
          sourceUrl: "https://example.org/x.pdf",
        };
        if (token) fields["csrf"] = token;
        const res = await c.request("POST", example(route.path), fields);
        expect(res.status).toBe(403);
        expect(await res.text()).toContain("security token is missing or out of date");
        expect((await auditLog(f.db)).length).toBe(before);
      });
    }
  }

  it("another site's Origin is refused even with the right token", async () => {
    const c = clients.contributor;
    const csrf = await c.csrf("/edit/policy/new");
    const res = await c.request(
      "POST",
      "/edit/policy",
      { csrf, ...policyFields("03R-origin") },
      { Origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("sent from another site");
    const cross = await c.request(
      "POST",
      "/edit/policy",
      { csrf, ...policyFields("03R-origin") },
      { "Sec-Fetch-Site": "cross-site" },
    );
    expect(cross.status).toBe(403);
  });

  it("a visitor's token does not work for another visitor", async () => {
    const a = new Client(f.app);
    const b = new Client(f.app);
    const tokenA = await a.csrf("/edit/login");
    await b.get("/edit/login");
    const res = await b.request("POST", "/edit/login", {
      csrf: tokenA,
      email: "admin@example.org",
      password: PASSWORD,
    });
    expect(res.status).toBe(403);
  });
});

describe("sessions", () => {
  it("cookie: __Host- prefix, HttpOnly, Secure, SameSite=Strict, Path=/", async () => {
    const c = new Client(f.app);
    const res = await c.login("contributor@example.org");
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((s) => s.startsWith("__Host-rw_session="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    // Stored only as a digest: the cookie's value is nowhere in the database.
    const value = (cookie as string).split(";")[0]?.split("=")[1] as string;
    const rows = await f.db.query("SELECT 1 FROM app_session WHERE id_hash = $1", [value]);
    expect(rows).toHaveLength(0);
  });

  it("session fixation: the id changes at login, and a planted or earlier id is not kept", async () => {
    const c = new Client(f.app);
    c.cookies.set("__Host-rw_session", "A".repeat(43)); // planted by an attacker
    await c.login("contributor@example.org");
    const first = c.cookies.get("__Host-rw_session");
    expect(first).not.toBe("A".repeat(43));
    await c.login("contributor@example.org");
    const second = c.cookies.get("__Host-rw_session");
    expect(second).not.toBe(first);
    const stale = new Client(f.app);
    stale.cookies.set("__Host-rw_session", first as string);
    expect((await stale.get("/edit/")).status).toBe(303); // the earlier session ended
    expect((await c.get("/edit/")).status).toBe(200);
  });

  it("logout ends the session; logout everywhere ends every session of the user", async () => {
    await addUser(f, "multi@example.org", "contributor");
    const one = await clientFor(f, "multi@example.org");
    const two = await clientFor(f, "multi@example.org");
    const three = await clientFor(f, "multi@example.org");
    const copy = new Client(f.app);
    copy.cookies.set("__Host-rw_session", one.cookies.get("__Host-rw_session") as string);
    expect((await one.post("/edit/logout", {}, "/edit/")).status).toBe(303);
    expect((await copy.get("/edit/")).status).toBe(303);
    expect((await two.get("/edit/")).status).toBe(200);
    expect((await two.post("/edit/logout-everywhere", {}, "/edit/")).status).toBe(303);
    expect((await three.get("/edit/")).status).toBe(303);
    const actions = (await auditLog(f.db)).filter((e) => e.actor === "multi@example.org");
    expect(actions.map((e) => e.action)).toEqual([
      "user-activate",
      "login",
      "login",
      "login",
      "logout",
      "logout-everywhere",
    ]);
  });

  it("a session expires after 8 hours", async () => {
    await addUser(f, "expiry@example.org", "contributor");
    const c = await clientFor(f, "expiry@example.org");
    const saved = f.clock.now;
    f.clock.now = new Date(saved.getTime() + 8 * 3_600_000 + 1000);
    try {
      expect((await c.get("/edit/")).status).toBe(303);
    } finally {
      f.clock.now = saved;
    }
  });
});

describe("brute force", () => {
  it(`locks the account after ${LOCKOUT_AFTER} failures, even for the right password, then unlocks`, async () => {
    await addUser(f, "victim@example.org", "reviewer");
    const c = new Client(f.app);
    for (let i = 1; i < LOCKOUT_AFTER; i++) {
      const res = await c.login("victim@example.org", `wrong password ${i}`);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain("the email address or password is not right");
    }
    const locking = await c.login("victim@example.org", "wrong again!!");
    expect(locking.status).toBe(401);
    expect(await locking.text()).toContain("this account is locked until 12:15 UTC");
    const right = await c.login("victim@example.org");
    expect(right.status).toBe(401);
    expect(await right.text()).toContain("locked until");
    expect(c.cookies.has("__Host-rw_session")).toBe(false);
    const saved = f.clock.now;
    f.clock.now = new Date(saved.getTime() + LOCKOUT_MINUTES * 60_000 + 1000);
    try {
      expect((await c.login("victim@example.org")).status).toBe(303);
    } finally {
      f.clock.now = saved;
    }
  });

  it("an unknown address gets the same answer as a wrong password", async () => {
    const c = new Client(f.app);
    const res = await c.login("nobody@example.org", "whatever password");
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("the email address or password is not right");
  });
});

describe("open redirects", () => {
  it.each([
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "/edit/..//evil.example",
    "/edit/%2F%2Fevil.example",
    "javascript:alert(1)",
    "/area/03R/",
  ])("?next=%s after login goes to /edit/", async (next) => {
    expect(safeNext(next)).toBe("/edit/");
    const c = new Client(f.app);
    const csrf = await c.csrf(`/edit/login?next=${encodeURIComponent(next)}`);
    const res = await c.request("POST", "/edit/login", {
      csrf,
      email: "contributor@example.org",
      password: PASSWORD,
      next,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/edit/");
  });

  it("a path inside the editor is kept", async () => {
    expect(safeNext("/edit/review")).toBe("/edit/review");
    const c = new Client(f.app);
    const res = await c.post(
      "/edit/login",
      { email: "reviewer@example.org", password: PASSWORD, next: "/edit/review" },
      "/edit/login",
    );
    expect(res.headers.get("location")).toBe("/edit/review");
  });
});

describe("invitations", () => {
  it("an admin invites; the link works once; a short or common password is refused beside its field", async () => {
    const res = await clients.admin.post(
      "/edit/users",
      { email: "new.editor@example.org", role: "reviewer" },
      "/edit/users",
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    const link = /http:\/\/127\.0\.0\.1(\/edit\/invite\/[A-Za-z0-9_-]{43})/.exec(html)?.[1];
    expect(link).toBeDefined();
    const invitee = new Client(f.app);
    const short = await invitee.post(link as string, { password: "short", confirm: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("use at least 12 characters");
    // A common password (on the bundled list, with digits added) is refused beside the field.
    const common = await invitee.post(link as string, {
      password: "Sunshine2024!",
      confirm: "Sunshine2024!",
    });
    expect(common.status).toBe(400);
    const commonHtml = await common.text();
    expect(commonHtml).toMatch(
      /id="f-password-error"[^]*this is a common password with digits or symbols added/,
    );
    const ok = await invitee.post(link as string, { password: PASSWORD, confirm: PASSWORD });
    expect(ok.status).toBe(200);
    expect((await invitee.get(link as string)).status).toBe(404);
    expect((await invitee.login("new.editor@example.org")).status).toBe(303);
    expect((await invitee.get("/edit/review")).status).toBe(200);
  });

  it("an expired invitation is refused", async () => {
    const { inviteUser } = await import("../../src/registry/accounts.ts");
    const inv = await inviteUser(f.db, {
      email: "late@example.org",
      role: "contributor",
      invitedBy: "test",
      now: new Date(f.clock.now.getTime() - 8 * 86_400_000),
    });
    const res = await new Client(f.app).get(`/edit/invite/${inv.token}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("unknown, used or expired");
  });
});
