// Invitation e-mails through an SMTP sink on 127.0.0.1 (smtp-sink.ts): the invitee gets the link
// by e-mail and the admin's page no longer shows it; the link works once; a server that refuses the
// recipient leaves the admin the one-time link instead, with the reason; dot-stuffing and the
// environment settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog } from "../../src/registry/records.ts";
import { createEditor } from "../../src/server/edit/editor.ts";
import {
  formatMessage,
  smtpConfigFromEnv,
  smtpMailer,
  type SmtpConfig,
} from "../../src/server/edit/smtp.ts";

import {
  addUser,
  Client,
  clientFor,
  editFixture,
  PASSWORD,
  type EditFixture,
} from "./edit-fixture.ts";
import { smtpSink, type SinkSession, type SmtpSink } from "./smtp-sink.ts";

let sink: SmtpSink;
let f: EditFixture;
let admin: Client;

beforeAll(async () => {
  sink = await smtpSink();
  const config: SmtpConfig = {
    host: "127.0.0.1",
    port: sink.port,
    from: "editor@rationwatch.example",
    security: "none",
  };
  f = await editFixture(undefined, { mailer: smtpMailer(config, 5000) });
  await addUser(f, "admin@example.org", "admin");
  admin = await clientFor(f, "admin@example.org");
}, 600_000);
afterAll(async () => {
  await f.close();
  await sink.close();
});

