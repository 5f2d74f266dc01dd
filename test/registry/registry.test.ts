import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ConflictError, ValidationError } from "../../src/errors.ts";
import type { RegistryDb } from "../../src/registry/db.ts";
import { exportJson, exportRegistry } from "../../src/registry/export.ts";
import {
  auditLog,
  currentRecords,
  recordHistory,
  saveRecords,
} from "../../src/registry/records.ts";
import { importRegistryFile, openRegistry, registryContent } from "../../src/registry/registry.ts";

import { BACKENDS, NOW, type Fresh } from "./backends.ts";

const fixture = (name: string) => join(import.meta.dirname, "../fixtures/registry", name);
const ctx = { actor: "tester", reason: "test", now: NOW };
const tmp = mkdtempSync(join(tmpdir(), "rw-registry-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Everything a registry holds, with nothing that depends on the backend. */
async function snapshot(db: RegistryDb) {
  return {
    records: await currentRecords(db),
    audit: (await auditLog(db)).map(({ seq: _seq, ...rest }) => rest),
  };
}

/** Results each backend produced, compared at the end. */
const results = new Map<string, unknown>();

describe.each(BACKENDS)("registry on $name", { timeout: 600_000 }, (backend) => {
  let fresh: Fresh;
  let db: RegistryDb;
  beforeAll(async () => {
    fresh = await backend.fresh();
    db = await openRegistry(fresh.options);
  }, 600_000);
  afterAll(async () => {
    await db?.close();
    await fresh?.cleanup();
  });

  it("a new registry holds the shipped vocabulary and framework, recorded in the audit log", async () => {
    const content = await registryContent(db);
    expect(content.interventions.map((i) => i.slug)).toEqual([
      "cataract-surgery",
      "continuous-glucose-monitoring",
      "hip-replacement",
      "inguinal-hernia-repair",
      "knee-replacement",
    ]);
    const hernia = content.interventions.find((i) => i.slug === "inguinal-hernia-repair");
    expect(hernia?.rttTreatmentFunction).toBe("C_100");
    expect(hernia?.opcs4).toEqual(["T20", "T21"]);
    expect(content.frameworks).toHaveLength(1);
    const f = content.frameworks[0];
    expect(f?.domains.map((d) => d.name)).toEqual([
      "Governance",
      "Annual reporting",
      "Day-to-day practice",
      "Feedback and evaluation",
      "Equalities and health inequalities",
    ]);
    expect(f?.domains.flatMap((d) => d.criteria).length).toBe(12);
    const audit = await auditLog(db);
    expect(audit.map((a) => a.action)).toEqual([...Array(6).fill("create"), "seed"]);
    expect(new Set(audit.map((a) => a.actor))).toEqual(
      new Set(["rationwatch (shipped reference data)"]),
    );
  });

  it("lists every problem by row and column and imports nothing", async () => {
    const before = await snapshot(db);
    const error = await importRegistryFile(
      db,
      fixture("bad-policies.csv"),
      "bad-policies.csv",
      ctx,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues.map(
      (i) => `${i.line} ${i.column}: ${i.problem}`,
    );
    expect(issues).toEqual([
      '3 criterion_threshold: expected a number, got "abc"',
      "3 effective_date: not a real calendar date",
      '3 intervention: unknown intervention "hernia-repair"',
      "3 commissioner_code: unknown code ZZZ in the sub-icb-2022 geography",
      '4 access_route: Invalid option: expected one of "routinely-commissioned"|"criteria-based-access"|"prior-approval"|"individual-funding-request-only"|"not-commissioned"',
      '4 criterion_requirement: Invalid option: expected one of "mandatory"|"advisory"',
    ]);
    expect((error as ValidationError).message.split("\n")[0]).toBe(
      "bad-policies.csv: 6 problems; nothing was imported",
    );
    expect(await snapshot(db)).toEqual(before);
  });

  it("imports policies and assessments, each a first version with its audit entry", async () => {
    const p = await importRegistryFile(db, fixture("policies.csv"), "policies.csv", ctx);
    expect(p).toMatchObject({ records: 3, created: 3, updated: 0, unchanged: 0 });
    const a = await importRegistryFile(db, fixture("assessments.csv"), "assessments.csv", ctx);
    expect(a).toMatchObject({ records: 8, created: 8 });
    const content = await registryContent(db);
    const hernia = content.policies.find((x) => x.id === "test-03R-hernia");
    expect(hernia?.criteria.map((c) => [c.type, c.comparator, c.threshold, c.requirement])).toEqual(
      [
        ["bmi", "<", 35, "mandatory"],
        ["smoking", null, null, "advisory"],
      ],
    );
    expect(hernia?.criteria[1]?.wording).toBe(
      'Patients who smoke should be referred to stop-smoking services, "where appropriate"',
    );
    const qwo = content.assessments.find(
      (x) => x.organisation.code === "QWO" && x.criterion === "A1" && x.round === "2025",
    );
    expect(qwo?.evidence.map((e) => e.url)).toEqual([
      "https://example.org/qwo-constitution.pdf",
      "https://example.org/qwo-minutes.pdf",
    ]);
    // Importing the same file again changes nothing.
    const again = await importRegistryFile(db, fixture("policies.csv"), "policies.csv", ctx);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it("a change is a new version; history keeps both and the diff names the field", async () => {
    const text = readFileSync(fixture("policies.csv"), "utf8").replace(",<,35,", ",<,40,");
    const changed = join(tmp, `${backend.name}-changed.csv`);
    (await import("node:fs")).writeFileSync(changed, text);
    const later = { ...ctx, now: new Date("2026-02-01T09:00:00Z"), actor: "second" };
    const r = await importRegistryFile(db, changed, "changed.csv", later);
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(r.changes[0]?.diff).toEqual([{ path: "criteria.0.threshold", before: 35, after: 40 }]);
    const history = await recordHistory(db, "policy", "test-03R-hernia");
    expect(history.map((h) => [h.version, h.changedBy, h.changedAt])).toEqual([
      [1, "tester", "2026-01-15T12:00:00.000Z"],
      [2, "second", "2026-02-01T09:00:00.000Z"],
    ]);
    expect(
      (history[0]?.data as { criteria: Array<{ threshold: number }> }).criteria[0]?.threshold,
    ).toBe(35);
    const entries = await auditLog(db, { kind: "policy", id: "test-03R-hernia" });
    expect(entries.map((e) => [e.action, e.version])).toEqual([
      ["create", 1],
      ["update", 2],
    ]);
  });

  it("history and the audit log are append-only: the database refuses UPDATE and DELETE", async () => {
    const before = await snapshot(db);
    await expect(db.query("UPDATE audit_log SET actor = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.query("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    await expect(db.query("UPDATE record_version SET reason = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.query("DELETE FROM record_version")).rejects.toThrow(/append-only/);
    await expect(db.query("DELETE FROM record")).rejects.toThrow(/append-only/);
    expect(await snapshot(db)).toEqual(before);
  });

  it("a batch that fails part-way writes nothing, and a stale version is a conflict", async () => {
    const before = await snapshot(db);
    const good = {
      kind: "intervention" as const,
      id: "x-new",
      data: { slug: "x-new" },
      reviewStatus: "approved" as const,
    };
    const bad = {
      kind: "intervention" as const,
      id: "x-bad",
      data: {},
      reviewStatus: "bogus" as never,
    };
    await expect(saveRecords(db, [good, bad], { ...ctx, changeSet: "t" })).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
    const stale = {
      kind: "policy" as const,
      id: "test-03R-hernia",
      data: {},
      reviewStatus: "approved" as const,
      baseVersion: 1,
    };
    const e = await saveRecords(db, [stale], { ...ctx, changeSet: "t" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as ConflictError).current).toBe(2);
    expect(await snapshot(db)).toEqual(before);
    results.set(backend.name, await snapshot(db));
  });

  it("export → import into an empty registry → export gives the same bytes (JSON, CSV, XLSX)", async () => {
    const dir = join(tmp, backend.name);
    const files = {
      json: join(dir, "registry.json"),
      csv: join(dir, "csv"),
      xlsx: join(dir, "registry.xlsx"),
    };
    for (const f of Object.values(files)) await exportRegistry(db, f);
    expect(readdirSync(files.csv).sort()).toEqual([
      "assessments.csv",
      "frameworks.csv",
      "interventions.csv",
      "policies.csv",
    ]);
    const original = await exportJson(db);
    const other = await backend.fresh();
    const copy = await openRegistry(other.options);
    try {
      await importRegistryFile(copy, files.json, "registry.json", ctx);
      expect(await exportJson(copy)).toBe(original);
      // The CSV folder and the workbook hold the same state: re-importing them changes nothing.
      for (const file of [files.csv, files.xlsx]) {
        const r = await importRegistryFile(copy, file, file, ctx);
        expect(r, file).toMatchObject({ created: 0, updated: 0 });
        expect(r.unchanged).toBe(r.records);
      }
      expect(await exportJson(copy)).toBe(original);
      const again = join(dir, "csv-again");
      await exportRegistry(copy, again);
      for (const name of readdirSync(files.csv)) {
        expect(readFileSync(join(again, name), "utf8")).toBe(
          readFileSync(join(files.csv, name), "utf8"),
        );
      }
    } finally {
      await copy.close();
      await other.cleanup();
    }
  });
});

describe.runIf(BACKENDS.length === 2)("PGlite and PostgreSQL", () => {
  it("give identical records, versions and audit logs for the same imports", () => {
    expect(results.get("PostgreSQL")).toEqual(results.get("PGlite"));
    expect(results.get("PGlite")).toBeDefined();
  });
});
