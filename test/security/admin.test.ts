/**
 * The admin pages' routes on every engine: disable/enable a user (audited, effective at once for
 * sessions and tokens, never across organisations, never oneself), the own organisation and the
 * role table; only `user:manage` reaches them.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ROLE_PERMISSIONS } from "../../src/domain/identity/permissions.ts";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { openHarness, PASSWORD, signIn, type Harness } from "./harness.ts";

for (const engine of availableEngines()) {
  describe(`admin routes on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await openHarness(engine);
    });
    after(async () => h?.close());

    const as = (who: "admin" | "monitor" | "analyst", org: "a" | "b" = "a") => h.s[org][who].headers;

    test("only user:manage reads the organisation and the role table; anonymous is 401", async () => {
      for (const url of ["/api/organisation", "/api/roles"]) {
        assert.equal((await h.app.inject({ url })).statusCode, 401, url);
        assert.equal((await h.app.inject({ url, headers: as("monitor") })).statusCode, 403, url);
        assert.equal((await h.app.inject({ url, headers: as("analyst") })).statusCode, 403, url);
      }
      const org = (await h.app.inject({ url: "/api/organisation", headers: as("admin") })).json() as { id: string; members: Record<string, number> };
      assert.equal(org.id, h.s.a.admin.organisationId);
      assert.equal(org.members.analyst, 2, "organisation a has two analysts");
      const roles = (await h.app.inject({ url: "/api/roles", headers: as("admin") })).json() as { permissions: { permission: string; roles: string[] }[] };
      for (const p of roles.permissions) {
        const holders = Object.entries(ROLE_PERMISSIONS).filter(([, ps]) => (ps as readonly string[]).includes(p.permission)).map(([r]) => r);
        assert.deepEqual(p.roles, holders, p.permission);
      }
    });

    test("disabling a user ends their session and tokens at once, is audited, and can be undone", async () => {
      const victim = await signIn(h.app, h.s.a.viewer.email);
      const token = await h.app.inject({ method: "POST", url: "/api/tokens", headers: victim.headers, payload: { name: "t", scopes: ["report:read"] } });
      const bearer = { authorization: `Bearer ${token.json().token}` };
      assert.equal((await h.app.inject({ url: "/api/reports", headers: bearer })).statusCode, 200);

      const off = await h.app.inject({ method: "PATCH", url: `/api/users/${victim.userId}`, headers: as("admin"), payload: { disabled: true } });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal(off.json().user.disabled, true);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: victim.headers })).statusCode, 401, "session refused");
      assert.equal((await h.app.inject({ url: "/api/reports", headers: bearer })).statusCode, 401, "token refused");
      const login = await h.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: victim.email, password: PASSWORD } });
      assert.equal(login.statusCode, 401);
      const users = (await h.app.inject({ url: "/api/users", headers: as("admin") })).json() as { users: { id: string; disabled: boolean }[] };
      assert.equal(users.users.find((u) => u.id === victim.userId)?.disabled, true);
      const audit = (await h.app.inject({ url: "/api/audit?limit=20", headers: as("admin") })).json() as { entries: { action: string; entityId: string }[] };
      assert.ok(audit.entries.some((e) => e.action === "user.disabled" && e.entityId === victim.userId));

      const on = await h.app.inject({ method: "PATCH", url: `/api/users/${victim.userId}`, headers: as("admin"), payload: { disabled: false } });
      assert.equal(on.json().user.disabled, false);
      assert.equal((await signIn(h.app, victim.email)).userId, victim.userId, "can sign in again");
    });

    test("no disabling oneself, no reaching another organisation, no non-admins, no junk", async () => {
      const self = await h.app.inject({ method: "PATCH", url: `/api/users/${h.s.a.admin.userId}`, headers: as("admin"), payload: { disabled: true } });
      assert.equal(self.statusCode, 400);
      const foreign = await h.app.inject({ method: "PATCH", url: `/api/users/${h.s.b.monitor.userId}`, headers: as("admin"), payload: { disabled: true } });
      assert.equal(foreign.statusCode, 404, "another organisation's user is not found");
      const monitor = await h.app.inject({ method: "PATCH", url: `/api/users/${h.s.a.viewer.userId}`, headers: as("monitor"), payload: { disabled: true } });
      assert.equal(monitor.statusCode, 403);
      const noCsrf = await h.app.inject({ method: "PATCH", url: `/api/users/${h.s.a.viewer.userId}`, headers: { cookie: as("admin").cookie }, payload: { disabled: true } });
      assert.equal(noCsrf.statusCode, 403);
      const junk = await h.app.inject({ method: "PATCH", url: `/api/users/${h.s.a.viewer.userId}`, headers: as("admin"), payload: { disabled: "yes", role: "admin" } });
      assert.equal(junk.statusCode, 400);
      // And organisation b's admin still sees b's monitor enabled.
      const b = (await h.app.inject({ url: "/api/users", headers: as("admin", "b") })).json() as { users: { id: string; disabled: boolean }[] };
      assert.equal(b.users.find((u) => u.id === h.s.b.monitor.userId)?.disabled, false);
    });
  });
}
