import { InterruptedError } from "../errors.ts";
import { onInterruptUnwind } from "../interrupt.ts";

/**
 * Runs `fn` with an AbortSignal that SIGINT or SIGTERM aborts, so a long command can roll back,
 * remove its temporary files (and a store it created) and exit with one line instead of dying half
 * way. A second signal is not caught: it ends the process at once (see `interrupt.ts`).
 */
export async function withInterrupt<T>(
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const off = onInterruptUnwind((signal) => controller.abort(new InterruptedError(signal, what)));
  try {
    return await fn(controller.signal);
  } finally {
    off();
  }
}
