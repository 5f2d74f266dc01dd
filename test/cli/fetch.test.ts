import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { Store } from "../../src/store/db.ts";
import { startSiteServer, type SiteServer } from "../fetch/site-server.ts";
import { runCli, spawnCli } from "../helpers/cli.ts";

const UP = "/statistics/wp-content/uploads/sites/2";
const MAY22 = `${UP}/2022/07/Full-CSV-data-file-May22-ZIP-3850K-42210.zip`;

let site: SiteServer;
let cwd: string;

beforeAll(async () => {
  site = await startSiteServer();
});
afterAll(async () => {
  await site.close();
});
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "rw-cli-fetch-"));
  site.requests.length = 0;
});

const fetchCli = (...args: string[]) =>
  runCli(["fetch", "--base-url", site.baseUrl, ...args], { cwd });

async function sizeOf(path: string): Promise<string> {
  const n = (await site.zipBytes(path)).length;
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`;
}

describe("rationwatch fetch", () => {
  it("has a real --help", async () => {
    const r = await runCli(["fetch", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: rationwatch fetch --from YYYY-MM [--to YYYY-MM]");
    expect(r.stdout).toContain("--base-url URL");
    expect(r.stdout).toContain("before October 2015");
  });

  it.each([
    [[], "fetch: --from YYYY-MM is required (see 'rationwatch fetch --help')"],
    [["--from", "2022-13"], '--from: expected a month as YYYY-MM, got "2022-13"'],
    [["--from", "2022-01", "--to", "22-03"], '--to: expected a month as YYYY-MM, got "22-03"'],
    [["--from", "2022-06", "--to", "2022-01"], "--from 2022-06 is after --to 2022-01"],
    [
      ["--from", "2022-01", "--base-url", "not a url"],
      '--base-url: expected an http(s) URL, got "not a url"',
    ],
    [
      ["--from", "2022-01", "--base-url", "ftp://mirror.test/"],
      '--base-url: expected an http(s) URL, got "ftp://mirror.test/"',
    ],
    [["--from", "2022-01", "--db", "x.duckdb"], "--db: only used with --ingest"],
    [
      ["--from", "2022-01", "--frm", "x"],
      "Unknown option '--frm' (did you mean --from? see 'rationwatch fetch --help')",
    ],
  ])("rejects %j with exit 2, touching nothing", async (args, message) => {
    const r = await runCli(["fetch", ...args], { cwd });
    expect(r.stderr).toBe(`rationwatch fetch: ${message}\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(existsSync(join(cwd, ".cache"))).toBe(false);
  });

  it("downloads a window into .cache/rationwatch and prints a summary; a second run is all cached", async () => {
    const r = await fetchCli("--from", "2022-01", "--to", "2022-04");
    const cache = join(cwd, ".cache/rationwatch");
    const jan = `${UP}/2022/03/Full-CSV-data-file-Jan22-ZIP-3550K-21907.zip`;
    const mar = `${UP}/2023/03/Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip`;
    const apr = `${UP}/2022/06/Full-CSV-data-file-Apr22-ZIP-3300K-57873-1.zip`;
    const [sj, sm, sa] = [await sizeOf(jan), await sizeOf(mar), await sizeOf(apr)];
    const w = Math.max(sj.length, sm.length, sa.length, 4);
    expect(r.stdout).toBe(
      [
        `3 Full CSV file(s) in ${cache}:`,
        `month    file                                              ${"size".padStart(w)}  status`,
        `-------  ------------------------------------------------  ${"-".repeat(w)}  ----------`,
        `2022-01  Full-CSV-data-file-Jan22-ZIP-3550K-21907.zip      ${sj.padStart(w)}  downloaded`,
        `2022-03  Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip  ${sm.padStart(w)}  downloaded`,
        `2022-04  Full-CSV-data-file-Apr22-ZIP-3300K-57873-1.zip    ${sa.padStart(w)}  downloaded`,
        "downloaded 3, cached 0, revised upstream 0, missing 1, failed 0",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe("warning: no Full CSV data file link found for 2022-02\n");
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(cache, "manifest.json"), "utf8")) as {
      entries: Record<string, { month: string; fetchedAt: string }>;
    };
    expect(Object.values(manifest.entries).map((e) => [e.month, e.fetchedAt])).toEqual([
      ["2022-01", "2026-01-15T12:00:00.000Z"],
      ["2022-03", "2026-01-15T12:00:00.000Z"],
      ["2022-04", "2026-01-15T12:00:00.000Z"],
    ]);

    site.requests.length = 0;
    const again = await fetchCli("--from", "2022-01", "--to", "2022-04", "--quiet");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      "downloaded 0, cached 3, revised upstream 0, missing 1, failed 0",
    );
    expect(again.stdout).toMatch(
      /2022-03 {2}Full-CSV-data-file-Mar22-revised-ZIP-111805K\.zip +\S+ \S+ {2}cached\n/,
    );
    expect(site.requests.filter((q) => q.path.endsWith(".zip"))).toEqual([]);
  });

  it("shows a revision published since the last run as 'revised upstream'", async () => {
    site.faults.editPage = (_p, html) =>
      html.replace(/<a href="[^"]*Mar22-revised-ZIP[^"]*">[^<]*<\/a><br \/>\n/, "");
    const cache = join(cwd, "my-cache");
    const first = await fetchCli("--from", "2022-03", "--cache", "my-cache");
    site.faults.editPage = undefined;
    expect(first.stdout).toContain(`1 Full CSV file(s) in ${cache}:`);
    expect(first.stdout).toContain("Full-CSV-data-file-Mar22-ZIP-3416K-48976.zip");
    const second = await fetchCli("--from", "2022-03", "--cache", "my-cache");
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /2022-03 {2}Full-CSV-data-file-Mar22-revised-ZIP-111805K\.zip +\S+ \S+ {2}revised upstream \(replaces Full-CSV-data-file-Mar22-ZIP-3416K-48976\.zip\)\n/,
    );
    expect(second.stdout).toContain(
      "downloaded 0, cached 0, revised upstream 1, missing 0, failed 0",
    );
  });

  it("warns about months before October 2015 and years not linked yet", async () => {
    const early = await fetchCli("--from", "2015-08", "--to", "2015-10");
    expect(early.code).toBe(0);
    expect(early.stderr).toBe(
      "warning: no Full CSV data file before October 2015 (published as Excel files only): 2015-08, 2015-09\n",
    );
    const late = await fetchCli("--from", "2023-03", "--to", "2023-04");
    expect(late.code).toBe(0);
    expect(late.stdout).toContain(
      "downloaded 0, cached 0, revised upstream 0, missing 2, failed 0",
    );
    expect(late.stderr).toBe(
      [
        "warning: the main RTT page links no 2023-24 year page (not published yet?): 2023-04",
        "warning: no Full CSV data file link found for 2023-03",
        "",
      ].join("\n"),
    );
  });

  it("fetches the other months, then fails with exit 1 naming a zip that is not found", async () => {
    site.faults.notFound.add(MAY22);
    try {
      const r = await fetchCli("--from", "2022-04", "--to", "2022-06");
      expect(r.code).toBe(1);
      const url = `${site.baseUrl}${MAY22}`;
      expect(r.stdout).toContain(`2022-05  failed: not found (HTTP 404): ${url}\n`);
      expect(r.stdout).toContain("downloaded 2, cached 0, revised upstream 0, missing 0, failed 1");
      expect(r.stderr).toBe(`rationwatch fetch: 2022-05: not found (HTTP 404): ${url}\n`);
    } finally {
      site.faults.notFound.clear();
    }
  });

  it("says clearly when the site cannot be reached (exit 1), writing nothing", async () => {
    const gone = await startSiteServer();
    await gone.close();
    const r = await runCli(["fetch", "--from", "2022-01", "--base-url", gone.baseUrl], { cwd });
    expect(r.stderr).toBe(
      `rationwatch fetch: cannot reach ${gone.baseUrl} (ECONNREFUSED): check your connection or --base-url\n`,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(existsSync(join(cwd, ".cache"))).toBe(false);
  });

  it("gives the same one-line message when run as a child process", async () => {
    const gone = await startSiteServer();
    await gone.close();
    // (run from the repository: the helper loads tsx from there; nothing is written on failure)
    const r = spawnCli(["fetch", "--from", "2022-01", "--base-url", gone.baseUrl]);
    expect(r.stderr).toBe(
      `rationwatch fetch: cannot reach ${gone.baseUrl} (ECONNREFUSED): check your connection or --base-url\n`,
    );
    expect(r.code).toBe(1);
  });

  it("--ingest loads the fetched files into the store", async () => {
    const r = await fetchCli(
      "--from",
      "2022-03",
      "--to",
      "2022-04",
      "--ingest",
      "--db",
      "rw.duckdb",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Loaded 2 periods:");
    const store = await Store.open(join(cwd, "rw.duckdb"), { readOnly: true });
    try {
      expect(
        await store.all(
          "SELECT month, source_file, revised, row_count FROM rtt_period ORDER BY month",
        ),
      ).toEqual([
        {
          month: "2022-03",
          source_file: "Full-CSV-data-file-Mar22-revised-ZIP-111805K.zip",
          revised: true,
          row_count: 4,
        },
        {
          month: "2022-04",
          source_file: "Full-CSV-data-file-Apr22-ZIP-3300K-57873-1.zip",
          revised: false,
          row_count: 4,
        },
      ]);
      // The served extracts: Part_2 bands 10+s, 11+s, 12+s (s = 1 for the revised file); Part_1A
      // bands 3+s, 4+s, 5+s plus one patient with an unknown clock start.
      expect(
        await store.all(
          "SELECT month, part, total_all FROM rtt_row WHERE tf_code = 'C_999' ORDER BY month, part",
        ),
      ).toEqual([
        { month: "2022-03", part: "Part_1A", total_all: 16 },
        { month: "2022-03", part: "Part_2", total_all: 36 },
        { month: "2022-04", part: "Part_1A", total_all: 13 },
        { month: "2022-04", part: "Part_2", total_all: 33 },
      ]);
    } finally {
      store.close();
    }
  });

  it("--ingest with nothing fetched says so and creates no store", async () => {
    const r = await fetchCli("--from", "2022-02", "--ingest", "--db", "rw.duckdb");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nothing to ingest\n");
    expect(existsSync(join(cwd, "rw.duckdb"))).toBe(false);
  });
});
