// An SMTP sink on 127.0.0.1 for the mail tests: it answers every command, refuses recipients at
// `refuse.example` (550), and keeps what each connection sent. Modes: `plain` (no encryption
// offered), `starttls` (offers and performs STARTTLS), `no-starttls` (answers like a server that
// could, but does not offer it), `inject` (answers STARTTLS with a second reply sent in clear),
// `implicit` (TLS from the first byte). TLS uses the test certificate in test/fixtures/smtp-tls/.
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, TLSSocket } from "node:tls";

const FIXTURES = new URL("../fixtures/smtp-tls/", import.meta.url);
/** The sink's certificate (self-signed for localhost and 127.0.0.1): trust it to talk TLS to it. */
export const SINK_CERT = readFileSync(new URL("cert.pem", FIXTURES));
const SINK_KEY = readFileSync(new URL("key.pem", FIXTURES));

export type SinkMode = "plain" | "starttls" | "no-starttls" | "inject" | "implicit";

/** What one connection sent. */
export interface SinkSession {
  commands: string[];
  /** For each command, whether the connection was encrypted when it arrived. */
  secure: boolean[];
  /** The message after DATA, dots unstuffed, lines joined with \n ("" if none was sent). */
  data: string;
}

export interface SmtpSink {
  server: Server;
  port: number;
  /** Every connection, in order. */
  sessions: SinkSession[];
  /** The connections that delivered a message. */
  readonly received: SinkSession[];
  close(): Promise<void>;
}

export function smtpSink(mode: SinkMode = "plain"): Promise<SmtpSink> {
  const sessions: SinkSession[] = [];
  const serve = (first: Socket, secureFromStart: boolean) => {
    const session: SinkSession = { commands: [], secure: [], data: "" };
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
          session.data = buffer
            .slice(0, end)
            .split("\r\n")
            .map((l) => (l.startsWith("..") ? l.slice(1) : l))
            .join("\n");
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const i = buffer.indexOf("\r\n");
        if (i < 0) return;
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        session.commands.push(line);
        session.secure.push(secure);
        if (line.startsWith("EHLO")) {
          const offer = (mode === "starttls" || mode === "inject") && !secure;
          socket.write(`250-sink\r\n${offer ? "250-STARTTLS\r\n" : ""}250 8BITMIME\r\n`);
        } else if (line === "STARTTLS") {
          socket.write(mode === "inject" ? "220 go ahead\r\n250 injected\r\n" : "220 go ahead\r\n");
          socket.removeListener("data", onData);
          const tls = new TLSSocket(socket, { isServer: true, key: SINK_KEY, cert: SINK_CERT });
          tls.on("secure", () => {
            secure = true;
          });
          tls.on("error", () => {});
          tls.on("data", onData);
          socket = tls;
        } else if (line.startsWith("AUTH")) socket.write("235 accepted\r\n");
        else if (line.startsWith("RCPT") && line.includes("refuse.example"))
          socket.write("550 5.1.1 no such mailbox\r\n");
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
      ? createTlsServer({ key: SINK_KEY, cert: SINK_CERT }, (s) => serve(s, true))
      : createServer((s) => serve(s, false));
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        server,
        port: (server.address() as { port: number }).port,
        sessions,
        get received() {
          return sessions.filter((s) => s.data !== "");
        },
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}
