// Interventions, scorecard frameworks and assessments are edited with labelled forms (record-form.ts)
// validated by the import's own rules, each problem beside its field; the same CSRF, conflict and
// review flow as the policy form. Round trips are exact: a record sent back through its form with
// one field changed becomes a version that differs from the last in that field only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordHistory } from "../../src/registry/records.ts";
import { auditLog } from "../../src/registry/records.ts";
import { BACKENDS } from "../registry/backends.ts";

import {
  addUser,
  Client,
  clientFor,
  editFixture,
  policyFields,
  type EditFixture,
} from "./edit-fixture.ts";

let f: EditFixture;
let contributor: Client;
let second: Client;
let reviewer: Client;
let reviewer2: Client;

describe.each(BACKENDS)("record forms on $name", (backend) => {
  beforeAll(async () => {
    f = await editFixture(await backend.fresh());
    await addUser(f, "contributor@example.org", "contributor");
    await addUser(f, "second@example.org", "contributor");
    await addUser(f, "reviewer@example.org", "reviewer");
    contributor = await clientFor(f, "contributor@example.org");
    second = await clientFor(f, "second@example.org");
    reviewer = await clientFor(f, "reviewer@example.org");
    await addUser(f, "reviewer2@example.org", "reviewer");
    reviewer2 = await clientFor(f, "reviewer2@example.org");
  }, 300_000);
  afterAll(() => f.close());

  const unescape = (t: string) =>
    t
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");

  /** The fields a browser would send from the form on this page (inputs, textareas, selects). */
  function formFields(page: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of page.matchAll(/<input\b([^>]*)>/g)) {
      const attrs = m[1] as string;
      const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
      if (!name || /type="(file|password)"/.test(attrs)) continue;
      out[unescape(name)] = unescape(/\bvalue="([^"]*)"/.exec(attrs)?.[1] ?? "");
    }
    for (const m of page.matchAll(
      /<textarea\b[^>]*\bname="([^"]*)"[^>]*>\n?([\s\S]*?)<\/textarea>/g,
    )) {
      out[unescape(m[1] as string)] = unescape(m[2] as string);
    }
    for (const m of page.matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const chosen = /<option value="([^"]*)"\s+selected/.exec(m[2] as string)?.[1] ?? "";
      out[unescape(m[1] as string)] = unescape(chosen);
    }
    delete out["csrf"];
    return out;
  }

  /** The error shown beside a field (by its name), or undefined. */
  function errorBeside(page: string, name: string): string | undefined {
    const id = `f-${name.replace(/[^A-Za-z0-9]+/g, "-")}-error`;
    const m = new RegExp(`id="${id}"\\s*><span[^>]*>Error:</span>([^<]*)</span`).exec(page);
    return m ? unescape((m[1] as string).trim()) : undefined;
  }

  const proposalNo = (res: Response) =>
    Number(/^\/edit\/proposal\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? NaN);

  /** `by` records `decision` on proposal `n`, with the CSRF token of `formPath` (its own page). */
  const decide = (
    by: Client,
    n: number,
    decision: string,
    reason: string,
    formPath = `/edit/proposal/${n}`,
  ) => by.post(`/edit/proposal/${n}/decide`, { decision, reason }, formPath);

  async function approve(n: number, by = reviewer) {
    const res = await decide(by, n, "approved", "checked");
    expect(res.status).toBe(303);
  }

  const send = (c: Client, kind: string, fields: Record<string, string>) =>
    c.post(`/edit/record/${kind}`, fields, `/edit/record/${kind}/new`);

  /** Sends a record form that must be accepted, and has a reviewer approve the proposal. */
  async function sendApproved(c: Client, kind: string, fields: Record<string, string>) {
    const res = await send(c, kind, fields);
    expect(res.status).toBe(303);
    await approve(proposalNo(res));
  }

  describe("intervention form", () => {
    it("the editor's home page links every record of every kind to its form", async () => {
      const home = await (await contributor.get("/edit/")).text();
      expect(home).toContain('href="/edit/record/intervention/inguinal-hernia-repair"');
      expect(home).toContain('href="/edit/record/framework/ics-patient-involvement"');
      expect(home).toContain("<h2>Scorecard assessments</h2>");
    });

    it("shows labelled fields; a one-field change round-trips into version 2 after review", async () => {
      const page = await (
        await contributor.get("/edit/record/intervention/inguinal-hernia-repair")
      ).text();
      expect(page).toContain('<label class="nhsuk-label" for="f-rttTreatmentFunction">');
      const fields = formFields(page);
      expect(fields["slug"]).toBe("inguinal-hernia-repair");
      expect(fields["baseVersion"]).toBe("1");
      await sendApproved(contributor, "intervention", {
        ...fields,
        name: "Inguinal hernia repair (adults)",
        reason: "clearer name",
      });
      const [v1, v2] = await recordHistory(f.db, "intervention", "inguinal-hernia-repair");
      expect(v2?.version).toBe(2);
      expect(v2?.data).toEqual({
        ...(v1?.data as object),
        name: "Inguinal hernia repair (adults)",
      });
    });

    it("each problem beside its field, nothing queued", async () => {
      const fields = formFields(
        await (await contributor.get("/edit/record/intervention/inguinal-hernia-repair")).text(),
      );
      const before = await f.db.query("SELECT id FROM proposal");
      const res = await send(contributor, "intervention", {
        ...fields,
        name: "",
        rttTreatmentFunction: "C100",
        opcs4: "T20, hernia",
        "sources.0.url": "ftp://example.org",
        "ebi.list": "EBI list 1",
        "ebi.intervention": "",
        reason: "",
      });
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(errorBeside(page, "name")).toBe("required");
      expect(errorBeside(page, "rttTreatmentFunction")).toBe(
        "expected a treatment function code such as C_100",
      );
      expect(errorBeside(page, "opcs4")).toBe("expected an OPCS-4 code such as T20");
      expect(errorBeside(page, "sources.0.url")).toBe("expected an http(s) URL");
      expect(errorBeside(page, "ebi.intervention")).toBe("required");
      expect(errorBeside(page, "reason")).toBe("say why (it is shown in the record's history)");
      expect(page).toContain("There is a problem");
      // The form comes back with what was sent.
      expect(formFields(page)["rttTreatmentFunction"]).toBe("C100");
      expect(await f.db.query("SELECT id FROM proposal")).toEqual(before);
    });

    it("a stale form is a 409 conflict showing the current version; nothing queued", async () => {
      const path = "/edit/record/intervention/hip-replacement";
      const a = formFields(await (await contributor.get(path)).text());
      const b = formFields(await (await second.get(path)).text());
      expect(a["baseVersion"]).toBe("1");
      await sendApproved(contributor, "intervention", {
        ...a,
        name: "Hip (first)",
        reason: "first",
      });
      const before = await f.db.query("SELECT id FROM proposal");
      const late = await send(second, "intervention", {
        ...b,
        name: "Hip (second)",
        reason: "second",
      });
      expect(late.status).toBe(409);
      const text = (await late.text()).replace(/\s+/g, " ");
      expect(text).toContain(
        "intervention hip-replacement changed since version 1: it is at version 2 now",
      );
      expect(text).toContain("Hip (first)");
      expect(await f.db.query("SELECT id FROM proposal")).toEqual(before);
    });

    it("refuses a form without its CSRF token or from another site (403), and anyone logged out (401)", async () => {
      const fields = formFields(
        await (await contributor.get("/edit/record/intervention/new")).text(),
      );
      const body = { ...fields, slug: "csrf-test", reason: "x" };
      const noToken = await contributor.request("POST", "/edit/record/intervention", body);
      expect(noToken.status).toBe(403);
      expect(await noToken.text()).toContain("security token is missing or out of date");
      const csrf = await contributor.csrf("/edit/record/intervention/new");
      const crossSite = await contributor.request(
        "POST",
        "/edit/record/intervention",
        { csrf, ...body },
        { Origin: "https://evil.example" },
      );
      expect(crossSite.status).toBe(403);
      const visitor = new Client(f.app);
      const anon = await visitor.post("/edit/record/intervention", body, "/edit/login");
      expect(anon.status).toBe(401);
      expect(await f.db.query("SELECT id FROM proposal WHERE record_id = 'csrf-test'")).toEqual([]);
    });
  });

  describe("stored and reflected script in the record forms", () => {
    it("every text field of the intervention form is stored literally and shown escaped", async () => {
      const payload = (n: number) =>
        `<script>alert(${n})</script>"'><img src=x onerror=alert(${n})>`;
      const fields = {
        baseVersion: "0",
        slug: "xss-test",
        name: payload(1),
        "ebi.list": payload(2),
        "ebi.intervention": payload(3),
        "ebi.url": "",
        opcs4: "",
        icd10: "",
        codesSource: payload(4),
        rttTreatmentFunction: "",
        proxyLimits: payload(5),
        "nice.title": payload(6),
        "nice.url": "",
        "sources.0.title": payload(7),
        "sources.0.url": "",
        reason: payload(8),
      };
      const res = await send(contributor, "intervention", fields);
      expect(res.status).toBe(303);
      const page = await (await reviewer.get(res.headers.get("location") as string)).text();
      expect(page).not.toMatch(/<script>alert|<img src=x/);
      for (let n = 1; n <= 8; n++) expect(page).toContain(`&lt;script&gt;alert(${n})`);
      const [row] = await f.db.query<{ name: string }>(
        "SELECT data->>'name' AS name FROM proposal WHERE record_id = 'xss-test'",
      );
      expect(row?.name).toBe(payload(1));
      // Reflected: a refused form shows what was sent, escaped.
      const bad = await send(contributor, "intervention", {
        ...fields,
        slug: "xss-2",
        rttTreatmentFunction: payload(9),
      });
      expect(bad.status).toBe(400);
      const text = await bad.text();
      expect(text).not.toMatch(/<script>alert|<img src=x/);
      expect(text).toContain("&lt;script&gt;alert(9)");
    });
  });

  describe("assessment form, with the right of reply", () => {
    const assessment = {
      baseVersion: "0",
      framework: "ics-patient-involvement",
      "organisation.code": "QWO",
      "organisation.name": "West Yorkshire ICB",
      "organisation.vintage": "icb-2022",
      round: "2025",
      criterion: "A1",
      rating: "2",
      "evidence.0.url": "https://example.org/board-papers.pdf",
      "evidence.0.archivedSha256": "",
      "evidence.0.quote": "The board heard from patients",
      assessor: "A. Assessor",
      secondReviewer: "B. Reviewer",
      assessedOn: "2025-06-01",
      status: "second-reviewed",
      "rightOfReply.receivedOn": "2025-07-01",
      "rightOfReply.text": "We also hold quarterly forums",
      "rightOfReply.outcome": "",
      reason: "round 2025",
    };

    it("a new assessment with its reply, approved, then the reply's outcome added", async () => {
      const form = await (await contributor.get("/edit/record/assessment/new")).text();
      expect(form).toContain('<option value="ics-patient-involvement"');
      const res = await send(contributor, "assessment", assessment);
      expect(res.status).toBe(303);
      await approve(proposalNo(res));
      const id = "ics-patient-involvement.2025.QWO.A1";
      const [v1] = await recordHistory(f.db, "assessment", id);
      expect(v1?.data).toEqual({
        framework: "ics-patient-involvement",
        organisation: { code: "QWO", name: "West Yorkshire ICB", vintage: "icb-2022" },
        round: "2025",
        criterion: "A1",
        rating: 2,
        evidence: [
          {
            url: "https://example.org/board-papers.pdf",
            archivedSha256: null,
            quote: "The board heard from patients",
          },
        ],
        assessor: "A. Assessor",
        secondReviewer: "B. Reviewer",
        assessedOn: "2025-06-01",
        status: "second-reviewed",
        rightOfReply: {
          receivedOn: "2025-07-01",
          text: "We also hold quarterly forums",
          outcome: null,
        },
        synthetic: false,
      });
      const page = await (await contributor.get(`/edit/record/assessment/${id}`)).text();
      // The identifying fields are fixed once the record exists.
      expect(page).toMatch(/name="round"\s+type="text"\s+value="2025"\s+readonly/);
      await sendApproved(contributor, "assessment", {
        ...formFields(page),
        "rightOfReply.outcome": "rating unchanged: the forums are not minuted",
        reason: "reply considered",
      });
      const versions = await recordHistory(f.db, "assessment", id);
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      expect((versions[1]?.data as { rightOfReply: unknown }).rightOfReply).toEqual({
        receivedOn: "2025-07-01",
        text: "We also hold quarterly forums",
        outcome: "rating unchanged: the forums are not minuted",
      });
    });

    it("says what each wrong value must be, beside its field", async () => {
      const res = await send(contributor, "assessment", {
        ...assessment,
        criterion: "A2",
        rating: "two",
        assessedOn: "2025-02-30",
        secondReviewer: "",
        "rightOfReply.receivedOn": "soon",
        "rightOfReply.text": "",
        "evidence.0.archivedSha256": "abc",
      });
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(errorBeside(page, "rating")).toBe("must be a number");
      expect(errorBeside(page, "assessedOn")).toBe("not a real calendar date");
      expect(errorBeside(page, "rightOfReply.receivedOn")).toBe("expected a date as YYYY-MM-DD");
      expect(errorBeside(page, "rightOfReply.text")).toBe("required");
      expect(errorBeside(page, "evidence.0.archivedSha256")).toBe(
        "expected a SHA-256 digest (64 hex digits)",
      );
    });

    it("cross-field rules land beside their field too (second reviewer, rating on the scale)", async () => {
      const res = await send(contributor, "assessment", {
        ...assessment,
        criterion: "A2",
        secondReviewer: "",
        "rightOfReply.receivedOn": "",
        "rightOfReply.text": "",
      });
      expect(res.status).toBe(400);
      expect(errorBeside(await res.text(), "secondReviewer")).toBe(
        "status second-reviewed needs a second reviewer",
      );
      const offScale = await send(contributor, "assessment", {
        ...assessment,
        criterion: "A2",
        rating: "9",
      });
      expect(offScale.status).toBe(400);
      expect(errorBeside(await offScale.text(), "rating")).toBe(
        "not on the framework's scale (0, 1, 2, 3)",
      );
    });
  });

  describe("framework form", () => {
    it("round-trips the shipped framework with its nested domains, criteria and guidance", async () => {
      const path = "/edit/record/framework/ics-patient-involvement";
      const page = await (await contributor.get(path)).text();
      const fields = formFields(page);
      expect(fields["domains.0.criteria.0.guidance.0.key"]).toBe("0");
      await sendApproved(contributor, "framework", {
        ...fields,
        description: `${fields["description"]} (edited)`,
        reason: "wording",
      });
      const [v1, v2] = await recordHistory(f.db, "framework", "ics-patient-involvement");
      const before = v1?.data as { description: string };
      expect(v2?.data).toEqual({ ...before, description: `${before.description} (edited)` });
    });

    it("a missing guidance entry and a non-numeric weight are named beside their group and field", async () => {
      const fields = formFields(
        await (await contributor.get("/edit/record/framework/ics-patient-involvement")).text(),
      );
      const res = await send(contributor, "framework", {
        ...fields,
        "domains.0.weight": "heavy",
        "ratingScale.0.meets": "",
        reason: "x",
      });
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(errorBeside(page, "domains.0.weight")).toBe("must be a number");
      expect(errorBeside(page, "ratingScale.0.meets")).toBe("required");
      // A rule over a whole group (checked once every field is valid) shows at the top of its rows.
      const noGuidance = await send(contributor, "framework", {
        ...fields,
        "domains.0.criteria.0.guidance.3.key": "",
        "domains.0.criteria.0.guidance.3.value": "",
        reason: "x",
      });
      expect(noGuidance.status).toBe(400);
      const text = (await noGuidance.text()).replace(/\s+/g, " ");
      expect(text).toContain(
        "Domain 1: Criterion 1: Guidance for a rating: no guidance for rating 3",
      );
      expect(text).toMatch(
        /Error:<\/span> no guidance for rating 3<\/span ?> <fieldset class="nhsuk-fieldset rw-criterion"> <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s"> Guidance for a rating 1/,
      );
    });

    it("'Show another empty row' returns the form with one more row and queues nothing", async () => {
      const before = await f.db.query("SELECT id FROM proposal");
      const fields = formFields(await (await contributor.get("/edit/record/framework/new")).text());
      expect(Object.keys(fields).filter((k) => k.startsWith("ratingScale.1."))).toEqual([]);
      const res = await send(contributor, "framework", {
        ...fields,
        "ratingScale.0.value": "0",
        "ratingScale.0.label": "No evidence",
        more: "1",
      });
      expect(res.status).toBe(200);
      const again = formFields(await res.text());
      expect(again["ratingScale.0.label"]).toBe("No evidence");
      expect(again["ratingScale.1.label"]).toBe("");
      expect(await f.db.query("SELECT id FROM proposal")).toEqual(before);
    });
  });

  describe("a public submission becomes a record proposal in one click", () => {
    async function submit(fields: Record<string, string>): Promise<number> {
      const visitor = new Client(f.app);
      const res = await visitor.post("/edit/submit", fields);
      expect(res.status).toBe(200);
      return Number(/number (\d+)/.exec(await res.text())?.[1]);
    }

    it("a reviewer opens the prefilled policy form, sends it; the submission closes as converted, audited", async () => {
      const n = await submit({
        commissioner: "03r",
        intervention: "inguinal-hernia-repair",
        sourceUrl: "https://example.org/wakefield-hernia.pdf",
        description: "They refuse hernia repair above BMI 35",
        contact: "private-contact@example.org",
      });
      expect((await contributor.get(`/edit/policy/new?from=${n}`)).status).toBe(403);
      expect(await (await reviewer.get(`/edit/proposal/${n}`)).text()).toContain(
        `/edit/policy/new?from=${n}`,
      );
      const page = await (await reviewer.get(`/edit/policy/new?from=${n}`)).text();
      expect(page).not.toContain("private-contact@example.org");
      const prefilled = formFields(page);
      expect(prefilled).toMatchObject({
        fromSubmission: String(n),
        "commissioner.code": "03R",
        intervention: "inguinal-hernia-repair",
        "source.url": "https://example.org/wakefield-hernia.pdf",
        notes: `From public submission ${n}: "They refuse hernia repair above BMI 35"; source https://example.org/wakefield-hernia.pdf`,
        reason: `from public submission ${n}`,
      });
      const complete = policyFields("03R-from-submission");
      const fields: Record<string, string> = { ...complete };
      for (const [k, v] of Object.entries(prefilled)) if (v !== "") fields[k] = v;
      const res = await reviewer.post("/edit/policy", fields, `/edit/policy/new?from=${n}`);
      expect(res.status).toBe(303);
      const m = proposalNo(res);

      const queue = await (await reviewer2.get("/edit/review")).text();
      expect(queue).toContain(`/edit/proposal/${m}`);
      const submission = await (await reviewer2.get(`/edit/proposal/${n}`)).text();
      expect(submission.replace(/\s+/g, " ")).toContain(
        `converted into proposal ${m} (policy 03R-from-submission)`,
      );
      const audit = (await auditLog(f.db)).filter((a) => a.action === "convert-submission");
      expect(audit.map((a) => [a.actor, a.recordId, a.detail])).toEqual([
        ["reviewer@example.org", "03R-from-submission", { submission: n, proposal: m }],
      ]);

      // A second conversion of the same submission is a conflict; nothing more is queued.
      const again = await reviewer2.post(
        "/edit/policy",
        { ...fields, id: "03R-from-submission-2" },
        `/edit/policy/new`,
      );
      expect(again.status).toBe(409);
      expect(await again.text()).toContain(`submission ${n} was approved already`);

      await approve(m, reviewer2);
      const [v1] = await recordHistory(f.db, "policy", "03R-from-submission");
      expect((v1?.data as { notes: string }).notes).toContain(
        "They refuse hernia repair above BMI 35",
      );
      expect(v1?.reason).toContain(`from public submission ${n}`);
    });

    it("an intervention record from a submission keeps the submitter's words as its source", async () => {
      const n = await submit({
        commissioner: "Somewhere ICB",
        intervention: "Grommets",
        sourceUrl: "https://example.org/grommets.pdf",
        description: "Grommets only after two failed watchful-waiting periods",
        contact: "",
      });
      expect((await reviewer.get(`/edit/record/framework/new?from=${n}`)).status).toBe(404);
      const prefilled = formFields(
        await (await reviewer.get(`/edit/record/intervention/new?from=${n}`)).text(),
      );
      expect(prefilled["name"]).toBe("Grommets");
      expect(prefilled["sources.0.url"]).toBe("https://example.org/grommets.pdf");
      const res = await send(reviewer, "intervention", {
        ...prefilled,
        slug: "grommets",
        rttTreatmentFunction: "C_120",
        proxyLimits: "ENT counts far more than grommets",
      });
      expect(res.status).toBe(303);
      const m = proposalNo(res);
      await approve(m, reviewer2);
      const [v1] = await recordHistory(f.db, "intervention", "grommets");
      expect((v1?.data as { sources: unknown }).sources).toEqual([
        {
          title: `From public submission ${n}: "Grommets only after two failed watchful-waiting periods"; source https://example.org/grommets.pdf`,
          url: "https://example.org/grommets.pdf",
        },
      ]);
    });

    it("hostile or wrong submission numbers are refused with nothing queued", async () => {
      const before = await f.db.query("SELECT id FROM proposal");
      expect((await reviewer.get("/edit/policy/new?from=1%3Cscript%3E")).status).toBe(400);
      expect((await reviewer.get("/edit/policy/new?from=99999")).status).toBe(404);
      // Proposal 1 is a record proposal, not a submission.
      const notSubmission = await reviewer.get("/edit/record/intervention/new?from=1");
      expect(notSubmission.status).toBe(404);
      expect(await notSubmission.text()).toContain("proposal 1 is not a submission");
      const anon = await new Client(f.app).get("/edit/policy/new?from=1");
      expect(anon.status).toBe(303);
      expect(anon.headers.get("location")).toMatch(/^\/edit\/login\?next=/);
      // A contributor cannot convert by posting the hidden field either.
      const posted = await contributor.post(
        "/edit/policy",
        { ...policyFields("03R-sneaky"), fromSubmission: "1" },
        "/edit/policy/new",
      );
      expect(posted.status).toBe(403);
      expect(await f.db.query("SELECT id FROM proposal")).toEqual(before);
    });
  });

  describe("rows cleared in the middle of a list are removed, not refused", () => {
    const dataOf = async (res: Response) =>
      (
        await f.db.query<{ data: Record<string, unknown> }>(
          "SELECT data FROM proposal WHERE id = $1",
          [proposalNo(res)],
        )
      )[0]?.data;

    it("an intervention's first source cleared, a new one added below: the rest renumbered", async () => {
      const fields = formFields(
        await (await contributor.get("/edit/record/intervention/inguinal-hernia-repair")).text(),
      );
      const n = Object.keys(fields).filter((k) => /^sources\.\d+\.url$/.test(k)).length - 1;
      expect(n).toBeGreaterThanOrEqual(1); // n filled rows and one empty row at index n
      const kept = Array.from({ length: n - 1 }, (_, i) => ({
        title: fields[`sources.${i + 1}.title`] || null,
        url: fields[`sources.${i + 1}.url`],
      }));
      const cleared = { ...fields, "sources.0.title": "", "sources.0.url": "", reason: "sources" };

      // A problem in the row below the cleared one lands beside that row's renumbered field.
      const bad = await send(contributor, "intervention", {
        ...cleared,
        [`sources.${n}.title`]: "Extra",
        [`sources.${n}.url`]: "ftp://example.org/extra",
      });
      expect(bad.status).toBe(400);
      const page = await bad.text();
      expect(errorBeside(page, `sources.${n - 1}.url`)).toContain("http");
      expect(formFields(page)[`sources.${n - 1}.url`]).toBe("ftp://example.org/extra");
      expect(errorBeside(page, `sources.${n}.url`)).toBeUndefined();

      const ok = await send(contributor, "intervention", {
        ...cleared,
        [`sources.${n}.title`]: "Extra",
        [`sources.${n}.url`]: "https://example.org/extra",
      });
      expect(ok.status).toBe(303);
      const data = await dataOf(ok);
      expect(data?.["sources"]).toEqual([
        ...kept,
        { title: "Extra", url: "https://example.org/extra" },
      ]);
    });

    it("a policy's first criterion cleared: the second is kept as the first, its problems beside it", async () => {
      const base = policyFields("03R-mid-clear");
      const second: Record<string, string> = {};
      const cleared: Record<string, string> = {};
      for (const [k, v] of Object.entries(base)) {
        if (!k.startsWith("criteria.0.")) continue;
        second[k.replace("criteria.0.", "criteria.1.")] = v;
        cleared[k] = "";
      }
      const bad = await contributor.post(
        "/edit/policy",
        { ...base, ...cleared, ...second, "criteria.1.threshold": "abc" },
        "/edit/policy/new",
      );
      expect(bad.status).toBe(400);
      const page = await bad.text();
      expect(errorBeside(page, "criteria.0.threshold")).toBe("must be a number");
      expect(formFields(page)["criteria.0.threshold"]).toBe("abc");

      const ok = await contributor.post(
        "/edit/policy",
        { ...base, ...cleared, ...second, "criteria.1.wording": "Second row's words" },
        "/edit/policy/new",
      );
      expect(ok.status).toBe(303);
      const criteria = (await dataOf(ok))?.["criteria"] as Array<Record<string, unknown>>;
      expect(criteria.map((c) => c["wording"])).toEqual(["Second row's words"]);
    });

    it("'Show another empty criterion' returns the policy form with one more row, queueing nothing", async () => {
      const before = await f.db.query("SELECT id FROM proposal");
      const res = await contributor.post(
        "/edit/policy",
        { ...policyFields("03R-more"), more: "1" },
        "/edit/policy/new",
      );
      expect(res.status).toBe(200);
      const again = formFields(await res.text());
      expect(again["criteria.0.wording"]).toBe("Patients must have a BMI below 35");
      expect(again["criteria.1.wording"]).toBe("");
      expect(again["criteria.2.wording"]).toBeUndefined();
      expect(await f.db.query("SELECT id FROM proposal")).toEqual(before);
    });
  });

  describe("a rejected proposal reopens the submission it was made from", () => {
    /** A visitor's "I found a policy" submission for 03R; its proposal number. */
    const submitted = async (source: string, description: string) => {
      const sent = await new Client(f.app).post("/edit/submit", {
        commissioner: "03R",
        intervention: "inguinal-hernia-repair",
        sourceUrl: `https://example.org/${source}`,
        description,
      });
      return Number(/number (\d+)/.exec(await sent.text())?.[1]);
    };
    /** The reviewer turns submission `n` into policy `id` from the prefilled form; its proposal. */
    const convert = async (n: number, id: string) => {
      const prefilled = formFields(await (await reviewer.get(`/edit/policy/new?from=${n}`)).text());
      const fields: Record<string, string> = { ...policyFields(id) };
      for (const [k, v] of Object.entries(prefilled)) if (v !== "") fields[k] = v;
      const res = await reviewer.post("/edit/policy", fields, `/edit/policy/new?from=${n}`);
      expect(res.status).toBe(303);
      return proposalNo(res);
    };
    /** Whether submission `n` is in the review queue. */
    const queued = async (n: number) =>
      (await (await reviewer2.get("/edit/review")).text()).includes(`href="/edit/proposal/${n}"`);

    it("rejected → the submission is pending again and can be converted anew; approved → it stays closed", async () => {
      const n = await submitted("reopen.pdf", "Reopen me");
      const m = await convert(n, "03R-reopen-1");
      expect(await queued(n)).toBe(false);

      const rejected = await decide(reviewer2, m, "rejected", "wrong commissioner");
      expect(rejected.status).toBe(303);
      // The submission is open again: in the queue, saying why, with its conversion links.
      expect(await queued(n)).toBe(true);
      const page = (await (await reviewer2.get(`/edit/proposal/${n}`)).text()).replace(/\s+/g, " ");
      expect(page).toContain(
        `Status: <strong>pending</strong> (reopened: proposal <a href="/edit/proposal/${m}">${m}</a>, made from it, was rejected or sent back;`,
      );
      expect(page).toContain(`/edit/policy/new?from=${n}`);
      // The one decision it takes directly is a rejection (its form sends nothing else).
      expect(page).toContain(`action="/edit/proposal/${n}/decide"`);
      expect(page).toContain('<input type="hidden" name="decision" value="rejected" />');
      // Approving it or sending it back is refused with the ways forward; nothing written.
      for (const decision of ["approved", "changes-requested"]) {
        const direct = await decide(reviewer2, n, decision, "spam");
        expect(direct.status).toBe(400);
        expect(await direct.text()).toContain("start a new record from it, or reject it");
      }
      expect(
        await f.db.query("SELECT 1 FROM submission_closure WHERE submission_id = $1", [n]),
      ).toEqual([]);

      // Converted again: closed again, and the new proposal approved leaves it closed.
      const m2 = await convert(n, "03R-reopen-2");
      expect(await queued(n)).toBe(false);
      await approve(m2, reviewer2);
      expect(await queued(n)).toBe(false);
      const links = await f.db.query<{ proposal_id: number }>(
        "SELECT proposal_id FROM submission_link WHERE submission_id = $1 ORDER BY proposal_id",
        [n],
      );
      expect(links.map((l) => l.proposal_id)).toEqual([m, m2]);
      const audit = (await auditLog(f.db)).filter(
        (a) =>
          a.action === "convert-submission" &&
          (a.detail as { submission: number }).submission === n,
      );
      expect(audit).toHaveLength(2);
    });

    it("a reopened submission rejected outright leaves the queue for good, with the reason", async () => {
      const n = await submitted("junk.pdf", "Not a policy");
      const m = await convert(n, "03R-junk-1");
      await decide(reviewer2, m, "changes-requested", "the document is not a policy");
      expect(await queued(n)).toBe(true);

      const empty = await decide(reviewer2, n, "rejected", " ");
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain("give a reason");
      const closed = await decide(
        reviewer2,
        n,
        "rejected",
        "a leaflet, not a commissioning policy",
      );
      expect(closed.status).toBe(303);
      expect(await queued(n)).toBe(false);
      const page = (await (await reviewer2.get(`/edit/proposal/${n}`)).text()).replace(/\s+/g, " ");
      expect(page).toContain("Status: <strong>rejected</strong> by reviewer2@example.org at ");
      expect(page).toContain("UTC: a leaflet, not a commissioning policy");
      expect(page).not.toContain(`action="/edit/proposal/${n}/decide"`);
      expect(page).not.toContain(`/edit/policy/new?from=${n}`);

      // Closed for good: no second rejection, no conversion; the closure cannot be rewritten.
      // Its own page has no form left to take the CSRF token from.
      const again = await decide(reviewer, n, "rejected", "twice", "/edit/policy/new");
      expect(again.status).toBe(409);
      expect((await reviewer.get(`/edit/policy/new?from=${n}`)).status).toBe(409);
      await expect(
        f.db.query("UPDATE submission_closure SET reason = 'x' WHERE submission_id = $1", [n]),
      ).rejects.toThrow();
      const audit = (await auditLog(f.db)).filter(
        (a) => a.action === "review-rejected" && (a.detail as { proposal: number }).proposal === n,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]?.detail).toEqual({
        proposal: n,
        reason: "a leaflet, not a commissioning policy",
        reopenedAfter: m,
      });
    });
  });
});
