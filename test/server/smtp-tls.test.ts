// The SMTP client over TLS, against sinks on 127.0.0.1 (smtp-sink.ts) with a test certificate
// (test/fixtures/smtp-tls/, self-signed for localhost and 127.0.0.1): STARTTLS on port-587 style
// servers and implicit TLS, AUTH PLAIN only once encrypted, and every way of ending up in clear
// refused — a server that does not offer STARTTLS, a certificate not trusted, a reply injected
// before the handshake.
import { afterAll, describe, expect, it } from "vitest";

import { smtpMailer, type SmtpConfig } from "../../src/server/edit/smtp.ts";

import { SINK_CERT, smtpSink, type SinkMode, type SmtpSink } from "./smtp-sink.ts";

const sinks: SmtpSink[] = [];
afterAll(async () => {
  await Promise.all(sinks.map((s) => s.close()));
});

async function started(mode: SinkMode): Promise<SmtpSink> {
  const s = await smtpSink(mode);
  sinks.push(s);
  return s;
}

/** Each command's verb with whether it arrived encrypted. */
const verbs = (session: { commands: string[]; secure: boolean[] } | undefined) =>
  (session?.commands ?? []).map((c, i) => [c.split(" ")[0], session?.secure[i]]);

const MAIL = { to: "new.reviewer@example.org", subject: "Invitation", text: "Hello" };

function config(port: number, security: SmtpConfig["security"], trusted = true): SmtpConfig {
  return {
    host: "127.0.0.1",
    port,
    from: "editor@rationwatch.example",
    security,
    user: "mailer",
    password: "s3cret",
    ...(trusted ? { ca: SINK_CERT } : {}),
  };
}

/** A whole conversation with AUTH, every command encrypted. */
const ENCRYPTED = ["EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"].map((v) => [v, true]);

describe("SMTP over TLS", () => {
  it("STARTTLS: only EHLO and STARTTLS go in clear; AUTH and the message go encrypted", async () => {
    const s = await started("starttls");
    await smtpMailer(config(s.port, "starttls"), 5000)(MAIL);
    const [session] = s.sessions;
    expect(verbs(session)).toEqual([["EHLO", false], ["STARTTLS", false], ...ENCRYPTED]);
    const auth = session?.commands.find((c) => c.startsWith("AUTH"))?.split(" ")[2] ?? "";
    expect(Buffer.from(auth, "base64").toString()).toBe("\0mailer\0s3cret");
    expect(session?.data).toContain("To: new.reviewer@example.org\n");
  });

  it("implicit TLS: every command encrypted", async () => {
    const s = await started("implicit");
    await smtpMailer(config(s.port, "tls"), 5000)(MAIL);
    expect(verbs(s.sessions[0])).toEqual(ENCRYPTED);
  });

  it("a server that does not offer STARTTLS is refused before anything else is sent", async () => {
    const s = await started("no-starttls");
    await expect(smtpMailer(config(s.port, "starttls"), 5000)(MAIL)).rejects.toThrow(
      "the mail server does not offer STARTTLS, so nothing was sent",
    );
    expect(verbs(s.sessions[0])).toEqual([["EHLO", false]]);
  });

  it("a certificate not trusted ends the conversation: no AUTH, no message", async () => {
    const s = await started("starttls");
    await expect(smtpMailer(config(s.port, "starttls", false), 5000)(MAIL)).rejects.toThrow(
      /^the TLS handshake with the mail server failed: self[- ]signed certificate/,
    );
    expect(verbs(s.sessions[0])).toEqual([
      ["EHLO", false],
      ["STARTTLS", false],
    ]);
    const implicit = await started("implicit");
    await expect(smtpMailer(config(implicit.port, "tls", false), 5000)(MAIL)).rejects.toThrow(
      /self[- ]signed certificate/,
    );
    expect(implicit.sessions[0]?.commands ?? []).toEqual([]);
  });

  it("a reply sent in clear after STARTTLS's 220 is refused (RFC 3207 §4)", async () => {
    const s = await started("inject");
    await expect(smtpMailer(config(s.port, "starttls"), 5000)(MAIL)).rejects.toThrow(
      "the mail server sent data in clear after agreeing to STARTTLS",
    );
    expect(verbs(s.sessions[0])).toEqual([
      ["EHLO", false],
      ["STARTTLS", false],
    ]);
  });
});
