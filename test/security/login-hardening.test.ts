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
import { MAX_FAILURES } from "../../src/domain/identity/lockout.ts";
import { AuthenticationError, bootstrapAdmin, login } from "../../src/services/auth.service.ts";
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
    const user = (await new IdentityRepository(store.db).userByEmail("racer@x.test"))!;
    assert.equal(user.failedLogins, attempts, "every failure counted");
    assert.ok(user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now(), "account locked");
    await assert.rejects(login(store, { email: "racer@x.test", password: PASSWORD }), (e: unknown) => e instanceof AuthenticationError && e.reason === "locked");
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
