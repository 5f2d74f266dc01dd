import { serve } from "@hono/node-server";

import { UsageError } from "../errors.ts";
import { createApp } from "../server/app.ts";
import { SiteData } from "../server/data.ts";
import { createEditor } from "../server/edit/editor.ts";
import { smtpConfigFromEnv, smtpMailer } from "../server/edit/smtp.ts";
import { Store } from "../store/db.ts";

import { parseCommandArgs, parseIntFlag } from "./args.ts";
import { existingStorePath, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { openWebRegistry } from "./web-registry.ts";

const HELP = `Usage: rationwatch serve [--port 8080] [--host 127.0.0.1] [--db PATH] [--registry PATH]

Serves the web pages (home, area pages, indicators, compare, your area) and the open API
(/api/v1/…) from the store, read-only. Pages are rendered on first request and kept until the
store's data or the registry changes. With a restrictions registry it also shows a page for each
intervention (restriction status by area, activity with and without a restriction), each policy
record (with its history) and each scorecard round, a Restrictions section on every area page,
and their API routes, and the registry editor at /edit/ (log in with an account from
'rationwatch registry user add'; public "I found a policy" submissions at /edit/submit; see
docs/security.md). Invitations are e-mailed when RATIONWATCH_SMTP_HOST and RATIONWATCH_SMTP_FROM
are set (also _PORT, _TLS=starttls or 1, _USER, _PASSWORD); otherwise the admin is shown a
one-time link.
Stop with Ctrl+C.

Options:
  --port N      port to listen on (default 8080)
  --host HOST   address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --db PATH     store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  --registry P  restrictions registry (PGlite folder); default: the PostgreSQL server in
                DATABASE_URL if set, else $RATIONWATCH_REGISTRY, else ./rationwatch-registry
                when that folder exists (no registry pages when it does not)
  -h, --help    show this help
`;

export const serveCommand: Command = {
  name: "serve",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values } = parseCommandArgs("serve", argv, {
      port: { type: "string" },
      host: { type: "string" },
      db: { type: "string" },
      registry: { type: "string" },
    });
    const port = parseIntFlag("port", values.port, 8080);
    if (port < 1 || port > 65535) throw new UsageError(`--port: expected 1 to 65535, got ${port}`);
    const host = values.host ?? "127.0.0.1";
    const path = existingStorePath(io, values.db);
    const smtp = smtpConfigFromEnv(io.env); // a bad setting stops here, before anything opens
    const registry = await openWebRegistry(io, values.registry, Boolean(values.quiet));
    let store: Store;
    try {
      store = await Store.open(path, { readOnly: true });
    } catch (e) {
      await registry?.db.close();
      throw e;
    }
    const data = new SiteData(store, { now: io.now, registry: registry?.reader ?? null });
    try {
      await data.meta(); // fail now, with the store's message, rather than on the first request
    } catch (e) {
      store.close();
      await registry?.db.close();
      throw e;
    }
    // With a registry, the editor (/edit/: accounts, proposals, review, public submissions).
    const editor = registry
      ? createEditor({
          db: registry.db,
          meta: () => data.meta(),
          ...(smtp ? { mailer: smtpMailer(smtp) } : {}),
        })
      : undefined;
    const app = createApp({ data, editor });
    await new Promise<void>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
        io.stdout(
          `Ration Watch is serving http://${host}:${port}/${registry ? ` with the registry ${registry.shown}` : ""} (Ctrl+C to stop)\n`,
        );
      });
      server.on("error", (e: NodeJS.ErrnoException) =>
        reject(e.code === "EADDRINUSE" ? new UsageError(`--port: ${port} is already in use`) : e),
      );
      const stop = () => {
        server.close();
        store.close();
        void (registry?.db.close() ?? Promise.resolve()).then(resolve, resolve);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  },
};
