/**
 * Attack: absurd values on the command line. Months are bounded (2000-01 to 2099-12) by the one month
 * parser, and whole numbers must be exact in JavaScript: each is a usage error (exit 2) naming the flag.
 */
import { describe, expect, it } from "vitest";

import { runCli } from "../helpers/cli.ts";

import { adversarialDir } from "./helpers.ts";

describe("months out of range", () => {
  const cases: Array<[string[], string]> = [
    [["variation", "--from", "2024-01", "--to", "9999-12"], "--to"],
    [["trend", "--from", "0000-01", "--to", "2024-01"], "--from"],
    [["waits", "--month", "9999-12"], "--month"],
    [["areas", "--month", "9999-12"], "--month"],
    [["fetch", "--from", "9999-12"], "--from"],
    [["report", "--from", "2024-01", "--to", "9999-12"], "--to"],
  ];
  for (const [argv, flag] of cases) {
    it(`${argv.join(" ")}: exit 2 naming ${flag}`, async () => {
      const cwd = adversarialDir();
      const r = await runCli(argv, { cwd });
      const value = argv[argv.indexOf(flag) + 1];
      expect(r.stderr).toBe(
        `rationwatch ${argv[0]}: ${flag}: ${value} is out of range (expected a month from 2000-01 to 2099-12)\n`,
      );
      expect(r.code).toBe(2);
    });
  }
});

describe("whole numbers too large to be exact", () => {
  for (const command of [["variation", "--from", "2024-01", "--to", "2024-02"], ["report"]]) {
    it(`${command[0]} --seed 99999999999999999999999: exit 2`, async () => {
      const r = await runCli([...command, "--seed", "99999999999999999999999"], {
        cwd: adversarialDir(),
      });
      expect(r.stderr).toBe(
        `rationwatch ${command[0]}: --seed: 99999999999999999999999 is too large (expected a whole number up to 9007199254740991)\n`,
      );
      expect(r.code).toBe(2);
    });
  }
});
