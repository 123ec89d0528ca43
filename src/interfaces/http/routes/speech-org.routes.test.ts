/**
 * Organisation speech routes over HTTP: authentication and roles, 400s naming the field, the
 * organisation lexicon and model flow (train, activate, roll back) and analysis with the
 * organisation's own analyser.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../../../app.ts";
import { loadConfig } from "../../../config.ts";
import { bootstrapAdmin, createUser, login, resolveSession } from "../../../services/auth.service.ts";
import { openTestStore } from "../../../infra/store/testing.ts";
import { signIn, type Session } from "../../../../test/security/harness.ts";

const PASSWORD = "correct horse battery staple";

describe("organisation speech routes", () => {
  let tocsin: Tocsin;
  let app: FastifyInstance;
  let home: string;
  const s = {} as Record<"admin" | "analyst" | "monitor", Session>;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), "tocsin-speech-org-http-"));
    const config = { ...loadConfig({ TOCSIN_HOME: home }), webDir: join(home, "no-web") };
    tocsin = await createTocsin(config, { store: await openTestStore("pglite"), env: { TOCSIN_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") } });
    app = await createServer(tocsin, { logLevel: false });
    await bootstrapAdmin(tocsin.store, { organisationName: "Org", email: "admin@o.test", displayName: "Admin", password: PASSWORD });
    const admin = (await resolveSession(tocsin.store, (await login(tocsin.store, { email: "admin@o.test", password: PASSWORD })).sessionToken))!.actor;
    for (const role of ["analyst", "monitor"] as const) await createUser(tocsin.store, admin, { email: `${role}@o.test`, displayName: role, role, password: PASSWORD });
    for (const role of ["admin", "analyst", "monitor"] as const) s[role] = await signIn(app, `${role}@o.test`);
  });
  after(async () => {
    await app?.close();
    await tocsin?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test("access, validation, lexicon and model flow", async () => {
    assert.equal((await app.inject("/api/speech/org-models")).statusCode, 401);
    assert.equal((await app.inject({ url: "/api/speech/org-models", headers: s.monitor.headers })).statusCode, 403);
    assert.equal((await app.inject({ url: "/api/speech/org-lexicon", headers: s.monitor.headers })).statusCode, 403);

    const bad = await app.inject({ method: "POST", url: "/api/speech/org-lexicon/entries", headers: s.admin.headers, payload: { term: "x", language: "en", category: "slur", weight: 3, source: "s" } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /weight/);
    const added = await app.inject({ method: "POST", url: "/api/speech/org-lexicon/entries", headers: s.admin.headers, payload: { term: "zorblax", language: "en", category: "slur", weight: 1, source: "org" } });
    assert.equal(added.statusCode, 201, added.body);
    const analysed = await app.inject({ method: "POST", url: "/api/speech/analyse", headers: s.monitor.headers, payload: { texts: [{ text: "they are zorblax", language: "en" }] } });
    assert.equal(analysed.statusCode, 200, analysed.body);
    assert.ok(JSON.stringify(analysed.json()).includes("zorblax"));

    const rows = ["text,label"];
    for (let i = 0; i < 10; i++) rows.push(`kill the rats ${i},violent`, `market prices ${i} rose,calm`);
    const noColumn = await app.inject({ method: "POST", url: "/api/speech/org-models/train", headers: s.analyst.headers, payload: { name: "m.csv", csv: rows.join("\n"), textColumn: "tweet", labelColumn: "label" } });
    assert.equal(noColumn.statusCode, 400);
    assert.equal(noColumn.json().error.details.field, "textColumn");
    const trained = await app.inject({ method: "POST", url: "/api/speech/org-models/train", headers: s.analyst.headers, payload: { name: "m.csv", csv: rows.join("\n"), textColumn: "text", labelColumn: "label" } });
    assert.equal(trained.statusCode, 200, trained.body);
    const model = trained.json() as { id: number; trainingRows: number; crossValidation: { confusionMatrix: number[][] } };
    assert.equal(model.trainingRows, 20);
    assert.equal(model.crossValidation.confusionMatrix.flat().reduce((a, b) => a + b, 0), 20);
    assert.equal((await app.inject({ method: "POST", url: "/api/speech/org-models/rollback", headers: s.analyst.headers })).statusCode, 409);
    const act = await app.inject({ method: "POST", url: `/api/speech/org-models/${model.id}/activate`, headers: s.analyst.headers });
    assert.equal(act.statusCode, 200, act.body);
    assert.equal((await app.inject({ method: "POST", url: "/api/speech/org-models/999/activate", headers: s.analyst.headers })).statusCode, 404);
    const listed = await app.inject({ url: "/api/speech/org-models", headers: s.analyst.headers });
    assert.equal(listed.json().activeModelId, model.id);
  });
});
