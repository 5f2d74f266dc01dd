import { lstat, readdir, readlink, realpath, stat } from "node:fs/promises";
import { join } from "node:path";

import { InputFileError } from "../errors.ts";

/** An input file: a CSV extract or a zip holding one. `path` is as given (or joined to its folder). */
export interface InputFile {
  path: string;
  kind: "csv" | "zip";
}

/** macOS archive litter (`__MACOSX/`, `._name.csv`) found in unpacked folders and zips. */
export const isLitter = (name: string): boolean => /(^|[\\/])(__MACOSX[\\/]|\._)/.test(name);

const kindOf = (name: string): InputFile["kind"] | undefined =>
  /\.csv$/i.test(name) ? "csv" : /\.zip$/i.test(name) ? "zip" : undefined;

const reason = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "ELOOP") return "a symbolic link that loops back on itself";
  if (code === "EACCES" || code === "EPERM")
    return "permission denied (check the file's permissions)";
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "cannot be read";
};

/** Why `path` cannot be opened, naming a symbolic link's missing target rather than "no such file". */
async function danglingReason(path: string, e: unknown): Promise<string> {
  if ((e as NodeJS.ErrnoException).code !== "ENOENT") return reason(e);
  const link = await lstat(path).catch(() => undefined);
  if (!link?.isSymbolicLink()) return reason(e);
  const target = await readlink(path).catch(() => "?");
  return `a symbolic link to ${target}, which does not exist`;
}

/**
 * Walks a folder for `.csv` and `.zip` files, following symbolic links but entering each real
 * folder once (a link that loops back is not walked again), skipping macOS litter and anything that
 * is not a regular file (a FIFO, a socket, a device), in name order.
 */
async function walk(dir: string, seen: Set<string>, out: InputFile[]): Promise<void> {
  let names: string[];
  try {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    names = (await readdir(dir)).sort();
  } catch (e) {
    throw new InputFileError({ file: dir }, reason(e));
  }
  for (const name of names) {
    const path = join(dir, name);
    if (isLitter(path)) continue;
    const info = await stat(path).catch(() => undefined); // a dangling or looping link: skip it
    if (!info) continue;
    if (info.isDirectory()) await walk(path, seen, out);
    else if (info.isFile()) {
      const kind = kindOf(name);
      if (kind) out.push({ path, kind });
    }
  }
}

/**
 * Expands the paths given to `ingest`: files are taken as they are (`.csv` or `.zip`, regular files
 * only: a FIFO or device would never end), folders are searched recursively for both, in name order,
 * skipping macOS archive litter and never entering a folder twice (symbolic-link loops). An empty
 * path is refused rather than read as the current folder. Each file appears once.
 */
export async function findInputFiles(paths: string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const seen = new Set<string>();
  const add = (file: InputFile) => {
    if (seen.has(file.path)) return;
    seen.add(file.path);
    out.push(file);
  };
  for (const path of paths) {
    if (path.trim() === "")
      throw new InputFileError({ file: '""' }, "an empty path (give a file or folder)");
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      throw new InputFileError({ file: path }, await danglingReason(path, e));
    }
    if (info.isDirectory()) {
      const files: InputFile[] = [];
      await walk(path, new Set(), files);
      if (files.length === 0)
        throw new InputFileError({ file: path }, "no .csv or .zip files in this folder");
      files.forEach(add);
      continue;
    }
    if (!info.isFile())
      throw new InputFileError(
        { file: path },
        "not a regular file (a pipe, socket or device cannot be ingested: save it to a file first)",
      );
    const kind = kindOf(path);
    if (!kind) throw new InputFileError({ file: path }, "not a .csv or .zip file");
    add({ path, kind });
  }
  return out;
}
