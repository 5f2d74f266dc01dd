import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import {
  cacheFileName,
  previousUrlForMonth,
  readManifest,
  verifyEntry,
  writeManifest,
  type CacheEntry,
  type Manifest,
} from "../../src/fetch/cache.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "rw-cache-"));
const URL_A =
  "https://www.england.nhs.uk/statistics/wp-content/uploads/sites/2/2023/03/Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip";

describe("cacheFileName", () => {
  it("is a folder named by the URL's sha256 holding the file under its own name", () => {
    const hash = createHash("sha256").update(URL_A).digest("hex").slice(0, 12);
    expect(cacheFileName(URL_A)).toBe(`${hash}/Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip`);
    expect(cacheFileName("http://m.test/a%20b%2Fc.zip")).toMatch(/^[0-9a-f]{12}\/a_b_c\.zip$/);
    expect(cacheFileName("http://m.test/")).toMatch(/^[0-9a-f]{12}\/download$/);
  });
});

describe("manifest", () => {
  it("is empty when absent and round-trips", async () => {
    const dir = tmp();
    expect(await readManifest(dir)).toEqual({ version: 1, entries: {} });
    const manifest: Manifest = {
      version: 1,
      entries: {
        [URL_A]: {
          file: "x/a.zip",
          sha256: "0".repeat(64),
          bytes: 3,
          month: "2022-03",
          fetchedAt: "2026-01-15T12:00:00.000Z",
          revised: true,
        },
      },
    };
    await writeManifest(join(dir, "new"), manifest);
    expect(await readManifest(join(dir, "new"))).toEqual(manifest);
  });

  it("names an unreadable manifest", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "manifest.json"), "{ not json");
    await expect(readManifest(dir)).rejects.toThrow(
      new RegExp(`^${join(dir, "manifest.json")}: .*JSON.* \\(delete it to rebuild the cache\\)$`),
    );
    writeFileSync(join(dir, "manifest.json"), '{"entries": []}');
    await expect(readManifest(dir)).rejects.toThrow(
      `${join(dir, "manifest.json")}: not a Ration Watch cache manifest (delete it to rebuild the cache)`,
    );
  });
});

describe("verifyEntry", () => {
  it("checks the file's size and sha256", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "h"));
    writeFileSync(join(dir, "h/a.zip"), "abc");
    const entry: CacheEntry = {
      file: "h/a.zip",
      sha256: createHash("sha256").update("abc").digest("hex"),
      bytes: 3,
      month: "2022-03",
      fetchedAt: "",
      revised: false,
    };
    expect(await verifyEntry(dir, entry)).toBe(true);
    writeFileSync(join(dir, "h/a.zip"), "abd");
    expect(await verifyEntry(dir, entry)).toBe(false);
    writeFileSync(join(dir, "h/a.zip"), "abcd");
    expect(await verifyEntry(dir, entry)).toBe(false);
    expect(await verifyEntry(dir, { ...entry, file: "h/missing.zip" })).toBe(false);
  });
});

describe("previousUrlForMonth", () => {
  it("returns the most recently fetched other URL of the month", () => {
    const e = (month: string, fetchedAt: string): CacheEntry => ({
      file: "",
      sha256: "",
      bytes: 0,
      month,
      fetchedAt,
      revised: false,
    });
    const manifest: Manifest = {
      version: 1,
      entries: {
        a: e("2022-03", "2024-01-01T00:00:00.000Z"),
        b: e("2022-03", "2025-01-01T00:00:00.000Z"),
        c: e("2022-04", "2026-01-01T00:00:00.000Z"),
      },
    };
    expect(previousUrlForMonth(manifest, "2022-03", "new")).toBe("b");
    expect(previousUrlForMonth(manifest, "2022-03", "b")).toBe("a");
    expect(previousUrlForMonth(manifest, "2022-05", "new")).toBeUndefined();
  });
});
