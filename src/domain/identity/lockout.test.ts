import assert from "node:assert/strict";
import { test } from "node:test";
import { afterFailure, AttemptLimiter, isLocked, LOCK_MS, MAX_FAILURES } from "./lockout.ts";

test("afterFailure() locks on the fifth failure in a row, for 15 minutes", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  let state = { failedLogins: 0, lockedUntil: null as Date | null };
  for (let i = 1; i < MAX_FAILURES; i++) {
    state = afterFailure(state, now);
    assert.equal(isLocked(state, now), false);
  }
  state = afterFailure(state, now);
  assert.equal(isLocked(state, now), true);
  assert.equal(isLocked(state, new Date(now.getTime() + LOCK_MS + 1)), false);
});

test("AttemptLimiter allows `limit` hits per window per key", () => {
  const l = new AttemptLimiter(3, 1000);
  assert.deepEqual([1, 2, 3, 4].map(() => l.hit("k", 0)), [true, true, true, false]);
  assert.equal(l.hit("other", 0), true);
  assert.equal(l.hit("k", 1000), true);
});
