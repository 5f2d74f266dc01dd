/**
 * A minimal SMTP client (RFC 5321) for the editor's invitation e-mails, on node:net / node:tls with
 * no dependency: EHLO, STARTTLS (RFC 3207) or implicit TLS, optional AUTH PLAIN (only over TLS),
 * MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT. The server's certificate is checked against the
 * system's certificate authorities (and `NODE_EXTRA_CA_CERTS`). Configured from the environment;
 * without `RATIONWATCH_SMTP_HOST` the editor shows the admin a one-time link instead.
 */
import { isIP, connect as netConnect, type Socket } from "node:net";
import { hostname } from "node:os";
import { connect as tlsConnect, type TLSSocket } from "node:tls";

import { UsageError } from "../../errors.ts";

/**
 * How the connection is encrypted: `tls` from the first byte (port 465), `starttls` upgraded after
 * EHLO (port 587; a server that does not offer it is refused, never used in clear), `none` (a local
 * relay on port 25).
 */
export type SmtpSecurity = "tls" | "starttls" | "none";

const SMTP_SECURITY_SETTINGS: Record<string, SmtpSecurity> = {
  "1": "tls",
  tls: "tls",
  starttls: "starttls",
  "0": "none",
  none: "none",
};

const DEFAULT_PORT: Record<SmtpSecurity, string> = { tls: "465", starttls: "587", none: "25" };

export interface SmtpConfig {
  host: string;
  port: number;
  /** The sender address (`From:` and `MAIL FROM`). */
  from: string;
  security: SmtpSecurity;
  user?: string;
  password?: string;
  /** Certificate authorities to trust instead of the system's (PEM); tests use their own. */
  ca?: string | Buffer;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one message; rejects with a one-line reason. */
export type Mailer = (mail: Mail) => Promise<void>;

/**
 * The SMTP settings in the environment: `RATIONWATCH_SMTP_HOST` (none: null), `_TLS` (`1` or `tls`:
 * implicit TLS; `starttls`; unset, `0` or `none`: no encryption), `_PORT` (default 465, 587 or 25
 * to match), `_FROM` (required), `_USER` and `_PASSWORD` (AUTH PLAIN, encrypted connections only).
 */
export function smtpConfigFromEnv(env: Record<string, string | undefined>): SmtpConfig | null {
  const host = env["RATIONWATCH_SMTP_HOST"];
  if (!host) return null;
  const tlsText = env["RATIONWATCH_SMTP_TLS"] ?? "none";
  const security = Object.hasOwn(SMTP_SECURITY_SETTINGS, tlsText)
    ? SMTP_SECURITY_SETTINGS[tlsText]
    : undefined;
  if (security === undefined)
    throw new UsageError(
      `RATIONWATCH_SMTP_TLS: expected 1 (or tls), starttls, or 0 (or none), got "${tlsText}"`,
    );
  const portText = env["RATIONWATCH_SMTP_PORT"] ?? DEFAULT_PORT[security];
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
  if ((user || password) && security === "none")
    throw new UsageError(
      "RATIONWATCH_SMTP_USER/PASSWORD need RATIONWATCH_SMTP_TLS=1 or starttls: a password is never sent unencrypted",
    );
  return { host, port, from, security, ...(user ? { user, password: password ?? "" } : {}) };
}

/** A complete reply: its code, its last line's text and all its lines. */
interface Reply {
  code: number;
  text: string;
  lines: string[];
}

/** One SMTP conversation over a socket: send a line, await the complete (multi-line) reply. */
class Conversation {
  private buffer = "";
  private waiting: Array<(reply: Reply) => void> = [];
  /** Replies that came before anyone asked for them. */
  private early: Reply[] = [];
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
        const lines = m[0].trim().split("\r\n");
        const reply = { code: Number(m[1]), text: lines.at(-1) ?? "", lines };
        const next = this.waiting.shift();
        if (next) next(reply);
        else this.early.push(reply);
      }
    });
    socket.on("error", this.fail);
    socket.on("close", this.closed);
  }

  private readonly fail = (e: Error) => {
    this.failed = e;
    for (const w of this.waiting.splice(0)) w({ code: 0, text: e.message, lines: [] });
  };

  private readonly closed = () => this.fail(new Error("the mail server closed the connection"));

  reply(): Promise<Reply> {
    const early = this.early.shift();
    if (early) return Promise.resolve(early);
    if (this.failed) return Promise.resolve({ code: 0, text: this.failed.message, lines: [] });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends `line` (or nothing) and expects a reply code in `ok`; returns the reply. */
  async expect(line: string | null, ok: number[]): Promise<Reply> {
    if (line !== null) this.socket.write(`${line}\r\n`);
    const r = await this.reply();
    if (!ok.includes(r.code)) {
      const what = line === null ? "greeting" : (line.split(" ")[0] ?? line);
      throw new Error(`the mail server refused ${what}: ${r.text || "no answer"}`);
    }
    return r;
  }

  /**
   * Stops reading the socket (TLS takes it over after STARTTLS); anything the server sent after
   * its 220 and before the handshake is refused (RFC 3207 §4: a response injected in clear).
   */
  detach(): void {
    this.socket.removeListener("close", this.closed);
    this.socket.removeAllListeners("data");
    if (this.buffer !== "" || this.early.length > 0)
      throw new Error("the mail server sent data in clear after agreeing to STARTTLS");
  }
}

/** The server name to verify the certificate against (SNI is not sent for an IP address). */
function tlsTarget(config: SmtpConfig): {
  host: string;
  servername?: string;
  ca?: string | Buffer;
} {
  return {
    host: config.host,
    ...(isIP(config.host) === 0 ? { servername: config.host } : {}),
    ...(config.ca !== undefined ? { ca: config.ca } : {}),
  };
}

/** The TLS connection over `socket` once its handshake (and the certificate check) has passed. */
function startTls(socket: Socket, config: SmtpConfig): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket, ...tlsTarget(config) }, () => resolve(secure));
    secure.once("error", (e) =>
      reject(new Error(`the TLS handshake with the mail server failed: ${e.message}`)),
    );
  });
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
    let socket: Socket =
      config.security === "tls"
        ? tlsConnect({ port: config.port, ...tlsTarget(config) })
        : netConnect({ host: config.host, port: config.port });
    const raw = socket;
    const timer = setTimeout(
      () =>
        socket.destroy(new Error(`the mail server did not answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    let talk = new Conversation(socket);
    try {
      await talk.expect(null, [220]);
      const ehlo = `EHLO ${hostname().replace(/[^A-Za-z0-9.-]/g, "") || "localhost"}`;
      const hello = await talk.expect(ehlo, [250]);
      if (config.security === "starttls") {
        // Never on in clear: no STARTTLS offered, or a failed handshake, ends the conversation.
        if (!hello.lines.some((l) => /^250[ -]STARTTLS\b/i.test(l)))
          throw new Error("the mail server does not offer STARTTLS, so nothing was sent");
        await talk.expect("STARTTLS", [220]);
        talk.detach();
        socket = await startTls(socket, config);
        talk = new Conversation(socket);
        await talk.expect(ehlo, [250]); // RFC 3207: what was learnt before TLS is forgotten
      }
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
      raw.destroy();
    }
  };
}
