// The editing journey and its attacks, through the Hono app (no socket): a contributor proposes a
// policy with its PDF, a reviewer approves it, it becomes a version with who/when/why; validation is
// the import's; stale forms and double approvals are conflicts; XSS and SQL-injection payloads are
// stored literally and shown escaped; uploads are checked by content; public submissions are
// pending and rate-limited; the audit log is append-only.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { layoutFor } from "../../src/registry/layouts.ts";
import { listProposals } from "../../src/registry/proposals.ts";
import { auditLog, recordHistory } from "../../src/registry/records.ts";
import { knownRecords, registryContent } from "../../src/registry/registry.ts";
import { validateTables } from "../../src/registry/validate.ts";
import { policyFromForm } from "../../src/web/edit/policy-form.ts";
import { esc } from "../../src/web/html.ts";

import {
  addUser,
  Client,
  clientFor,
  editFixture,
  PDF,
  policyFields,
  type EditFixture,
} from "./edit-fixture.ts";

let f: EditFixture;
let contributor: Client;
let second: Client;
let reviewer: Client;

beforeAll(async () => {
  f = await editFixture(undefined, {
    maxUploadBytes: 64 * 1024,
    submissions: { capacity: 5, perHour: 10 },
  });
  await addUser(f, "contributor@example.org", "contributor");
  await addUser(f, "second@example.org", "contributor");
  await addUser(f, "reviewer@example.org", "reviewer");
  contributor = await clientFor(f, "contributor@example.org");
  second = await clientFor(f, "second@example.org");
  reviewer = await clientFor(f, "reviewer@example.org");
}, 300_000);
afterAll(() => f.close());

const flat = async (res: Response) => (await res.text()).replace(/\s+/g, " ");

async function propose(
  c: Client,
  fields: Record<string, string | Blob>,
  from = "/edit/policy/new",
) {
  const res = await c.post("/edit/policy", fields, from);
  return res;
}

const proposalNo = (res: Response) =>
  Number(/^\/edit\/proposal\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? NaN);

