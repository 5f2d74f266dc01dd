/**
 * The editor under test: a fresh registry (PGlite in memory, or a PostgreSQL database when
 * DATABASE_URL is set, see test/registry/backends.ts), the editor app with a clock the test moves,
 * accounts for each role, and a cookie-keeping client that talks to it with `app.request` (no socket).
 */
import { acceptInvitation, findUser, inviteUser, type Role } from "../../src/registry/accounts.ts";
import type { RegistryDb } from "../../src/registry/db.ts";
import { confirmEnrolment, startEnrolment } from "../../src/registry/mfa.ts";
import { openRegistry } from "../../src/registry/registry.ts";
import { base32Decode, totp } from "../../src/registry/totp.ts";
import { createEditor, type EditorApp, type EditorOptions } from "../../src/server/edit/editor.ts";
import type { Fresh } from "../registry/backends.ts";

export const ORIGIN = "http://127.0.0.1";
export const PASSWORD = "correct horse battery staple";

export interface EditFixture {
  db: RegistryDb;
  app: EditorApp;
  clock: { now: Date };
  /** Admins' TOTP keys (base32) and the time-step offsets already used (each code works once). */
  totp: Map<string, { secret: string; used: number }>;
  close: () => Promise<void>;
}

export async function editFixture(
  fresh?: Fresh,
  options: Partial<EditorOptions> = {},
): Promise<EditFixture> {
  const clock = { now: new Date("2026-01-15T12:00:00Z") };
  const db = await openRegistry(fresh?.options ?? { path: "memory://", now: clock.now });
  const app = createEditor({ db, now: () => clock.now, ...options });
  return {
    db,
    app,
    clock,
    totp: new Map(),
    close: async () => {
      await db.close();
      await fresh?.cleanup();
    },
  };
}

/**
 * Creates an active account (invitation accepted) with the test password; an admin also gets
 * two-factor authentication (required for the admin pages), confirmed with the previous step's code.
 */
export async function addUser(f: EditFixture, email: string, role: Role): Promise<void> {
  const { token } = await inviteUser(f.db, { email, role, invitedBy: "test", now: f.clock.now });
  await acceptInvitation(f.db, token, PASSWORD, f.clock.now);
  if (role !== "admin") return;
  const user = await findUser(f.db, email);
  if (!user) throw new Error(`no user ${email}`);
  const { secret } = await startEnrolment(f.db, user, f.clock.now);
  f.totp.set(email, { secret, used: -2 });
  await confirmEnrolment(f.db, user, nextCode(f, email), f.clock.now, "no session");
}

/**
 * A TOTP code for an admin that has not been used yet at the fixture's clock: the server accepts
 * one step either side of now and each step once, so three codes per clock reading.
 */
export function nextCode(f: EditFixture, email: string): string {
  const entry = f.totp.get(email);
  if (!entry) throw new Error(`${email} has no two-factor key`);
  entry.used += 1;
  if (entry.used > 1) throw new Error(`no unused code left for ${email}: move the clock 30 s on`);
  return totp(base32Decode(entry.secret), f.clock.now.getTime() / 1000 + entry.used * 30);
}

/** A browser-like client: keeps cookies, sends the site's Origin, reads CSRF tokens from forms. */
export class Client {
  readonly cookies = new Map<string, string>();
  readonly app: EditorApp;
  constructor(app: EditorApp) {
    this.app = app;
  }

  async request(
    method: string,
    path: string,
    body?: Record<string, string | Blob> | FormData | string,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const h = new Headers(headers);
    if (this.cookies.size > 0) {
      h.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    if (method === "POST" && !h.has("Origin")) h.set("Origin", ORIGIN);
    let payload: FormData | string | undefined;
    if (body instanceof FormData || typeof body === "string") payload = body;
    else if (body) {
      const fd = new FormData();
      for (const [k, v] of Object.entries(body)) fd.append(k, v);
      payload = fd;
    }
    const res = await this.app.request(`${ORIGIN}${path}`, { method, headers: h, body: payload });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = (pair as string).indexOf("=");
      const name = (pair as string).slice(0, i);
      const value = (pair as string).slice(i + 1);
      if (/max-age=0/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string) {
    return this.request("GET", path);
  }

  /** The CSRF token in the form on the page at `path`. */
  async csrf(path = "/edit/login"): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF field on ${path}`);
    return m[1] as string;
  }

  /** POSTs a form with the token from the page at `from`. */
  async post(path: string, fields: Record<string, string | Blob>, from?: string) {
    const csrf = await this.csrf(from ?? path);
    return this.request("POST", path, { csrf, ...fields });
  }

  async login(email: string, password = PASSWORD, code = ""): Promise<Response> {
    return this.post("/edit/login", { email, password, code, next: "/edit/" }, "/edit/login");
  }
}

/** A logged-in client. */
export async function clientFor(f: EditFixture, email: string): Promise<Client> {
  const c = new Client(f.app);
  const res = await c.login(email, PASSWORD, f.totp.has(email) ? nextCode(f, email) : "");
  if (res.status !== 303) throw new Error(`login of ${email} failed: ${res.status}`);
  return c;
}

/** The form fields of a valid policy (Wakefield, 03R, sub-ICB 2022), as the form sends them. */
export function policyFields(id: string, extra: Record<string, string> = {}) {
  return {
    baseVersion: "0",
    id,
    "commissioner.code": "03R",
    "commissioner.name": "Wakefield",
    "commissioner.level": "sub-icb",
    "commissioner.vintage": "sub-icb-2022",
    intervention: "inguinal-hernia-repair",
    accessRoute: "criteria-based-access",
    departsFromGuidance: "yes",
    departure: "BMI bar not in NICE guidance",
    "source.title": "Wakefield hernia policy",
    "source.url": "https://example.org/hernia.pdf",
    "source.foiReference": "",
    "source.archivedSha256": "",
    effectiveDate: "2023-04-01",
    reviewDate: "",
    withdrawnDate: "",
    supersededBy: "",
    verifiedBy: "",
    verifiedOn: "",
    notes: "",
    "criteria.0.type": "bmi",
    "criteria.0.measure": "BMI",
    "criteria.0.comparator": "<",
    "criteria.0.threshold": "35",
    "criteria.0.unit": "kg/m2",
    "criteria.0.requirement": "mandatory",
    "criteria.0.wording": "Patients must have a BMI below 35",
    reason: "FOI reply 2025/017",
    ...extra,
  };
}

/** A minimal real PDF header and body. */
export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
