import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  DEFAULT_USER_AGENT,
  downloadToFile,
  getText,
  HttpStatusError,
  UnreachableError,
} from "../../src/fetch/http.ts";

import { startSiteServer, type SiteServer } from "./site-server.ts";

const MAIN = "/statistics/statistical-work-areas/rtt-waiting-times/";
const ZIP = "/statistics/wp-content/uploads/sites/2/2022/01/Full-CSV-data-file-Nov21-ZIP-3826K.zip";

let site: SiteServer;
let dir: string;
let slept: number[];
const sleep = async (ms: number) => {
  slept.push(ms);
};

beforeAll(async () => {
  site = await startSiteServer();
});
afterAll(async () => {
  await site.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rw-http-"));
  slept = [];
  site.requests.length = 0;
});

describe("getText", () => {
  it("sends a browser-like User-Agent", async () => {
    const html = await getText(`${site.baseUrl}${MAIN}`, { sleep });
    expect(html).toContain("<h3>Latest data</h3>");
    expect(site.requests[0]?.userAgent).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^Mozilla\/5\.0 /);
  });

  it("retries a 503 with exponential backoff", async () => {
    site.faults.serverError.set(MAIN, 2);
    await getText(`${site.baseUrl}${MAIN}`, { sleep });
    expect(slept).toEqual([500, 1000]);
    expect(site.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("gives up after the retries with a message naming the URL", async () => {
    site.faults.serverError.set(MAIN, 9);
    const url = `${site.baseUrl}${MAIN}`;
    await expect(getText(url, { sleep, retries: 3, backoffMs: 10 })).rejects.toThrow(
      new HttpStatusError(url, 503, "Service Unavailable", 4),
    );
    expect(slept).toEqual([10, 20, 40]);
    expect(new HttpStatusError(url, 503, "Service Unavailable", 4).message).toBe(
      `HTTP 503 Service Unavailable: ${url} (after 4 attempts)`,
    );
    site.faults.serverError.clear();
  });

  it("does not retry a 404", async () => {
    const url = `${site.baseUrl}/statistics/nowhere/`;
    const error = await getText(url, { sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(404);
    expect((error as Error).message).toBe(`not found (HTTP 404): ${url}`);
    expect(slept).toEqual([]);
  });

  it("says plainly that a closed port cannot be reached, without retrying", async () => {
    const gone = await startSiteServer();
    await gone.close();
    const error = await getText(`${gone.baseUrl}${MAIN}`, { sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toBe(
      `cannot reach ${gone.baseUrl} (ECONNREFUSED): check your connection or --base-url`,
    );
    expect(slept).toEqual([]);
  });

  it("calls a server that takes the connection and never answers a stall (not 'check your connection'), retrying first", async () => {
    site.faults.hang.add(MAIN);
    const error = await getText(`${site.baseUrl}${MAIN}`, {
      sleep,
      timeoutMs: 100,
      retries: 1,
    }).catch((e: unknown) => e);
    site.faults.hang.clear();
    expect((error as Error).message).toBe(
      `stalled: no data for 0.1s from ${site.baseUrl}${MAIN} (after 2 attempts)`,
    );
    expect(slept).toEqual([500]);
  });
});

describe("downloadToFile", () => {
  it("downloads the exact bytes and reports progress", async () => {
    const part = join(dir, "a.part");
    const seen: [number, number][] = [];
    const result = await downloadToFile(`${site.baseUrl}${ZIP}`, part, {
      sleep,
      onBytes: (done, total) => seen.push([done, total]),
    });
    const bytes = await site.zipBytes(ZIP);
    expect(result).toEqual({ bytes: bytes.length, resumed: false, lengthKnown: true });
    expect(readFileSync(part).equals(bytes)).toBe(true);
    expect(seen.at(-1)).toEqual([bytes.length, bytes.length]);
    expect(site.requests[0]?.range).toBeUndefined();
  });

  it("resumes a connection cut mid-body with a Range request", async () => {
    site.faults.dropOnce.add(ZIP);
    const part = join(dir, "b.part");
    const result = await downloadToFile(`${site.baseUrl}${ZIP}`, part, { sleep });
    const bytes = await site.zipBytes(ZIP);
    expect(result).toEqual({ bytes: bytes.length, resumed: true, lengthKnown: true });
    expect(readFileSync(part).equals(bytes)).toBe(true);
    const half = Math.floor(bytes.length / 2);
    expect(site.requests.map((r) => [r.status, r.range])).toEqual([
      [200, undefined],
      [206, `bytes=${half}-`],
    ]);
    expect(slept).toEqual([500]);
  });

  it("starts over when the server ignores Range", async () => {
    site.faults.dropOnce.add(ZIP);
    site.faults.ignoreRange = true;
    const part = join(dir, "c.part");
    const result = await downloadToFile(`${site.baseUrl}${ZIP}`, part, { sleep });
    site.faults.ignoreRange = false;
    const bytes = await site.zipBytes(ZIP);
    expect(result).toEqual({ bytes: bytes.length, resumed: false, lengthKnown: true });
    expect(readFileSync(part).equals(bytes)).toBe(true);
    expect(site.requests.map((r) => r.status)).toEqual([200, 200]);
  });

  it("retries a body shorter than its Content-Length", async () => {
    site.faults.shortOnce.add(ZIP);
    const part = join(dir, "d.part");
    const result = await downloadToFile(`${site.baseUrl}${ZIP}`, part, { sleep });
    const bytes = await site.zipBytes(ZIP);
    expect(result.bytes).toBe(bytes.length);
    expect(readFileSync(part).equals(bytes)).toBe(true);
    expect(site.requests).toHaveLength(2);
  });

  it("accepts a partial file that is already complete (416 with the same total)", async () => {
    const part = join(dir, "i.part");
    const bytes = await site.zipBytes(ZIP);
    writeFileSync(part, bytes);
    const result = await downloadToFile(`${site.baseUrl}${ZIP}`, part, { sleep });
    expect(result).toEqual({ bytes: bytes.length, resumed: false, lengthKnown: true });
    expect(site.requests.map((r) => [r.status, r.range])).toEqual([
      [416, `bytes=${bytes.length}-`],
    ]);
  });

  it("detects a short body even when the transport reports no error", async () => {
    // A Response whose body ends cleanly but short of its Content-Length (a proxy cutting it).
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      const body = calls === 1 ? "12345" : "1234567890";
      return new Response(body, { status: 200, headers: { "content-length": "10" } });
    }) as typeof fetch;
    const part = join(dir, "e.part");
    const result = await downloadToFile("http://mirror.test/x.zip", part, { sleep, fetchImpl });
    expect(result).toEqual({ bytes: 10, resumed: false, lengthKnown: true });
    expect(readFileSync(part, "utf8")).toBe("1234567890");
    expect(slept).toEqual([500]);
  });

  it("fails with the short-body message when every attempt stops short", async () => {
    const fetchImpl = (async () =>
      new Response("12345", { status: 200, headers: { "content-length": "10" } })) as typeof fetch;
    await expect(
      downloadToFile("http://mirror.test/x.zip", join(dir, "f.part"), {
        sleep,
        fetchImpl,
        retries: 2,
      }),
    ).rejects.toThrow("download stopped short (5 of 10 bytes): http://mirror.test/x.zip");
    expect(slept).toEqual([500, 1000]);
  });

  it("throws away a partial file longer than the remote one (416) and downloads it whole", async () => {
    const part = join(dir, "g.part");
    const bytes = await site.zipBytes(ZIP);
    writeFileSync(part, Buffer.alloc(bytes.length + 5));
    const result = await downloadToFile(`${site.baseUrl}${ZIP}`, part, { sleep });
    expect(result.bytes).toBe(bytes.length);
    expect(readFileSync(part).equals(bytes)).toBe(true);
    expect(site.requests.map((r) => r.status)).toEqual([416, 200]);
  });

  it("does not retry a 404", async () => {
    site.faults.notFound.add(ZIP);
    const url = `${site.baseUrl}${ZIP}`;
    await expect(downloadToFile(url, join(dir, "h.part"), { sleep })).rejects.toThrow(
      `not found (HTTP 404): ${url}`,
    );
    site.faults.notFound.clear();
    expect(slept).toEqual([]);
  });
});
