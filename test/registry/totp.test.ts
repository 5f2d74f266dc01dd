// TOTP against the published test vectors: RFC 4226 Appendix D (HOTP, SHA-1) and RFC 6238
// Appendix B (TOTP, 8 digits, SHA-1/256/512 with the RFC's ASCII seeds), and base32 against
// RFC 4648 §10.
import { describe, expect, it } from "vitest";

import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  otpauthUri,
  totp,
} from "../../src/registry/totp.ts";

const SEED20 = Buffer.from("12345678901234567890", "ascii");
const SEED32 = Buffer.from("12345678901234567890123456789012", "ascii");
const SEED64 = Buffer.from(
  "1234567890123456789012345678901234567890123456789012345678901234",
  "ascii",
);

describe("HOTP (RFC 4226 Appendix D)", () => {
  const expected = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
  ];
  it.each(expected.map((code, count) => [count, code]))("count %i → %s", (count, code) => {
    expect(hotp(SEED20, count as number)).toBe(code);
  });
});

describe("TOTP (RFC 6238 Appendix B, 8 digits)", () => {
  const table: Array<[number, string, string, string]> = [
    [59, "94287082", "46119246", "90693936"],
    [1111111109, "07081804", "68084774", "25091201"],
    [1111111111, "14050471", "67062674", "99943326"],
    [1234567890, "89005924", "91819424", "93441116"],
    [2000000000, "69279037", "90698825", "38618901"],
    [20000000000, "65353130", "77737706", "47863826"],
  ];
  it.each(table)("T = %i s: SHA-1 %s, SHA-256 %s, SHA-512 %s", (t, sha1, sha256, sha512) => {
    expect(totp(SEED20, t, 8, "sha1")).toBe(sha1);
    expect(totp(SEED32, t, 8, "sha256")).toBe(sha256);
    expect(totp(SEED64, t, 8, "sha512")).toBe(sha512);
  });
});

describe("matching a code", () => {
  const t = 1111111111;
  it("accepts the current step and one either side, gives the step, refuses two away", () => {
    const step = Math.floor(t / 30);
    expect(matchTotp(SEED20, totp(SEED20, t), t)).toBe(step);
    expect(matchTotp(SEED20, totp(SEED20, t - 30), t)).toBe(step - 1);
    expect(matchTotp(SEED20, totp(SEED20, t + 30), t)).toBe(step + 1);
    expect(matchTotp(SEED20, totp(SEED20, t - 60), t)).toBeNull();
    expect(matchTotp(SEED20, "", t)).toBeNull();
    expect(matchTotp(SEED20, "12345", t)).toBeNull();
    expect(matchTotp(SEED20, `${totp(SEED20, t).slice(0, 3)} ${totp(SEED20, t).slice(3)}`, t)).toBe(
      step,
    );
  });
});

describe("base32 (RFC 4648 §10)", () => {
  const vectors: Array<[string, string]> = [
    ["", ""],
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ];
  it.each(vectors)("%j ↔ %s", (text, encoded) => {
    expect(base32Encode(Buffer.from(text))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(text);
  });
  it("reads lower case, spaces and padding; refuses other characters", () => {
    expect(base32Decode("mzxw 6ytb oi======").toString()).toBe("foobar");
    expect(() => base32Decode("MZ1")).toThrow('not base32: "1"');
  });
  it("the otpauth address names the issuer, account and parameters", () => {
    expect(otpauthUri("MZXW6YTBOI", "a@example.org")).toBe(
      "otpauth://totp/Ration%20Watch%3Aa%40example.org?secret=MZXW6YTBOI&issuer=Ration+Watch&algorithm=SHA1&digits=6&period=30",
    );
  });
});
