/**
 * Which passwords the editor refuses (NIST SP 800-63B §5.1.1.2 style, no internet needed): too
 * short or too long; on a bundled list of the most common leaked passwords
 * (`data/registry/common-passwords.txt`, source and licence in `data/registry/SOURCE.md`), also
 * when only digits or symbols were added around one; a keyboard or alphabet run; a short part
 * repeated; or words from the context (the email address, the service's name). No composition
 * rules (no "one capital and one digit"): length and the list do the work. Pure apart from reading
 * the list once.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { registryDataDir } from "./geography.ts";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;

/** The bundled common-password list (lower case), read once. */
export function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(registryDataDir(), "common-passwords.txt"), "utf8")
      .split("\n")
      .map((p) => p.trim().toLowerCase())
      .filter((p) => p !== ""),
  );
  return common;
}

/** Runs a password may not be a stretch of (either way): the alphabet, digits (wrapping), keyboard rows. */
const RUNS = [
  "abcdefghijklmnopqrstuvwxyz",
  "0123456789".repeat(4),
  "1234567890qwertyuiopasdfghjklzxcvbnm",
];
const reverse = (s: string) => [...s].reverse().join("");

/** True when the password is one short part (up to 4 characters, or a common password) repeated. */
function repeated(p: string): boolean {
  for (let unit = 1; unit <= p.length / 2; unit++) {
    if (p.length % unit !== 0) continue;
    const part = p.slice(0, unit);
    if (part.repeat(p.length / unit) === p && (unit <= 4 || commonPasswords().has(part)))
      return true;
  }
  return false;
}

/** Why a password is not acceptable for the account `email`, or null. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `use at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.normalize("NFC").toLowerCase();
  const letters = lower.replace(/[^\p{L}\p{N}]+/gu, "");
  const [local = "", domain = ""] = email.toLowerCase().split("@");
  if (local.length >= 3 && lower.includes(local))
    return "do not use your email address in your password";
  const site = (domain.split(".")[0] ?? "").replace(/[^\p{L}\p{N}]+/gu, "");
  if (site.length >= 4 && letters.includes(site))
    return "do not use your email address in your password";
  if (letters.includes("rationwatch"))
    return "do not use the name of this service in your password";
  const list = commonPasswords();
  if (list.has(lower) || list.has(letters))
    return "this is one of the most common passwords, which attackers try first: choose another (several unrelated words work well)";
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  if (core !== lower && core.length >= 6 && list.has(core))
    return "this is a common password with digits or symbols added, which attackers try first: choose another (several unrelated words work well)";
  if (RUNS.some((run) => run.includes(letters) || reverse(run).includes(letters)))
    return "a run of keyboard or alphabet characters is guessed first: choose another";
  if (repeated(lower)) return "a short part repeated is guessed first: choose another";
  return null;
}
