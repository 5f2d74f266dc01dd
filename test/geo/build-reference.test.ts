import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { repoRoot } from "../helpers/cli.ts";
import { rawDir, rawSourcesPresent } from "../helpers/raw-sources.ts";

const referenceDir = join(repoRoot, "data", "reference");

const haveRaw = rawSourcesPresent("scripts/build-reference.ts byte-for-byte rebuild");

describe("scripts/build-reference.ts", () => {
  it.runIf(haveRaw)(
    "regenerates every committed reference file byte for byte from the raw sources (all three builders)",
    () => {
      const out = mkdtempSync(join(tmpdir(), "rw-ref-"));
      // build-reference writes the folder; two single-file builders write the rest.
      const builds: [string, string][] = [
        ["build-reference.ts", out],
        ["build-imd.ts", join(out, "imd2025-subicb.csv")],
        ["build-gp-lookup.ts", join(out, "gp-practices.csv")],
      ];
      for (const [script, target] of builds) {
        const run = spawnSync(
          process.execPath,
          ["--import", "tsx", join(repoRoot, "scripts", script), "--raw", rawDir, "--out", target],
          { encoding: "utf8" },
        );
        expect(run.stderr, script).toBe("");
        expect(run.status, script).toBe(0);
      }
      const committed = readdirSync(referenceDir)
        .filter((f) => f !== "SOURCES.md")
        .sort();
      expect(readdirSync(out).sort()).toEqual(committed);
      for (const name of committed) {
        const same = readFileSync(join(out, name)).equals(readFileSync(join(referenceDir, name)));
        expect(same, name).toBe(true);
      }
    },
  );

  it("lists every reference file's size and sha256 in data/reference/SOURCES.md", () => {
    const sources = readFileSync(join(referenceDir, "SOURCES.md"), "utf8");
    for (const name of readdirSync(referenceDir).filter((f) => f !== "SOURCES.md")) {
      const data = readFileSync(join(referenceDir, name));
      const sha = createHash("sha256").update(data).digest("hex");
      const row = sources.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, name).toContain(sha);
      expect(row, name).toContain(`| ${data.length.toLocaleString("en-GB")} |`);
    }
  });
});
