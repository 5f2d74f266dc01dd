/**
 * HTTP for the fetch module (the only code in Ration Watch that touches the network): GET a page, or
 * download a file into a `.part` file with retries, exponential backoff and `Range` resume.
 */

import { open, stat, unlink } from "node:fs/promises";

import { EnvironmentError, isDiskFull, NetworkError } from "../errors.ts";

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

/** A download that went quiet: no bytes for the idle timeout (the server or the link stalled). */
export class StalledError extends NetworkError {
  constructor(url: string, timeoutMs: number, attempts: number) {
    super(
      `stalled: no data for ${timeoutMs / 1000}s from ${url}${attempts > 1 ? ` (after ${attempts} attempts)` : ""}`,
    );
  }
}

/** A redirect that cannot be followed: a loop, too many hops, or to a non-web address. */
export class RedirectError extends NetworkError {}

/** Redirects followed for one request before giving up (browsers allow 20; the site uses 1 or 2). */
export const MAX_REDIRECTS = 10;

/** Injected I/O and retry policy. */
export interface HttpOptions {
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  backoffMs?: number;
  /**
   * Idle timeout: the longest wait for the response or for the next bytes of its body (default 60 s).
   * A slow but steady download never times out.
   */
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

/** The reason an idle timer aborts a request with. */
class IdleTimeout extends Error {
  override name = "TimeoutError";
}

/** An abort signal that fires after `ms` without `touch()`: the idle timeout of one request. */
function idleTimer(ms: number) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new IdleTimeout("idle")), ms);
  };
  arm();
  return { signal: controller.signal, touch: arm, stop: () => clearTimeout(timer) };
}

const isTimeout = (e: unknown) =>
  e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");

