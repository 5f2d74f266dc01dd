/**
 * A minimal SMTP client (RFC 5321) for the editor's invitation e-mails, on node:net / node:tls with
 * no dependency: EHLO, optional AUTH PLAIN (only over TLS), MAIL FROM, RCPT TO, DATA with
 * dot-stuffing, QUIT. Configured from the environment; without `RATIONWATCH_SMTP_HOST` the editor
 * shows the admin a one-time link instead.
 */
import { connect as netConnect, type Socket } from "node:net";
import { hostname } from "node:os";
import { connect as tlsConnect } from "node:tls";

import { UsageError } from "../../errors.ts";

export interface SmtpConfig {
  host: string;
  port: number;
  /** The sender address (`From:` and `MAIL FROM`). */
  from: string;
  /** Implicit TLS (port 465 style). */
  tls: boolean;
  user?: string;
  password?: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one message; rejects with a one-line reason. */
export type Mailer = (mail: Mail) => Promise<void>;

/**
 * The SMTP settings in the environment: `RATIONWATCH_SMTP_HOST` (none: null), `_PORT` (default 25,
 * or 465 with `_TLS=1`), `_FROM` (required), `_USER` and `_PASSWORD` (AUTH PLAIN, TLS only).
 */
export function smtpConfigFromEnv(env: Record<string, string | undefined>): SmtpConfig | null {
  const host = env["RATIONWATCH_SMTP_HOST"];
  if (!host) return null;
  const tls = env["RATIONWATCH_SMTP_TLS"] === "1";
  const portText = env["RATIONWATCH_SMTP_PORT"] ?? (tls ? "465" : "25");
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    throw new UsageError(`RATIONWATCH_SMTP_PORT: expected 1 to 65535, got "${portText}"`);
  const from = env["RATIONWATCH_SMTP_FROM"] ?? "";
  if (!/^[^\s@<>"']+@[^\s@<>"']+$/.test(from))
    throw new UsageError(
      `RATIONWATCH_SMTP_FROM: expected the sender's email address, got "${from}"`,
    );
  const user = env["RATIONWATCH_SMTP_USER"];
  const password = env["RATIONWATCH_SMTP_PASSWORD"];
  if ((user || password) && !tls)
    throw new UsageError(
      "RATIONWATCH_SMTP_USER/PASSWORD need RATIONWATCH_SMTP_TLS=1: a password is never sent unencrypted",
    );
  return { host, port, from, tls, ...(user ? { user, password: password ?? "" } : {}) };
}

/** One SMTP conversation over a socket: send a line, await the complete (multi-line) reply. */
class Conversation {
  private buffer = "";
  private waiting: Array<(reply: { code: number; text: string }) => void> = [];
  private failed: Error | null = null;
  private readonly socket: Socket;
  constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      // A reply ends with a line whose 4th character is a space ("250 OK").
      for (;;) {
        const m = /^(?:\d{3}-[^\r\n]*\r\n)*(\d{3})(?: [^\r\n]*)?\r\n/.exec(this.buffer);
        if (!m) break;
        this.buffer = this.buffer.slice(m[0].length);
        const next = this.waiting.shift();
        next?.({ code: Number(m[1]), text: m[0].trim().split("\r\n").pop() ?? "" });
      }
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const w of this.waiting.splice(0)) w({ code: 0, text: e.message });
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("the mail server closed the connection")));
  }

  reply(): Promise<{ code: number; text: string }> {
    if (this.failed) return Promise.resolve({ code: 0, text: this.failed.message });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends `line` (or nothing) and expects a reply code in `ok`. */
  async expect(line: string | null, ok: number[]): Promise<void> {
    if (line !== null) this.socket.write(`${line}\r\n`);
    const r = await this.reply();
    if (!ok.includes(r.code)) {
      const what = line === null ? "greeting" : (line.split(" ")[0] ?? line);
      throw new Error(`the mail server refused ${what}: ${r.text || "no answer"}`);
    }
  }
}

/** The message as sent after DATA: headers, body with CRLF line ends and leading dots doubled. */
export function formatMessage(from: string, mail: Mail, date: Date, id: string): string {
  for (const v of [mail.to, mail.subject, from])
    if (/[\r\n]/.test(v)) throw new Error("a line break in a mail header is refused");
  const body = mail.text
    .replace(/\r?\n/g, "\r\n")
    .split("\r\n")
    .map((l) => (l.startsWith(".") ? `.${l}` : l))
    .join("\r\n");
  return [
    `From: ${from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${id}@${from.split("@")[1] ?? "localhost"}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    body,
  ].join("\r\n");
}

/** A Mailer that sends through the configured server, giving up after `timeoutMs`. */
export function smtpMailer(config: SmtpConfig, timeoutMs = 15_000): Mailer {
  return async (mail) => {
    const socket: Socket = config.tls
      ? tlsConnect({ host: config.host, port: config.port, servername: config.host })
      : netConnect({ host: config.host, port: config.port });
    const timer = setTimeout(
      () =>
        socket.destroy(new Error(`the mail server did not answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const talk = new Conversation(socket);
    try {
      await talk.expect(null, [220]);
      await talk.expect(`EHLO ${hostname().replace(/[^A-Za-z0-9.-]/g, "") || "localhost"}`, [250]);
      if (config.user !== undefined) {
        const token = Buffer.from(`\0${config.user}\0${config.password ?? ""}`).toString("base64");
        await talk.expect(`AUTH PLAIN ${token}`, [235]);
      }
      await talk.expect(`MAIL FROM:<${config.from}>`, [250]);
      await talk.expect(`RCPT TO:<${mail.to}>`, [250, 251]);
      await talk.expect("DATA", [354]);
      const id = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
      await talk.expect(`${formatMessage(config.from, mail, new Date(), id)}\r\n.`, [250]);
      await talk.expect("QUIT", [221]).catch(() => {});
    } finally {
      clearTimeout(timer);
      socket.destroy();
    }
  };
}
