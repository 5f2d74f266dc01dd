/**
 * Turns what DuckDB and the file system throw about the store file into one-line EnvironmentErrors
 * that name the path and say what to do. Only this folder sees DuckDB's wording.
 */
import { EnvironmentError, isDiskFull } from "../errors.ts";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const errnoCode = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

/** True for errors that come from storage (I/O, disk full, a damaged or invalidated database). */
export function isStorageFailure(e: unknown): boolean {
  if (isDiskFull(e)) return true;
  if (errnoCode(e) !== undefined) return true;
  return /^(IO Error|FATAL Error|Invalid Error|Serialization Error)|database has been invalidated/i.test(
    message(e),
  );
}

/** The sentence a disk-full failure ends with. */
export function diskFullMessage(path: string, unchanged: boolean): string {
  return `disk full while writing the store at ${path}: ${
    unchanged ? "the store is unchanged" : "nothing was written"
  } (free some space and run again)`;
}

/**
 * An EnvironmentError for a failure to open the store at `path`, or undefined when the error is not
 * one we recognise (a bug, shown as such).
 */
export function storeOpenFailure(
  e: unknown,
  path: string,
  readOnly: boolean,
): EnvironmentError | undefined {
  const text = message(e);
  const code = errnoCode(e);
  const env = (what: string) => new EnvironmentError(path, what, { cause: e });
  if (/Could not set lock on file|Conflicting lock is held/i.test(text)) {
    const pid = /PID (\d+)/.exec(text)?.[1];
    return env(
      `the store at ${path} is in use by another program${pid ? ` (process ${pid})` : ""}: ` +
        "wait for it to finish, or close it, and run again",
    );
  }
  if (/Is a directory/i.test(text) || code === "EISDIR")
    return env(`${path} is a folder, not a store file (give --db a file name inside it)`);
  if (
    /not a valid DuckDB database file|file is not a valid DuckDB|Invalid Input Error: The file/i.test(
      text,
    )
  )
    return env(
      `${path} is not a Ration Watch store (not a DuckDB database, or damaged): ` +
        "give --db another file, or move this one aside and load the data again",
    );
  if (/File name too long/i.test(text) || code === "ENAMETOOLONG")
    return env(`${path}: the file name is too long (choose a shorter --db)`);
  if (/Permission denied/i.test(text) || code === "EACCES" || code === "EPERM")
    return env(
      `cannot ${readOnly ? "read" : "write"} the store at ${path}: permission denied (check the permissions of the file and its folder)`,
    );
  if (/Read-only file system/i.test(text) || code === "EROFS")
    return env(`cannot write the store at ${path}: the file system is read-only`);
  if (/read-only mode: database does not exist/i.test(text))
    return env(`no store at ${path} (load data first with 'rationwatch ingest' or 'npm start')`);
  if (/No such file or directory/i.test(text) || code === "ENOENT")
    return env(`cannot open the store at ${path}: its folder does not exist (create it first)`);
  if (isDiskFull(e)) return env(diskFullMessage(path, true));
  if (/Too many levels of symbolic links/i.test(text) || code === "ELOOP")
    return env(`${path}: symbolic link loop (fix or remove the link)`);
  if (/Not a directory/i.test(text) || code === "ENOTDIR")
    return env(`cannot open the store at ${path}: part of the path is a file, not a folder`);
  if (/^(IO Error|Serialization Error|FATAL Error)|Corrupt|checksum/i.test(text))
    return env(
      `the store at ${path} is damaged (${text.split("\n")[0]}): move it aside and load the data again`,
    );
  return undefined;
}

/** An EnvironmentError for a storage failure while reading or writing an open store. */
export function storeUseFailure(e: unknown, path: string): EnvironmentError | undefined {
  if (isDiskFull(e)) return new EnvironmentError(path, diskFullMessage(path, true), { cause: e });
  const text = message(e);
  if (/^(IO Error|Serialization Error|FATAL Error)|database has been invalidated/i.test(text))
    return new EnvironmentError(
      path,
      `the store at ${path} could not be read or written (${text.split("\n")[0]}): check the disk, then run again`,
      { cause: e },
    );
  return undefined;
}
