/**
 * HTTP for the feed connectors: the injected `fetch` (tests point it, or the base URLs, at
 * 127.0.0.1), with the retry policy every source gets — 429 waits out `Retry-After` (seconds or an
 * HTTP date; capped, beyond the cap the run fails and the next scheduled run tries again), 5xx and
 * network errors are retried with exponential backoff, other 4xx fail at once.
 */
import { FeedFetchError } from "./feed-errors.ts";

/** How connectors reach the network. */
export interface FeedHttp {
  fetch: typeof fetch;
  /** Waits (tests pass a recorder so no test sleeps; default a timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per request, first included (default 4). */
  maxAttempts?: number;
  /** First backoff after a 5xx or network error, doubled each time (default 1,000 ms). */
  backoffMs?: number;
  /** Longest `Retry-After` honoured within a run (default 120,000 ms). */
  maxRetryAfterMs?: number;
  /** Per-request timeout (default 60,000 ms). */
  timeoutMs?: number;
}

/** The default: the global fetch and real timers. */
export const defaultFeedHttp: FeedHttp = { fetch: globalThis.fetch.bind(globalThis) };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Milliseconds a `Retry-After` header asks for, or `undefined` when absent or unreadable.
 * @example retryAfterMs("3", Date.now()) // 3000
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Strips credentials and query strings from a URL for messages (tokens sometimes ride in queries). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * Fetches with the retry policy. Returns the first response that is neither 429 nor 5xx — a 4xx
 * other than 429 is returned for the caller to judge (401 means "refresh the token" to some).
 * @throws {FeedFetchError} when attempts run out, or a 429 asks for longer than `maxRetryAfterMs`
 */
export async function fetchWithRetry(http: FeedHttp, url: string, init: RequestInit = {}): Promise<Response> {
  const { sleep = realSleep, maxAttempts = 4, backoffMs = 1000, maxRetryAfterMs = 120_000, timeoutMs = 60_000 } = http;
  let last = "";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let response: Response;
    try {
      response = await http.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      last = `network error (${(error as Error).message})`;
      if (attempt < maxAttempts) await sleep(backoffMs * 2 ** (attempt - 1));
      continue;
    }
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get("retry-after"), Date.now()) ?? backoffMs * 2 ** (attempt - 1);
      await response.body?.cancel();
      if (wait > maxRetryAfterMs) throw new FeedFetchError(`${safeUrl(url)}: rate limited (HTTP 429), asked to wait ${Math.round(wait / 1000)} s; the next run retries`, 429);
      last = "HTTP 429";
      if (attempt < maxAttempts) await sleep(wait);
      continue;
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      last = `HTTP ${response.status}`;
      if (attempt < maxAttempts) await sleep(backoffMs * 2 ** (attempt - 1));
      continue;
    }
    return response;
  }
  throw new FeedFetchError(`${safeUrl(url)}: failed after ${maxAttempts} attempts (${last})`);
}

/**
 * Fetches and requires a 2xx, returning the body's bytes.
 * @throws {FeedFetchError} on any other status, naming it
 */
export async function fetchBytes(http: FeedHttp, url: string, init: RequestInit = {}): Promise<{ bytes: Buffer; response: Response }> {
  const response = await fetchWithRetry(http, url, init);
  if (!response.ok) {
    await response.body?.cancel();
    throw new FeedFetchError(`${safeUrl(url)}: HTTP ${response.status}`, response.status);
  }
  try {
    return { bytes: Buffer.from(await response.arrayBuffer()), response };
  } catch (error) {
    throw new FeedFetchError(`${safeUrl(url)}: the download broke off (${(error as Error).message})`, undefined, { cause: error });
  }
}