describe("invitations by e-mail", () => {
  it("the invitee gets the link by e-mail; the admin's page does not show it; it works once", async () => {
    const res = await admin.post(
      "/edit/users",
      { email: "New.Reviewer@example.org", role: "reviewer" },
      "/edit/users",
    );
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Invitation e-mailed to new.reviewer@example.org");
    expect(page).not.toMatch(/\/edit\/invite\/[A-Za-z0-9_-]{43}/);

    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0] as SinkSession;
    expect(mail.commands.slice(1, 3)).toEqual([
      "MAIL FROM:<editor@rationwatch.example>",
      "RCPT TO:<new.reviewer@example.org>",
    ]);
    expect(mail.data).toContain("To: new.reviewer@example.org\n");
    expect(mail.data).toContain("Subject: Your invitation to the Ration Watch registry editor\n");
    expect(mail.data).toContain(
      "admin@example.org has invited you to the Ration Watch registry editor as a reviewer.",
    );
    const link = /http:\/\/127\.0\.0\.1(\/edit\/invite\/[A-Za-z0-9_-]{43})/.exec(mail.data)?.[1];
    expect(link).toBeDefined();

    // Hashed at rest: the token in the link is nowhere in the database.
    const token = (link as string).split("/").pop() as string;
    const rows = await f.db.query("SELECT 1 FROM invitation WHERE token_hash = $1", [token]);
    expect(rows).toHaveLength(0);

    const invitee = new Client(f.app);
    const ok = await invitee.post(link as string, { password: PASSWORD, confirm: PASSWORD });
    expect(ok.status).toBe(200);
    expect((await invitee.get(link as string)).status).toBe(404);
    expect((await invitee.login("new.reviewer@example.org")).status).toBe(303);
    const audit = (await auditLog(f.db)).filter((a) => a.action === "invitation-emailed");
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("a refused recipient leaves the admin the one-time link, with the server's reason", async () => {
    const res = await admin.post(
      "/edit/users",
      { email: "someone@refuse.example", role: "contributor" },
      "/edit/users",
    );
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(
      "The e-mail could not be sent (the mail server refused RCPT: 550 5.1.1 no such mailbox)",
    );
    expect(page).toMatch(/<code>http:\/\/127\.0\.0\.1\/edit\/invite\/[A-Za-z0-9_-]{43}<\/code>/);
    const failed = (await auditLog(f.db)).filter((a) => a.action === "invitation-email-failed");
    expect(failed).toHaveLength(1);
  });

  it("without a mailer the link is shown once, as before", async () => {
    const plain = createEditor({ db: f.db, now: () => f.clock.now });
    const c = new Client(plain);
    for (const [k, v] of admin.cookies) c.cookies.set(k, v);
    const res = await c.post(
      "/edit/users",
      { email: "plain@example.org", role: "contributor" },
      "/edit/users",
    );
    expect(await res.text()).toMatch(/send this link privately, it\s+is shown only once/);
    expect(sink.received).toHaveLength(1);
  });
});

describe("the SMTP pieces", () => {
  it("doubles a leading dot and ends lines with CRLF", () => {
    const m = formatMessage(
      "a@b.example",
      { to: "c@d.example", subject: "s", text: "one\n.two\n..three" },
      new Date("2026-01-15T12:00:00Z"),
      "x",
    );
    expect(m).toContain("\r\n\r\none\r\n..two\r\n...three");
    expect(m).toContain("Date: Thu, 15 Jan 2026 12:00:00 +0000\r\n");
    expect(() =>
      formatMessage(
        "a@b.example",
        { to: "c@d.example\r\nBcc: x@y", subject: "s", text: "" },
        new Date(),
        "x",
      ),
    ).toThrow("a line break in a mail header is refused");
  });

  it("reads the settings from the environment, refusing bad ones with one line", () => {
    expect(smtpConfigFromEnv({})).toBeNull();
    expect(
      smtpConfigFromEnv({
        RATIONWATCH_SMTP_HOST: "mail.example",
        RATIONWATCH_SMTP_FROM: "a@b.example",
      }),
    ).toEqual({ host: "mail.example", port: 25, from: "a@b.example", security: "none" });
    expect(
      smtpConfigFromEnv({
        RATIONWATCH_SMTP_HOST: "mail.example",
        RATIONWATCH_SMTP_FROM: "a@b.example",
        RATIONWATCH_SMTP_TLS: "1",
        RATIONWATCH_SMTP_USER: "u",
        RATIONWATCH_SMTP_PASSWORD: "p",
      }),
    ).toEqual({
      host: "mail.example",
      port: 465,
      from: "a@b.example",
      security: "tls",
      user: "u",
      password: "p",
    });
    const base = { RATIONWATCH_SMTP_HOST: "mail.example", RATIONWATCH_SMTP_FROM: "a@b.example" };
    expect(
      smtpConfigFromEnv({
        ...base,
        RATIONWATCH_SMTP_TLS: "starttls",
        RATIONWATCH_SMTP_USER: "u",
        RATIONWATCH_SMTP_PASSWORD: "p",
      }),
    ).toEqual({
      host: "mail.example",
      port: 587,
      from: "a@b.example",
      security: "starttls",
      user: "u",
      password: "p",
    });
    expect(smtpConfigFromEnv({ ...base, RATIONWATCH_SMTP_TLS: "tls" })?.port).toBe(465);
    expect(smtpConfigFromEnv({ ...base, RATIONWATCH_SMTP_TLS: "0" })?.security).toBe("none");
    // A value that is not one of the choices is refused, not taken as "no encryption".
    for (const value of ["yes", "true", "STARTTLS ", ""]) {
      expect(() => smtpConfigFromEnv({ ...base, RATIONWATCH_SMTP_TLS: value })).toThrow(
        `RATIONWATCH_SMTP_TLS: expected 1 (or tls), starttls, or 0 (or none), got "${value}"`,
      );
    }
    expect(() =>
      smtpConfigFromEnv({
        RATIONWATCH_SMTP_HOST: "m",
        RATIONWATCH_SMTP_FROM: "a@b.example",
        RATIONWATCH_SMTP_PORT: "99999",
      }),
    ).toThrow('RATIONWATCH_SMTP_PORT: expected 1 to 65535, got "99999"');
    expect(() => smtpConfigFromEnv({ RATIONWATCH_SMTP_HOST: "m" })).toThrow(
      "RATIONWATCH_SMTP_FROM: expected the sender's email address",
    );
    expect(() =>
      smtpConfigFromEnv({
        RATIONWATCH_SMTP_HOST: "m",
        RATIONWATCH_SMTP_FROM: "a@b.example",
        RATIONWATCH_SMTP_USER: "u",
      }),
    ).toThrow("a password is never sent unencrypted");
  });
});
