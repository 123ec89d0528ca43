/**
 * Credentials end when they should (issue 14 point 7, the parts done here): re-enabling a disabled
 * user does not revive the sessions and API tokens they had (they used to answer 200 again), and
 * answers carrying personal or protected data are marked `Cache-Control: no-store`.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { createApiToken } from "../../src/services/auth.service.ts";
import { newKey, openHarness, PASSWORD, reportBody, signIn, type Harness } from "./harness.ts";

for (const engine of availableEngines()) {
  describe(`credentials on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await openHarness(engine);
    });
    after(async () => {
      await h?.close();
    });

    test("disable then re-enable: the old session and the old API token stay dead; signing in again works", async () => {
      const viewer = h.s.a.viewer;
      const { token } = await createApiToken(h.tocsin.store, await h.actor(viewer), { name: "old", scopes: ["report:read"] });
      const bearer = { authorization: `Bearer ${token}` };
      assert.equal((await h.app.inject({ url: "/api/reports", headers: viewer.headers })).statusCode, 200);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: bearer })).statusCode, 200);
      for (const disabled of [true, false]) {
        const res = await h.app.inject({ method: "PATCH", url: `/api/users/${viewer.userId}`, headers: h.s.a.admin.headers, payload: { disabled } });
        assert.equal(res.statusCode, 200, res.body);
      }
      assert.equal((await h.app.inject({ url: "/api/reports", headers: viewer.headers })).statusCode, 401, "the old session came back to life");
      assert.equal((await h.app.inject({ url: "/api/reports", headers: bearer })).statusCode, 401, "the old token came back to life");
      const again = await signIn(h.app, viewer.email, PASSWORD);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: again.headers })).statusCode, 200);
    });

    test("personal and protected answers carry Cache-Control: no-store", async () => {
      const created = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody({ attachments: [] }) });
      const id = created.json().id as string;
      for (const url of [`/api/reports/${id}`, "/api/reports", "/api/users", "/api/audit", "/api/tokens", "/api/auth/me", "/api/subscriptions", "/api/inbox"]) {
        const res = await h.app.inject({ url, headers: h.s.a.analyst.headers });
        assert.match(String(res.headers["cache-control"]), /no-store/, `${url} (${res.statusCode})`);
      }
      const anonymous = await h.app.inject({ url: `/api/reports/${id}` });
      assert.match(String(anonymous.headers["cache-control"]), /no-store/, "even a 401 on a protected path");
    });
  });
}
