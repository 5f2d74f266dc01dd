/**
 * Ctrl-C (SIGINT) and SIGTERM, handled in one process-wide place.
 *
 * Code that can stop cleanly registers an unwinder (`onInterruptUnwind`): on the first signal every
 * unwinder is told (it interrupts its DuckDB statement, aborts its work) and the code unwinds through
 * its own `finally` blocks, so files are removed only after the native work writing them has ended,
 * and the command fails with one line (`InterruptedError`, exit 130 or 143).
 *
 * Code that leaves something on disk while it works (a store snapshot, a writer lock) also registers
 * a synchronous clean-up (`onInterrupt`). When nothing can unwind, or on a second signal, the handler
 * runs every clean-up, newest first (twice: at once, and a moment later), prints one line and exits
 * with 128 + the signal number, as a shell expects. Nothing is registered, and signals behave as
 * usual, when nothing is pending.
 */

type Cleanup = () => void;
export type Signal = "SIGINT" | "SIGTERM";
type Unwinder = (signal: Signal) => void;

const pending = new Set<Cleanup>();
const said = new Map<Cleanup, string>();
const unwinders = new Set<Unwinder>();
let prefix = "rationwatch";

/** How the one line printed on an interrupt starts (`rationwatch ingest`); set by the CLI. */
export function setInterruptPrefix(text: string): void {
  prefix = text;
}
const SIGNALS: Record<Signal, number> = { SIGINT: 2, SIGTERM: 15 };
let installed = false;

/** How long native work already under way (DuckDB opening a file, say) gets before the second sweep. */
const SETTLE_MS = 250;
let unwinding = false;
let exiting = false;

function runAll(): void {
  for (const cleanup of [...pending].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is going away; one failed clean-up must not stop the others.
    }
  }
}

function onSignal(signal: Signal): void {
  const code = 128 + SIGNALS[signal];
  if (exiting) process.exit(code);
  // First signal with code able to unwind: let it, and let its error say what happened.
  if (!unwinding && unwinders.size > 0) {
    unwinding = true;
    for (const unwind of [...unwinders]) unwind(signal);
    return;
  }
  exiting = true;
  runAll();
  const what = [...pending].map((c) => said.get(c)).find((m) => m !== undefined);
  process.stderr.write(`${prefix}: interrupted (${signal})${what ? `: ${what}` : ""}\n`);
  // A file operation already running on another thread may recreate what was just removed: sweep
  // again once it has settled, then exit.
  setTimeout(() => {
    runAll();
    process.exit(code);
  }, SETTLE_MS);
}

const listeners = { SIGINT: () => onSignal("SIGINT"), SIGTERM: () => onSignal("SIGTERM") };

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(SIGNALS) as Signal[]) process.on(signal, listeners[signal]);
}

function uninstall(): void {
  if (!installed || pending.size > 0 || unwinders.size > 0) return;
  installed = false;
  unwinding = false;
  for (const signal of Object.keys(SIGNALS) as Signal[]) process.off(signal, listeners[signal]);
}

/**
 * Registers `cleanup` to run if the process ends on a signal (a second one, or one while nothing can
 * unwind), and what to tell the user then (`the store is unchanged`); call the returned function
 * when done.
 */
export function onInterrupt(cleanup: Cleanup, message?: string): () => void {
  pending.add(cleanup);
  if (message !== undefined) said.set(cleanup, message);
  install();
  return () => {
    pending.delete(cleanup);
    said.delete(cleanup);
    uninstall();
  };
}

/**
 * Registers `unwind` to be told of the first SIGINT or SIGTERM instead of the process ending: it
 * should stop the work under way so that the code unwinds and fails with an `InterruptedError`.
 * Call the returned function when done.
 */
export function onInterruptUnwind(unwind: Unwinder): () => void {
  unwinders.add(unwind);
  install();
  return () => {
    unwinders.delete(unwind);
    uninstall();
  };
}
