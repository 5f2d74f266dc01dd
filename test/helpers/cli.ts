import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { expect } from "vitest";

import type { CliIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The clock CLI tests run at unless they give their own (so "the current month" is fixed). */
export const TEST_NOW = new Date("2026-01-15T12:00:00Z");

/**
 * Runs the CLI in-process with captured output (fast; most CLI tests use this), at `TEST_NOW` unless
 * `now` is given (a test that ingests a month after January 2026 needs a later clock).
 */
export async function runCli(
  argv: string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    isTTY?: boolean;
    now?: Date;
  } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    now: () => options.now ?? TEST_NOW,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Runs the real command in a child process, as a user would (source run through tsx). */
export function spawnCli(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", `${repoRoot}src/cli/bin.ts`, ...argv],
    {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, TZ: "UTC", ...options.env },
      encoding: "utf8",
      // A process that has not ended by then is killed, and its code is -1.
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    },
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A refused command: the exit code, nothing on stdout, exactly `stderr` (one line), and no `out`
 * path written — the contract every bad flag and bad input is held to.
 */
export function expectRefused(r: CliResult, code: number, stderr: string, out: string): void {
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
    code,
    stdout: "",
    stderr,
  });
  expect(existsSync(out), `${out} was written`).toBe(false);
}
