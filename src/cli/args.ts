import { parseArgs, type ParseArgsConfig } from "node:util";

import { UsageError } from "../errors.ts";
import { parseMonthArg } from "../months.ts";

import { suggest } from "./suggest.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every command takes. */
export const commonOptions = {
  help: { type: "boolean", short: "h" },
  quiet: { type: "boolean", short: "q" },
  debug: { type: "boolean" },
} as const satisfies Options;

/** Strict argument parsing: an unknown or malformed flag is a UsageError naming it. */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...commonOptions, ...options },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    const message = (e instanceof Error ? e.message.split("\n")[0] : String(e)) ?? "";
    // "Unknown option '--fromm'": name the option it was probably meant to be.
    const unknown = /^Unknown option '--([^'=]+)/.exec(message)?.[1];
    const guess =
      unknown === undefined
        ? undefined
        : suggest(unknown, Object.keys({ ...commonOptions, ...options }));
    const hint = guess === undefined ? "" : `did you mean --${guess}? `;
    throw new UsageError(`${message} (${hint}see 'rationwatch ${command} --help')`);
  }
}

/** Parses a `YYYY-MM` flag value (years 2000–2099); throws a UsageError naming the flag otherwise. */
export function parseMonthFlag(flag: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : parseMonthArg(flag, value);
}

/** Parses a flag that must be one of a fixed set of words. */
export function parseChoice<T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag}: expected one of ${choices.join(", ")}, got "${value}"`);
}

/** Parses a non-negative integer flag; a number too large to hold exactly (above 2^53 − 1) is refused. */
export function parseIntFlag(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${flag}: expected a whole number, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new UsageError(
      `--${flag}: ${value} is too large (expected a whole number up to ${Number.MAX_SAFE_INTEGER})`,
    );
  return n;
}
