/**
 * Clean-up on Ctrl-C (SIGINT) and SIGTERM: code that leaves something on disk while it works (a store
 * snapshot, a writer lock, unpacked temporary files) registers a synchronous clean-up here. One
 * process-wide handler runs every registered clean-up, newest first (twice: once at once, once a
 * moment later), then exits with 128 + the signal number, as a shell expects. Nothing is registered, and signals behave as usual, when nothing is
 * pending, and when the command handles the signal itself (see `cli/interrupt.ts`), this handler
 * leaves it to that unwinding.
 */

type Cleanup = () => void;

const pending = new Set<Cleanup>();
const said = new Map<Cleanup, string>();
let prefix = "rationwatch";

/** How the one line printed on an interrupt starts (`rationwatch ingest`); set by the CLI. */
export function setInterruptPrefix(text: string): void {
  prefix = text;
}
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;
let installed = false;

/** How long native work already under way (DuckDB opening a file, say) gets before the second sweep. */
const SETTLE_MS = 250;
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

function onSignal(signal: keyof typeof SIGNALS): void {
  const code = 128 + SIGNALS[signal];
  // A command that handles the signal itself (it rolls back and fails with one line, as ingest does)
  // unwinds through the code that registered these clean-ups, which then run as usual.
  if (!exiting && process.listenerCount(signal) > 1) return;
  if (exiting) process.exit(code);
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

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(SIGNALS) as Array<keyof typeof SIGNALS>)
    process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed || pending.size > 0) return;
  installed = false;
  for (const signal of Object.keys(SIGNALS) as Array<keyof typeof SIGNALS>)
    process.off(signal, onSignal);
}

/** True once SIGINT or SIGTERM arrived: work still running must not publish anything. */
export function interrupted(): boolean {
  return exiting;
}

/**
 * Registers `cleanup` to run if the process is interrupted, and what to tell the user then (`the
 * store is unchanged`); call the returned function when done.
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
