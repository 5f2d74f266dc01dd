/**
 * Editors' accounts for the web registry (issue #14, docs/security.md): users with a role, created
 * by invitation only; passwords hashed with scrypt (memory-hard, per-user salt, constant-time
 * compare); lockout with backoff after repeated failures; server-side sessions whose ids and
 * invitation tokens are stored only as SHA-256 digests. Every account action is an audit-log row
 * (never a password, token or session id).
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";

import { AppError, UsageError } from "../errors.ts";

import type { Queryable, RegistryDb } from "./db.ts";
import { countFailure, lockedMessage } from "./lockout.ts";
import { checkSecondFactor, mfaEnrolled, removeSecondFactor } from "./mfa.ts";
import { passwordProblem } from "./passwords.ts";
import { appendAudit } from "./records.ts";

export const ROLES = ["contributor", "reviewer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do: a reviewer can do all a contributor can, an admin all a reviewer can. */
export const roleAtLeast = (role: Role, needed: Role): boolean =>
  ROLES.indexOf(role) >= ROLES.indexOf(needed);

export interface User {
  id: number;
  email: string;
  role: Role;
}

export { LOCKOUT_AFTER, LOCKOUT_MINUTES } from "./lockout.ts";
export const SESSION_HOURS = 8;
export const INVITATION_DAYS = 7;

// scrypt N=2^15, r=8, p=1: 32 MiB of memory per hash (OWASP's minimum is N=2^17 with r=8 for
// interactive logins on dedicated hardware; this shared 2-core machine uses 2^15, stated in
// docs/security.md). The parameters are stored with each hash, so they can be raised later.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };

