// 20 editors at once, on PGlite and (when DATABASE_URL is set, as in CI) on PostgreSQL: on
// different records every change lands once; on the same record exactly one approval wins and the
// other 19 are conflicts — zero lost and zero duplicated versions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listProposals } from "../../src/registry/proposals.ts";
import { recordHistory } from "../../src/registry/records.ts";
import { BACKENDS } from "../registry/backends.ts";

import {
  addUser,
  clientFor,
  editFixture,
  policyFields,
  type Client,
  type EditFixture,
} from "./edit-fixture.ts";

const EDITORS = 20;

describe.each(BACKENDS)("20 parallel editors on $name", (backend) => {
  let f: EditFixture;
  let editors: Client[];
  let reviewers: Client[];

  beforeAll(async () => {
    f = await editFixture(await backend.fresh(), {
      logins: { capacity: 1000, perHour: 1000 },
    });
    const emails = Array.from({ length: EDITORS }, (_, i) => `editor${i}@example.org`);
    for (const e of emails) await addUser(f, e, "contributor");
    await addUser(f, "rev-a@example.org", "reviewer");
    await addUser(f, "rev-b@example.org", "reviewer");
    editors = await Promise.all(emails.map((e) => clientFor(f, e)));
    reviewers = [await clientFor(f, "rev-a@example.org"), await clientFor(f, "rev-b@example.org")];
  }, 600_000);
  afterAll(() => f.close());

  const proposalNo = (res: Response) =>
    Number(/\/edit\/proposal\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? NaN);

  async function approveAll(numbers: number[]) {
    const tokens = await Promise.all(reviewers.map((r) => r.csrf("/edit/")));
    return Promise.all(
      numbers.map((n, i) => {
        const r = reviewers[i % 2] as Client;
        return r.request("POST", `/edit/proposal/${n}/decide`, {
          csrf: tokens[i % 2] as string,
          decision: "approved",
          reason: "checked",
        });
      }),
    );
  }

  it("different records: 20 proposals and 20 approvals at once, each exactly one version", async () => {
    const tokens = await Promise.all(editors.map((e) => e.csrf("/edit/policy/new")));
    const proposed = await Promise.all(
      editors.map((e, i) =>
        e.request("POST", "/edit/policy", {
          csrf: tokens[i] as string,
          ...policyFields(`parallel-${i}`),
        }),
      ),
    );
    expect(proposed.map((r) => r.status)).toEqual(Array(EDITORS).fill(303));
    const numbers = proposed.map(proposalNo);
    expect(new Set(numbers).size).toBe(EDITORS);
    const decided = await approveAll(numbers);
    expect(decided.map((r) => r.status)).toEqual(Array(EDITORS).fill(303));
    for (let i = 0; i < EDITORS; i++) {
      const versions = await recordHistory(f.db, "policy", `parallel-${i}`);
      expect(versions.map((v) => v.version)).toEqual([1]);
    }
    const [n] = await f.db.query<{ n: number }>(
      "SELECT count(*)::integer AS n FROM record_version WHERE id LIKE 'parallel-%'",
    );
    expect(n?.n).toBe(EDITORS);
  }, 300_000);

  it("the same record: 20 edits from version 1 approved at once → one new version, 19 conflicts", async () => {
    const tokens = await Promise.all(editors.map((e) => e.csrf("/edit/policy/parallel-0")));
    const proposed = await Promise.all(
      editors.map((e, i) =>
        e.request("POST", "/edit/policy", {
          csrf: tokens[i] as string,
          ...policyFields("parallel-0", { baseVersion: "1", notes: `edit by editor ${i}` }),
        }),
      ),
    );
    expect(proposed.map((r) => r.status)).toEqual(Array(EDITORS).fill(303));
    const decided = await approveAll(proposed.map(proposalNo));
    const statuses = decided.map((r) => r.status).sort();
    expect(statuses).toEqual([303, ...Array(EDITORS - 1).fill(409)]);
    const versions = await recordHistory(f.db, "policy", "parallel-0");
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const winner = decided.findIndex((r) => r.status === 303);
    expect((versions[1]?.data as { notes: string }).notes).toBe(`edit by editor ${winner}`);
    const pending = await listProposals(f.db, { pending: true });
    expect(pending.filter((p) => p.recordId === "parallel-0")).toHaveLength(EDITORS - 1);
  }, 300_000);

  it("the same new id proposed 20 times: one approval creates it, the rest conflict", async () => {
    const tokens = await Promise.all(editors.map((e) => e.csrf("/edit/policy/new")));
    const proposed = await Promise.all(
      editors.map((e, i) =>
        e.request("POST", "/edit/policy", {
          csrf: tokens[i] as string,
          ...policyFields("same-new", { notes: `from editor ${i}` }),
        }),
      ),
    );
    expect(proposed.map((r) => r.status)).toEqual(Array(EDITORS).fill(303));
    const decided = await approveAll(proposed.map(proposalNo));
    expect(decided.filter((r) => r.status === 303)).toHaveLength(1);
    expect(decided.filter((r) => r.status === 409)).toHaveLength(EDITORS - 1);
    expect((await recordHistory(f.db, "policy", "same-new")).map((v) => v.version)).toEqual([1]);
  }, 300_000);
});
