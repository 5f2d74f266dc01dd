/**
 * The registry editor (issue #14, docs/security.md): a Hono app under /edit/ that `serve
 * --registry` mounts beside the read-only site. Accounts and sessions, the record forms (validated
 * exactly as an import is), the review queue, public "I found a policy" submissions and evidence
 * downloads. Its `onError` is the one place editor errors become HTTP statuses. Every POST needs
 * a same-origin request and the CSRF token of the session (or, before login, of the visitor
 * cookie); every page is `no-store`.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

import {
  AppError,
  ConflictError,
  isAppError,
  MissingDataError,
  UsageError,
  type InputIssue,
} from "../../errors.ts";
import {
  acceptInvitation,
  auditInvitationMail,
  invitationUser,
  inviteUser,
  listUsers,
  resetSecondFactor,
  login,
  LoginError,
  logout,
  newToken,
  roleAtLeast,
  ROLES,
  serverSecret,
  SESSION_HOURS,
  sessionDigest,
  sessionFor,
  type Role,
  type Session,
} from "../../registry/accounts.ts";
import type { RecordKind } from "../../registry/common-schema.ts";
import type { RegistryDb } from "../../registry/db.ts";
import { layoutFor } from "../../registry/layouts.ts";
import {
  confirmEnrolment,
  disableMfa,
  mfaEnrolled,
  recoveryCodesLeft,
  startEnrolment,
} from "../../registry/mfa.ts";
import {
  currentOf,
  currentVersion,
  decide,
  DECISIONS,
  getEvidence,
  getProposal,
  isPublishedEvidence,
  listProposals,
  convertSubmission,
  pendingSubmission,
  proposeRecord,
  proposeSubmission,
  storeEvidence,
  type Decision,
} from "../../registry/proposals.ts";
import { pruneBuckets, takeToken, type RateLimit } from "../../registry/rate-limit.ts";
import { currentRecords } from "../../registry/records.ts";
import { knownRecords } from "../../registry/registry.ts";
import { validateTables, type ValidRecord } from "../../registry/validate.ts";
import type { FieldErrors } from "../../web/edit/forms.ts";
import {
  interventionValuesFromSubmission,
  policyValuesFromSubmission,
  submissionReason,
} from "../../web/edit/from-submission.ts";
import {
  conflictBody,
  dashboardBody,
  inviteBody,
  loginBody,
  messageBody,
  mfaBody,
  type MfaView,
  proposalBody,
  queueBody,
  submitBody,
  usersBody,
} from "../../web/edit/pages.ts";
import {
  compactCriteria,
  criterionRows,
  fieldOfColumn,
  policyForm,
  policyValues,
  policyFromForm,
} from "../../web/edit/policy-form.ts";
import {
  compactForm,
  fieldOfIssue,
  FORM_KINDS,
  recordForm,
  recordFromForm,
  recordValues,
  type FormKind,
} from "../../web/edit/record-form.ts";
import type { Html } from "../../web/html.ts";
import { renderPage } from "../../web/layout.ts";
import { baseFor, type PageContext, type SiteMeta } from "../../web/types.ts";

import {
  cookieOptions,
  downloadName,
  sameOrigin,
  sameToken,
  safeNext,
  SESSION_COOKIE,
  sniffEvidence,
  VISITOR_COOKIE,
  visitorCsrf,
} from "./guards.ts";
import type { Mailer } from "./smtp.ts";

/** The invitation e-mail's text. */
export function invitationText(link: string, role: Role, expires: string, by: string): string {
  return [
    `${by} has invited you to the Ration Watch registry editor as a ${role}.`,
    "",
    "Set your password here (the link works once, until " +
      expires.replace("T", " ").slice(0, 16) +
      " UTC):",
    "",
    link,
    "",
    "If you did not expect this, ignore this message: nothing happens unless the link is used.",
  ].join("\n");
}

export interface EditorOptions {
  db: RegistryDb;
  /** The clock (tests move it). */
  now?: () => Date;
  /** The site's data vintage for the page footer (the read-only site's), if any. */
  meta?: () => Promise<SiteMeta>;
  /** Largest evidence upload in bytes (default 10 MiB). */
  maxUploadBytes?: number;
  /**
   * Public submissions per client IP: burst and hourly refill (default 5 and 10). Counted in the
   * registry database, so every server process on the registry shares them.
   */
  submissions?: RateLimit;
  /** Login attempts per client IP (default 20 and 60 an hour), beside the per-account lockout. */
  logins?: RateLimit;
  /** Sends invitation e-mails (`smtp.ts`); without it the admin is shown a one-time link. */
  mailer?: Mailer;
}

