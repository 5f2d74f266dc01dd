/** What a command may touch of the outside world; tests pass a fake, `run.ts` passes the real one. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is an interactive terminal (progress bars are drawn only then). */
  isTTY: boolean;
  /** The working directory relative paths resolve against. */
  cwd: string;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** The terminal's width when stdout is one (tables are fitted to it); undefined otherwise. */
  columns?: number;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}
