import { isAppError } from "../errors.ts";
import { setInterruptPrefix } from "../interrupt.ts";

import { commands } from "./commands.ts";
import type { CliIo } from "./io.ts";
import { suggest } from "./suggest.ts";

const VERSION = "0.1.0";

const ERRNO_ADVICE: Record<string, string> = {
  EACCES: "permission denied (check its permissions, or run as a user who may use it)",
  EPERM: "operation not permitted (check its permissions)",
  ENOENT: "no such file or folder (check the path; a symbolic link may point nowhere)",
  ELOOP: "symbolic link loop (fix or remove the link)",
  ENOTDIR: "part of the path is a file where a folder was expected",
  EISDIR: "is a folder where a file was expected",
  ENAMETOOLONG: "the name is too long (choose a shorter path)",
  ENOSPC: "disk full (free some space and run again)",
  EDQUOT: "disk quota exceeded (free some space and run again)",
  EROFS: "the file system is read-only (choose a writable place)",
  EEXIST: "already exists (choose another name)",
  EMFILE: "too many open files (close other programs and run again)",
  EBUSY: "busy (another program is using it; wait and run again)",
  EIO: "input/output error (check the disk)",
};

/**
 * A file-system error (a Node.js error with a code and a path) as one line naming the path and what
 * to do; undefined for anything else.
 */
export function environmentMessage(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  if (!err || typeof err.code !== "string") return undefined;
  const advice = ERRNO_ADVICE[err.code];
  const path = err.path ?? (err as { dest?: string }).dest;
  if (advice === undefined || path === undefined) return undefined;
  return `${path}: ${advice}`;
}

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
 * codes: an AppError prints its one-line message (exit 1 for bad input, 2 for bad usage); a
 * file-system error prints one line naming the path and what to do (exit 1); anything else is a bug
 * and prints a stack only with --debug.
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
    const guess = suggest(
      name,
      commands.map((c) => c.name),
    );
    io.stderr(
      `rationwatch: unknown command "${name}" (${guess ? `did you mean '${guess}'? ` : ""}see 'rationwatch --help')\n`,
    );
    return 2;
  }
  setInterruptPrefix(`rationwatch ${name}`);
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
    const environment = environmentMessage(e);
    if (environment !== undefined) {
      io.stderr(`rationwatch ${name}: ${environment}\n`);
      if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
      return 1;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`rationwatch ${name}: unexpected error: ${err.message.split("\n")[0]}\n`);
    if (debug && err.stack) io.stderr(`${err.stack}\n`);
    else io.stderr("(run again with --debug for details)\n");
    return 1;
  }
}
