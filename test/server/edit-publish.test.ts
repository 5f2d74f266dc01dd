// Done-when of the editor (issue #14), end to end through the whole site app: a contributor
// proposes a policy with its PDF, a reviewer approves it, and only then it appears on its area's
// page and on its own page with its history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptInvitation, inviteUser } from "../../src/registry/accounts.ts";
import type { RegistryDb } from "../../src/registry/db.ts";
import { openRegistry } from "../../src/registry/registry.ts";
import { createApp } from "../../src/server/app.ts";
import { SiteData } from "../../src/server/data.ts";
import { createEditor, type EditorApp } from "../../src/server/edit/editor.ts";
import { registryReader } from "../../src/server/registry-data.ts";
import type { Store } from "../../src/store/db.ts";

import { Client, PASSWORD, PDF, policyFields } from "./edit-fixture.ts";
import { NOW, webFixture } from "./fixture.ts";

let store: Store;
let db: RegistryDb;
let app: EditorApp;

beforeAll(async () => {
  store = (await webFixture()).store;
  db = await openRegistry({ path: "memory://", now: NOW });
  for (const [email, role] of [
    ["contributor@example.org", "contributor"],
    ["reviewer@example.org", "reviewer"],
  ] as const) {
    const { token } = await inviteUser(db, { email, role, invitedBy: "test", now: NOW });
    await acceptInvitation(db, token, PASSWORD, NOW);
  }
  const data = new SiteData(store, { now: () => NOW, registry: registryReader(db) });
  // The whole site with the editor mounted, as `serve --registry` builds it.
  app = createApp({ data, editor: createEditor({ db, now: () => NOW }) }) as unknown as EditorApp;
}, 300_000);
afterAll(async () => {
  await db.close();
  store.close();
});

describe("propose → approve → published on the area page with its history", () => {
  it("appears only after approval, with who approved it", async () => {
    const contributor = new Client(app);
    expect((await contributor.login("contributor@example.org")).status).toBe(303);
    const res = await contributor.post(
      "/edit/policy",
      {
        ...policyFields("03R-hernia-2023", { effectiveDate: "2020-04-01" }),
        evidence: new File([PDF], "policy.pdf", { type: "application/pdf" }),
      },
      "/edit/policy/new",
    );
    expect(res.status).toBe(303);
    const proposal = res.headers.get("location") as string;

    const visitor = new Client(app);
    expect((await visitor.get("/policies/03R-hernia-2023/")).status).toBe(404);
    expect(await (await visitor.get("/area/03R/")).text()).not.toContain("03R-hernia-2023");

    const reviewer = new Client(app);
    expect((await reviewer.login("reviewer@example.org")).status).toBe(303);
    const decided = await reviewer.post(
      `${proposal}/decide`,
      { decision: "approved", reason: "checked against the PDF" },
      proposal,
    );
    expect(decided.status).toBe(303);

    const page = await visitor.get("/policies/03R-hernia-2023/");
    expect(page.status).toBe(200);
    const html = (await page.text()).replace(/\s+/g, " ");
    expect(html).toContain("contributor@example.org (approved by reviewer@example.org)");
    expect(html).toContain("checked against the PDF");
    const area = await (await visitor.get("/area/03R/")).text();
    // In force on the window's last day (2021-04-30): the Restrictions section links to it.
    expect(area).toContain("policies/03R-hernia-2023/");
  });
});

describe("the public page cache follows published records, not account activity", () => {
  it("a login or a proposal keeps the registry version; an approval moves it", async () => {
    const reader = registryReader(db);
    const v0 = await reader.version();
    const c0 = await reader.content();
    const audit = async () =>
      (await db.query<{ n: number }>("SELECT count(*)::integer AS n FROM audit_log"))[0]?.n;
    const a0 = await audit();

    const contributor = new Client(app);
    expect((await contributor.login("contributor@example.org")).status).toBe(303);
    const reviewer = new Client(app);
    expect((await reviewer.login("reviewer@example.org")).status).toBe(303);
    // The logins were audited, yet the version and the memoised content are the same.
    expect(await audit()).toBeGreaterThan(a0 as number);
    expect(await reader.version()).toBe(v0);
    expect(await reader.content()).toBe(c0);

    const res = await contributor.post(
      "/edit/policy",
      policyFields("03R-hernia-2024", { effectiveDate: "2020-05-01" }),
      "/edit/policy/new",
    );
    expect(res.status).toBe(303);
    const proposal = res.headers.get("location") as string;
    expect(await reader.version()).toBe(v0);

    const decided = await reviewer.post(
      `${proposal}/decide`,
      { decision: "approved", reason: "checked" },
      proposal,
    );
    expect(decided.status).toBe(303);
    const v1 = await reader.version();
    expect(v1).not.toBe(v0);
    expect(Number(v1.slice(1))).toBe(Number(v0.slice(1)) + 1);
    const c1 = await reader.content();
    expect(c1).not.toBe(c0);
    expect(c1.policies.map((p) => p.id)).toContain("03R-hernia-2024");
    expect(c0.policies.map((p) => p.id)).not.toContain("03R-hernia-2024");
  });
});