describe("propose, review, publish", () => {
  it("a contributor proposes a policy with its PDF; a reviewer approves; it is version 1 with who, when, why", async () => {
    const res = await propose(contributor, {
      ...policyFields("03R-hernia-2023"),
      evidence: new File([PDF], "Wakefield policy.pdf", { type: "application/pdf" }),
    });
    expect(res.status).toBe(303);
    const n = proposalNo(res);
    // Pending: not in the registry, not published, the document not public.
    expect((await registryContent(f.db)).policies.map((p) => p.id)).not.toContain(
      "03R-hernia-2023",
    );
    expect(await recordHistory(f.db, "policy", "03R-hernia-2023")).toHaveLength(0);
    const [p] = await listProposals(f.db, { pending: true });
    expect(p?.id).toBe(n);
    const sha = (p?.data as { source: { archivedSha256: string } }).source.archivedSha256;
    const { createHash } = await import("node:crypto");
    expect(sha).toBe(createHash("sha256").update(PDF).digest("hex"));
    expect((await new Client(f.app).get(`/edit/evidence/${sha}`)).status).toBe(404);

    // The reviewer sees it in the queue with the diff against the (absent) current version.
    const queue = await flat(await reviewer.get("/edit/review"));
    expect(queue).toContain(`href="/edit/proposal/${n}"`);
    const page = await flat(await reviewer.get(`/edit/proposal/${n}`));
    expect(page).toContain("Changes against the current version");
    expect(page).toContain("Patients must have a BMI below 35");

    f.clock.now = new Date("2026-01-15T13:00:00Z");
    const ok = await reviewer.post(
      `/edit/proposal/${n}/decide`,
      { decision: "approved", reason: "checked against the PDF" },
      `/edit/proposal/${n}`,
    );
    expect(ok.status).toBe(303);
    const [v] = await recordHistory(f.db, "policy", "03R-hernia-2023");
    expect(v).toMatchObject({
      version: 1,
      reviewStatus: "approved",
      changedBy: "contributor@example.org (approved by reviewer@example.org)",
      changedAt: "2026-01-15T13:00:00.000Z",
      reason: "FOI reply 2025/017; approved: checked against the PDF",
      changeSet: `proposal ${n}`,
    });
    expect((v?.data as { criteria: unknown[] }).criteria).toEqual([
      {
        type: "bmi",
        measure: "BMI",
        comparator: "<",
        threshold: 35,
        unit: "kg/m2",
        requirement: "mandatory",
        wording: "Patients must have a BMI below 35",
      },
    ]);
    expect((await registryContent(f.db)).policies.map((x) => x.id)).toContain("03R-hernia-2023");

    // Once a published record cites it, anyone may download the document: as an attachment.
    const dl = await new Client(f.app).get(`/edit/evidence/${sha}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("application/pdf");
    expect(dl.headers.get("content-disposition")).toBe(
      'attachment; filename="Wakefield_policy.pdf"',
    );
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
    expect(dl.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await dl.arrayBuffer()).equals(PDF)).toBe(true);

    const audit = (await auditLog(f.db)).filter((e) => e.changeSet === `proposal ${n}`);
    expect(audit.map((e) => e.action)).toEqual(["propose", "create", "approve", "review-approved"]);
  });

  it("the contributor cannot approve their own proposal; reject needs a reason; request changes", async () => {
    await addUser(f, "self@example.org", "reviewer");
    const self = await clientFor(f, "self@example.org");
    const n = proposalNo(await propose(self, policyFields("03R-self")));
    const own = await self.post(
      `/edit/proposal/${n}/decide`,
      { decision: "approved", reason: "" },
      "/edit/",
    );
    expect(own.status).toBe(400);
    expect(await own.text()).toContain("you cannot approve your own proposal");
    const bare = await reviewer.post(
      `/edit/proposal/${n}/decide`,
      { decision: "rejected", reason: "" },
      `/edit/proposal/${n}`,
    );
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain("give a reason");
    const changes = await reviewer.post(
      `/edit/proposal/${n}/decide`,
      { decision: "changes-requested", reason: "cite the FOI reply" },
      `/edit/proposal/${n}`,
    );
    expect(changes.status).toBe(303);
    const mine = await flat(await self.get("/edit/"));
    expect(mine).toContain("changes-requested: cite the FOI reply");
    expect(await recordHistory(f.db, "policy", "03R-self")).toHaveLength(0);
  });
});

describe("the other record kinds (their forms: edit-record-forms.test.ts)", () => {
  it("policies are refused by the record form (they have their own); unknown kinds are 404", async () => {
    expect((await contributor.get("/edit/record/policy/new")).status).toBe(404);
    expect((await contributor.get("/edit/record/nonsense/new")).status).toBe(404);
  });
});

describe("validation is the import's", () => {
  it("every problem beside its field, worded as the import words it; nothing queued", async () => {
    const fields = policyFields("03R-bad", {
      "commissioner.code": "ZZZ",
      intervention: "no-such-thing",
      "criteria.0.threshold": "abc",
      effectiveDate: "2023-02-30",
      "source.url": "ftp://example.org/x",
      reason: "",
    });
    const before = (await listProposals(f.db)).length;
    const res = await propose(contributor, fields);
    expect(res.status).toBe(400);
    const html = await flat(res);
    const { issues } = validateTables(
      [
        {
          source: "json",
          file: "form",
          layout: layoutFor("policy"),
          records: [policyFromForm(fields, false)],
        },
      ],
      await knownRecords(f.db),
    );
    // The threshold's message is the shared one for a wrong type (registry/field-message.ts), the
    // same words as every other field's, shown beside it.
    const threshold = issues.filter((i) => i.column?.endsWith("criteria.0.threshold"));
    expect(threshold.map((i) => i.problem)).toEqual(["must be a number"]);
    expect(html).toMatch(
      /id="f-criteria-0-threshold-error"[^<]*<span[^>]*>Error:<\/span> must be a number/,
    );
    expect(issues.length).toBeGreaterThanOrEqual(5);
    for (const i of issues) expect(html).toContain(esc(i.problem));
    expect(html).toContain("There is a problem");
    expect(html).toContain('class="nhsuk-error-message" id="f-commissioner-code-error"');
    expect(html).toContain('id="f-criteria-0-threshold-error"');
    expect(html).toContain('id="f-effectiveDate-error"');
    expect(html).toContain('id="f-reason-error"');
    expect(html).toContain("unknown code ZZZ in the sub-icb-2022 geography");
    // The user's input is kept in the form.
    expect(html).toContain('value="no-such-thing"');
    expect((await listProposals(f.db)).length).toBe(before);
  });

  it("a new record with an existing id is refused beside the id", async () => {
    const res = await propose(contributor, policyFields("03R-hernia-2023"));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("policy 03R-hernia-2023 exists already");
  });
});

describe("no lost updates", () => {
  it("two editors from version 1: the second approval is a conflict, never an overwrite", async () => {
    const edit = (who: Client, notes: string) =>
      propose(
        who,
        policyFields("03R-hernia-2023", { baseVersion: "1", notes, reason: `notes: ${notes}` }),
        "/edit/policy/03R-hernia-2023",
      );
    const a = proposalNo(await edit(contributor, "first editor"));
    const b = proposalNo(await edit(second, "second editor"));
    const decideOn = (n: number) =>
      reviewer.post(
        `/edit/proposal/${n}/decide`,
        { decision: "approved", reason: "ok" },
        `/edit/proposal/${n}`,
      );
    expect((await decideOn(a)).status).toBe(303);
    const page = await reviewer.get(`/edit/proposal/${b}`);
    expect(await flat(page)).toContain("The record has moved on since this proposal was made");
    const conflict = await decideOn(b);
    expect(conflict.status).toBe(409);
    const html = await flat(conflict);
    expect(html).toContain("Someone else changed this record");
    expect(html).toContain("changed since version 1: it is at version 2 now");
    const versions = await recordHistory(f.db, "policy", "03R-hernia-2023");
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect((versions[1]?.data as { notes: string }).notes).toBe("first editor");
    expect((await listProposals(f.db)).find((p) => p.id === b)?.status).toBe("pending");
  });

  it("a stale form (from version 1 when the record is at 2) gets the conflict page", async () => {
    const res = await propose(
      second,
      policyFields("03R-hernia-2023", { baseVersion: "1", notes: "stale" }),
      "/edit/policy/03R-hernia-2023",
    );
    expect(res.status).toBe(409);
    expect(await flat(res)).toContain("changed since version 1: it is at version 2 now");
    expect(await recordHistory(f.db, "policy", "03R-hernia-2023")).toHaveLength(2);
  });
});

const XSS = `<script>alert(1)</script>"'><img src=x onerror=alert(1)>`;
const SQL = `'; DROP TABLE record; -- ' OR '1'='1`;

describe("injection", () => {
  it("stored XSS in every text field and the file name is escaped on every page", async () => {
    const text = [
      "commissioner.name",
      "departure",
      "source.title",
      "source.foiReference",
      "verifiedBy",
      "notes",
      "criteria.0.measure",
      "criteria.0.unit",
      "criteria.0.wording",
      "reason",
    ];
    const fields: Record<string, string | Blob> = policyFields("03R-xss");
    for (const k of text) fields[k] = `${k} ${XSS}`;
    fields["evidence"] = new File([PDF, "xss"], `${XSS}.pdf`, { type: "application/pdf" });
    const res = await propose(contributor, fields);
    expect(res.status).toBe(303);
    const n = proposalNo(res);
    const pages = [
      await reviewer.get(`/edit/proposal/${n}`),
      await reviewer.get("/edit/review"),
      await contributor.get("/edit/"),
    ];
    for (const page of pages) {
      const html = await page.text();
      expect(html).not.toContain("<script>alert");
      expect(html).not.toContain("<img src=x");
    }
    const detail = await flat(await reviewer.get(`/edit/proposal/${n}`));
    expect(detail).toContain(esc(`notes ${XSS}`));
    // Stored literally.
    const [p] = await f.db.query<{ data: { notes: string } }>(
      "SELECT data FROM proposal WHERE id = $1",
      [n],
    );
    expect(p?.data.notes).toBe(`notes ${XSS}`);
    const named = await f.db.query<{ sha: string }>(
      "SELECT sha256 AS sha FROM evidence WHERE file_name = $1",
      [`${XSS}.pdf`],
    );
    expect(named).toHaveLength(1);
    const dl = await reviewer.get(`/edit/evidence/${named[0]?.sha}`);
    expect(dl.headers.get("content-disposition")).toMatch(
      /^attachment; filename="[A-Za-z0-9._-]+\.pdf"$/,
    );
  });

  it("reflected XSS in the address and query is escaped", async () => {
    const c = new Client(f.app);
    const res = await c.get(`/edit/login?next=${encodeURIComponent(`/edit/${XSS}`)}`);
    const html = await res.text();
    expect(html).not.toContain("<script>alert");
    const bad = await reviewer.get(`/edit/policy/${encodeURIComponent(XSS)}`);
    expect(bad.status).toBe(404);
    expect(await bad.text()).not.toContain("<script>alert");
  });

  it("SQL-injection strings in every text field and parameter are stored literally or refused", async () => {
    const fields: Record<string, string> = policyFields("03R-sql");
    for (const k of ["commissioner.name", "departure", "notes", "criteria.0.wording", "reason"])
      fields[k] = SQL;
    const res = await propose(contributor, fields);
    expect(res.status).toBe(303);
    const [p] = await f.db.query<{ data: { notes: string }; reason: string }>(
      "SELECT data, reason FROM proposal WHERE id = $1",
      [proposalNo(res)],
    );
    expect(p?.data.notes).toBe(SQL);
    expect(p?.reason).toBe(SQL);
    expect((await propose(contributor, policyFields(SQL))).status).toBe(400);
    expect((await reviewer.get(`/edit/policy/${encodeURIComponent(SQL)}`)).status).toBe(404);
    expect((await reviewer.get(`/edit/proposal/${encodeURIComponent("1 OR 1=1")}`)).status).toBe(
      400,
    );
    expect((await reviewer.get(`/edit/evidence/${encodeURIComponent(SQL)}`)).status).toBe(400);
    const login = await new Client(f.app).login(SQL, SQL);
    expect(login.status).toBe(401);
    const [count] = await f.db.query<{ n: number }>("SELECT count(*)::integer AS n FROM record");
    expect(count?.n).toBeGreaterThan(0); // the table is still there
  });
});

describe("uploads", () => {
  it("a content-type lie (HTML named .pdf, sent as application/pdf) is refused beside the field", async () => {
    const before = await f.db.query("SELECT sha256 FROM evidence");
    const res = await propose(contributor, {
      ...policyFields("03R-lie"),
      evidence: new File(["<html><script>alert(1)</script></html>"], "policy.pdf", {
        type: "application/pdf",
      }),
    });
    expect(res.status).toBe(400);
    const html = await flat(res);
    expect(html).toContain("only PDF, PNG or JPEG files are accepted");
    expect(html).toContain('id="f-evidence-error"');
    expect(await f.db.query("SELECT sha256 FROM evidence")).toHaveLength(before.length);
  });

  it("PNG and JPEG are accepted by their magic bytes", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const res = await propose(contributor, {
      ...policyFields("03R-png"),
      evidence: new File([png], "scan.txt", { type: "text/plain" }),
    });
    expect(res.status).toBe(303);
    const [row] = await f.db.query<{ t: string }>(
      "SELECT media_type AS t FROM evidence WHERE file_name = 'scan.txt'",
    );
    expect(row?.t).toBe("image/png");
  });

  it("an oversized upload is refused with 413 and nothing is stored or queued", async () => {
    const before = (await listProposals(f.db)).length;
    const evidence = (await f.db.query("SELECT sha256 FROM evidence")).length;
    const big = Buffer.concat([PDF, Buffer.alloc(400 * 1024)]);
    const res = await propose(contributor, {
      ...policyFields("03R-big"),
      evidence: new File([big], "big.pdf", { type: "application/pdf" }),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("the upload is too large");
    expect((await listProposals(f.db)).length).toBe(before);
    expect(await f.db.query("SELECT sha256 FROM evidence")).toHaveLength(evidence);
  });

  it("a malformed multipart body is a 400, nothing written", async () => {
    const before = (await auditLog(f.db)).length;
    const csrf = await contributor.csrf("/edit/policy/new");
    const res = await contributor.request(
      "POST",
      "/edit/policy",
      `--xyz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--xyz\r\nContent-Disposition: form-data; name="evidence"; filename="a.pdf"\r\n\r\n%PDF-`,
      { "Content-Type": "multipart/form-data; boundary=xyz" },
    );
    expect([400, 403]).toContain(res.status);
    expect((await auditLog(f.db)).length).toBe(before);
  });
});

describe("public submissions", () => {
  it("anyone can send 'I found a policy'; it waits as pending and is never published", async () => {
    const anon = new Client(f.app);
    const res = await anon.post("/edit/submit", {
      commissioner: `NHS Somewhere ICB ${XSS}`,
      intervention: "cataract surgery",
      sourceUrl: "https://example.org/cataract-policy.pdf",
      description: SQL,
      contact: "",
    });
    expect(res.status).toBe(200);
    expect(await flat(res)).toContain("waits for a reviewer");
    const [p] = await listProposals(f.db, { pending: true });
    expect(p?.kind).toBe("submission");
    expect((p?.data as { description: string }).description).toBe(SQL);
    const page = await reviewer.get(`/edit/proposal/${p?.id}`);
    expect(await page.text()).not.toContain("<script>alert");
    const content = await registryContent(f.db, true);
    expect(JSON.stringify(content)).not.toContain("cataract-policy.pdf");
  });

  it("a submission needs a link or a document; a content-type lie is refused", async () => {
    const anon = new Client(f.app);
    const res = await anon.post("/edit/submit", {
      commissioner: "X",
      document: new File(["<html></html>"], "x.pdf", { type: "application/pdf" }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("only PDF, PNG or JPEG files are accepted");
  });

  it("rate-limited per client: the 6th in a burst gets 429", async () => {
    // Five tokens a burst; two used above.
    const anon = new Client(f.app);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await anon.post("/edit/submit", {
        commissioner: `ICB ${i}`,
        sourceUrl: `https://example.org/${i}.pdf`,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const saved = f.clock.now;
    f.clock.now = new Date(saved.getTime() + 6 * 60_000 + 1000); // 10 an hour: one per 6 minutes
    try {
      const res = await anon.post("/edit/submit", {
        commissioner: "later",
        sourceUrl: "https://example.org/later.pdf",
      });
      expect(res.status).toBe(200);
    } finally {
      f.clock.now = saved;
    }
  });
});

describe("the audit trail is append-only", () => {
  it("no code in src/ updates or deletes the audit log, versions, proposals, decisions or evidence", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    walk("src");
    const tables = "audit_log|record_version|proposal|proposal_decision|evidence|submission_link";
    const write = new RegExp(
      `\\b(UPDATE\\s+(${tables})\\b|DELETE\\s+FROM\\s+(${tables})\\b|TRUNCATE\\s+(TABLE\\s+)?(${tables})\\b)`,
      "i",
    );
    const hits = files.filter((p) => write.test(readFileSync(p, "utf8")));
    expect(files.length).toBeGreaterThan(50);
    expect(hits).toEqual([]);
  });

  it.each([
    "UPDATE audit_log SET actor = 'x'",
    "DELETE FROM audit_log",
    "UPDATE record_version SET reason = 'x'",
    "DELETE FROM record_version",
    "UPDATE proposal SET reason = 'x'",
    "DELETE FROM proposal_decision",
    "UPDATE evidence SET file_name = 'x'",
  ])("the database refuses: %s", async (sql) => {
    // Row triggers: the table must hold rows (the tests above wrote them).
    const table = /(?:UPDATE|FROM)\s+(\w+)/.exec(sql)?.[1] as string;
    const [held] = await f.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${table}`);
    expect(held?.n).toBeGreaterThan(0);
    await expect(f.db.query(sql)).rejects.toThrow(/is append-only: (UPDATE|DELETE) refused/);
  });
});
