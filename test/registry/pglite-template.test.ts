// A new PGlite registry starts from a cached copy of an initialised cluster (src/registry/
// pglite-template.ts). The copy must give the same registry as initdb, a folder registry must
// persist, and a damaged copy must be thrown away rather than break the registry.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { templatePath } from "../../src/registry/pglite-template.ts";
import { withRegistry } from "../../src/registry/registry.ts";

import { NOW } from "./backends.ts";

const listing = (path: string) =>
  withRegistry({ path, now: NOW }, (db) =>
    db.query<{ kind: string; n: number }>(
      "SELECT kind, count(*)::int AS n FROM record GROUP BY kind ORDER BY kind",
    ),
  );

describe("new PGlite registries from the cached initialised cluster", () => {
  const saved = process.env["RATIONWATCH_CACHE"];
  const dir = mkdtempSync(join(tmpdir(), "rationwatch-pglite-template-"));
  beforeAll(() => {
    process.env["RATIONWATCH_CACHE"] = join(dir, "cache");
  });
  afterAll(() => {
    if (saved === undefined) delete process.env["RATIONWATCH_CACHE"];
    else process.env["RATIONWATCH_CACHE"] = saved;
  });

  it("the first registry leaves the copy; the next, made from it, holds the same records and persists", async () => {
    expect(existsSync(templatePath())).toBe(false);
    const fromInitdb = await listing("memory://");
    expect(existsSync(templatePath())).toBe(true);
    expect(fromInitdb.length).toBeGreaterThan(0);
    const folder = join(dir, "from-copy");
    expect(await listing(folder)).toEqual(fromInitdb);
    expect(existsSync(join(folder, "PG_VERSION"))).toBe(true);
    expect(await listing(folder)).toEqual(fromInitdb); // reopened from disk, not re-created
  }, 120_000);

  it("a damaged copy is deleted and the registry is made by initdb instead", async () => {
    writeFileSync(templatePath(), "not a tarball");
    const folder = join(dir, "after-damage");
    const records = await listing(folder);
    expect(records.length).toBeGreaterThan(0);
    expect(existsSync(join(folder, "PG_VERSION"))).toBe(true);
  }, 120_000);
});