/** A failed login, worded the same whether the address is unknown or the password wrong. */
export class LoginError extends AppError {
  /** When the account unlocks, if it is locked. */
  readonly lockedUntil: Date | null;
  /** The problem is the authentication code (shown beside that field). */
  readonly codeField: boolean;
  constructor(message: string, lockedUntil: Date | null = null, codeField = false) {
    super(message, 1);
    this.lockedUntil = lockedUntil;
    this.codeField = codeField;
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** How a session id is stored (`app_session.id_hash`). */
export const sessionDigest = sha256;
/** A new random 256-bit token, base64url. */
export const newToken = () => randomBytes(32).toString("base64url");

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number, len: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scryptCb(password.normalize("NFC"), salt, len, { N, r, p, maxmem: 256 * N * r }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url), with a new 128-bit salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const key = await scrypt(password, salt, N, r, p, keyLength);
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scrypt(
    password,
    Buffer.from(salt, "base64url"),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// A hash for unknown addresses, so a login for one takes as long as for a real account.
let dummyHash: Promise<string> | undefined;

const EMAIL = /^[^\s@<>"']{1,64}@[^\s@<>"']{1,190}\.[^\s@<>"']{2,}$/;

export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!EMAIL.test(e)) throw new UsageError(`expected an email address, got "${email}"`);
  return e;
}

const ctx = (actor: string, now: Date, changeSet: string) => ({
  actor,
  reason: changeSet,
  now,
  changeSet,
});

export async function findUser(db: Queryable, email: string): Promise<User | undefined> {
  const [u] = await db.query<User>("SELECT id, email, role FROM app_user WHERE email = $1", [
    email.trim().toLowerCase(),
  ]);
  return u;
}

export async function listUsers(
  db: Queryable,
): Promise<Array<User & { active: boolean; lockedUntil: string | null; mfa: boolean }>> {
  return db.query(
    `SELECT id, email, role, password_hash IS NOT NULL AS active,
       to_char(locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') AS "lockedUntil",
       EXISTS (SELECT 1 FROM mfa_totp m WHERE m.user_id = app_user.id AND m.confirmed_at IS NOT NULL) AS mfa
     FROM app_user ORDER BY email COLLATE "C"`,
  );
}

/**
 * An admin removes another user's second factor (a lost phone and lost recovery codes): the key
 * and recovery codes go, the user's sessions end (whoever held one must log in again), and the
 * audit log names the admin and the account. Admins turn their own off at /edit/mfa, with a code.
 */
export async function resetSecondFactor(
  db: RegistryDb,
  admin: User,
  emailInput: string,
  now: Date,
): Promise<User> {
  const email = normaliseEmail(emailInput);
  return db.transaction(async (tx) => {
    const [target] = await tx.query<User>(
      "SELECT id, email, role FROM app_user WHERE email = $1 FOR UPDATE",
      [email],
    );
    if (!target) throw new UsageError(`there is no account for ${email}`);
    if (target.id === admin.id)
      throw new UsageError("turn your own two-factor authentication off on its page, with a code");
    if (!(await mfaEnrolled(tx, target.id)))
      throw new UsageError(`${email} has no two-factor authentication to remove`);
    await removeSecondFactor(tx, target.id);
    await tx.query("DELETE FROM app_session WHERE user_id = $1", [target.id]);
    await appendAudit(tx, ctx(admin.email, now, "accounts"), {
      action: "mfa-reset",
      detail: { email: target.email },
    });
    return target;
  });
}

/**
 * Creates an account and its invitation (the only way an account comes to exist). Returns the
 * invitation token: shown once, stored only as its digest.
 */
export async function inviteUser(
  db: RegistryDb,
  input: { email: string; role: Role; invitedBy: string; now: Date },
): Promise<{ user: User; token: string; expiresAt: Date }> {
  const email = normaliseEmail(input.email);
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new UsageError(`expected a role (${ROLES.join(", ")}), got "${input.role}"`);
  }
  const token = newToken();
  const expiresAt = new Date(input.now.getTime() + INVITATION_DAYS * 86_400_000);
  const user = await db.transaction(async (tx) => {
    const existing = await tx.query("SELECT 1 FROM app_user WHERE email = $1", [email]);
    if (existing.length > 0) throw new UsageError(`an account for ${email} exists already`);
    const [u] = await tx.query<User>(
      "INSERT INTO app_user (email, role, created_at) VALUES ($1, $2, $3) RETURNING id, email, role",
      [email, input.role, input.now],
    );
    await tx.query(
      `INSERT INTO invitation (token_hash, user_id, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [sha256(token), (u as User).id, input.invitedBy, input.now, expiresAt],
    );
    await appendAudit(tx, ctx(input.invitedBy, input.now, "accounts"), {
      action: "user-invite",
      detail: { email, role: input.role },
    });
    return u as User;
  });
  return { user, token, expiresAt };
}

/** Records whether an invitation e-mail went out (the link itself is never logged). */
export async function auditInvitationMail(
  db: RegistryDb,
  input: { email: string; invitedBy: string; now: Date; error: string | null },
): Promise<void> {
  await appendAudit(db, ctx(input.invitedBy, input.now, "accounts"), {
    action: input.error === null ? "invitation-emailed" : "invitation-email-failed",
    detail:
      input.error === null ? { email: input.email } : { email: input.email, error: input.error },
  });
}

/** The account an unused, unexpired invitation is for. */
export async function invitationUser(
  db: Queryable,
  token: string,
  now: Date,
): Promise<User | undefined> {
  const [u] = await db.query<User>(
    `SELECT u.id, u.email, u.role FROM invitation i JOIN app_user u ON u.id = i.user_id
     WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2`,
    [sha256(token), now],
  );
  return u;
}

/** Sets the password of an invited account and uses up the invitation (once). */
export async function acceptInvitation(
  db: RegistryDb,
  token: string,
  password: string,
  now: Date,
): Promise<User> {
  const user = await invitationUser(db, token, now);
  if (!user) throw new LoginError("this invitation is not valid: it is unknown, used or expired");
  const problem = passwordProblem(password, user.email);
  if (problem) throw new UsageError(problem);
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const used = await tx.query(
      "UPDATE invitation SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING user_id",
      [sha256(token), now],
    );
    if (used.length !== 1) throw new LoginError("this invitation has been used already");
    await tx.query(
      "UPDATE app_user SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1",
      [user.id, hash],
    );
    // A new password ends every earlier session.
    await tx.query("DELETE FROM app_session WHERE user_id = $1", [user.id]);
    await appendAudit(tx, ctx(user.email, now, "accounts"), {
      action: "user-activate",
      detail: { email: user.email },
    });
    return user;
  });
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: Date;
  /** Opened with a second factor (required for the admin pages). */
  mfa: boolean;
}

/**
 * Checks the password and, for an account with two-factor authentication, the code (`mfa.ts`); on
 * success starts a new session (a new random id: never one the client offered) and returns its id.
 * Unknown address and wrong password fail alike; a wrong or replayed code counts as a failure too;
 * five failures in a row lock the account for 15 minutes, doubling with each further failure (up
 * to a day).
 */
export async function login(
  db: RegistryDb,
  emailInput: string,
  password: string,
  now: Date,
  code = "",
): Promise<{ sessionId: string; session: Session }> {
  const email = emailInput.trim().toLowerCase();
  const [row] = await db.query<
    User & { hash: string | null; failed: number; lockedUntil: Date | null }
  >(
    `SELECT id, email, role, password_hash AS hash, failed_logins AS failed, locked_until AS "lockedUntil"
     FROM app_user WHERE email = $1`,
    [email],
  );
  const generic = "the email address or password is not right";
  if (!row || row.hash === null) {
    dummyHash ??= hashPassword(newToken());
    await verifyPassword(password, await dummyHash);
    throw new LoginError(generic);
  }
  const locked = row.lockedUntil ? new Date(row.lockedUntil) : null;
  if (locked && locked > now) {
    throw new LoginError(lockedMessage(locked), locked);
  }
  const failure = async (message: string, codeField: boolean): Promise<LoginError> => {
    // Counted in SQL, so parallel guesses cannot under-count.
    const until = await db.transaction(async (tx) => {
      const r = await countFailure(tx, row.id, now);
      await appendAudit(tx, ctx(email, now, "accounts"), {
        action: r.lockedUntil ? "login-locked" : codeField ? "login-failed-code" : "login-failed",
        detail: { email, failures: r.failed },
      });
      return r.lockedUntil;
    });
    return until
      ? new LoginError(lockedMessage(until), until)
      : new LoginError(message, null, codeField);
  };
  if (!(await verifyPassword(password, row.hash))) throw await failure(generic, false);
  const twoFactor = await mfaEnrolled(db, row.id);
  if (twoFactor && code.trim() === "") {
    throw new LoginError(
      "this account uses two-factor authentication: enter the code from your authenticator app, or a recovery code",
      null,
      true,
    );
  }
  const sessionId = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  const accepted = await db.transaction(async (tx) => {
    if (twoFactor && (await checkSecondFactor(tx, row.id, code, now)) === null) return false;
    await tx.query("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1", [
      row.id,
    ]);
    await tx.query(
      `INSERT INTO app_session (id_hash, user_id, csrf_token, created_at, expires_at, mfa)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [sha256(sessionId), row.id, csrfToken, now, expiresAt, twoFactor],
    );
    await tx.query("DELETE FROM app_session WHERE user_id = $1 AND expires_at <= $2", [
      row.id,
      now,
    ]);
    await appendAudit(tx, ctx(email, now, "accounts"), {
      action: "login",
      detail: { email, twoFactor },
    });
    return true;
  });
  if (!accepted)
    throw await failure("the authentication code is not right, or has been used already", true);
  const user = { id: row.id, email: row.email, role: row.role };
  return { sessionId, session: { user, csrfToken, expiresAt, mfa: twoFactor } };
}

