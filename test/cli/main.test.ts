import { spawn } from "node:child_process";

import { describe, expect, it } from "vitest";

import { repoRoot, runCli, spawnCli } from "../helpers/cli.ts";

describe("rationwatch", () => {
  it("lists its commands with --help", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: rationwatch <command>");
  });

  it("rejects an unknown command with exit code 2 and one line", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rationwatch: unknown command "frobnicate" (see 'rationwatch --help')\n`);
  });

  it("runs as a child process", () => {
    const r = spawnCli(["--version"]);
    expect(r.stdout.trim()).toBe("0.1.0");
    expect(r.code).toBe(0);
  });

  it("stops quietly with exit 0 when its reader closes the pipe early (| head)", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "--help"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy(); // the reader is gone before the first write: EPIPE
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);
});
