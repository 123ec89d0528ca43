/**
 * Rate limits of the heavy endpoints (speech ingestion, PDF briefs not in the cache): requests per
 * minute per credential and per client address, in memory per process. Both keys count: a
 * monitor cannot go faster by spreading one token over many addresses, nor one address by
 * holding many tokens. Over either limit the request is refused with 429 and `Retry-After`.
 */
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { AttemptLimiter } from "../../domain/identity/lockout.ts";
import { RateLimitedError, readCookie, SESSION_COOKIE } from "./auth.ts";

/** Requests per minute per credential and per address; 0 turns that key's limit off. */
export interface RateLimitSetting {
  perToken: number;
  perAddress: number;
}

const WINDOW_MS = 60_000;

/**
 * The credential a request carries (API token or session cookie), hashed so the limiter's memory
 * holds no secret; undefined for anonymous requests.
 */
function credentialKey(request: FastifyRequest): string | undefined {
  // Only credentials the authentication hook accepted: made-up cookies must not open fresh counters.
  if (request.actor?.kind !== "user") return undefined;
  const bearer = /^Bearer (\S{1,200})$/.exec(request.headers.authorization ?? "")?.[1];
  const secret = bearer ? `t:${bearer}` : readCookie(request, SESSION_COOKIE) !== undefined ? `s:${readCookie(request, SESSION_COOKIE)}` : undefined;
  return secret === undefined ? undefined : createHash("sha256").update(secret).digest("base64url");
}

/** One endpoint's limiter. */
export class RequestLimiter {
  private readonly byToken: AttemptLimiter;
  private readonly byAddress: AttemptLimiter;

  constructor(private readonly setting: RateLimitSetting, private readonly clock: () => number = Date.now) {
    this.byToken = new AttemptLimiter(setting.perToken, WINDOW_MS);
    this.byAddress = new AttemptLimiter(setting.perAddress, WINDOW_MS);
  }

  /**
   * Counts the request against its credential and its address (`request.ip`, which follows the
   * server's trust-proxy setting).
   * @throws {RateLimitedError} with the seconds until the exhausted window ends
   */
  check(request: FastifyRequest): void {
    const now = this.clock();
    const token = credentialKey(request);
    if (this.setting.perToken > 0 && token !== undefined && !this.byToken.hit(token, now)) {
      throw new RateLimitedError(Math.max(1, Math.ceil(this.byToken.waitMs(token, now) / 1000)), `More than ${this.setting.perToken} requests a minute with this credential; wait and try again`);
    }
    if (this.setting.perAddress > 0 && !this.byAddress.hit(request.ip, now)) {
      throw new RateLimitedError(Math.max(1, Math.ceil(this.byAddress.waitMs(request.ip, now) / 1000)), `More than ${this.setting.perAddress} requests a minute from this address; wait and try again`);
    }
  }
}
