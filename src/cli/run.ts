import { processIo } from "./io.ts";
import { main } from "./main.ts";

/** Entry point used by bin/rationwatch.js. */
export async function run(): Promise<void> {
  process.env["TZ"] ??= "UTC";
  // A reader that stops early (`rationwatch variation | head`) closes the pipe: stop quietly, as
  // Unix tools do, instead of dying on an unhandled EPIPE with a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await main(process.argv.slice(2), processIo());
}