/** Who may use each editor route (`null`: anyone; evidence: anyone once a published record cites it). */
export const EDIT_ROUTES: ReadonlyArray<{
  method: "GET" | "POST";
  path: string;
  role: Role | null | "published";
}> = [
  { method: "GET", path: "/edit/", role: "contributor" },
  { method: "GET", path: "/edit/login", role: null },
  { method: "POST", path: "/edit/login", role: null },
  { method: "POST", path: "/edit/logout", role: "contributor" },
  { method: "POST", path: "/edit/logout-everywhere", role: "contributor" },
  { method: "GET", path: "/edit/invite/:token", role: null },
  { method: "POST", path: "/edit/invite/:token", role: null },
  { method: "GET", path: "/edit/policy/new", role: "contributor" },
  { method: "GET", path: "/edit/policy/:id", role: "contributor" },
  { method: "POST", path: "/edit/policy", role: "contributor" },
  { method: "GET", path: "/edit/record/:kind/new", role: "contributor" },
  { method: "GET", path: "/edit/record/:kind/:id", role: "contributor" },
  { method: "POST", path: "/edit/record/:kind", role: "contributor" },
  { method: "GET", path: "/edit/review", role: "reviewer" },
  { method: "GET", path: "/edit/proposal/:n", role: "contributor" },
  { method: "POST", path: "/edit/proposal/:n/decide", role: "reviewer" },
  { method: "GET", path: "/edit/mfa", role: "contributor" },
  { method: "POST", path: "/edit/mfa/start", role: "contributor" },
  { method: "POST", path: "/edit/mfa/confirm", role: "contributor" },
  { method: "POST", path: "/edit/mfa/disable", role: "contributor" },
  { method: "GET", path: "/edit/users", role: "admin" },
  { method: "POST", path: "/edit/users", role: "admin" },
  { method: "POST", path: "/edit/users/mfa-reset", role: "admin" },
  { method: "GET", path: "/edit/submit", role: null },
  { method: "POST", path: "/edit/submit", role: null },
  { method: "GET", path: "/edit/evidence/:sha", role: "published" },
];

/** An HTTP refusal with its status and a one-line message. */
export class EditRefusal extends AppError {
  readonly status: 400 | 401 | 403 | 404 | 413 | 429;
  constructor(status: 400 | 401 | 403 | 404 | 413 | 429, message: string) {
    super(message, 1);
    this.status = status;
  }
}

type Form = Record<string, string | File>;
type Env = {
  Variables: { session: Session | undefined; sessionId: string | undefined; form: Form };
};

const EDITOR_HEADERS: Record<string, string> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // Not no-referrer: under it a browser sends `Origin: null` with a same-origin form POST (Fetch,
  // "serializing a request origin"), which the Origin check must refuse. same-origin still sends
  // nothing to other sites.
  "Referrer-Policy": "same-origin",
};

const BLANK_META: SiteMeta = {
  latestMonth: "",
  window: { from: "", to: "" },
  populationVintage: "",
  synthetic: false,
  dataVersion: "",
  builtAt: "",
};

export type EditorApp = Hono<Env>;

