// The SMTP client over TLS, against sinks on 127.0.0.1 written here with a test certificate
// (test/fixtures/smtp-tls/, self-signed for localhost and 127.0.0.1): STARTTLS on port-587 style
// servers and implicit TLS, AUTH PLAIN only once encrypted, and every way of ending up in clear
// refused — a server that does not offer STARTTLS, a certificate not trusted, a reply injected
// before the handshake.
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, TLSSocket } from "node:tls";

import { afterAll, describe, expect, it } from "vitest";

import { smtpMailer, type SmtpConfig } from "../../src/server/edit/smtp.ts";

const FIXTURES = new URL("../fixtures/smtp-tls/", import.meta.url);
const key = readFileSync(new URL("key.pem", FIXTURES));
const cert = readFileSync(new URL("cert.pem", FIXTURES));

interface Session {
  /** Each command with whether the connection was encrypted when it arrived. */
  commands: Array<{ line: string; secure: boolean }>;
  data: string;
}

type Mode = "starttls" | "no-starttls" | "implicit" | "inject";

/** An SMTP sink: `starttls` offers and performs STARTTLS; `inject` answers it with two replies. */
function sink(mode: Mode): Promise<{ server: Server; port: number; sessions: Session[] }> {
  const sessions: Session[] = [];
  const serve = (first: Socket, secureFromStart: boolean) => {
    const session: Session = { commands: [], data: "" };
    sessions.push(session);
    let socket = first;
    let secure = secureFromStart;
    let buffer = "";
    let inData = false;
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          session.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const i = buffer.indexOf("\r\n");
        if (i < 0) return;
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        session.commands.push({ line, secure });
        if (line.startsWith("EHLO")) {
          const offer = (mode === "starttls" || mode === "inject") && !secure;
          socket.write(`250-sink\r\n${offer ? "250-STARTTLS\r\n" : ""}250 AUTH PLAIN\r\n`);
        } else if (line === "STARTTLS") {
          socket.write(mode === "inject" ? "220 go ahead\r\n250 injected\r\n" : "220 go ahead\r\n");
          socket.removeListener("data", onData);
          const tls = new TLSSocket(socket, { isServer: true, key, cert });
          tls.on("secure", () => {
            secure = true;
          });
          tls.on("error", () => {});
          tls.on("data", onData);
          socket = tls;
        } else if (line.startsWith("AUTH")) socket.write("235 accepted\r\n");
        else if (line === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (line === "QUIT") {
          socket.end("221 bye\r\n");
          return;
        } else socket.write("250 OK\r\n");
      }
    };
    socket.on("data", onData);
    socket.on("error", () => {});
    socket.write("220 sink ESMTP\r\n");
  };
  const server =
    mode === "implicit"
      ? createTlsServer({ key, cert }, (s) => serve(s, true))
      : createServer((s) => serve(s, false));
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, port: (server.address() as { port: number }).port, sessions }),
    ),
  );
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function started(mode: Mode) {
  const s = await sink(mode);
  servers.push(s.server);
  return s;
}

const MAIL = { to: "new.reviewer@example.org", subject: "Invitation", text: "Hello" };

function config(port: number, security: SmtpConfig["security"], trusted = true): SmtpConfig {
  return {
    host: "127.0.0.1",
    port,
    from: "editor@rationwatch.example",
    security,
    user: "mailer",
    password: "s3cret",
    ...(trusted ? { ca: cert } : {}),
  };
}

describe("SMTP over TLS", () => {
  it("STARTTLS: only EHLO and STARTTLS go in clear; AUTH and the message go encrypted", async () => {
    const s = await started("starttls");
    await smtpMailer(config(s.port, "starttls"), 5000)(MAIL);
    const [session] = s.sessions;
    const commands = session?.commands ?? [];
    expect(commands.map((c) => [c.line.split(" ")[0], c.secure])).toEqual([
      ["EHLO", false],
      ["STARTTLS", false],
      ["EHLO", true],
      ["AUTH", true],
      ["MAIL", true],
      ["RCPT", true],
      ["DATA", true],
      ["QUIT", true],
    ]);
    const auth = commands.find((c) => c.line.startsWith("AUTH"))?.line.split(" ")[2] ?? "";
    expect(Buffer.from(auth, "base64").toString()).toBe("\0mailer\0s3cret");
    expect(session?.data).toContain("To: new.reviewer@example.org\r\n");
  });

  it("implicit TLS: every command encrypted", async () => {
    const s = await started("implicit");
    await smtpMailer(config(s.port, "tls"), 5000)(MAIL);
    const commands = s.sessions[0]?.commands ?? [];
    expect(commands.map((c) => c.line.split(" ")[0])).toEqual([
      "EHLO",
      "AUTH",
      "MAIL",
      "RCPT",
      "DATA",
      "QUIT",
    ]);
    expect(commands.every((c) => c.secure)).toBe(true);
  });

  it("a server that does not offer STARTTLS is refused before anything else is sent", async () => {
    const s = await started("no-starttls");
    await expect(smtpMailer(config(s.port, "starttls"), 5000)(MAIL)).rejects.toThrow(
      "the mail server does not offer STARTTLS, so nothing was sent",
    );
    expect(s.sessions[0]?.commands.map((c) => c.line.split(" ")[0])).toEqual(["EHLO"]);
  });

  it("a certificate not trusted ends the conversation: no AUTH, no message", async () => {
    const s = await started("starttls");
    await expect(smtpMailer(config(s.port, "starttls", false), 5000)(MAIL)).rejects.toThrow(
      /^the TLS handshake with the mail server failed: self[- ]signed certificate/,
    );
    expect(s.sessions[0]?.commands.map((c) => c.line)).not.toContainEqual(
      expect.stringMatching(/^(AUTH|MAIL)/),
    );
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
    expect(s.sessions[0]?.commands.map((c) => c.line.split(" ")[0])).toEqual(["EHLO", "STARTTLS"]);
  });
});
