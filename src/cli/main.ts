import { isAppError } from "../errors.ts";

import { commands } from "./commands.ts";
import type { CliIo } from "./io.ts";

const VERSION = "0.1.0";

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "rationwatch — NHS England planned-care variation from Referral to Treatment data",
    "",
    "Usage: rationwatch <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run 'rationwatch <command> --help' for a command's options.",
    "",
  ].join("\n");
}

/**
 * The CLI: runs one command and returns the exit code. This is the only place errors become exit
 * codes: an AppError prints its one-line message (exit 1 for bad input, 2 for bad usage); anything
 * else is a bug and prints a stack only with --debug.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const debug = rest.includes("--debug");
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`rationwatch: unknown command "${name}" (see 'rationwatch --help')\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.help.endsWith("\n") ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (e) {
    if (isAppError(e)) {
      io.stderr(`rationwatch ${name}: ${e.message}\n`);
      if (debug && e.stack) io.stderr(`${e.stack}\n`);
      return e.exitCode;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`rationwatch ${name}: unexpected error: ${err.message.split("\n")[0]}\n`);
    if (debug && err.stack) io.stderr(`${err.stack}\n`);
    else io.stderr("(run again with --debug for details)\n");
    return 1;
  }
}
