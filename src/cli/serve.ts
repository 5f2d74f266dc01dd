import { serve } from "@hono/node-server";

import { UsageError } from "../errors.ts";
import { createApp } from "../server/app.ts";
import { SiteData } from "../server/data.ts";
import { Store } from "../store/db.ts";

import { parseCommandArgs, parseIntFlag } from "./args.ts";
import { existingStorePath, type Command } from "./command.ts";
import type { CliIo } from "./io.ts";

const HELP = `Usage: rationwatch serve [--port 8080] [--host 127.0.0.1] [--db PATH]

Serves the web pages (home, area pages, indicators, compare, your area) and the open API
(/api/v1/…) from the store, read-only. Pages are rendered on first request and kept until the
store's data changes. Stop with Ctrl+C.

Options:
  --port N      port to listen on (default 8080)
  --host HOST   address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --db PATH     store file (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
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
    });
    const port = parseIntFlag("port", values.port, 8080);
    if (port < 1 || port > 65535) throw new UsageError(`--port: expected 1 to 65535, got ${port}`);
    const host = values.host ?? "127.0.0.1";
    const path = existingStorePath(io, values.db);
    const store = await Store.open(path, { readOnly: true });
    const data = new SiteData(store, { now: io.now });
    await data.meta(); // fail now, with the store's message, rather than on the first request
    const app = createApp({ data });
    await new Promise<void>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
        io.stdout(`Ration Watch is serving http://${host}:${port}/ (Ctrl+C to stop)\n`);
      });
      server.on("error", (e: NodeJS.ErrnoException) =>
        reject(e.code === "EADDRINUSE" ? new UsageError(`--port: ${port} is already in use`) : e),
      );
      const stop = () => {
        server.close();
        store.close();
        resolve();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  },
};
