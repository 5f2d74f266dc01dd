/**
 * Time-based one-time passwords (RFC 6238, on RFC 4226's HOTP) with Node's crypto, and the
 * RFC 4648 base32 that authenticator apps read secrets in. Pure functions: the clock is an argument.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type OtpAlgorithm = "sha1" | "sha256" | "sha512";

/** The time step apps use (RFC 6238's default X = 30 s, T0 = 0). */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

/** HOTP (RFC 4226 §5.3): HMAC of the 8-byte counter, dynamic truncation, `digits` decimal digits. */
export function hotp(
  key: Buffer,
  counter: number,
  digits = TOTP_DIGITS,
  algorithm: OtpAlgorithm = "sha1",
): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The time step of a moment (Unix seconds). */
export const timeStep = (unixSeconds: number) => Math.floor(unixSeconds / TOTP_STEP_SECONDS);

/** TOTP (RFC 6238 §4): HOTP of the time step. */
export function totp(
  key: Buffer,
  unixSeconds: number,
  digits = TOTP_DIGITS,
  algorithm: OtpAlgorithm = "sha1",
): string {
  return hotp(key, timeStep(unixSeconds), digits, algorithm);
}

/**
 * The time step whose code `code` is, allowing `window` steps either side for clock drift (RFC 6238
 * §5.2), or null. Every candidate is compared in constant time. The caller refuses a step already
 * used (replay).
 */
export function matchTotp(
  key: Buffer,
  code: string,
  unixSeconds: number,
  window = 1,
): number | null {
  const given = Buffer.from(code.replace(/\s+/g, ""));
  const now = timeStep(unixSeconds);
  let found: number | null = null;
  for (let step = now - window; step <= now + window; step++) {
    const expected = Buffer.from(hotp(key, step));
    if (expected.length === given.length && timingSafeEqual(expected, given) && found === null)
      found = step;
  }
  return found;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32, without padding (as authenticator apps take it). */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Reads base32 (case, spaces and padding ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]+/g, "");
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error(`not base32: "${ch}"`);
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The `otpauth://` address an authenticator app takes (as text or a QR code). */
export function otpauthUri(secretBase32: string, account: string, issuer = "Ration Watch"): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const q = new URLSearchParams({
    secret: secretBase32,
    issuer,
    algorithm: "SHA1",
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${q.toString()}`;
}
