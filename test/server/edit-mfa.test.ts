// Two-factor authentication through the editor app: an admin without it is sent to set it up and
// kept off the admin pages; enrolment shows the key once and gives ten recovery codes (stored only
// as SHA-256); login then needs a code, a used code is refused (replay), a recovery code works
// once, wrong codes count towards the lockout; enrolment and removal are audit rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptInvitation, inviteUser, LOCKOUT_AFTER } from "../../src/registry/accounts.ts";
import { auditLog } from "../../src/registry/records.ts";
import { base32Decode, totp } from "../../src/registry/totp.ts";
import { BACKENDS } from "../registry/backends.ts";

import {
  addUser,
  Client,
  clientFor,
  editFixture,
  PASSWORD,
  type EditFixture,
} from "./edit-fixture.ts";

describe.each(BACKENDS)("two-factor authentication on $name", (backend) => {
  let f: EditFixture;
  const email = "boss@example.org";
  let key = "";
  let recovery: string[] = [];
  let revKey = "";
  const code = (offsetSteps = 0) =>
    totp(base32Decode(key), f.clock.now.getTime() / 1000 + offsetSteps * 30);
  const later = (seconds: number) => {
    f.clock.now = new Date(f.clock.now.getTime() + seconds * 1000);
  };

  beforeAll(async () => {
    f = await editFixture(await backend.fresh(), { logins: { capacity: 1000, perHour: 1000 } });
    // An admin as `registry user add` makes one: no second factor yet.
    const { token } = await inviteUser(f.db, {
      email,
      role: "admin",
      invitedBy: "test",
      now: f.clock.now,
    });
    await acceptInvitation(f.db, token, PASSWORD, f.clock.now);
    await addUser(f, "rev@example.org", "reviewer");
  }, 600_000);
  afterAll(() => f.close());

  it("an admin without it logs in to the set-up page and is refused the admin pages", async () => {
    const c = new Client(f.app);
    const res = await c.login(email);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/edit/mfa");
    const users = await c.get("/edit/users");
    expect(users.status).toBe(403);
    expect(await users.text()).toContain("the admin pages need two-factor authentication");
    const page = await (await c.get("/edit/mfa")).text();
    expect(page).toContain("Your account is an admin account: the admin pages need it.");
  });

  it("enrolment: the key shown once, a wrong code refused, the right one gives 10 recovery codes", async () => {
    const c = new Client(f.app);
    await c.login(email);
    const start = await c.post("/edit/mfa/start", {}, "/edit/mfa");
    expect(start.status).toBe(200);
    const html = await start.text();
    key = /Key: <code>([A-Z2-7]{32})<\/code>/.exec(html)?.[1] as string;
    expect(key).toHaveLength(32); // 160 bits
    expect(html).toContain(
      `otpauth://totp/Ration%20Watch%3Aboss%40example.org?secret=${key}&amp;issuer=Ration+Watch`,
    );

    const wrongCode = String((Number(code()) + 1) % 1_000_000).padStart(6, "0");
    const wrong = await c.post("/edit/mfa/confirm", { code: wrongCode }, "/edit/mfa");
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("that code is not right");
    expect(await c.get("/edit/users").then((r) => r.status)).toBe(403);

    const ok = await c.post("/edit/mfa/confirm", { code: code(-1) }, "/edit/mfa");
    expect(ok.status).toBe(200);
    const shown = await ok.text();
    recovery = [...shown.matchAll(/\b([A-Z2-7]{5}-[A-Z2-7]{5})\b/g)].map((m) => m[1] as string);
    expect(new Set(recovery).size).toBe(10);
    // This session now counts as two-factor: the admin pages open.
    expect(await c.get("/edit/users").then((r) => r.status)).toBe(200);

    // At rest: the recovery codes only as SHA-256 digests; the audit row holds no secret.
    const stored = await f.db.query<{ code_hash: string }>("SELECT code_hash FROM mfa_recovery");
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(stored);
    for (const r of recovery) expect(dump).not.toContain(r.replace("-", ""));
    const enrol = (await auditLog(f.db)).filter((a) => a.action === "mfa-enrol");
    expect(enrol).toHaveLength(1);
    expect(JSON.stringify(enrol)).not.toContain(key);
    // Enrolling again is refused while it is on.
    const again = await c.post("/edit/mfa/start", {}, "/edit/mfa");
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already set up");
  });

  it("login needs the code; a used code is refused (replay); a recovery code works once", async () => {
    later(60);
    const none = await new Client(f.app).login(email);
    expect(none.status).toBe(401);
    expect(await none.text()).toContain("this account uses two-factor authentication");
    expect(none.headers.getSetCookie().some((s) => s.startsWith("__Host-rw_session="))).toBe(false);

    const current = code();
    const first = await new Client(f.app).login(email, PASSWORD, current);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/edit/");
    const replay = await new Client(f.app).login(email, PASSWORD, current);
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain("not right, or has been used already");
    // An older step than the one used is refused too.
    expect((await new Client(f.app).login(email, PASSWORD, code(-1))).status).toBe(401);

    const viaRecovery = new Client(f.app);
    const r = await viaRecovery.login(email, PASSWORD, (recovery[0] as string).toLowerCase());
    expect(r.status).toBe(303);
    expect(await viaRecovery.get("/edit/users").then((x) => x.status)).toBe(200);
    expect((await new Client(f.app).login(email, PASSWORD, recovery[0] as string)).status).toBe(
      401,
    );
    const page = await (await viaRecovery.get("/edit/mfa")).text();
    expect(page).toContain("9 recovery codes left unused");
    const actions = (await auditLog(f.db)).map((a) => a.action);
    expect(actions.filter((a) => a === "login-failed-code")).toHaveLength(3);
  });

  it("wrong codes count towards the lockout", async () => {
    later(60);
    let last: Response | undefined;
    for (let i = 0; i < LOCKOUT_AFTER; i++) {
      last = await new Client(f.app).login(email, PASSWORD, "000000");
    }
    expect(await last?.text()).toContain("this account is locked until");
    // Even the right code is refused while locked.
    expect((await new Client(f.app).login(email, PASSWORD, code())).status).toBe(401);
    later(16 * 60 * 60); // past any lock
  });

  it("wrong codes when turning it off count towards the lockout too, and the lock keeps it on", async () => {
    const c = new Client(f.app);
    expect((await c.login(email, PASSWORD, code())).status).toBe(303);
    const before = (await auditLog(f.db)).length;
    let last: Response | undefined;
    for (let i = 0; i < LOCKOUT_AFTER; i++) {
      last = await c.post("/edit/mfa/disable", { code: "000000" }, "/edit/mfa");
      expect(last.status).toBe(400);
    }
    expect(await last?.text()).toContain("this account is locked until");
    // Locked: the right code cannot remove it, and a new login is refused.
    const right = await c.post("/edit/mfa/disable", { code: code(1) }, "/edit/mfa");
    expect(right.status).toBe(400);
    expect(await right.text()).toContain("this account is locked until");
    expect((await new Client(f.app).login(email, PASSWORD, code(1))).status).toBe(401);
    const rows = await f.db.query("SELECT 1 FROM mfa_totp WHERE confirmed_at IS NOT NULL");
    expect(rows).toHaveLength(1);
    const actions = (await auditLog(f.db)).slice(before).map((a) => a.action);
    expect(actions.filter((a) => a === "mfa-disable-failed")).toHaveLength(LOCKOUT_AFTER - 1);
    expect(actions.filter((a) => a === "mfa-disable-locked")).toHaveLength(1);
    expect(actions).not.toContain("mfa-disable");
    later(16 * 60 * 60); // past any lock
  });

  it("turning it off needs a valid code, is audited, and closes the admin pages again", async () => {
    const c = new Client(f.app);
    expect((await c.login(email, PASSWORD, code())).status).toBe(303);
    const bad = await c.post("/edit/mfa/disable", { code: "123456" }, "/edit/mfa");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("not right, or has been used already");
    const off = await c.post("/edit/mfa/disable", { code: code(1) }, "/edit/mfa");
    expect(off.status).toBe(200);
    expect(await off.text()).toContain("Not set up.");
    expect(await c.get("/edit/users").then((r) => r.status)).toBe(403);
    const rows = await f.db.query("SELECT 1 FROM mfa_totp UNION ALL SELECT 1 FROM mfa_recovery");
    expect(rows).toHaveLength(0);
    const audit = (await auditLog(f.db)).filter((a) => a.action === "mfa-disable");
    expect(audit.map((a) => a.actor)).toEqual([email]);
  });

  it("a reviewer may turn it on too; then their login needs a code as well", async () => {
    const c = new Client(f.app);
    expect((await c.login("rev@example.org")).status).toBe(303);
    const html = await (await c.post("/edit/mfa/start", {}, "/edit/mfa")).text();
    expect(html).toContain("Set up two-factor authentication");
    revKey = /Key: <code>([A-Z2-7]{32})<\/code>/.exec(html)?.[1] as string;
    const revCode = (o: number) =>
      totp(base32Decode(revKey), f.clock.now.getTime() / 1000 + o * 30);
    expect((await c.post("/edit/mfa/confirm", { code: revCode(0) }, "/edit/mfa")).status).toBe(200);
    expect((await new Client(f.app).login("rev@example.org")).status).toBe(401);
    expect((await new Client(f.app).login("rev@example.org", PASSWORD, revCode(1))).status).toBe(
      303,
    );
  });

  it("an admin can remove another user's second factor: audited, and that user's sessions end", async () => {
    const revCode = (o: number) =>
      totp(base32Decode(revKey), f.clock.now.getTime() / 1000 + o * 30);
    later(90);
    const rev = new Client(f.app);
    expect((await rev.login("rev@example.org", PASSWORD, revCode(0))).status).toBe(303);
    await addUser(f, "admin2@example.org", "admin");
    const admin = await clientFor(f, "admin2@example.org");
    const users = await (await admin.get("/edit/users")).text();
    expect(users).toContain("Remove two-factor for rev@example.org");
    expect(users).not.toContain("Remove two-factor for admin2@example.org");
    const reset = (who: string) =>
      admin.post("/edit/users/mfa-reset", { email: who }, "/edit/users");
    for (const [who, message] of [
      ["admin2@example.org", "turn your own two-factor authentication off on its page"],
      ["nobody@example.org", "there is no account for nobody@example.org"],
      ["boss@example.org", "boss@example.org has no two-factor authentication to remove"],
    ] as const) {
      const res = await reset(who);
      expect(res.status, who).toBe(400);
      expect(await res.text(), who).toContain(message);
    }
    const done = await reset("REV@example.org ");
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(
      "Two-factor authentication removed for rev@example.org; their sessions have ended.",
    );
    // The reviewer's session has ended; they log in again with the password alone.
    expect((await rev.get("/edit/")).status).toBe(303);
    expect((await new Client(f.app).login("rev@example.org")).status).toBe(303);
    const audit = (await auditLog(f.db)).filter((a) => a.action === "mfa-reset");
    expect(audit.map((a) => [a.actor, a.detail])).toEqual([
      ["admin2@example.org", { email: "rev@example.org" }],
    ]);
    expect((await reset("rev@example.org")).status).toBe(400);
  });
});
