/** `GET`/`PATCH /api/me`: a signed-in user's language is kept on the account, validated and audited. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../../../app.ts";
import { loadConfig } from "../../../config.ts";
import { availableEngines, openTestStore } from "../../../infra/store/testing.ts";
import { bootstrapAdmin } from "../../../services/auth.service.ts";
import { signIn, type Session } from "../../../../test/security/harness.ts";

const PASSWORD = "correct horse battery staple";

for (const engine of availableEngines()) {
  describe(`user language on ${engine}`, () => {
    let tocsin: Tocsin;
    let app: FastifyInstance;
    let home: string;
    let admin: Session;

    before(async () => {
      home = mkdtempSync(join(tmpdir(), "tocsin-locale-http-"));
      const config = { ...loadConfig({ TOCSIN_HOME: home }), webDir: join(home, "no-web") };
      tocsin = await createTocsin(config, { store: await openTestStore(engine), env: { TOCSIN_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") } });
      app = await createServer(tocsin, { logLevel: false });
      await bootstrapAdmin(tocsin.store, { organisationName: "Org", email: "admin@o.test", displayName: "Admin", password: PASSWORD });
      admin = await signIn(app, "admin@o.test", PASSWORD);
    });
    after(async () => {
      await app?.close();
      await tocsin?.close();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    test("none chosen at first; a choice is kept, audited and can be cleared", async () => {
      assert.deepEqual((await app.inject({ url: "/api/me", headers: admin.headers })).json(), { locale: null });
      const set = await app.inject({ method: "PATCH", url: "/api/me", headers: admin.headers, payload: { locale: "ar" } });
      assert.equal(set.statusCode, 200, set.body);
      assert.deepEqual((await app.inject({ url: "/api/me", headers: admin.headers })).json(), { locale: "ar" });
      const audit = (await app.inject({ url: "/api/audit", headers: admin.headers })).json() as { entries: { action: string; entityId: string }[] };
      assert.ok(audit.entries.some((e) => e.action === "user.locale" && e.entityId === admin.userId), "the change is in the audit log");
      await app.inject({ method: "PATCH", url: "/api/me", headers: admin.headers, payload: { locale: null } });
      assert.deepEqual((await app.inject({ url: "/api/me", headers: admin.headers })).json(), { locale: null });
    });

    test("an unknown language is a 400 naming the field; anonymous callers and missing CSRF are refused", async () => {
      const bad = await app.inject({ method: "PATCH", url: "/api/me", headers: admin.headers, payload: { locale: "xx" } });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /locale/);
      assert.equal((await app.inject({ url: "/api/me" })).statusCode, 401);
      const noCsrf = await app.inject({ method: "PATCH", url: "/api/me", headers: { cookie: admin.headers.cookie }, payload: { locale: "fr" } });
      assert.equal(noCsrf.statusCode, 403);
    });
  });
}
