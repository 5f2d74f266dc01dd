// The published package must hold every data folder the code reads at run time: a folder missing
// from package.json's "files" works in a clone and fails only for those who install the package.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { repoRoot } from "./helpers/cli.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("package.json files", () => {
  it("lists every data folder that src reads", () => {
    const files = (
      JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
        files: string[];
      }
    ).files;
    const read = new Set(
      sources(join(repoRoot, "src")).flatMap((f) =>
        [...readFileSync(f, "utf8").matchAll(/\.\.\/(?:\.\.\/)*(data\/[a-z-]+)/g)].map(
          (m) => m[1] as string,
        ),
      ),
    );
    expect([...read].sort()).toEqual(["data/reference", "data/registry"]);
    for (const dir of read) expect(files, dir).toContain(dir);
  });
});
