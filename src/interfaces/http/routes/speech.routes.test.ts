/**
 * The speech routes end to end (in-process `inject`) with signed-in sessions: batch ingestion
 * (roles, CSRF, idempotency, all-or-nothing), listing with cursors, trends, alerts, and lexicon
 * CRUD with its permission and error bodies.
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
import { trainClassifier } from "../../../domain/speech/classifier.ts";
import { decodeSpeechCursor, encodeSpeechCursor } from "./speech.routes.ts";
import { signIn, type Session } from "../../../../test/security/harness.ts";

const PASSWORD = "correct horse battery staple";

test("speech cursors round-trip and junk is refused", () => {
  const p = { time: "2024-05-01T10:00:00.000Z", id: 42 };
  assert.deepEqual(decodeSpeechCursor(encodeSpeechCursor(p)), p);
  for (const junk of ["", "abc", Buffer.from('["2024-05-01T10:00:00Z",0]').toString("base64url"), Buffer.from('["x",1]').toString("base64url")]) {
    assert.equal(decodeSpeechCursor(junk), undefined, junk);
  }
});

describe("speech routes", () => {
  let tocsin: Tocsin;
  let app: FastifyInstance;
  let home: string;
  const s = {} as Record<"admin" | "analyst" | "monitor" | "viewer", Session>;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), "tocsin-speech-http-"));
    const config = { ...loadConfig({ TOCSIN_HOME: home }), webDir: join(home, "no-web") };
    tocsin = await createTocsin(config, { store: await openTestStore("pglite"), env: { TOCSIN_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") } });
    app = await createServer(tocsin, { logLevel: false });
    await bootstrapAdmin(tocsin.store, { organisationName: "Org", email: "admin@o.test", displayName: "Admin", password: PASSWORD });
    const admin = (await resolveSession(tocsin.store, (await login(tocsin.store, { email: "admin@o.test", password: PASSWORD })).sessionToken))!.actor;
    for (const role of ["analyst", "monitor", "viewer"] as const) {
      await createUser(tocsin.store, admin, { email: `${role}@o.test`, displayName: role, role, password: PASSWORD });
    }
    for (const role of ["admin", "analyst", "monitor", "viewer"] as const) s[role] = await signIn(app, `${role}@o.test`);
  });
  after(async () => {
    await app?.close();
    await tocsin?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const items = [
    { id: "r-1", text: "kill them all, these cockroaches", time: "2024-05-01T10:00:00Z", source: "radio", country: "MMR", language: "en" },
    { id: "r-2", text: "the harvest was good", time: "2024-05-02", source: "paper", country: "MM", reach: 5000 },
    { id: "r-3", text: "ils sont des cafards", time: "2024-05-03T08:00:00+02:00", source: "post", country: "RWA", lang: "fr" },
  ];
  const post = (session: Session | undefined, payload: unknown) =>
    app.inject({ method: "POST", url: "/api/speech/items", headers: session?.headers ?? {}, payload: payload as object });

  test("ingest: anonymous 401, viewer 403, missing CSRF 403; monitor stores once, a retry stores nothing", async () => {
    assert.equal((await post(undefined, items)).statusCode, 401);
    const viewer = await post(s.viewer, items);
    assert.equal(viewer.statusCode, 403);
    assert.equal(viewer.json().error.code, "forbidden");
    const noCsrf = await app.inject({ method: "POST", url: "/api/speech/items", headers: { cookie: s.monitor.headers.cookie }, payload: items });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().error.code, "csrf");
    const first = await post(s.monitor, { items });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { inserted: 3, duplicates: 0, duplicateIds: [] });
    const again = await post(s.analyst, items);
    assert.deepEqual(again.json().inserted, 0);
    assert.deepEqual([...again.json().duplicateIds].sort(), ["r-1", "r-2", "r-3"]);
  });

  test("ingest: a bad item is a 400 naming it, and nothing of the batch is stored", async () => {
    const res = await post(s.analyst, [{ ...items[0], id: "r-9" }, { ...items[1], id: "r-10", reach: -1 }]);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, "invalid_request");
    assert.match(res.json().error.message, /items\[1\]: field "reach"/);
    const shape = await post(s.analyst, { items: "nope" });
    assert.equal(shape.statusCode, 400);
    const list = await app.inject("/api/speech/items?limit=500");
    assert.ok(!list.json().items.some((i: { clientId: string }) => i.clientId === "r-9"));
  });

  test("items: filters and cursor pagination over the analyses", async () => {
    const seen: string[] = [];
    let url = "/api/speech/items?limit=1";
    for (;;) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { items: { clientId: string; analysis: { hallmarks: { kind: string }[] } }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.clientId));
      if (!body.nextCursor) break;
      url = `/api/speech/items?limit=1&cursor=${body.nextCursor}`;
    }
    assert.deepEqual(seen, ["r-1", "r-2", "r-3"]);
    const mmr = (await app.inject("/api/speech/items?country=mmr&from=2024-05-01&to=2024-05-02")).json();
    assert.deepEqual(mmr.items.map((i: { clientId: string }) => i.clientId), ["r-1"]);
    assert.ok(mmr.items[0].analysis.hallmarks.some((h: { kind: string }) => h.kind === "call_to_violence"));
    for (const bad of ["/api/speech/items?cursor=abc", "/api/speech/items?from=2024-05-03&to=2024-05-01", "/api/speech/items?country=M1"]) {
      const res = await app.inject(bad);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().error.code, "invalid_request");
    }
  });

  test("trends and alerts", async () => {
    const trends = await app.inject("/api/countries/mmr/speech/trends?period=day");
    assert.equal(trends.statusCode, 200, trends.body);
    const rows = trends.json().rows as { period: string; key: string; count: number }[];
    assert.deepEqual(rows.filter((r) => r.key === "all").map((r) => [r.period, r.count]), [["2024-05-01", 1], ["2024-05-02", 1]]);
    assert.equal((await app.inject("/api/countries/QQQ/speech/trends")).statusCode, 404);
    assert.equal((await app.inject("/api/countries/mmr/speech/trends?period=month")).statusCode, 400);
    const alerts = await app.inject("/api/speech/alerts?country=RWA&period=day");
    assert.equal(alerts.statusCode, 200, alerts.body);
    assert.ok(Array.isArray(alerts.json().alerts));
    const windowed = await app.inject("/api/speech/alerts?country=RWA&period=day&from=2024-05-01&to=2024-05-03T00:00:00Z");
    assert.equal(windowed.statusCode, 200, windowed.body);
    for (const url of ["/api/speech/alerts?from=2024-05-03&to=2024-05-01", "/api/speech/alerts?from=soon", "/api/countries/mmr/speech/trends?from=2024-05-03&to=2024-05-01"]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 400, url);
      assert.match(res.body, /from/);
    }
    const trendsWindow = await app.inject("/api/countries/mmr/speech/trends?period=day&from=2024-05-02");
    assert.deepEqual((trendsWindow.json().rows as { period: string; key: string }[]).filter((r) => r.key === "all").map((r) => r.period), ["2024-05-02"]);
  });

  test("models: analysts upload and activate (audited); ingest then stores label and probabilities", async () => {
    const texts: string[] = [];
    const labels: string[] = [];
    for (let i = 0; i < 10; i++) {
      texts.push(`exterminate the snakes ${i}`, `the harvest festival ${i}`);
      labels.push("danger", "ok");
    }
    const model = trainClassifier(texts, labels, { dataSha256: "c".repeat(64), l2Grid: [1e-3], classWeightPowers: [0], tuneOffsets: false, maxIter: 30 });
    const body = { name: "tiny", model, activate: true };
    assert.equal((await app.inject({ method: "POST", url: "/api/speech/models", payload: body })).statusCode, 401);
    assert.equal((await app.inject({ method: "POST", url: "/api/speech/models", headers: s.admin.headers, payload: body })).statusCode, 403);
    const up = await app.inject({ method: "POST", url: "/api/speech/models", headers: s.analyst.headers, payload: body });
    assert.equal(up.statusCode, 200, up.body);
    assert.equal(up.json().model.active, true);
    const list = await app.inject({ url: "/api/speech/models", headers: s.analyst.headers });
    assert.deepEqual(list.json().models.map((m: { id: number; active: boolean }) => [m.id, m.active]), [[up.json().model.id, true]]);
    assert.equal("model" in list.json().models[0], false, "weights are not listed");
    const ing = await app.inject({ method: "POST", url: "/api/speech/items", headers: s.monitor.headers, payload: [{ id: "model-1", text: "exterminate the snakes now", time: "2024-06-01T00:00:00Z", source: "s", country: "MMR" }] });
    assert.equal(ing.statusCode, 200, ing.body);
    const items = await app.inject("/api/speech/items?from=2024-06-01");
    const a = items.json().items[0].analysis;
    assert.equal(a.label, "danger");
    assert.ok(a.probabilities.danger > 0.5);
    const act = await app.inject({ method: "POST", url: `/api/speech/models/${up.json().model.id}/activate`, headers: s.analyst.headers });
    assert.equal(act.statusCode, 200, act.body);
  });

  test("lexicon: lexicon:manage to read and write; CRUD with standard errors", async () => {
    assert.equal((await app.inject("/api/speech/lexicon")).statusCode, 401);
    assert.equal((await app.inject({ url: "/api/speech/lexicon", headers: s.monitor.headers })).statusCode, 403);
    const entry = { term: "blorvak", language: "en", category: "slur", weight: 0.9, target: "blorvaks", source: "analyst-test" };
    const created = await app.inject({ method: "POST", url: "/api/speech/lexicon", headers: s.analyst.headers, payload: entry });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as number;
    assert.equal((await app.inject({ method: "POST", url: "/api/speech/lexicon", headers: s.admin.headers, payload: entry })).statusCode, 409);
    const badWeight = await app.inject({ method: "POST", url: "/api/speech/lexicon", headers: s.analyst.headers, payload: { ...entry, weight: 2 } });
    assert.equal(badWeight.statusCode, 400);
    assert.equal(badWeight.json().error.code, "invalid_request");
    assert.equal((await app.inject({ method: "POST", url: "/api/speech/lexicon", headers: s.monitor.headers, payload: { ...entry, term: "x" } })).statusCode, 403);
    const list = await app.inject({ url: "/api/speech/lexicon?source=analyst-test", headers: s.admin.headers });
    assert.deepEqual(list.json().entries.map((e: { term: string }) => e.term), ["blorvak"]);
    // The new term reaches the next ingest's analysis.
    await post(s.monitor, [{ id: "r-20", text: "a blorvak again", time: "2024-05-04", source: "post", country: "MMR", language: "en" }]);
    const r20 = (await app.inject("/api/speech/items?from=2024-05-04")).json().items[0];
    assert.deepEqual(r20.analysis.targets.map((t: { group: string }) => t.group), ["blorvaks"]);
    const patched = await app.inject({ method: "PATCH", url: `/api/speech/lexicon/${id}`, headers: s.analyst.headers, payload: { weight: 0.5 } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().weight, 0.5);
    assert.equal((await app.inject({ method: "PATCH", url: `/api/speech/lexicon/${id}`, headers: s.analyst.headers, payload: {} })).statusCode, 400);
    assert.equal((await app.inject({ method: "DELETE", url: `/api/speech/lexicon/${id}`, headers: s.analyst.headers })).statusCode, 204);
    const gone = await app.inject({ method: "PATCH", url: `/api/speech/lexicon/${id}`, headers: s.analyst.headers, payload: { weight: 0.4 } });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, "not_found");
    assert.equal((await app.inject({ method: "DELETE", url: "/api/speech/lexicon/abc", headers: s.analyst.headers })).statusCode, 400);
  });
});
