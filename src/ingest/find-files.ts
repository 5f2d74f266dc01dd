import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

import { InputFileError } from "../errors.ts";

/** An input file: a CSV extract or a zip holding one. `path` is as given (or joined to its folder). */
export interface InputFile {
  path: string;
  kind: "csv" | "zip";
}

/** macOS archive litter (`__MACOSX/`, `._name.csv`) found in unpacked folders. */
const isLitter = (name: string) => /(^|[\\/])(__MACOSX[\\/]|\._)/.test(name);

const kindOf = (name: string): InputFile["kind"] | undefined =>
  /\.csv$/i.test(name) ? "csv" : /\.zip$/i.test(name) ? "zip" : undefined;

/**
 * Expands the paths given to `ingest`: files are taken as they are (`.csv` or `.zip`), folders are
 * searched recursively for both, in name order, skipping macOS archive litter. Each file appears once.
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
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputFileError({ file: path }, "no such file or directory");
    if (info.isDirectory()) {
      const names = (await readdir(path, { recursive: true })).map(String).sort();
      const found = names
        .filter((name) => !isLitter(name))
        .map((name) => ({ path: join(path, name), kind: kindOf(name) }))
        .filter((f): f is InputFile => f.kind !== undefined);
      const files: InputFile[] = [];
      for (const f of found) if ((await stat(f.path)).isFile()) files.push(f);
      if (files.length === 0)
        throw new InputFileError({ file: path }, "no .csv or .zip files in this folder");
      files.forEach(add);
      continue;
    }
    const kind = kindOf(path);
    if (!kind) throw new InputFileError({ file: path }, "not a .csv or .zip file");
    add({ path, kind });
  }
  return out;
}
