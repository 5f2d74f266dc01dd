// The password check (NIST SP 800-63B style): the bundled common-password list is the published
// source's (its first entries and count checked), and each kind of weak password is refused with
// its own message while long unrelated words pass.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { registryDataDir } from "../../src/registry/geography.ts";
import { commonPasswords, passwordProblem } from "../../src/registry/passwords.ts";

const EMAIL = "jo.bloggs@asthma-alliance.org";

describe("the bundled list", () => {
  it("is the file data/registry/SOURCE.md describes: 20,000 entries of 6+ characters, in rank order", () => {
    const bytes = readFileSync(join(registryDataDir(), "common-passwords.txt"));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(
      "7582224a4fde4f086679c03637efd56bc86b86b992abbaaf466ad3a30a204468",
    );
    const lines = bytes.toString("utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(20_000);
    expect(lines.slice(0, 4)).toEqual(["123456", "password", "12345678", "qwerty"]);
    expect(lines.every((l) => l.length >= 6)).toBe(true);
    expect(commonPasswords().size).toBe(20_000);
  });
});

describe("passwordProblem", () => {
  const cases: Array<[string, string]> = [
    ["short1", "use at least 12 characters"],
    ["x".repeat(257), "use at most 256 characters"],
    ["password1234", "one of the most common passwords"],
    ["PASSWORD1234", "one of the most common passwords"],
    ["1qaz2wsx3edc", "one of the most common passwords"],
    ["Sunshine2024!", "common password with digits or symbols added"],
    ["!!basketball99", "common password with digits or symbols added"],
    ["qwertyuiopasdf", "a run of keyboard or alphabet characters"],
    ["abcdefghijklm", "a run of keyboard or alphabet characters"],
    ["987654321098", "a run of keyboard or alphabet characters"],
    ["abababababab", "a short part repeated"],
    ["zq9!zq9!zq9!zq9!", "a short part repeated"],
    ["jo.bloggs is my name", "do not use your email address"],
    ["asthma alliance rocks", "do not use your email address"],
    ["I love Ration-Watch!", "do not use the name of this service"],
  ];
  it.each(cases)("%j → %s", (password, message) => {
    expect(passwordProblem(password, EMAIL)).toContain(message);
  });

  it.each([
    "correct horse battery staple",
    "kettle umbrella nineteen lighthouse",
    "Tr0ub4dor&3 with more words",
    "ééééé ñññ café au lait",
  ])("%j passes (no composition rules)", (password) => {
    expect(passwordProblem(password, EMAIL)).toBeNull();
  });
});
