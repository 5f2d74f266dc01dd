/**
 * Clean-up on Ctrl-C (SIGINT) and SIGTERM: code that leaves something on disk while it works (a store
 * snapshot, a writer lock, unpacked temporary files) registers a synchronous clean-up here. One
 * process-wide handler runs every registered clean-up, newest first, then exits with 128 + the signal
 * number, as a shell expects. Nothing is registered, and signals behave as usual, when nothing is
 * pending.
 */

type Cleanup = () => void;

const pending = new Set<Cleanup>();
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;
let installed = false;

function onSignal(signal: keyof typeof SIGNALS): void {
  for (const cleanup of [...pending].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is going away; one failed clean-up must not stop the others.
    }
  }
  pending.clear();
  process.exit(128 + SIGNALS[signal]);
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

/** Registers `cleanup` to run if the process is interrupted; call the returned function when done. */
export function onInterrupt(cleanup: Cleanup): () => void {
  pending.add(cleanup);
  install();
  return () => {
    pending.delete(cleanup);
    uninstall();
  };
}
