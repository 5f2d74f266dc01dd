/**
 * The few error kinds Ration Watch throws. Each carries one machine-readable field; only the CLI entry
 * point (`cli/main.ts`) and the server's error handler turn them into exit codes or HTTP statuses.
 */

/** Base class: an expected failure whose message is fit to show a user as one line. */
export class AppError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Ctrl-C (SIGINT) or SIGTERM stopped a command; exit 130 or 143 as a shell would report it. */
export class InterruptedError extends AppError {
  constructor(signal: "SIGINT" | "SIGTERM", what: string) {
    super(`interrupted (${signal}): ${what}`, signal === "SIGINT" ? 130 : 143);
  }
}

/** A bad command line: unknown flag, malformed month, unknown specialty (exit code 2, HTTP 400). */
export class UsageError extends AppError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Where in an input file a problem is. */
export interface FileLocation {
  file: string;
  line?: number;
  column?: string;
}

/**
 * A structurally bad input file (not an RTT extract, wrong header, non-numeric cell, corrupt zip,
 * empty file…). The message names the file, and the line and column where there is one.
 */
export class InputFileError extends AppError {
  readonly location: FileLocation;
  constructor(location: FileLocation, problem: string) {
    super(`${formatLocation(location)}: ${problem}`, 1);
    this.location = location;
  }
}

/** The store lacks what a command needs (missing months, no data ingested) (exit 1, HTTP 404). */
export class MissingDataError extends AppError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** A remote site could not be reached or served something unusable (exit 1, HTTP 502). */
export class NetworkError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 1, options);
  }
}

/**
 * The machine got in the way, not the data: a file or folder that cannot be read or written, a full
 * disk, a store another run is writing, a damaged store (exit 1, HTTP 503). The message names the path
 * and says what to do.
 */
export class EnvironmentError extends AppError {
  /** The file or folder concerned. */
  readonly path: string;
  constructor(path: string, message: string, options?: ErrorOptions) {
    super(message, 1, options);
    this.path = path;
  }
}

export function formatLocation({ file, line, column }: FileLocation): string {
  let out = file;
  if (line !== undefined) out += `:${line}`;
  if (column !== undefined) out += ` (column "${column}")`;
  return out;
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
export const isUsageError = (e: unknown): e is UsageError => e instanceof UsageError;
export const isInputFileError = (e: unknown): e is InputFileError => e instanceof InputFileError;

/** One problem found while validating a file: where it is and what is wrong. */
export interface InputIssue extends FileLocation {
  problem: string;
}

/**
 * A file with problems in its rows (registry and scorecard imports): every problem is collected and
 * listed by row and column, and nothing is written. `issues` is the machine-readable list.
 */
export class ValidationError extends AppError {
  readonly issues: InputIssue[];
  constructor(file: string, issues: InputIssue[]) {
    const n = issues.length;
    const lines = issues.map((i) => `  ${formatLocation(i)}: ${i.problem}`);
    super(
      [`${file}: ${n} problem${n === 1 ? "" : "s"}; nothing was imported`, ...lines].join("\n"),
      1,
    );
    this.issues = issues;
  }
}

/**
 * A write based on a stale version of a record (optimistic versioning): someone else saved it first
 * (exit 1, HTTP 409). `current` is the version now held.
 */
export class ConflictError extends AppError {
  readonly current: number;
  constructor(message: string, current: number) {
    super(message, 1);
    this.current = current;
  }
}

export const isValidationError = (e: unknown): e is ValidationError => e instanceof ValidationError;
export const isConflictError = (e: unknown): e is ConflictError => e instanceof ConflictError;

/** True for errors that mean the disk (or its quota) is full, whoever was writing. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return (
    code === "ENOSPC" ||
    code === "EDQUOT" ||
    /No space left on device|Disk quota exceeded|ENOSPC/i.test(
      e instanceof Error ? e.message : String(e),
    )
  );
}
