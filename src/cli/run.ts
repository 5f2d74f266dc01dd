import { processIo } from "./io.ts";
import { main } from "./main.ts";

/** Entry point used by bin/rationwatch.js. */
export async function run(): Promise<void> {
  process.env["TZ"] ??= "UTC";
  process.exitCode = await main(process.argv.slice(2), processIo());
}