function errorCode(e: unknown, timeoutMs: number): string {
  if (isTimeout(e)) return `timed out after ${timeoutMs / 1000}s`;
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

/**
 * No answer within the idle timeout is a stall (the server took the connection and went quiet), not
 * an unreachable site: the retry's final error says "stalled", never "check your connection".
 */
function asStall(e: unknown, url: string, timeoutMs: number, attempt: number): unknown {
  const cause = e instanceof Retryable ? e.final : e;
  if (cause instanceof UnreachableError && /^timed out/.test(cause.code))
    return new Retryable(new StalledError(url, timeoutMs, attempt));
  return e;
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

/**
 * One request, following redirects itself (at most MAX_REDIRECTS, http and https only) under an idle
 * timer that the caller keeps touching while it reads the body, and stops.
 */
async function request(
  url: string,
  options: HttpOptions,
  headers: Record<string, string> = {},
  method = "GET",
) {
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = idleTimer(timeoutMs);
  let current = url;
  const seen = new Set<string>([url]);
  try {
    for (let hop = 0; ; hop++) {
      let res: Response;
      try {
        res = await fetchImpl(current, {
          method,
          headers: { "user-agent": options.userAgent ?? DEFAULT_USER_AGENT, ...headers },
          redirect: "manual",
          signal: timer.signal,
        });
      } catch (e) {
        throw networkFailure(e, current, timeoutMs);
      }
      const location = res.headers.get("location");
      if (res.status < 300 || res.status > 399 || location === null) {
        timer.touch();
        return { res, timer };
      }
      await res.body?.cancel().catch(() => {});
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new RedirectError(`redirect to an invalid address ("${location}") from ${url}`);
      }
      if (next.protocol !== "http:" && next.protocol !== "https:")
        throw new RedirectError(
          `redirect to a non-web address (${next.protocol}) refused: ${url} → ${next.href}`,
        );
      if (seen.has(next.href))
        throw new RedirectError(`redirect loop: ${url} leads back to ${next.href}`);
      if (hop + 1 >= MAX_REDIRECTS)
        throw new RedirectError(`too many redirects (more than ${MAX_REDIRECTS}) from ${url}`);
      seen.add(next.href);
      current = next.href;
      timer.touch();
    }
  } catch (e) {
    timer.stop();
    throw e;
  }
}

/** GETs a page as text; HTTP errors become HttpStatusError, unreachable hosts NetworkError. */
export async function getText(url: string, options: HttpOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return withRetries(options, async (n) => {
    const { res, timer } = await request(url, options).catch((e: unknown) => {
      throw asStall(e, url, timeoutMs, n);
    });
    try {
      if (!res.ok) throw statusFailure(res, url, n);
      return await res.text();
    } catch (e) {
      if (e instanceof Retryable || e instanceof HttpStatusError) throw e;
      if (isTimeout(e)) throw new Retryable(new StalledError(url, timeoutMs, n));
      throw networkFailure(e, url, timeoutMs, true);
    } finally {
      timer.stop();
    }
  });
}

/** What a download did. */
export interface DownloadResult {
  bytes: number;
  /** True when some attempt continued a partial file with a `Range` request. */
  resumed: boolean;
  /** True when the last response gave the body's length (so a short body could be told). */
  lengthKnown: boolean;
  /** The file's identity as the server gave it, to notice a later change at the same URL. */
  etag?: string;
  lastModified?: string;
}

/** What the server says about a file now, without downloading it (HEAD), or undefined if it will not say. */
export async function remoteFileInfo(
  url: string,
  options: HttpOptions = {},
): Promise<{ bytes?: number; etag?: string; lastModified?: string } | undefined> {
  try {
    const { res, timer } = await request(
      url,
      { ...options },
      { "accept-encoding": "identity" },
      "HEAD",
    );
    timer.stop();
    await res.body?.cancel().catch(() => {});
    if (!res.ok) return undefined;
    const length = Number(res.headers.get("content-length") ?? NaN);
    return {
      ...(Number.isFinite(length) ? { bytes: length } : {}),
      ...(res.headers.get("etag") ? { etag: res.headers.get("etag") as string } : {}),
      ...(res.headers.get("last-modified")
        ? { lastModified: res.headers.get("last-modified") as string }
        : {}),
    };
  } catch {
    return undefined;
  }
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
  let lengthKnown = false;
  let identity: { etag?: string; lastModified?: string } = {};
  const timeoutMs = options.timeoutMs ?? 60_000;
  const bytes = await withRetries(options, async (n) => {
    const have = await sizeOf(partPath);
    const { res, timer } = await request(url, options, {
      "accept-encoding": "identity",
      ...(have > 0 ? { range: `bytes=${have}-` } : {}),
    }).catch((e: unknown) => {
      throw asStall(e, url, timeoutMs, n);
    });
    try {
      return await receive(res, n, have, timer);
    } finally {
      timer.stop();
    }
  });
  return { bytes, resumed, lengthKnown, ...identity };

  async function receive(
    res: Response,
    n: number,
    have: number,
    timer: { touch: () => void },
  ): Promise<number> {
    if (res.status === 416) {
      await res.body?.cancel();
      // `bytes */N` with N = what we hold: the partial file is in fact complete.
      if (/^bytes \*\/(\d+)$/.exec(res.headers.get("content-range") ?? "")?.[1] === String(have)) {
        lengthKnown = true;
        return have;
      }
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
    lengthKnown = expected !== undefined;
    identity = {
      ...(res.headers.get("etag") ? { etag: res.headers.get("etag") as string } : {}),
      ...(res.headers.get("last-modified")
        ? { lastModified: res.headers.get("last-modified") as string }
        : {}),
    };
    const file = await open(partPath, append ? "a" : "w");
    let done = start;
    try {
      if (res.body) {
        const reader = res.body.getReader();
        for (;;) {
          let chunk: Awaited<ReturnType<typeof reader.read>>;
          try {
            chunk = await reader.read();
          } catch (e) {
            if (isTimeout(e)) throw new Retryable(new StalledError(url, timeoutMs, n));
            throw networkFailure(e, url, timeoutMs, true);
          }
          if (chunk.done) break;
          timer.touch();
          try {
            await file.write(chunk.value);
          } catch (e) {
            throw downloadWriteFailure(e, partPath);
          }
          done += chunk.value.byteLength;
          options.onBytes?.(done, expected ?? done);
        }
      }
    } finally {
      await file.close();
    }
    if (expected !== undefined && done !== expected)
      throw new Retryable(
        new NetworkError(`download stopped short (${done} of ${expected} bytes): ${url}`),
      );
    return done;
  }
}

/** A failure to write the download itself: the disk, not the network or the file. */
function downloadWriteFailure(e: unknown, partPath: string): Error {
  if (isDiskFull(e))
    return new EnvironmentError(
      partPath,
      `disk full while downloading into ${partPath}: free some space in the cache folder (or give --cache another folder) and run again`,
      { cause: e },
    );
  return e instanceof Error ? e : new Error(String(e));
}
