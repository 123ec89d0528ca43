/**
 * Fetches a web page for an evidence archive, guarded against server-side request forgery: only
 * http and https, only public addresses (loopback, private, link-local, CGNAT, multicast,
 * documentation and other special ranges are refused) checked on the address actually connected
 * to — through the socket's own DNS lookup, so a name that resolves differently on a second look
 * (DNS rebinding) cannot slip through — redirects followed by hand and each one checked again,
 * a byte limit while reading and an overall time limit.
 *
 * `allowPrivate` lifts the address check; it exists for tests against a local server
 * (`TOCSIN_ARCHIVE_ALLOW_PRIVATE=1`) and must stay off in production.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

/** Limits and switches of `fetchForArchive`. */
export interface ArchiveFetchOptions {
  /** Largest body kept, in bytes (default 10 MiB); a larger one fails. */
  maxBytes?: number;
  /** Time for the whole fetch, redirects included (default 15 s). */
  timeoutMs?: number;
  /** Redirects followed (default 3). */
  maxRedirects?: number;
  /** Allow loopback and private addresses (tests only). */
  allowPrivate?: boolean;
}

/** What a fetch gave: the bytes, or why not. */
export type ArchiveFetchResult =
  | { ok: true; bytes: Buffer; contentType: string | null; httpStatus: number; finalUrl: string }
  | { ok: false; error: string; httpStatus?: number };

/** A fetch refused by the guard or failed on the way; `message` is fit to show an analyst. */
export class ArchiveFetchError extends Error {
  constructor(message: string, readonly httpStatus?: number) {
    super(message);
    this.name = "ArchiveFetchError";
  }
}

// Two lists, because a BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules too.
const BLOCKED = new BlockList();
const BLOCKED6 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24],
  ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) BLOCKED.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  // "::/96" covers the deprecated IPv4-compatible form (`::7f00:1` is 127.0.0.1), "::" and "::1" included;
  // 64:ff9b:1::/48 is local-use NAT64 (RFC 8215); fec0::/10 the deprecated site-local range.
  ["::", 96], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["fec0::", 10], ["100::", 64], ["2001::", 23], ["2001:db8::", 32], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) BLOCKED6.addSubnet(net, prefix, "ipv6");

/**
 * Whether an IP address may be fetched from: false for loopback, private and other special ranges.
 * IPv4-mapped and other IPv6 transition forms (`::ffff:…`, NAT64, 6to4, Teredo) are refused
 * outright rather than decoded: public sites do not need them, and decoding is where guards slip.
 * @param address an IPv4 or IPv6 literal
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !BLOCKED.check(address, "ipv4");
  if (family === 6) return !BLOCKED6.check(address, "ipv6");
  return false;
}

/**
 * Makes a DNS lookup for a socket that refuses any non-public answer: every address the name
 * resolves to is checked, so one private address among public ones is enough to refuse it.
 * @param refusal the error handed to the socket for a refused name
 * @returns a `lookup` for `http(s).request`
 */
export function guardedLookup(refusal: (hostname: string) => Error): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 0);
      if (!addresses.length || addresses.some((a) => !isPublicAddress(a.address))) return callback(refusal(hostname), "", 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

const archiveLookup = guardedLookup((hostname) => new ArchiveFetchError(`refused: ${hostname} resolves to a private or special address`));

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets.
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

function checkUrl(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ArchiveFetchError(`refused: only http and https URLs are archived, not ${url.protocol}`);
  if (url.username || url.password) throw new ArchiveFetchError("refused: URLs with credentials are not archived");
  const host = hostOf(url);
  // A literal address never reaches the lookup, so it is checked here.
  if (!allowPrivate && (isIP(host) ? !isPublicAddress(host) : host === "localhost" || host.endsWith(".localhost"))) {
    throw new ArchiveFetchError(`refused: ${host} is a private or special address`);
  }
}

// A fresh connection per request (`agent: false`): no pooled socket skips the guarded lookup.
function once(url: URL, options: Required<ArchiveFetchOptions>, signal: AbortSignal): Promise<{ status: number; location: string | null; contentType: string | null; bytes: Buffer | null }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      { method: "GET", signal, agent: false, headers: { "user-agent": "Tocsin evidence archiver (+https://github.com/tocsin)", accept: "*/*", "accept-encoding": "identity" }, ...(options.allowPrivate ? {} : { lookup: archiveLookup }) },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = res.headers["content-type"] ?? null;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          return resolve({ status, location: res.headers.location, contentType, bytes: null });
        }
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          res.destroy();
          return reject(new ArchiveFetchError(`too large: ${declared} bytes (limit ${options.maxBytes})`, status));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            res.destroy();
            reject(new ArchiveFetchError(`too large: more than ${options.maxBytes} bytes`, status));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => resolve({ status, location: null, contentType, bytes: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * Fetches `url` under the guard and limits. Never throws: refusals and failures come back as
 * `{ ok: false, error }` so a caller can record them next to the link.
 * @param url an absolute http(s) URL
 * @returns the body with its media type and status, or the reason it was not archived
 */
export async function fetchForArchive(url: string, options: ArchiveFetchOptions = {}): Promise<ArchiveFetchResult> {
  const opts: Required<ArchiveFetchOptions> = { maxBytes: 10 * 1024 * 1024, timeoutMs: 15_000, maxRedirects: 3, allowPrivate: false, ...options };
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { ok: false, error: "not a valid URL" };
  }
  try {
    for (let hop = 0; ; hop++) {
      checkUrl(current, opts.allowPrivate);
      const r = await once(current, opts, signal);
      if (r.location !== null) {
        if (hop >= opts.maxRedirects) return { ok: false, error: `too many redirects (more than ${opts.maxRedirects})`, httpStatus: r.status };
        current = new URL(r.location, current);
        continue;
      }
      if (r.status < 200 || r.status >= 300) return { ok: false, error: `the server answered HTTP ${r.status}`, httpStatus: r.status };
      return { ok: true, bytes: r.bytes!, contentType: r.contentType, httpStatus: r.status, finalUrl: current.toString() };
    }
  } catch (error) {
    if (error instanceof ArchiveFetchError) return { ok: false, error: error.message, ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}) };
    if (signal.aborted) return { ok: false, error: `timed out after ${opts.timeoutMs} ms` };
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof ArchiveFetchError) return { ok: false, error: cause.message };
    const code = (error as { code?: string }).code;
    return { ok: false, error: `could not fetch${code ? ` (${code})` : ""}` };
  }
}
