/**
 * Credentials end when they should (issue 14 point 7): re-enabling a disabled user does not revive
 * the sessions and API tokens they had (they used to answer 200 again); users change their own
 * password (other sessions end) and admins force a reset (every session and token ends, no
 * permission until the user chooses a new password); answers carrying personal or protected data
 * are marked `Cache-Control: no-store`. Equal sign-in for unknown and known e-mails is in
 * `login-hardening.test.ts`.
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

    test("a user changes their password: the current one is checked, other sessions end, this one goes on; never with an API token", async () => {
      const me = h.s.b.analyst2;
      const other = await signIn(h.app, me.email, PASSWORD);
      const { token } = await createApiToken(h.tocsin.store, await h.actor(me), { name: "pw", scopes: ["report:read"] });
      const change = (headers: Record<string, string>, body: Record<string, unknown>) => h.app.inject({ method: "POST", url: "/api/auth/password", headers, payload: body });
      const NEW = "a brand new passphrase 42";
      const wrong = await change(me.headers, { currentPassword: "not my password!", newPassword: NEW });
      assert.equal(wrong.statusCode, 400, wrong.body);
      assert.equal(wrong.json().error.details?.field ?? wrong.json().error.field, "currentPassword", wrong.body);
      const weak = await change(me.headers, { currentPassword: PASSWORD, newPassword: "short" });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /newPassword/);
      const byToken = await change({ authorization: `Bearer ${token}` }, { currentPassword: PASSWORD, newPassword: NEW });
      assert.equal(byToken.statusCode, 400, "an API token cannot take the account over");
      const ok = await change(me.headers, { currentPassword: PASSWORD, newPassword: NEW });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.match(String(ok.headers["cache-control"]), /no-store/);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: me.headers })).statusCode, 200, "the session that changed it goes on");
      assert.equal((await h.app.inject({ url: "/api/reports", headers: other.headers })).statusCode, 401, "another session of the user ended");
      assert.equal((await h.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: me.email, password: PASSWORD } })).statusCode, 401, "the old password still works");
      await signIn(h.app, me.email, NEW);
      const audit = await h.app.inject({ url: "/api/audit?limit=50", headers: h.s.b.admin.headers });
      assert.match(audit.body, /user\.password-changed/);
      assert.ok(!audit.body.includes(NEW) && !h.logs().includes(NEW), "the password in the audit or the log");
    });

    test("an admin forces a reset: sessions and tokens end, no permission until the user chooses a new password", async () => {
      const user = h.s.b.viewer;
      const { token } = await createApiToken(h.tocsin.store, await h.actor(user), { name: "reset", scopes: ["report:read"] });
      const TEMP = "temporary passphrase 7";
      const reset = (headers: Record<string, string>, id: string, body: Record<string, unknown> = { temporaryPassword: TEMP }) =>
        h.app.inject({ method: "POST", url: `/api/users/${id}/password-reset`, headers, payload: body });
      assert.equal((await reset(user.headers, user.userId)).statusCode, 403, "only admins reset");
      assert.equal((await reset(h.s.a.admin.headers, user.userId)).statusCode, 404, "an admin of another organisation");
      assert.equal((await reset(h.s.b.admin.headers, user.userId, { temporaryPassword: "short" })).statusCode, 400);
      const done = await reset(h.s.b.admin.headers, user.userId);
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().user.passwordChangeRequired, true);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: user.headers })).statusCode, 401, "the old session");
      assert.equal((await h.app.inject({ url: "/api/reports", headers: { authorization: `Bearer ${token}` } })).statusCode, 401, "the old token");
      const temp = await signIn(h.app, user.email, TEMP);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: temp.headers })).statusCode, 403, "anything but the password change before it is changed");
      assert.equal((await h.app.inject({ url: "/api/org/alerts", headers: temp.headers })).statusCode, 403, "the organisation's own alert view before it is changed");
      const me = (await h.app.inject({ url: "/api/auth/me", headers: temp.headers })).json();
      assert.deepEqual(me.permissions, []);
      const NEW = "chosen by the user 2026";
      const changed = await h.app.inject({ method: "POST", url: "/api/auth/password", headers: temp.headers, payload: { currentPassword: TEMP, newPassword: NEW } });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().user.passwordChangeRequired, false);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: temp.headers })).statusCode, 200, "permissions back after the change");
      const audit = await h.app.inject({ url: "/api/audit?limit=50", headers: h.s.b.admin.headers });
      assert.match(audit.body, /user\.password-reset/);
      assert.ok(!audit.body.includes(TEMP) && !h.logs().includes(TEMP));
    });

    test("a forced reset withdraws access to identities: an admin cannot become an approved analyst by resetting one", async () => {
      const analyst = h.s.b.analyst;
      const perms = async (headers: Record<string, string>) => ((await h.app.inject({ url: "/api/auth/me", headers })).json() as { permissions: string[] }).permissions;
      assert.ok((await perms(analyst.headers)).includes("report:read-identity"), "approved before");
      const { token } = await createApiToken(h.tocsin.store, await h.actor(h.s.b.admin), { name: "admin token", scopes: ["user:manage"] });
      const byToken = await h.app.inject({ method: "POST", url: `/api/users/${analyst.userId}/password-reset`, headers: { authorization: `Bearer ${token}` }, payload: { temporaryPassword: "an admin token's choice" } });
      assert.equal(byToken.statusCode, 400, "a reset needs a signed-in admin, not a token");
      const TEMP = "the admin knows this one";
      assert.equal((await h.app.inject({ method: "POST", url: `/api/users/${analyst.userId}/password-reset`, headers: h.s.b.admin.headers, payload: { temporaryPassword: TEMP } })).statusCode, 200);
      const asAdmin = await signIn(h.app, analyst.email, TEMP);
      const NEW = "now the admin would own it";
      assert.equal((await h.app.inject({ method: "POST", url: "/api/auth/password", headers: asAdmin.headers, payload: { currentPassword: TEMP, newPassword: NEW } })).statusCode, 200);
      const after = await perms(asAdmin.headers);
      assert.ok(after.includes("report:review"), "the role works again");
      assert.ok(!after.includes("report:read-identity"), "identity access survived a reset chosen by an admin");
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
