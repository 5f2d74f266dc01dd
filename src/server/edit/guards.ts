/**
 * The editor's guards (docs/security.md), pure where possible: cookie names and attributes, the
 * CSRF token for visitors without a session, the `next` redirect check, and file-type detection
 * by magic bytes. (The per-client rate limits live in the registry: `registry/rate-limit.ts`.)
 */
import { createHmac, timingSafeEqual } from "node:crypto";

import type { EvidenceType } from "../../registry/proposals.ts";

/** `__Host-` cookies must be Secure, Path=/ and have no Domain: the browser enforces it. */
export const SESSION_COOKIE = "__Host-rw_session";
export const VISITOR_COOKIE = "__Host-rw_visitor";

/** Cookie attributes: HttpOnly, Secure, SameSite=Strict, Path=/ (and Max-Age). */
export const cookieOptions = (maxAgeSeconds: number) => ({
  path: "/",
  httpOnly: true,
  secure: true,
  sameSite: "Strict" as const,
  maxAge: maxAgeSeconds,
});

/** The CSRF token of a visitor without a session: an HMAC of their visitor cookie. */
export function visitorCsrf(secret: Buffer, visitorId: string): string {
  return createHmac("sha256", secret).update(`visitor:${visitorId}`).digest("base64url");
}

/** Constant-time string comparison (false for different lengths). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Where to go after logging in: only a path inside the editor (`/edit/...`); anything else —
 * `//evil.example`, `https://…`, `/\evil`, a path outside the editor — gives `/edit/`.
 */
export function safeNext(next: string | undefined): string {
  if (!next) return "/edit/";
  if (!/^\/edit\/[A-Za-z0-9/_.?=&%-]*$/.test(next)) return "/edit/";
  if (next.includes("//") || next.includes("/../") || next.includes("%2f") || next.includes("%2F"))
    return "/edit/";
  return next;
}

/**
 * A POST is same-origin when its Origin header (sent by every current browser on POST) equals the
 * server's own origin; `Sec-Fetch-Site`, when sent, must be `same-origin`. A request with neither
 * (a non-browser client) still needs the CSRF token.
 */
export function sameOrigin(requestUrl: string, origin?: string, fetchSite?: string): boolean {
  if (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") return false;
  if (origin === undefined) return true;
  return origin === new URL(requestUrl).origin;
}

/** The evidence type of a file by its first bytes (never by its name or claimed type). */
export function sniffEvidence(bytes: Uint8Array): EvidenceType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
}

/** A file name safe for Content-Disposition: letters, digits, dot, dash, underscore only. */
export function downloadName(name: string, sha256: string, type: EvidenceType): string {
  const ext = { "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg" }[type];
  const stem = name
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(0, 80);
  return `${stem || sha256.slice(0, 12)}.${ext}`;
}
