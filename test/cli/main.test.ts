import { describe, expect, it } from "vitest";

import { runCli, spawnCli } from "../helpers/cli.ts";

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
});
