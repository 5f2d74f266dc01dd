import { AppError } from "../errors.ts";

/** Ctrl-C (SIGINT) or SIGTERM stopped a command; exit 130 or 143 as a shell would report it. */
export class InterruptedError extends AppError {
  constructor(signal: "SIGINT" | "SIGTERM", what: string) {
    super(`interrupted (${signal}): ${what}`, signal === "SIGINT" ? 130 : 143);
  }
}

/**
 * Runs `fn` with an AbortSignal that SIGINT or SIGTERM aborts, so a long command can roll back,
 * remove its temporary files (and a store it created) and exit with one line instead of dying half
 * way. A second signal is not caught: it ends the process at once.
 */
export async function withInterrupt<T>(
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const on = (signal: "SIGINT" | "SIGTERM") => () =>
    controller.abort(new InterruptedError(signal, what));
  const onInt = on("SIGINT");
  const onTerm = on("SIGTERM");
  process.once("SIGINT", onInt);
  process.once("SIGTERM", onTerm);
  try {
    return await fn(controller.signal);
  } finally {
    process.removeListener("SIGINT", onInt);
    process.removeListener("SIGTERM", onTerm);
  }
}
