import cliProgress from "cli-progress";

import type { CliIo } from "./io.ts";

/** Progress callback the domain code accepts: `done` of `total` units, with an optional label. */
export type OnProgress = (done: number, total: number, label?: string) => void;

export interface ProgressBar {
  update: OnProgress;
  stop: () => void;
}

/** A bar on stderr when it is a terminal and not `--quiet`; otherwise silent. */
export function createProgressBar(io: CliIo, quiet: boolean, title: string): ProgressBar {
  if (quiet || !io.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage}% | {value}/{total} {label}`,
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = "") {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