/** The editor as a Hono app (mount it before the read-only site's catch-all routes). */
export function createEditor(options: EditorOptions): Hono<Env> {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const maxUpload = options.maxUploadBytes ?? 10 * 1024 * 1024;
  const limits: Record<"submission" | "login", RateLimit> = {
    submission: options.submissions ?? { capacity: 5, perHour: 10 },
    login: options.logins ?? { capacity: 20, perHour: 60 },
  };
  let secret: Promise<Buffer> | undefined;
  const csrfSecret = () => (secret ??= serverSecret(db, "csrf"));
  let rateSecret: Promise<Buffer> | undefined;
  let taken = 0;
  /** Takes a token from this client's bucket (shared by every process on the registry). */
  async function allowed(c: Context, scope: "submission" | "login"): Promise<boolean> {
    rateSecret ??= serverSecret(db, "rate-limit");
    const at = now();
    if (++taken % 500 === 0) await pruneBuckets(db, scope, limits[scope], at);
    return takeToken(db, await rateSecret, scope, clientKey(c), limits[scope], at);
  }
  const app = new Hono<Env>();

  async function page(c: Context<Env>, status: number, title: string, body: Html) {
    const path = new URL(c.req.url).pathname;
    let meta = BLANK_META;
    try {
      if (options.meta) meta = await options.meta();
    } catch {
      meta = BLANK_META;
    }
    const ctx: PageContext = { path, base: baseFor(path), meta };
    const crumbs = [{ label: "Editor", path: "/edit/" }];
    const doc = renderPage({ title, breadcrumbs: crumbs, body: body.value, exports: [] }, ctx);
    return c.html(doc, status as 200);
  }

  /** The CSRF token this client's forms carry (session's, else the visitor cookie's). */
  async function csrfOf(c: Context<Env>): Promise<string> {
    const s = c.get("session");
    if (s) return s.csrfToken;
    let visitor = getCookie(c, VISITOR_COOKIE);
    if (!visitor || !/^[A-Za-z0-9_-]{43}$/.test(visitor)) {
      visitor = newToken();
      setCookie(c, VISITOR_COOKIE, visitor, cookieOptions(SESSION_HOURS * 3600));
    }
    return visitorCsrf(await csrfSecret(), visitor);
  }

  function need(c: Context<Env>, role: Role): Session {
    const s = c.get("session");
    if (!s) {
      if (c.req.method === "GET") {
        const path = new URL(c.req.url).pathname;
        throw new LoginRedirect(`/edit/login?next=${encodeURIComponent(path)}`);
      }
      throw new EditRefusal(401, "log in first");
    }
    if (!roleAtLeast(s.user.role, role)) {
      throw new EditRefusal(403, `this needs the ${role} role; you are a ${s.user.role}`);
    }
    if (role === "admin" && !s.mfa) {
      throw new EditRefusal(
        403,
        "the admin pages need two-factor authentication: set it up at /edit/mfa, or log in with your code",
      );
    }
    return s;
  }

  const text = (c: Context<Env>, name: string): string => {
    const v = c.get("form")[name];
    return typeof v === "string" ? v : "";
  };
  const textFields = (c: Context<Env>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(c.get("form")).filter((e): e is [string, string] => typeof e[1] === "string"),
    );

  const clientKey = (c: Context) => {
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "local";
    }
  };

  // ---- middleware: headers, session, body limit, origin and CSRF checks on every POST --------

  app.use("/edit/*", async (c, next) => {
    const sid = getCookie(c, SESSION_COOKIE);
    const session =
      sid && /^[A-Za-z0-9_-]{43}$/.test(sid) ? await sessionFor(db, sid, now()) : undefined;
    c.set("session", session);
    c.set("sessionId", session ? sid : undefined);
    await next();
    for (const [k, v] of Object.entries(EDITOR_HEADERS)) c.header(k, v);
  });

  app.post(
    "/edit/*",
    bodyLimit({
      maxSize: maxUpload + 256 * 1024,
      onError: () => {
        throw new EditRefusal(413, `the upload is too large: at most ${mb(maxUpload)}`);
      },
    }),
    async (c, next) => {
      if (!sameOrigin(c.req.url, c.req.header("Origin"), c.req.header("Sec-Fetch-Site"))) {
        throw new EditRefusal(403, "refused: the form was sent from another site");
      }
      let form: Form;
      try {
        form = (await c.req.parseBody()) as Form;
      } catch {
        throw new EditRefusal(400, "the form could not be read");
      }
      c.set("form", form);
      const given = typeof form["csrf"] === "string" ? form["csrf"] : undefined;
      const session = c.get("session");
      const visitor = getCookie(c, VISITOR_COOKIE);
      const expected = session
        ? session.csrfToken
        : visitor
          ? visitorCsrf(await csrfSecret(), visitor)
          : undefined;
      if (!sameToken(given, expected)) {
        throw new EditRefusal(
          403,
          "refused: the form's security token is missing or out of date; reload the page and try again",
        );
      }
      await next();
    },
  );

  // ---- accounts ------------------------------------------------------------------------------

  app.get("/edit/login", async (c) => {
    const next = safeNext(c.req.query("next"));
    return page(c, 200, "Log in", loginBody(await csrfOf(c), next, null, ""));
  });

  app.post("/edit/login", async (c) => {
    const next = safeNext(text(c, "next"));
    const email = text(c, "email");
    if (!(await allowed(c, "login"))) {
      throw new EditRefusal(429, "too many login attempts from your address: wait and try again");
    }
    let result;
    try {
      result = await login(db, email, text(c, "password"), now(), text(c, "code"));
    } catch (e) {
      if (!(e instanceof LoginError)) throw e;
      return page(
        c,
        401,
        "Log in",
        loginBody(await csrfOf(c), next, e.message, email, e.codeField),
      );
    }
    // Session fixation: any session the client came with ends; the new id is fresh.
    const old = c.get("sessionId");
    if (old) await logout(db, old, now());
    setCookie(c, SESSION_COOKIE, result.sessionId, cookieOptions(SESSION_HOURS * 3600));
    // An admin without two-factor authentication is sent to set it up first.
    const admin = result.session.user.role === "admin";
    return c.redirect(admin && !result.session.mfa ? "/edit/mfa" : next, 303);
  });

  app.post("/edit/logout", async (c) => {
    need(c, "contributor");
    await logout(db, c.get("sessionId") as string, now());
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.redirect("/edit/login", 303);
  });

  app.post("/edit/logout-everywhere", async (c) => {
    need(c, "contributor");
    await logout(db, c.get("sessionId") as string, now(), true);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.redirect("/edit/login", 303);
  });

  app.get("/edit/invite/:token", async (c) => {
    const user = await invitationUser(db, c.req.param("token"), now());
    if (!user)
      throw new EditRefusal(404, "this invitation is not valid: it is unknown, used or expired");
    return page(c, 200, "Set your password", inviteBody(await csrfOf(c), user.email, null));
  });

  app.post("/edit/invite/:token", async (c) => {
    const token = c.req.param("token");
    const user = await invitationUser(db, token, now());
    if (!user)
      throw new EditRefusal(404, "this invitation is not valid: it is unknown, used or expired");
    const password = text(c, "password");
    if (password !== text(c, "confirm")) {
      return page(
        c,
        400,
        "Set your password",
        inviteBody(await csrfOf(c), user.email, "the two passwords differ"),
      );
    }
    try {
      await acceptInvitation(db, token, password, now());
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      return page(c, 400, "Set your password", inviteBody(await csrfOf(c), user.email, e.message));
    }
    return page(
      c,
      200,
      "Password set",
      messageBody("Your password is set.", "/edit/login", "Log in"),
    );
  });

  // ---- two-factor authentication (required for admins) ----------------------------------------

  const mfaPage = (c: Context<Env>, status: number, view: MfaView, error: string | null = null) =>
    csrfOf(c).then((csrf) =>
      page(c, status, "Two-factor authentication", mfaBody(csrf, view, error)),
    );
  const mfaState = async (s: Session): Promise<MfaView> =>
    (await mfaEnrolled(db, s.user.id))
      ? { state: "on", recoveryLeft: await recoveryCodesLeft(db, s.user.id) }
      : { state: "off", required: s.user.role === "admin" };

  app.get("/edit/mfa", async (c) => {
    const s = need(c, "contributor");
    return mfaPage(c, 200, await mfaState(s));
  });

  app.post("/edit/mfa/start", async (c) => {
    const s = need(c, "contributor");
    try {
      const { secret, uri } = await startEnrolment(db, s.user, now());
      return mfaPage(c, 200, { state: "enrolling", secret, uri });
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      return mfaPage(c, 400, await mfaState(s), e.message);
    }
  });

  app.post("/edit/mfa/confirm", async (c) => {
    const s = need(c, "contributor");
    try {
      const codes = await confirmEnrolment(
        db,
        s.user,
        text(c, "code"),
        now(),
        sessionDigest(c.get("sessionId") as string),
      );
      return mfaPage(c, 200, { state: "recovery-codes", codes });
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      // The key was shown once; a wrong code means starting again with a new one.
      return mfaPage(c, 400, await mfaState(s), `${e.message}; set it up again`);
    }
  });

  app.post("/edit/mfa/disable", async (c) => {
    const s = need(c, "contributor");
    try {
      await disableMfa(db, s.user, text(c, "code"), now());
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      return mfaPage(c, 400, await mfaState(s), e.message);
    }
    return mfaPage(c, 200, await mfaState(s));
  });

  app.get("/edit/users", async (c) => {
    const s = need(c, "admin");
    return page(
      c,
      200,
      "Accounts",
      usersBody(await csrfOf(c), await listUsers(db), null, null, { selfId: s.user.id }),
    );
  });

  app.post("/edit/users", async (c) => {
    const s = need(c, "admin");
    const role = text(c, "role");
    try {
      if (!(ROLES as readonly string[]).includes(role))
        throw new UsageError(`choose a role (${ROLES.join(", ")})`);
      const inv = await inviteUser(db, {
        email: text(c, "email"),
        role: role as Role,
        invitedBy: s.user.email,
        now: now(),
      });
      const link = `${new URL(c.req.url).origin}/edit/invite/${inv.token}`;
      const expires = inv.expiresAt.toISOString();
      let shown: string | null = link;
      let mailError: string | undefined;
      if (options.mailer) {
        try {
          await options.mailer({
            to: inv.user.email,
            subject: "Your invitation to the Ration Watch registry editor",
            text: invitationText(link, inv.user.role, expires, s.user.email),
          });
          shown = null;
        } catch (e) {
          mailError = (e instanceof Error ? e.message : String(e)).split("\n")[0] as string;
        }
        await auditInvitationMail(db, {
          email: inv.user.email,
          invitedBy: s.user.email,
          now: now(),
          error: mailError ?? null,
        });
      }
      return page(
        c,
        200,
        "Accounts",
        usersBody(
          await csrfOf(c),
          await listUsers(db),
          null,
          {
            email: inv.user.email,
            link: shown,
            expires,
            ...(mailError ? { mailError } : {}),
          },
          { selfId: s.user.id },
        ),
      );
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      return page(
        c,
        400,
        "Accounts",
        usersBody(await csrfOf(c), await listUsers(db), e.message, null, { selfId: s.user.id }),
      );
    }
  });

  app.post("/edit/users/mfa-reset", async (c) => {
    const s = need(c, "admin");
    const reset: { selfId: number; done?: string; error?: string } = { selfId: s.user.id };
    let status: 200 | 400 = 200;
    try {
      const u = await resetSecondFactor(db, s.user, text(c, "email"), now());
      reset.done = `Two-factor authentication removed for ${u.email}; their sessions have ended.`;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      reset.error = e.message;
      status = 400;
    }
    return page(
      c,
      status,
      "Accounts",
      usersBody(await csrfOf(c), await listUsers(db), null, null, reset),
    );
  });

  // ---- dashboard, policy form, review ---------------------------------------------------------

  app.get("/edit/", async (c) => {
    const s = need(c, "contributor");
    const mine = await listProposals(db, { proposedBy: s.user.email });
    const records = await currentRecords(db);
    const pending = roleAtLeast(s.user.role, "reviewer")
      ? (await listProposals(db, { pending: true })).length
      : null;
    return page(c, 200, "Editor", dashboardBody(await csrfOf(c), s.user, mine, records, pending));
  });

  const interventionSlugs = async () => (await currentRecords(db, "intervention")).map((r) => r.id);

  /**
   * The public submission a new record is made from (`?from=N` on a form, `fromSubmission` in
   * it): reviewers only, as triage is theirs and a submission holds the submitter's contact.
   */
  function fromSubmission(c: Context<Env>, raw: string | undefined): number | undefined {
    if (raw === undefined || raw === "") return undefined;
    need(c, "reviewer");
    if (!/^\d{1,9}$/.test(raw))
      throw new EditRefusal(400, `expected a submission number, got "${raw}"`);
    return Number(raw);
  }

  app.get("/edit/policy/new", async (c) => {
    need(c, "contributor");
    const from = fromSubmission(c, c.req.query("from"));
    const interventions = await interventionSlugs();
    const values =
      from === undefined
        ? new Map<string, string>()
        : policyValuesFromSubmission(from, await pendingSubmission(db, from), interventions);
    const body = policyForm({
      action: "/edit/policy",
      csrf: await csrfOf(c),
      values,
      errors: new Map(),
      interventions,
      baseVersion: 0,
      editing: false,
      criteria: 1,
      fromSubmission: from,
    });
    return page(c, 200, "New policy record", body);
  });

  app.get("/edit/policy/:id", async (c) => {
    need(c, "contributor");
    const id = c.req.param("id");
    const current = await currentOf(db, "policy", id);
    if (!current) throw new MissingDataError(`no policy "${id}" in the registry`);
    const values = policyValues(current.data as Record<string, unknown>);
    const criteria = (current.data as { criteria: unknown[] }).criteria.length + 1;
    const body = policyForm({
      action: "/edit/policy",
      csrf: await csrfOf(c),
      values,
      errors: new Map(),
      interventions: await interventionSlugs(),
      baseVersion: current.version,
      editing: true,
      criteria,
    });
    return page(c, 200, `Edit policy ${id}`, body);
  });

  /** The submitted form's optimistic-versioning token (0: a new record); a 400 when malformed. */
  const baseVersionOf = (form: Record<string, string>): number => {
    const v = form["baseVersion"] ?? "";
    if (!/^\d{1,9}$/.test(v))
      throw new EditRefusal(400, "the form's version field is missing or not a number");
    return Number(v);
  };

  /** A form's problems by field, with the change's reason checked as every form checks it. */
  const problemsWithReason = (reason: string) => {
    const errors: FieldErrors = new Map();
    const add = (name: string, problem: string) =>
      errors.set(name, [...(errors.get(name) ?? []), problem]);
    if (reason === "") add("reason", "say why (it is shown in the record's history)");
    if (reason.length > 2000) add("reason", "at most 2,000 characters");
    return { errors, add };
  };

  /** The change's reason, with the public submission it came from (kept in the history). */
  const reasonFrom = (reason: string, from: number | undefined) =>
    from === undefined || reason.includes(submissionReason(from))
      ? reason
      : `${reason} (${submissionReason(from)})`;

  /** Queues a valid record for review, or shows the conflict (409) when it changed meanwhile. */
  async function proposeOrConflict(
    c: Context<Env>,
    s: Session,
    kind: RecordKind,
    record: { id: string; data: unknown },
    baseVersion: number,
    reason: string,
    from?: number,
  ) {
    try {
      const input = { kind, recordId: record.id, data: record.data, reason, now: now() };
      const n =
        from === undefined
          ? await proposeRecord(db, { ...input, baseVersion, proposedBy: s.user.email })
          : await convertSubmission(db, from, { ...input, by: s.user.email });
      return c.redirect(`/edit/proposal/${n}`, 303);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const latest = await currentOf(db, kind, record.id);
      return page(
        c,
        409,
        "Conflict: the record changed",
        conflictBody(e.message, record.data, latest),
      );
    }
  }

  app.post("/edit/policy", async (c) => {
    const s = need(c, "contributor");
    const form = compactCriteria(textFields(c));
    const baseVersion = baseVersionOf(form);
    const from = fromSubmission(c, form["fromSubmission"]);
    // "Show another empty criterion": the same form back with one more row; nothing checked,
    // uploaded or saved.
    if (form["more"] !== undefined) {
      const body = policyForm({
        action: "/edit/policy",
        csrf: await csrfOf(c),
        values: new Map(Object.entries(form)),
        errors: new Map(),
        interventions: await interventionSlugs(),
        baseVersion,
        editing: baseVersion > 0,
        criteria: criterionRows(form) + 1,
        fromSubmission: from,
      });
      const id = (form["id"] ?? "").trim();
      return page(c, 200, baseVersion > 0 ? `Edit policy ${id}` : "New policy record", body);
    }
    const reason = (form["reason"] ?? "").trim();
    const { errors, add } = problemsWithReason(reason);
    const upload = c.get("form")["evidence"];
    if (upload instanceof File && upload.size > 0) {
      const stored = await acceptUpload(upload, s.user.email);
      if (typeof stored === "string") add("evidence", stored);
      else form["source.archivedSha256"] = stored.sha256;
    }
    const editing = baseVersion > 0;
    const id = (form["id"] ?? "").trim();
    const current = editing ? await currentOf(db, "policy", id) : undefined;
    if (editing && !current) throw new MissingDataError(`no policy "${id}" in the registry`);
    const synthetic = (current?.data as { synthetic?: boolean } | undefined)?.synthetic ?? false;
    const raw = policyFromForm(form, synthetic);
    const { records, issues } = validateTables(
      [{ source: "json", file: "form", layout: layoutFor("policy"), records: [raw] }],
      await knownRecords(db),
    );
    // A field that already has its problem (the upload) does not get a follow-on one too. A
    // threshold that is not a number stays text, so the schema words it as every field's wrong
    // type is worded (registry/field-message.ts: "must be a number").
    const own = new Set(errors.keys());
    for (const i of issues as InputIssue[]) {
      const name = fieldOfColumn(i.column);
      if (!own.has(name)) add(name, i.problem);
    }
    if (!editing && id !== "" && (await currentVersion(db, "policy", id)) > 0) {
      add("id", `policy ${id} exists already: edit it from the editor's list instead`);
    }
    const criteria = criterionRows(form) + 1; // the rows sent, and an empty one to add
    if (errors.size > 0) {
      const values = new Map(Object.entries(form));
      const body = policyForm({
        action: "/edit/policy",
        csrf: await csrfOf(c),
        values,
        errors,
        interventions: await interventionSlugs(),
        baseVersion,
        editing,
        criteria,
        fromSubmission: from,
      });
      return page(c, 400, editing ? `Edit policy ${id}` : "New policy record", body);
    }
    const record = records[0] as ValidRecord;
    return proposeOrConflict(c, s, "policy", record, baseVersion, reasonFrom(reason, from), from);
  });

  async function acceptUpload(file: File, by: string) {
    if (file.size > maxUpload)
      throw new EditRefusal(413, `the upload is too large: at most ${mb(maxUpload)}`);
    const bytes = Buffer.from(await file.arrayBuffer());
    const type = sniffEvidence(bytes);
    if (type === null)
      return "only PDF, PNG or JPEG files are accepted (checked by the file's content, not its name)";
    return storeEvidence(db, {
      bytes,
      mediaType: type,
      fileName: file.name.slice(0, 200),
      by,
      now: now(),
    });
  }

  // ---- the other kinds: interventions, frameworks, assessments (record-form.ts) -------------

  const formKind = (c: Context<Env>): FormKind => {
    const kind = c.req.param("kind") ?? "";
    if (kind === "policy")
      throw new EditRefusal(404, "policies have their own form: /edit/policy/new");
    if (!(FORM_KINDS as readonly string[]).includes(kind)) {
      throw new EditRefusal(404, `no record kind "${kind}" (${FORM_KINDS.join(", ")})`);
    }
    return kind as FormKind;
  };

  async function recordPage(
    c: Context<Env>,
    status: number,
    kind: FormKind,
    values: ReadonlyMap<string, string>,
    errors: FieldErrors,
    baseVersion: number,
    from?: number,
  ) {
    const body = recordForm({
      kind,
      csrf: await csrfOf(c),
      values,
      errors,
      baseVersion,
      frameworks: (await currentRecords(db, "framework")).map((r) => r.id),
      fromSubmission: from,
    });
    return page(c, status, baseVersion > 0 ? `Edit ${kind}` : `New ${kind}`, body);
  }

  app.get("/edit/record/:kind/new", async (c) => {
    need(c, "contributor");
    const kind = formKind(c);
    const from = fromSubmission(c, c.req.query("from"));
    if (from === undefined) return recordPage(c, 200, kind, new Map(), new Map(), 0);
    if (kind !== "intervention")
      throw new EditRefusal(404, "a public submission becomes a policy or an intervention record");
    const values = interventionValuesFromSubmission(from, await pendingSubmission(db, from));
    return recordPage(c, 200, kind, values, new Map(), 0, from);
  });

  app.get("/edit/record/:kind/:id", async (c) => {
    need(c, "contributor");
    const kind = formKind(c);
    const id = c.req.param("id");
    const current = await currentOf(db, kind, id);
    if (!current) throw new MissingDataError(`no ${kind} "${id}" in the registry`);
    const values = recordValues(kind, current.data);
    return recordPage(c, 200, kind, values, new Map(), current.version);
  });

  app.post("/edit/record/:kind", async (c) => {
    const s = need(c, "contributor");
    const kind = formKind(c);
    const form = compactForm(kind, textFields(c));
    const baseVersion = baseVersionOf(form);
    const from = fromSubmission(c, form["fromSubmission"]);
    if (from !== undefined && kind !== "intervention")
      throw new EditRefusal(404, "a public submission becomes a policy or an intervention record");
    const values = new Map(Object.entries(form));
    // "Show another empty row": the same form back, nothing checked or saved.
    if (form["more"] !== undefined)
      return recordPage(c, 200, kind, values, new Map(), baseVersion, from);
    const reason = (form["reason"] ?? "").trim();
    const { errors, add } = problemsWithReason(reason);
    const raw = recordFromForm(kind, form, false);
    const { records, issues } = validateTables(
      [{ source: "json", file: "form", layout: layoutFor(kind), records: [raw] }],
      await knownRecords(db),
    );
    for (const i of issues as InputIssue[]) add(fieldOfIssue(kind, values, i.column), i.problem);
    let record = records[0];
    const current = record && baseVersion > 0 ? await currentOf(db, kind, record.id) : undefined;
    if (record && baseVersion > 0 && !current)
      add("form", `no ${kind} "${record.id}" to change: its identifier cannot change`);
    if (record && baseVersion === 0 && (await currentVersion(db, kind, record.id)) > 0) {
      add("form", `${kind} ${record.id} exists already: edit it instead`);
    }
    if (errors.size > 0 || !record)
      return recordPage(c, 400, kind, values, errors, baseVersion, from);
    // An assessment's synthetic flag is the server's: kept from the current version, never the form's.
    if (kind === "assessment" && (current?.data as { synthetic?: boolean } | undefined)?.synthetic)
      record = { ...record, data: { ...(record.data as object), synthetic: true } };
    return proposeOrConflict(c, s, kind, record, baseVersion, reasonFrom(reason, from), from);
  });

  app.get("/edit/review", async (c) => {
    need(c, "reviewer");
    return page(c, 200, "Review queue", queueBody(await listProposals(db, { pending: true })));
  });

  const proposalNumber = (c: Context<Env>) => {
    const n = c.req.param("n") ?? "";
    if (!/^\d{1,9}$/.test(n)) throw new EditRefusal(400, `expected a proposal number, got "${n}"`);
    return Number(n);
  };

  app.get("/edit/proposal/:n", async (c) => {
    const s = need(c, "contributor");
    const p = await getProposal(db, proposalNumber(c));
    const reviewer = roleAtLeast(s.user.role, "reviewer");
    if (!reviewer && p.proposedBy !== s.user.email)
      throw new EditRefusal(404, `no proposal ${p.id}`);
    const current =
      p.kind === "submission" || p.recordId === null
        ? undefined
        : await currentOf(db, p.kind, p.recordId);
    return page(
      c,
      200,
      `Proposal ${p.id}`,
      proposalBody(await csrfOf(c), p, current, reviewer && p.proposedBy !== s.user.email),
    );
  });

  app.post("/edit/proposal/:n/decide", async (c) => {
    const s = need(c, "reviewer");
    const n = proposalNumber(c);
    const decision = text(c, "decision");
    if (!(DECISIONS as readonly string[]).includes(decision)) {
      throw new EditRefusal(400, `choose a decision (${DECISIONS.join(", ")})`);
    }
    const reason = text(c, "reason").trim().slice(0, 2000);
    try {
      await decide(db, n, { decision: decision as Decision, by: s.user.email, reason, now: now() });
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const p = await getProposal(db, n);
      const latest =
        p.recordId && p.kind !== "submission" ? await currentOf(db, p.kind, p.recordId) : undefined;
      return page(c, 409, "Conflict: the record changed", conflictBody(e.message, p.data, latest));
    }
    return c.redirect(`/edit/proposal/${n}`, 303);
  });

  // ---- public submissions and evidence ------------------------------------------------------

  app.get("/edit/submit", async (c) =>
    page(
      c,
      200,
      "I found a policy",
      submitBody(await csrfOf(c), new Map(), new Map(), mb(maxUpload)),
    ),
  );

  app.post("/edit/submit", async (c) => {
    if (!(await allowed(c, "submission"))) {
      throw new EditRefusal(
        429,
        "too many submissions from your address: please try again in an hour",
      );
    }
    const form = textFields(c);
    const errors: FieldErrors = new Map();
    const add = (name: string, problem: string) =>
      errors.set(name, [...(errors.get(name) ?? []), problem]);
    const v = (k: string) => (form[k] ?? "").trim();
    for (const k of ["commissioner", "intervention", "sourceUrl", "description", "contact"]) {
      if (v(k).length > 2000) add(k, "at most 2,000 characters");
    }
    if (v("commissioner") === "")
      add("commissioner", "say which commissioner (ICB, sub-ICB or CCG) the policy is from");
    if (v("sourceUrl") !== "" && !/^https?:\/\/\S+$/.test(v("sourceUrl")))
      add("sourceUrl", "expected an http(s) link");
    let evidence: string | null = null;
    const upload = c.get("form")["document"];
    if (upload instanceof File && upload.size > 0) {
      const stored = await acceptUpload(upload, "public submission");
      if (typeof stored === "string") add("document", stored);
      else evidence = stored.sha256;
    }
    if (v("sourceUrl") === "" && evidence === null && !errors.has("document"))
      add("sourceUrl", "give a link to the policy or upload the document");
    if (errors.size > 0) {
      return page(
        c,
        400,
        "I found a policy",
        submitBody(await csrfOf(c), new Map(Object.entries(form)), errors, mb(maxUpload)),
      );
    }
    const data = {
      commissioner: v("commissioner"),
      intervention: v("intervention") || null,
      sourceUrl: v("sourceUrl") || null,
      evidenceSha256: evidence,
      description: v("description") || null,
      contact: v("contact") || null,
    };
    const n = await proposeSubmission(db, {
      data,
      proposedBy: "public submission",
      reason: "public submission",
      now: now(),
    });
    return page(
      c,
      200,
      "Thank you",
      messageBody(
        `Thank you: your submission (number ${n}) waits for a reviewer. Nothing is published until a reviewer has checked it against its source.`,
        "/",
        "Back to the home page",
      ),
    );
  });

  app.get("/edit/evidence/:sha", async (c) => {
    const sha = c.req.param("sha");
    if (!/^[0-9a-f]{64}$/.test(sha))
      throw new EditRefusal(400, "expected a SHA-256 digest (64 lower-case hex digits)");
    const e = await getEvidence(db, sha);
    // Unpublished evidence is not revealed to anyone without an account.
    if (!e || (!c.get("session") && !(await isPublishedEvidence(db, sha)))) {
      throw new EditRefusal(404, "no such evidence");
    }
    return c.body(new Uint8Array(e.bytes), 200, {
      "Content-Type": e.mediaType,
      "Content-Disposition": `attachment; filename="${downloadName(e.fileName, sha, e.mediaType)}"`,
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "X-Content-Type-Options": "nosniff",
    });
  });

  app.onError(async (err, c) => {
    if (err instanceof LoginRedirect) return c.redirect(err.location, 303);
    let status = 500;
    let message =
      "Sorry, something went wrong on our side. Nothing was saved. Please try again later.";
    if (err instanceof EditRefusal) status = err.status;
    else if (err instanceof UsageError) status = 400;
    else if (err instanceof MissingDataError) status = 404;
    else if (err instanceof ConflictError) status = 409;
    if (isAppError(err) && status !== 500) message = err.message;
    if (status === 500) console.error(err);
    const res = await page(
      c as Context<Env>,
      status,
      errorTitle(status),
      messageBody(message, "/edit/", "Back to the editor"),
    );
    for (const [k, v] of Object.entries(EDITOR_HEADERS)) res.headers.set(k, v);
    return res;
  });

  return app;
}

class LoginRedirect extends Error {
  readonly location: string;
  constructor(location: string) {
    super(location);
    this.location = location;
  }
}

function errorTitle(status: number): string {
  return (
    {
      400: "There is a problem with the request",
      401: "Log in first",
      403: "Not allowed",
      404: "Page not found",
      409: "Conflict",
      413: "Upload too large",
      429: "Too many requests",
    }[status] ?? "Sorry, there is a problem with the service"
  );
}

const mb = (bytes: number) =>
  `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