/** The live session with this id, or undefined. */
export async function sessionFor(
  db: Queryable,
  sessionId: string,
  now: Date,
): Promise<Session | undefined> {
  const [row] = await db.query<User & { csrfToken: string; expiresAt: Date; mfa: boolean }>(
    `SELECT u.id, u.email, u.role, s.csrf_token AS "csrfToken", s.expires_at AS "expiresAt", s.mfa
     FROM app_session s JOIN app_user u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.password_hash IS NOT NULL`,
    [sha256(sessionId), now],
  );
  if (!row) return undefined;
  return {
    user: { id: row.id, email: row.email, role: row.role },
    csrfToken: row.csrfToken,
    expiresAt: new Date(row.expiresAt),
    mfa: row.mfa,
  };
}

/** Ends one session (`everywhere`: every session of its user). */
export async function logout(
  db: RegistryDb,
  sessionId: string,
  now: Date,
  everywhere = false,
): Promise<void> {
  const session = await sessionFor(db, sessionId, now);
  await db.transaction(async (tx) => {
    if (everywhere && session) {
      await tx.query("DELETE FROM app_session WHERE user_id = $1", [session.user.id]);
    } else {
      await tx.query("DELETE FROM app_session WHERE id_hash = $1", [sha256(sessionId)]);
    }
    if (session) {
      await appendAudit(tx, ctx(session.user.email, now, "accounts"), {
        action: everywhere ? "logout-everywhere" : "logout",
        detail: { email: session.user.email },
      });
    }
  });
}

/** A named server secret (created once, shared by every server on the same registry). */
export async function serverSecret(db: RegistryDb, name: string): Promise<Buffer> {
  await db.query("INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
    name,
    randomBytes(32).toString("base64url"),
  ]);
  const [row] = await db.query<{ value: string }>("SELECT value FROM app_secret WHERE name = $1", [
    name,
  ]);
  return Buffer.from((row as { value: string }).value, "base64url");
}
