// "Did you mean": misspelt commands and options get the closest name; unrelated words get none.
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { resolveChromium } from "../../src/cli/report.ts";
import { editDistance, suggest } from "../../src/cli/suggest.ts";
import { runCli } from "../helpers/cli.ts";

describe("did you mean", () => {
  it("measures edits, a swap of neighbours as one", () => {
    expect(editDistance("variation", "variation")).toBe(0);
    expect(editDistance("variaton", "variation")).toBe(1);
    expect(editDistance("stauts", "status")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests the closest known name, or nothing for an unrelated word", () => {
    const names = ["variation", "trend", "waits", "status", "start", "report", "release"];
    expect(suggest("variaton", names)).toBe("variation");
    expect(suggest("trned", names)).toBe("trend");
    expect(suggest("relase", names)).toBe("release");
    expect(suggest("rep", names)).toBe("report"); // a prefix of one name only
    expect(suggest("sta", names)).toBeUndefined(); // status or start?
    expect(suggest("frobnicate", names)).toBeUndefined();
  });

  it.each([
    [
      ["variaton"],
      `rationwatch: unknown command "variaton" (did you mean 'variation'? see 'rationwatch --help')\n`,
    ],
    [
      ["stauts"],
      `rationwatch: unknown command "stauts" (did you mean 'status'? see 'rationwatch --help')\n`,
    ],
    [
      ["variation", "--form", "2021-01"],
      "rationwatch variation: Unknown option '--form' (did you mean --from? see 'rationwatch variation --help')\n",
    ],
    [
      ["waits", "--basline", "2021-01"],
      "rationwatch waits: Unknown option '--basline' (did you mean --baseline? see 'rationwatch waits --help')\n",
    ],
    [
      ["report", "--no-pfd"],
      "rationwatch report: Unknown option '--no-pfd' (did you mean --no-pdf? see 'rationwatch report --help')\n",
    ],
  ])("%j: exit 2 and one line naming the likely word", async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
    expect(r.stdout).toBe("");
  });
});

describe("the Chromium path", () => {
  const dir = mkdtempSync(join(tmpdir(), "rw-chromium-"));
  const fake = join(dir, "my-chrome");
  writeFileSync(fake, "#!/bin/sh\nexit 3\n");
  chmodSync(fake, 0o755);
  const io = (env: Record<string, string>) => ({
    stdout: () => {},
    stderr: () => {},
    isTTY: false,
    cwd: dir,
    env,
    now: () => new Date(),
  });

  it("comes from --chromium, else RATIONWATCH_CHROMIUM (relative to the working folder), else the default", () => {
    expect(resolveChromium(io({}), "my-chrome")).toBe(fake);
    expect(resolveChromium(io({ RATIONWATCH_CHROMIUM: "my-chrome" }), undefined)).toBe(fake);
    expect(resolveChromium(io({ RATIONWATCH_CHROMIUM: "/elsewhere" }), fake)).toBe(fake);
    expect(resolveChromium(io({}), undefined)).toBeUndefined();
    expect(resolveChromium(io({ RATIONWATCH_CHROMIUM: "" }), undefined)).toBeUndefined();
  });

  it.each([
    [["report", "--chromium", "/no/chromium"], "--chromium /no/chromium", {}],
    [["report"], "RATIONWATCH_CHROMIUM /no/chrome", { RATIONWATCH_CHROMIUM: "/no/chrome" }],
    [["start", "--chromium", "/no/chromium"], "--chromium /no/chromium", {}],
  ])("%j with a path that is not there: exit 2 before any work", async (argv, named, env) => {
    const cwd = mkdtempSync(join(tmpdir(), "rw-chromium-run-"));
    const r = await runCli(
      [...argv, "--out", "out"].slice(0, argv[0] === "start" ? argv.length : undefined),
      {
        cwd,
        env,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `rationwatch ${argv[0]}: ${named}: no such file (give the path of a Chromium executable, e.g. /usr/bin/chromium)\n`,
    );
    expect(existsSync(join(cwd, "out"))).toBe(false);
    expect(existsSync(join(cwd, "demo-data"))).toBe(false);
    expect(existsSync(join(cwd, "rationwatch.duckdb"))).toBe(false);
  });
});
