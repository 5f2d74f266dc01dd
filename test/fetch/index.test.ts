import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { cacheFileName, type Manifest } from "../../src/fetch/cache.ts";
import { fetchRttFiles, UnreachableError, type FetchRttOptions } from "../../src/fetch/index.ts";

import { startSiteServer, type SiteServer } from "./site-server.ts";

const UP = "/statistics/wp-content/uploads/sites/2";
const RTT = "/statistics/statistical-work-areas/rtt-waiting-times/";
const NOW = new Date("2026-01-15T12:00:00Z");

// The zips the fixture pages link for October 2021 … June 2022 (February 2022 has none).
const WINDOW_ZIPS: Record<string, string> = {
  "2021-10": `${UP}/2021/12/Full-CSV-data-file-Oct21-ZIP-3705K-61244.zip`,
  "2021-11": `${UP}/2022/01/Full-CSV-data-file-Nov21-ZIP-3826K.zip`,
  "2021-12": `${UP}/2022/02/Full-CSV-data-file-Dec21-ZIP-4190K..zip`,
  "2022-01": `${UP}/2022/03/Full-CSV-data-file-Jan22-ZIP-3550K-21907.zip`,
  "2022-03": `${UP}/2023/03/Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip`,
  "2022-04": `${UP}/2022/06/Full-CSV-data-file-Apr22-ZIP-3300K-57873-1.zip`,
  "2022-05": `${UP}/2022/07/Full-CSV-data-file-May22-ZIP-3850K-42210.zip`,
  "2022-06": `${UP}/2022/08/Full-CSV-data-file-Jun22ZIP-3886K-68395.zip`,
};
const MAR22_ORIGINAL = `${UP}/2022/05/Full-CSV-data-file-Mar22-ZIP-3416K-48976.zip`;

let site: SiteServer;
let cacheDir: string;
let slept: number[];

beforeAll(async () => {
  site = await startSiteServer();
});
afterAll(async () => {
  await site.close();
});
beforeEach(() => {
  cacheDir = join(mkdtempSync(join(tmpdir(), "rw-fetch-")), "cache");
  slept = [];
  site.requests.length = 0;
  site.faults.editPage = undefined;
});

