/**
 * The per-account lockout (docs/security.md): five failures in a row — a wrong password, or a wrong
 * or replayed second-factor code at login or when turning two-factor off — lock the account for 15
 * minutes, doubling with each further failure up to a day. Counted in SQL, so parallel guesses
 * cannot under-count.
 */
import type { Queryable } from "./db.ts";

/** Failures in a row before an account locks; each further failure doubles the lock. */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;
const LOCKOUT_MAX_MINUTES = 24 * 60;

/** Counts one failure in the caller's transaction; returns the count and the lock it set, if any. */
export async function countFailure(
  tx: Queryable,
  userId: number,
  now: Date,
): Promise<{ failed: number; lockedUntil: Date | null }> {
  const [r] = await tx.query<{ failed: number; until: Date | null }>(
    `UPDATE app_user SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2
         THEN $3::timestamptz + make_interval(mins => least($4, $5 * power(2, failed_logins + 1 - $2))::integer)
         ELSE NULL END
     WHERE id = $1 RETURNING failed_logins AS failed, locked_until AS until`,
    [userId, LOCKOUT_AFTER, now, LOCKOUT_MAX_MINUTES, LOCKOUT_MINUTES],
  );
  return { failed: r?.failed ?? 0, lockedUntil: r?.until ? new Date(r.until) : null };
}

/** The account's lock, when it is locked now. */
export async function lockedUntil(db: Queryable, userId: number, now: Date): Promise<Date | null> {
  const [r] = await db.query<{ until: Date | null }>(
    "SELECT locked_until AS until FROM app_user WHERE id = $1",
    [userId],
  );
  const until = r?.until ? new Date(r.until) : null;
  return until && until > now ? until : null;
}

export function lockedMessage(until: Date): string {
  return `too many failed attempts: this account is locked until ${until.toISOString().slice(11, 16)} UTC`;
}
