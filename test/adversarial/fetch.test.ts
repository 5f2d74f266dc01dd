/**
 * Attack: a hostile or flaky web server (a local one on 127.0.0.1; never the network). Redirect loops
 * and redirects off the web, stalls, slow-but-steady bodies, bodies cut short without a length, a file
 * replaced at the same URL, and one bad month among good ones.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readManifest } from "../../src/fetch/cache.ts";
import type { ChosenLink } from "../../src/fetch/choose.ts";
import { cacheLink } from "../../src/fetch/download.ts";
import { downloadToFile, getText, MAX_REDIRECTS } from "../../src/fetch/http.ts";
import { fetchRttFiles } from "../../src/fetch/index.ts";
import { rttZip } from "../fetch/rtt-zip.ts";
import { startSiteServer } from "../fetch/site-server.ts";

const NOW = () => new Date("2026-01-15T12:00:00Z");
const noSleep = async () => {};

let server: Server;
let base: string;
let zip: Buffer;
let zipV2: Buffer;
let version = 1;
let cutOnce = true;
const hits = new Map<string, number>();

beforeAll(async () => {
  zip = await rttZip("2024-01");
  zipV2 = await rttZip("2024-01", { seed: 7 });
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === "/loop-a") {
      res.writeHead(302, { location: "/loop-b" }).end();
      return;
    }
    if (path === "/loop-b") {
      res.writeHead(302, { location: "/loop-a" }).end();
      return;
    }
    if (path.startsWith("/hop/")) {
      res.writeHead(302, { location: `/hop/${Number(path.slice(5)) + 1}` }).end();
      return;
    }
    if (path === "/to-file") {
      res.writeHead(302, { location: "file:///etc/passwd" }).end();
      return;
    }
    if (path === "/stall") {
      res.writeHead(200, { "content-length": String(zip.length) });
      res.write(zip.subarray(0, 100));
      return; // never finishes
    }
    if (path === "/silent") return; // never answers at all
    if (path === "/slow") {
      // 10 pieces, 60 ms apart: 0.6 s in all, longer than the 0.3 s idle timeout.
      res.writeHead(200, { "content-length": String(zip.length) });
      const step = Math.ceil(zip.length / 10);
      let i = 0;
      const timer = setInterval(() => {
        res.write(zip.subarray(i * step, (i + 1) * step));
        if (++i === 10) {
          clearInterval(timer);
          res.end();
        }
      }, 60);
      return;
    }
    if (path === "/no-length.zip") {
      // Chunked, no Content-Length: the first answer ends cleanly but early.
      res.writeHead(200, { "content-type": "application/zip" });
      const body = cutOnce ? zip.subarray(0, Math.floor(zip.length / 2)) : zip;
      cutOnce = false;
      res.end(body);
      return;
    }
    if (path === "/changing.zip") {
      const body = version === 1 ? zip : zipV2;
      {
        res
          .writeHead(200, {
            "content-length": String(body.length),
            etag: `"v${version}"`,
            "last-modified":
              version === 1 ? "Mon, 01 Jan 2024 00:00:00 GMT" : "Mon, 05 Feb 2024 00:00:00 GMT",
          })
          .end(req.method === "HEAD" ? undefined : body);
        return;
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const part = () => join(mkdtempSync(join(tmpdir(), "rationwatch-adv-fetch-")), "f.part");
const options = { sleep: noSleep, retries: 1, timeoutMs: 300 };

describe("redirects", () => {
  it("a redirect loop is named, not reported as an unreachable site", async () => {
    const e = await getText(`${base}/loop-a`, options).catch((x: unknown) => x);
    expect((e as Error).message).toBe(`redirect loop: ${base}/loop-a leads back to ${base}/loop-a`);
    expect(hits.get("/loop-a")).toBe(1);
  });

  it(`an endless chain stops after ${MAX_REDIRECTS} redirects`, async () => {
    const e = await getText(`${base}/hop/0`, options).catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      `too many redirects (more than ${MAX_REDIRECTS}) from ${base}/hop/0`,
    );
    expect(hits.get(`/hop/${MAX_REDIRECTS}`)).toBeUndefined();
  });

  it("a redirect to file:// is refused", async () => {
    const e = await downloadToFile(`${base}/to-file`, part(), options).catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      `redirect to a non-web address (file:) refused: ${base}/to-file → file:///etc/passwd`,
    );
  });
});

describe("timeouts are idle timeouts", () => {
  it("a body that keeps coming slowly is not cut off, however long it takes", async () => {
    const file = part();
    const r = await downloadToFile(`${base}/slow`, file, options);
    expect(r.bytes).toBe(zip.length);
    expect(readFileSync(file).equals(zip)).toBe(true);
  });

  it("a body that stops coming is a stall, named as such, after the retries", async () => {
    const e = await downloadToFile(`${base}/stall`, part(), options).catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      `stalled: no data for 0.3s from ${base}/stall (after 2 attempts)`,
    );
  });

  it("a server that never answers a download is a stall too, not 'check your connection'", async () => {
    const e = await downloadToFile(`${base}/silent`, part(), options).catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      `stalled: no data for 0.3s from ${base}/silent (after 2 attempts)`,
    );
  });
});

const link = (path: string): ChosenLink => ({
  month: "2024-01",
  url: `${base}${path}`,
  uploadFolder: "2024-03",
  revision: 0,
  text: "Full CSV data file Jan24 (ZIP, 1K)",
  index: 0,
  revised: false,
  superseded: [],
});

describe("the cache", () => {
  it("a body cut short without a Content-Length is downloaded again", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "rationwatch-adv-cache-"));
    const manifest = await readManifest(cacheDir);
    const got = await cacheLink(link("/no-length.zip"), {
      cacheDir,
      manifest,
      http: options,
      now: NOW,
    });
    expect(readFileSync(got.path).equals(zip)).toBe(true);
    expect(hits.get("/no-length.zip")).toBe(2);
  });

  it("a file replaced at the same URL is noticed (ETag, Last-Modified, size) and downloaded again", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "rationwatch-adv-cache-"));
    const manifest = await readManifest(cacheDir);
    const http = options;
    version = 1;
    const first = await cacheLink(link("/changing.zip"), { cacheDir, manifest, http, now: NOW });
    expect(first.status).toBe("downloaded");
    const same = await cacheLink(link("/changing.zip"), { cacheDir, manifest, http, now: NOW });
    expect(same.status).toBe("cached");
    version = 2;
    const changed = await cacheLink(link("/changing.zip"), { cacheDir, manifest, http, now: NOW });
    expect(changed.status).toBe("revised-upstream");
    expect(changed.replaces).toBe(`${base}/changing.zip`);
    expect(changed.change).toBe(
      zip.length === zipV2.length
        ? `ETag "v1" → "v2"`
        : `size ${zip.length.toLocaleString("en-GB")} → ${zipV2.length.toLocaleString("en-GB")} bytes`,
    );
    expect(readFileSync(changed.path).equals(zipV2)).toBe(true);
  });
});

describe("one bad month does not abandon the others", () => {
  /** Fetches `from`..`to` from a fresh stand-in site with `hang` never answering; 0.3 s idle timeout. */
  async function fetchWithHang(hang: string, from: string, to: string) {
    const site = await startSiteServer();
    try {
      site.faults.hang.add(hang);
      const result = await fetchRttFiles({
        from,
        to,
        baseUrl: site.baseUrl,
        cacheDir: join(mkdtempSync(join(tmpdir(), "rationwatch-adv-site-")), "cache"),
        now: NOW,
        sleep: noSleep,
        retries: 1,
        timeoutMs: 300,
      });
      return { result, url: `${site.baseUrl}${hang}` };
    } finally {
      await site.close();
    }
  }

  it("a month whose download stalls is listed as failed; the rest land", async () => {
    const { result, url } = await fetchWithHang(
      "/statistics/wp-content/uploads/sites/2/2022/01/Full-CSV-data-file-Nov21-ZIP-3826K.zip",
      "2021-10",
      "2021-12",
    );
    expect(result.files.map((f) => f.month)).toEqual(["2021-10", "2021-12"]);
    expect(result.failed).toEqual([
      {
        month: "2021-11",
        url,
        reason: `stalled: no data for 0.3s from ${url} (after 2 attempts)`,
      },
    ]);
  });

  it("a year page that never answers fails that year's months, named as a stall; other years land", async () => {
    const { result, url } = await fetchWithHang(
      "/statistics/statistical-work-areas/rtt-waiting-times/rtt-data-2021-22/",
      "2022-03",
      "2022-04",
    );
    expect(result.files.map((f) => f.month)).toEqual(["2022-04"]);
    expect(result.failed).toEqual([
      {
        month: "2022-03",
        url,
        reason: `its year page failed: stalled: no data for 0.3s from ${url} (after 2 attempts)`,
      },
    ]);
  });
});
