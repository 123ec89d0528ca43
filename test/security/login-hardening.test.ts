/**
 * Sign-in hardening that the end-to-end suite does not reach: failures counted atomically under
 * concurrency (no lockout bypass by racing attempts), and a malformed session cookie answered as
 * anonymous, not as a server error.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Fastify from "fastify";
import type { Store } from "../../src/infra/store/database.ts";
import { openTestStore } from "../../src/infra/store/testing.ts";
import { IdentityRepository } from "../../src/infra/store/identity.repository.ts";
import { count } from "drizzle-orm";
import { auditLog } from "../../src/infra/store/schema/mod.ts";
import { MAX_FAILURES } from "../../src/domain/identity/lockout.ts";
import { AuthenticationError, bootstrapAdmin, login, loginAttemptKey, pruneLoginAttempts } from "../../src/services/auth.service.ts";
import { authenticate, readCookie, SESSION_COOKIE, type ProtectionContext } from "../../src/interfaces/http/auth.ts";

const PASSWORD = "correct horse battery staple";

describe("sign-in hardening", () => {
  let store: Store;
  before(async () => {
    store = await openTestStore("pglite");
    await bootstrapAdmin(store, { organisationName: "Org", email: "racer@x.test", displayName: "Racer", password: PASSWORD });
  });
  after(async () => store?.close());

  test("concurrent wrong passwords are all counted: racing attempts cannot dodge the lock", async () => {
    const attempts = 2 * MAX_FAILURES;
    const results = await Promise.allSettled(Array.from({ length: attempts }, () => login(store, { email: "racer@x.test", password: "wrong password!!" })));
    assert.ok(results.every((r) => r.status === "rejected" && r.reason instanceof AuthenticationError));
    const counted = await new IdentityRepository(store.db).loginAttempts(loginAttemptKey("racer@x.test"));
    assert.equal(counted.failed, attempts, "every failure counted");
    assert.ok(counted.lockedUntil && counted.lockedUntil.getTime() > Date.now(), "account locked");
    await assert.rejects(login(store, { email: "racer@x.test", password: PASSWORD }), (e: unknown) => e instanceof AuthenticationError && e.reason === "locked");
  });

  test("unknown and known e-mails fail alike: same answers, the same lock, the same writes (#14 point 7)", async () => {
    await bootstrapAdmin(store, { organisationName: "Org 2", email: "known@x.test", displayName: "Known", password: PASSWORD });
    const auditCount = async () => (await store.db.select({ n: count() }).from(auditLog))[0].n;
    const trace = async (email: string) => {
      const before = await auditCount();
      const reasons: string[] = [];
      for (let i = 0; i < MAX_FAILURES + 1; i += 1) {
        await assert.rejects(login(store, { email, password: "wrong password!!" }), (e: unknown) => e instanceof AuthenticationError && Boolean(reasons.push(e.reason)));
      }
      const rows = await new IdentityRepository(store.db).loginAttempts(loginAttemptKey(email));
      return { reasons, failed: rows.failed, locked: rows.lockedUntil !== null, audited: (await auditCount()) - before };
    };
    const known = await trace("known@x.test");
    const unknown = await trace("nobody-here@x.test");
    assert.deepEqual(unknown, known, "an unknown e-mail is told apart from a known one");
    assert.equal(known.reasons.at(-1), "locked");
    assert.equal(known.audited, 1, "the lock is audited once");
  });

  test("failure counters are forgotten a day after the last failure, never while a lock holds", async () => {
    const repo = new IdentityRepository(store.db);
    await login(store, { email: "sprayed@x.test", password: "wrong password!!" }).catch(() => undefined);
    assert.equal((await repo.loginAttempts(loginAttemptKey("sprayed@x.test"))).failed, 1);
    assert.equal(await pruneLoginAttempts(store, new Date()), 0, "too recent");
    const later = new Date(Date.now() + 2 * 86_400_000);
    assert.ok((await pruneLoginAttempts(store, later)) >= 1);
    assert.equal((await repo.loginAttempts(loginAttemptKey("sprayed@x.test"))).failed, 0);
  });

  test("a malformed session cookie makes the request anonymous instead of a 500", async () => {
    const app = Fastify();
    app.addHook("onRequest", authenticate({ store } as unknown as ProtectionContext));
    app.get("/who", async (request) => ({ kind: request.actor?.kind }));
    const res = await app.inject({ url: "/who", headers: { cookie: `${SESSION_COOKIE}=%E0%A4%A` } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().kind, "anonymous");
    assert.equal(readCookie({ headers: { cookie: "a=%zz; b=ok" } } as never, "b"), "ok");
    await app.close();
  });
});