function run(from: string, to: string, extra: Partial<FetchRttOptions> = {}) {
  return fetchRttFiles({
    from,
    to,
    baseUrl: site.baseUrl,
    cacheDir,
    now: () => NOW,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...extra,
  });
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const zipRequests = () => site.requests.filter((r) => r.path.endsWith(".zip"));
const listCache = () => readdirSync(cacheDir, { recursive: true, encoding: "utf8" });
function writePart(url: string, bytes: Buffer): void {
  const path = join(cacheDir, `${cacheFileName(url)}.part`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}
const readManifest = () =>
  JSON.parse(readFileSync(join(cacheDir, "manifest.json"), "utf8")) as Manifest;

describe("fetchRttFiles against a stand-in of NHS England's site", () => {
  it("downloads each month's Full CSV zip, choosing revisions and skipping duplicates", async () => {
    const result = await run("2021-10", "2022-06");
    expect(result.missing).toEqual(["2022-02"]);
    expect(result.failed).toEqual([]);
    expect(result.unlinkedYears).toEqual([]);
    expect(result.files.map((f) => [f.month, f.url, f.status])).toEqual(
      Object.entries(WINDOW_ZIPS).map(([month, path]) => [
        month,
        site.baseUrl + path,
        "downloaded",
      ]),
    );
    for (const file of result.files) {
      const served = await site.zipBytes(new URL(file.url).pathname);
      expect(readFileSync(file.path).equals(served)).toBe(true);
      expect(file).toMatchObject({ bytes: served.length, sha256: sha256(served) });
      expect(file.path).toBe(join(cacheDir, cacheFileName(file.url)));
    }
    expect(result.files.filter((f) => f.revised).map((f) => f.month)).toEqual(["2022-03"]);
    // Only the main page and the two year pages the window needs, each once (the body's
    // slash-less 2022-23 link and the sidebar's canonical one are the same page).
    expect(site.requests.filter((r) => !r.path.endsWith(".zip")).map((r) => r.path)).toEqual([
      RTT,
      `${RTT}rtt-data-2022-23/`,
      `${RTT}rtt-data-2021-22/`,
    ]);
    expect(result.yearPages).toEqual([
      `${site.baseUrl}${RTT}rtt-data-2022-23/`,
      `${site.baseUrl}${RTT}rtt-data-2021-22/`,
    ]);
    expect(
      zipRequests()
        .map((r) => r.path)
        .sort(),
    ).toEqual(Object.values(WINDOW_ZIPS).sort());
    const manifest = readManifest();
    const mar22 = site.baseUrl + WINDOW_ZIPS["2022-03"];
    expect(manifest.entries[mar22]).toEqual({
      file: cacheFileName(mar22),
      sha256: sha256(await site.zipBytes(WINDOW_ZIPS["2022-03"] ?? "")),
      bytes: (await site.zipBytes(WINDOW_ZIPS["2022-03"] ?? "")).length,
      month: "2022-03",
      fetchedAt: "2026-01-15T12:00:00.000Z",
      revised: true,
    });
    expect(Object.keys(manifest.entries)).toHaveLength(8);
    expect(listCache().filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("downloads nothing on a second run: every file is verified from the cache", async () => {
    await run("2021-10", "2022-06");
    site.requests.length = 0;
    const again = await run("2021-10", "2022-06");
    expect(again.files.map((f) => f.status)).toEqual(Array(8).fill("cached"));
    expect(zipRequests()).toEqual([]);
    // …after asking the server (HEAD) that each file is still the one published.
    expect(site.heads.filter((p) => p.endsWith(".zip"))).toHaveLength(8);
  });

  it("downloads again a cached file whose bytes no longer match the manifest", async () => {
    const first = await run("2022-04", "2022-04");
    const path = first.files[0]?.path ?? "";
    writeFileSync(path, "tampered");
    site.requests.length = 0;
    const again = await run("2022-04", "2022-04");
    expect(again.files[0]?.status).toBe("downloaded");
    expect(zipRequests()).toHaveLength(1);
    expect(readFileSync(path).equals(await site.zipBytes(WINDOW_ZIPS["2022-04"] ?? ""))).toBe(true);
  });

  it("flags a month whose link changed upstream as 'revised upstream'", async () => {
    // First run: the page still shows only the original March 2022 file.
    site.faults.editPage = (_path, html) =>
      html.replace(/<a href="[^"]*Mar22-revised-ZIP[^"]*">[^<]*<\/a><br \/>\n/, "");
    const first = await run("2022-03", "2022-03");
    expect(first.files.map((f) => [f.url, f.status, f.revised])).toEqual([
      [site.baseUrl + MAR22_ORIGINAL, "downloaded", false],
    ]);
    // Then NHS England publishes the revision.
    site.faults.editPage = undefined;
    const second = await run("2022-03", "2022-03");
    expect(second.files).toHaveLength(1);
    expect(second.files[0]).toMatchObject({
      url: site.baseUrl + WINDOW_ZIPS["2022-03"],
      status: "revised-upstream",
      replaces: site.baseUrl + MAR22_ORIGINAL,
      revised: true,
    });
    expect(Object.keys(readManifest().entries).sort()).toEqual(
      [site.baseUrl + MAR22_ORIGINAL, site.baseUrl + WINDOW_ZIPS["2022-03"]].sort(),
    );
    const third = await run("2022-03", "2022-03");
    expect(third.files[0]?.status).toBe("cached");
  });

  it("retries drops, short bodies and 5xx; reports a 404 and a corrupt zip and keeps the rest", async () => {
    const path = (month: string) => WINDOW_ZIPS[month] ?? "";
    site.faults.dropOnce.add(path("2021-10"));
    site.faults.shortOnce.add(path("2021-11"));
    site.faults.serverError.set(path("2021-12"), 1);
    site.faults.corrupt.add(path("2022-01"));
    site.faults.notFound.add(path("2022-05"));
    try {
      const result = await run("2021-10", "2022-06");
      expect(result.files.map((f) => f.month)).toEqual([
        "2021-10",
        "2021-11",
        "2021-12",
        "2022-03",
        "2022-04",
        "2022-06",
      ]);
      for (const file of result.files)
        expect(
          readFileSync(file.path).equals(await site.zipBytes(new URL(file.url).pathname)),
        ).toBe(true);
      expect(result.failed).toHaveLength(2);
      expect(result.failed[0]).toEqual({
        month: "2022-01",
        url: site.baseUrl + path("2022-01"),
        reason: expect.stringMatching(
          new RegExp(`^${escape(site.baseUrl + path("2022-01"))}: not a valid zip file \\(.+\\)$`),
        ) as unknown,
      });
      expect(result.failed[1]).toEqual({
        month: "2022-05",
        url: site.baseUrl + path("2022-05"),
        reason: `not found (HTTP 404): ${site.baseUrl}${path("2022-05")}`,
      });
      expect(slept).toEqual([500, 500, 500]);
      // Nothing of the failed months is left in the cache or the manifest.
      expect(listCache().filter((f) => /Jan22|May22/.test(f))).toEqual([]);
      expect(Object.values(readManifest().entries).map((e) => e.month)).not.toContain("2022-01");
    } finally {
      site.faults.corrupt.clear();
      site.faults.notFound.clear();
    }
  });

  it("resumes a partial download left by an interrupted run", async () => {
    const url = site.baseUrl + (WINDOW_ZIPS["2022-04"] ?? "");
    const bytes = await site.zipBytes(WINDOW_ZIPS["2022-04"] ?? "");
    writePart(url, bytes.subarray(0, 300));
    const result = await run("2022-04", "2022-04");
    expect(result.files[0]?.status).toBe("downloaded");
    expect(zipRequests().map((r) => [r.status, r.range])).toEqual([[206, "bytes=300-"]]);
    expect(readFileSync(result.files[0]?.path ?? "").equals(bytes)).toBe(true);
  });

  it("starts over once when a resumed file turns out corrupt (a stale partial)", async () => {
    const url = site.baseUrl + (WINDOW_ZIPS["2022-04"] ?? "");
    const bytes = await site.zipBytes(WINDOW_ZIPS["2022-04"] ?? "");
    writePart(url, Buffer.alloc(300, 7));
    const result = await run("2022-04", "2022-04");
    expect(result.failed).toEqual([]);
    expect(zipRequests().map((r) => [r.status, r.range])).toEqual([
      [206, "bytes=300-"],
      [200, undefined],
    ]);
    expect(readFileSync(result.files[0]?.path ?? "").equals(bytes)).toBe(true);
  });

  it("lists months before October 2015 as missing: they have no Full CSV file", async () => {
    const result = await run("2015-08", "2015-11");
    expect(result.files.map((f) => f.month)).toEqual(["2015-10", "2015-11"]);
    expect(result.missing).toEqual(["2015-08", "2015-09"]);
  });

  it("does not touch the network for a window before the first year page", async () => {
    const fetchImpl = (() => {
      throw new Error("network used");
    }) as unknown as typeof fetch;
    const result = await run("2010-01", "2010-03", { fetchImpl });
    expect(result).toEqual({
      files: [],
      missing: ["2010-01", "2010-02", "2010-03"],
      failed: [],
      yearPages: [],
      unlinkedYears: [],
    });
  });

  it("lists the months of a year the main page does not link yet as missing", async () => {
    const result = await run("2023-02", "2023-05");
    expect(result.missing).toEqual(["2023-02", "2023-03", "2023-04", "2023-05"]);
    expect(result.unlinkedYears).toEqual(["2023-24"]);
    expect(site.requests.map((r) => r.path)).toEqual([RTT, `${RTT}rtt-data-2022-23/`]);
  });

  it("reports progress in files, labelled by month", async () => {
    const calls: [number, number, string | undefined][] = [];
    await run("2022-04", "2022-06", { onProgress: (d, t, l) => calls.push([d, t, l]) });
    expect(calls).toEqual([
      [0, 3, undefined],
      [1, 3, "2022-04"],
      [2, 3, "2022-05"],
      [3, 3, "2022-06"],
    ]);
  });

  it("names the year page when it is not found, fails its months and still fetches the others", async () => {
    site.faults.notFound.add(`${RTT}rtt-data-2021-22/`);
    try {
      const result = await run("2022-03", "2022-04");
      const page = `${site.baseUrl}${RTT}rtt-data-2021-22/`;
      expect(result.failed).toEqual([
        {
          month: "2022-03",
          url: page,
          reason: `its year page failed: not found (HTTP 404): ${page}`,
        },
      ]);
      expect(result.missing).toEqual([]);
      expect(result.files.map((f) => f.month)).toEqual(["2022-04"]);
    } finally {
      site.faults.notFound.clear();
    }
  });

  it("says clearly when the site cannot be reached, and writes nothing", async () => {
    const gone = await startSiteServer();
    await gone.close();
    const error = await run("2022-01", "2022-01", { baseUrl: gone.baseUrl }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toBe(
      `cannot reach ${gone.baseUrl} (ECONNREFUSED): check your connection or --base-url`,
    );
    expect(existsSync(cacheDir)).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
