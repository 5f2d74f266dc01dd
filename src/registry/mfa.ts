/**
 * Two-factor authentication for editors' accounts (docs/security.md): a TOTP secret per user
 * (RFC 6238, `totp.ts`), enrolled by showing the secret once and confirming one code from the app;
 * ten single-use recovery codes, stored only as SHA-256; every code works once (the last time step
 * used is kept, and a recovery code is marked used in the same statement that accepts it).
 * Required for admins: an admin's session opened without it cannot reach the admin pages.
 * Enrolment and removal are audit-log rows (never a secret or a code).
 */
import { createHash, randomBytes } from "node:crypto";

import { UsageError } from "../errors.ts";

import type { User } from "./accounts.ts";
import type { Queryable, RegistryDb } from "./db.ts";
import { countFailure, lockedMessage, lockedUntil } from "./lockout.ts";
import { appendAudit } from "./records.ts";
import { base32Decode, base32Encode, matchTotp, otpauthUri } from "./totp.ts";

export const RECOVERY_CODES = 10;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const audit = (tx: Queryable, user: User, now: Date, action: string) =>
  appendAudit(
    tx,
    { actor: user.email, reason: "accounts", now, changeSet: "accounts" },
    { action, detail: { email: user.email } },
  );

/** A recovery code as typed: upper case, spaces and dashes dropped. */
const normaliseRecovery = (code: string) => code.toUpperCase().replace(/[\s-]+/g, "");

/** Ten random recovery codes, `XXXXX-XXXXX` in base32 (50 bits each). */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const c = base32Encode(randomBytes(7)).slice(0, 10);
    return `${c.slice(0, 5)}-${c.slice(5)}`;
  });
}

/** Whether the user has confirmed a TOTP secret. */
export async function mfaEnrolled(db: Queryable, userId: number): Promise<boolean> {
  const rows = await db.query(
    "SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL",
    [userId],
  );
  return rows.length > 0;
}

/**
 * Starts enrolment: a new random 160-bit secret (replacing any unconfirmed one), returned once as
 * base32 and as the `otpauth://` address for the app. Refused when two-factor is already set up.
 */
export async function startEnrolment(
  db: RegistryDb,
  user: User,
  now: Date,
): Promise<{ secret: string; uri: string }> {
  if (await mfaEnrolled(db, user.id))
    throw new UsageError("two-factor authentication is already set up for this account");
  const secret = base32Encode(randomBytes(20));
  await db.query(
    `INSERT INTO mfa_totp (user_id, secret, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET secret = $2, created_at = $3, last_step = -1
     WHERE mfa_totp.confirmed_at IS NULL`,
    [user.id, secret, now],
  );
  return { secret, uri: otpauthUri(secret, user.email) };
}

/**
 * Confirms enrolment with a code from the app; marks the session `sessionDigest` (SHA-256 of its
 * id) as two-factor; returns the recovery codes, shown once and stored only as SHA-256.
 */
export async function confirmEnrolment(
  db: RegistryDb,
  user: User,
  code: string,
  now: Date,
  sessionDigest: string,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ secret: string }>(
      "SELECT secret FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NULL FOR UPDATE",
      [user.id],
    );
    if (!row) throw new UsageError("start again: there is no set-up waiting to be confirmed");
    const step = matchTotp(base32Decode(row.secret), code, now.getTime() / 1000);
    if (step === null)
      throw new UsageError(
        "that code is not right: enter the 6-digit code the app shows now (check the phone's clock)",
      );
    await tx.query("UPDATE mfa_totp SET confirmed_at = $2, last_step = $3 WHERE user_id = $1", [
      user.id,
      now,
      step,
    ]);
    const codes = newRecoveryCodes();
    await tx.query("DELETE FROM mfa_recovery WHERE user_id = $1", [user.id]);
    for (const c of codes) {
      await tx.query("INSERT INTO mfa_recovery (user_id, code_hash) VALUES ($1, $2)", [
        user.id,
        sha256(normaliseRecovery(c)),
      ]);
    }
    await tx.query("UPDATE app_session SET mfa = true WHERE id_hash = $1 AND user_id = $2", [
      sessionDigest,
      user.id,
    ]);
    await audit(tx, user, now, "mfa-enrol");
    return codes;
  });
}

/**
 * Checks a second factor inside the caller's transaction: a TOTP code of a time step later than the
 * last one used (so a code, once accepted, is refused), or an unused recovery code (then used up).
 * Returns which kind was accepted, or null.
 */
export async function checkSecondFactor(
  tx: Queryable,
  userId: number,
  code: string,
  now: Date,
): Promise<"totp" | "recovery" | null> {
  const trimmed = code.trim();
  if (/^\d{3}\s?\d{3}$/.test(trimmed)) {
    const [row] = await tx.query<{ secret: string }>(
      "SELECT secret FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL",
      [userId],
    );
    if (!row) return null;
    const step = matchTotp(base32Decode(row.secret), trimmed, now.getTime() / 1000);
    if (step === null) return null;
    const moved = await tx.query(
      "UPDATE mfa_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2 RETURNING 1",
      [userId, step],
    );
    return moved.length === 1 ? "totp" : null;
  }
  const recovery = normaliseRecovery(trimmed);
  if (!/^[A-Z2-7]{10}$/.test(recovery)) return null;
  const used = await tx.query(
    `UPDATE mfa_recovery SET used_at = $3
     WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING 1`,
    [userId, sha256(recovery), now],
  );
  return used.length === 1 ? "recovery" : null;
}

/**
 * Removes two-factor authentication after checking a current code (or a recovery code): the
 * secret and recovery codes are deleted and the user's sessions lose their two-factor mark. A
 * wrong or replayed code counts towards the account's lockout (`lockout.ts`), as at login, so a
 * stolen session cannot guess its way to removing the second factor; a locked account cannot
 * remove it until the lock ends.
 */
export async function disableMfa(
  db: RegistryDb,
  user: User,
  code: string,
  now: Date,
): Promise<void> {
  const locked = await lockedUntil(db, user.id, now);
  if (locked) throw new UsageError(lockedMessage(locked));
  const removed = await db.transaction(async (tx) => {
    if (!(await mfaEnrolled(tx, user.id)))
      throw new UsageError("two-factor authentication is not set up for this account");
    if ((await checkSecondFactor(tx, user.id, code, now)) === null) return false;
    await removeSecondFactor(tx, user.id);
    await tx.query("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1", [
      user.id,
    ]);
    await tx.query("UPDATE app_session SET mfa = false WHERE user_id = $1", [user.id]);
    await audit(tx, user, now, "mfa-disable");
    return true;
  });
  if (removed) return;
  const until = await db.transaction(async (tx) => {
    const r = await countFailure(tx, user.id, now);
    await audit(tx, user, now, r.lockedUntil ? "mfa-disable-locked" : "mfa-disable-failed");
    return r.lockedUntil;
  });
  throw new UsageError(
    until ? lockedMessage(until) : "that code is not right, or has been used already",
  );
}

/** Deletes a user's TOTP secret and recovery codes, in the caller's transaction. */
export async function removeSecondFactor(tx: Queryable, userId: number): Promise<void> {
  await tx.query("DELETE FROM mfa_recovery WHERE user_id = $1", [userId]);
  await tx.query("DELETE FROM mfa_totp WHERE user_id = $1", [userId]);
}

/** Recovery codes left unused. */
export async function recoveryCodesLeft(db: Queryable, userId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::integer AS n FROM mfa_recovery WHERE user_id = $1 AND used_at IS NULL",
    [userId],
  );
  return row?.n ?? 0;
}
