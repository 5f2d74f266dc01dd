/**
 * HTTP for the fetch module (the only code in Ration Watch that touches the network): GET a page, or
 * download a file into a `.part` file with retries, exponential backoff and `Range` resume.
 */

import { open, stat, unlink } from "node:fs/promises";

import { NetworkError } from "../errors.ts";

/** An HTTP response with an error status. */
export class HttpStatusError extends NetworkError {
  readonly status: number;
  constructor(url: string, status: number, statusText: string, attempts = 1) {
    const what = status === 404 ? "not found (HTTP 404)" : `HTTP ${status} ${statusText}`.trim();
    super(`${what}: ${url}${attempts > 1 ? ` (after ${attempts} attempts)` : ""}`);
    this.status = status;
  }
}

/** The host did not answer (refused, unknown, reset, timed out): nothing else will work either. */
export class UnreachableError extends NetworkError {
  /** `ECONNREFUSED`, `ENOTFOUND`, `timed out after 60s`, … */
  readonly code: string;
  constructor(origin: string, code: string, options?: ErrorOptions) {
    super(`cannot reach ${origin} (${code}): check your connection or --base-url`, options);
    this.code = code;
  }
}

/** Injected I/O and retry policy. */
export interface HttpOptions {
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  backoffMs?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  userAgent?: string;
}

/** A browser-like User-Agent: the site serves scripts without one inconsistently. */
export const DEFAULT_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 rationwatch/0.1";

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A failure worth another attempt: 5xx, 429, a reset connection, a timeout, a short body. */
class Retryable extends Error {
  readonly final: Error;
  constructor(final: Error) {
    super(final.message);
    this.final = final;
  }
}

const NO_RETRY_CODES = new Set(["ECONNREFUSED", "ENOTFOUND"]);

function errorCode(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))
    return `timed out after ${timeoutMs / 1000}s`;
  let cause: unknown = e;
  for (let i = 0; i < 4 && cause instanceof Error; i++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cause = cause.cause;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Wraps a thrown fetch/stream error as a NetworkError naming the origin, retryable unless refused. */
function networkFailure(e: unknown, url: string, timeoutMs: number, midBody = false): Error {
  const code = errorCode(e, timeoutMs);
  const error = midBody
    ? new NetworkError(`download interrupted (${code}): ${url}`, { cause: e })
    : new UnreachableError(new URL(url).origin, code, { cause: e });
  return NO_RETRY_CODES.has(code) ? error : new Retryable(error);
}

function statusFailure(res: Response, url: string, attempts: number): Error {
  const error = new HttpStatusError(url, res.status, res.statusText, attempts);
  return res.status >= 500 || res.status === 429 ? new Retryable(error) : error;
}

async function withRetries<T>(
  options: HttpOptions,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  const retries = options.retries ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const backoff = options.backoffMs ?? 500;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (e) {
      if (!(e instanceof Retryable)) throw e;
      if (n > retries) throw e.final;
      await sleep(backoff * 2 ** (n - 1));
    }
  }
}

async function request(url: string, options: HttpOptions, headers: Record<string, string> = {}) {
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    return await fetchImpl(url, {
      headers: { "user-agent": options.userAgent ?? DEFAULT_USER_AGENT, ...headers },
      redirect: "follow",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw networkFailure(e, url, timeoutMs);
  }
}

/** GETs a page as text; HTTP errors become HttpStatusError, unreachable hosts NetworkError. */
export async function getText(url: string, options: HttpOptions = {}): Promise<string> {
  return withRetries(options, async (n) => {
    const res = await request(url, options);
    if (!res.ok) throw statusFailure(res, url, n);
    try {
      return await res.text();
    } catch (e) {
      throw networkFailure(e, url, options.timeoutMs ?? 60_000, true);
    }
  });
}

/** What a download did. */
export interface DownloadResult {
  bytes: number;
  /** True when some attempt continued a partial file with a `Range` request. */
  resumed: boolean;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function rangeStart(res: Response): number | undefined {
  const m = /^bytes (\d+)-/.exec(res.headers.get("content-range") ?? "");
  return m ? Number(m[1]) : undefined;
}

/**
 * Downloads `url` into `partPath`, continuing an existing partial file with `Range: bytes=N-` (or
 * starting over when the server ignores it). Retries network errors, 5xx and bodies shorter than their
 * Content-Length, waiting `backoffMs × 2^k` between attempts.
 */
export async function downloadToFile(
  url: string,
  partPath: string,
  options: HttpOptions & { onBytes?: (done: number, total: number) => void } = {},
): Promise<DownloadResult> {
  let resumed = false;
  const bytes = await withRetries(options, async (n) => {
    const have = await sizeOf(partPath);
    const res = await request(url, options, {
      "accept-encoding": "identity",
      ...(have > 0 ? { range: `bytes=${have}-` } : {}),
    });
    if (res.status === 416) {
      await res.body?.cancel();
      // `bytes */N` with N = what we hold: the partial file is in fact complete.
      if (/^bytes \*\/(\d+)$/.exec(res.headers.get("content-range") ?? "")?.[1] === String(have))
        return have;
      await unlink(partPath).catch(() => {});
      throw new Retryable(new HttpStatusError(url, 416, "Range Not Satisfiable", n));
    }
    if (!res.ok) throw statusFailure(res, url, n);
    const append = res.status === 206 && have > 0 && rangeStart(res) === have;
    if (res.status === 206 && !append && rangeStart(res) !== 0) {
      await res.body?.cancel();
      await unlink(partPath).catch(() => {});
      throw new Retryable(new NetworkError(`unexpected Content-Range from ${url}`));
    }
    resumed ||= append;
    const start = append ? have : 0;
    const length = Number(res.headers.get("content-length") ?? NaN);
    const encoded = (res.headers.get("content-encoding") ?? "identity") !== "identity";
    const expected = Number.isFinite(length) && !encoded ? start + length : undefined;
    const file = await open(partPath, append ? "a" : "w");
    let done = start;
    try {
      if (res.body) {
        for await (const chunk of res.body) {
          await file.write(chunk);
          done += chunk.byteLength;
          options.onBytes?.(done, expected ?? done);
        }
      }
    } catch (e) {
      throw networkFailure(e, url, options.timeoutMs ?? 60_000, true);
    } finally {
      await file.close();
    }
    if (expected !== undefined && done !== expected)
      throw new Retryable(
        new NetworkError(`download stopped short (${done} of ${expected} bytes): ${url}`),
      );
    return done;
  });
  return { bytes, resumed };
}
