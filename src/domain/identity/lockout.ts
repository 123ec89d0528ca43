/**
 * Login throttling policy, pure: consecutive failures lock an account for a while, and a sliding
 * window limits attempts per client key (address or e-mail) regardless of outcome.
 */

/** Failures in a row before the account is locked. */
export const MAX_FAILURES = 5;
/** How long a lock lasts, ms. */
export const LOCK_MS = 15 * 60 * 1000;

/** What a failed login does to the account's counters. */
export function afterFailure(state: { failedLogins: number }, now: Date): { failedLogins: number; lockedUntil: Date | null } {
  const failedLogins = state.failedLogins + 1;
  return { failedLogins, lockedUntil: failedLogins >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null };
}

/** Whether the account is locked at `now`. */
export function isLocked(state: { lockedUntil: Date | null }, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * Fixed-window attempt counter per key (in memory, per process). `hit` returns false once `limit`
 * attempts were made inside `windowMs`.
 */
export class AttemptLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(private readonly limit = 10, private readonly windowMs = 60_000) {}

  /** Records an attempt for `key` at `now` (ms); false when over the limit. */
  hit(key: string, now: number): boolean {
    const h = this.hits.get(key);
    if (!h || now - h.start >= this.windowMs) {
      this.hits.set(key, { start: now, count: 1 });
      if (this.hits.size > 10_000) this.prune(now);
      return true;
    }
    h.count += 1;
    return h.count <= this.limit;
  }

  /** Milliseconds until `key`'s window ends (0 when it has none running at `now`). */
  waitMs(key: string, now: number): number {
    const h = this.hits.get(key);
    return h ? Math.max(0, h.start + this.windowMs - now) : 0;
  }

  private prune(now: number): void {
    for (const [k, h] of this.hits) if (now - h.start >= this.windowMs) this.hits.delete(k);
  }
}
