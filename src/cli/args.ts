import { parseArgs, type ParseArgsConfig } from "node:util";

import { UsageError } from "../errors.ts";

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
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new UsageError(`${message} (see 'rationwatch ${command} --help')`);
  }
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Parses a `YYYY-MM` flag value; throws a UsageError naming the flag otherwise. */
export function parseMonthFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!MONTH.test(value))
    throw new UsageError(`--${flag}: expected a month as YYYY-MM, got "${value}"`);
  return value;
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

/** Parses a non-negative integer flag. */
export function parseIntFlag(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${flag}: expected a whole number, got "${value}"`);
  return Number(value);
}
