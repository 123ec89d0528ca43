/**
 * The security suite for the dangerous-speech endpoints (issue 5): every protected speech endpoint
 * (item ingestion, lexicon CRUD, stored models) asked unauthenticated, with a forged session or
 * token, and from each role that lacks the permission — refused with 401/403 and nothing stored;
 * public endpoints (items, trends, alerts) answer without signing in, validate their filters
 * (from/to) with 400, and never carry the reporter fixtures; injection
 * payloads in speech fields are stored as data or refused, never executed; security headers on
 * every response.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { sql } from "drizzle-orm";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { trainClassifier } from "../../src/domain/speech/classifier.ts";
import type { Role } from "../../src/domain/identity/permissions.ts";
import { newKey, openHarness, reportBody, SECRET_STRINGS, securityProbe, type Harness } from "./harness.ts";

const PAYLOADS = ["' OR '1'='1", "'); DROP TABLE speech_items; --", "<script>alert(1)</script>", "../../../../etc/passwd", "nul\u0000byte"];
/** A lexicon term only analysts may read: it must never appear in public answers. */
const WATCHED_TERM = "zzqwatchedterm";

function tinyModel(): unknown {
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < 10; i++) {
    texts.push(`burn them ${i} all`, `rain today ${i} again`);
    labels.push("bad", "fine");
  }
  return trainClassifier(texts, labels, { dataSha256: "b".repeat(64), l2Grid: [1e-3], classWeightPowers: [0], tuneOffsets: false, maxIter: 30 });
}

for (const engine of availableEngines()) {
  describe(`speech security on ${engine}`, () => {
    let h: Harness;
    let lexiconId = 0;
    let modelId = 0;

    const { counts, call, assertNoLeak: noLeak } = securityProbe(() => h);
    function assertNoLeak(res: LightMyRequestResponse, what: string, extra: string[] = []): void {
      noLeak(res, what, [...SECRET_STRINGS, ...extra]);
    }
    /** Rows in the speech tables and the audit log, to prove a refused request wrote nothing. */
    async function snapshot(): Promise<string> {
      const r = await h.tocsin.store.db.execute(sql`select (select count(*) from speech_items)::int as items, (select count(*) from speech_lexicon_entries)::int as lex,
        (select count(*) from speech_models)::int as models, (select count(*) from speech_models where active)::int as active,
        (select coalesce(max(updated_at)::text, '') from speech_lexicon_entries) as touched, (select count(*) from audit_log)::int as audit`);
      return JSON.stringify((r as unknown as { rows: unknown[] }).rows[0]);
    }

    before(async () => {
      h = await openHarness(engine);
      // A reporter fixture exists, so a leak of it through speech endpoints would be caught.
      const rep = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody() });
      assert.equal(rep.statusCode, 201, rep.body);
      const lex = await h.app.inject({ method: "POST", url: "/api/speech/lexicon", headers: h.s.a.analyst.headers, payload: { term: WATCHED_TERM, language: "en", category: "slur", weight: 0.5, source: "sec-test" } });
      assert.equal(lex.statusCode, 201, lex.body);
      lexiconId = lex.json().id;
      const up = await h.app.inject({ method: "POST", url: "/api/speech/models", headers: h.s.a.analyst.headers, payload: { name: "sec", model: tinyModel(), activate: false } });
      assert.equal(up.statusCode, 200, up.body);
      modelId = up.json().model.id;
      const items = await h.app.inject({ method: "POST", url: "/api/speech/items", headers: h.s.a.monitor.headers, payload: [{ id: "sec-1", text: `you ${WATCHED_TERM}`, time: "2024-05-01T00:00:00Z", source: "s", country: "MMR" }] });
      assert.equal(items.statusCode, 200, items.body);
    });
    after(async () => {
      await h?.close();
    });

    /** Protected speech endpoints with the roles allowed to use them (the same in every organisation: these are global). */
    function endpoints(): { name: string; req: () => InjectOptions; allowed: Role[] }[] {
      return [
        { name: "POST /api/speech/items", req: () => ({ method: "POST", url: "/api/speech/items", payload: [{ id: `m-${newKey()}`, text: "matrix", time: "2024-05-02T00:00:00Z", source: "s", country: "MMR" }] }), allowed: ["analyst", "monitor"] },
        { name: "GET /api/speech/lexicon", req: () => ({ method: "GET", url: "/api/speech/lexicon" }), allowed: ["admin", "analyst"] },
        { name: "POST /api/speech/lexicon", req: () => ({ method: "POST", url: "/api/speech/lexicon", payload: { term: `t${newKey().slice(0, 8)}`, language: "en", category: "slur", weight: 0.5, source: "matrix" } }), allowed: ["admin", "analyst"] },
        { name: "PATCH /api/speech/lexicon/:id", req: () => ({ method: "PATCH", url: `/api/speech/lexicon/${lexiconId}`, payload: { weight: 0.6 } }), allowed: ["admin", "analyst"] },
        { name: "DELETE /api/speech/lexicon/:id", req: () => ({ method: "DELETE", url: `/api/speech/lexicon/${lexiconId}` }), allowed: ["admin", "analyst"] },
        { name: "GET /api/speech/models", req: () => ({ method: "GET", url: "/api/speech/models" }), allowed: ["analyst"] },
        { name: "POST /api/speech/models", req: () => ({ method: "POST", url: "/api/speech/models", payload: { name: "m", model: tinyModel(), activate: true } }), allowed: ["analyst"] },
        { name: "POST /api/speech/models/:id/activate", req: () => ({ method: "POST", url: `/api/speech/models/${modelId}/activate` }), allowed: ["analyst"] },
      ];
    }

    test("unauthenticated and forged credentials get 401 on every protected speech endpoint; nothing is stored", async () => {
      const before = await snapshot();
      for (const e of endpoints()) {
        for (const headers of [{}, { cookie: "tocsin_session=forged-session-token" }, { authorization: "Bearer tcn_forged" }]) {
          const req = e.req();
          const res = await call({ ...req, headers: { ...(req.headers as object), ...headers } });
          assert.equal(res.statusCode, 401, `${e.name} ${JSON.stringify(headers)}: ${res.body}`);
          assert.equal(res.json().error.code, "unauthenticated");
          assertNoLeak(res, e.name, [WATCHED_TERM]);
        }
      }
      assert.equal(await snapshot(), before);
    });

    test("roles without the permission get 403 in both organisations and store nothing", async () => {
      for (const e of endpoints()) {
        for (const org of ["a", "b"] as const) {
          for (const role of ["admin", "analyst", "monitor", "viewer"] as Role[]) {
            if (e.allowed.includes(role)) continue;
            const before = await snapshot();
            const req = e.req();
            const res = await call({ ...req, headers: { ...(req.headers as object), ...h.s[org][role].headers } });
            assert.equal(res.statusCode, 403, `${e.name} as ${org} ${role}: ${res.statusCode} ${res.body}`);
            assertNoLeak(res, `${e.name} as ${role}`, [WATCHED_TERM]);
            assert.equal(await snapshot(), before, `${e.name} as ${org} ${role} stored something`);
          }
        }
      }
    });

    test("a missing CSRF token on a signed-in state change is refused and stores nothing", async () => {
      for (const e of endpoints().filter((x) => x.req().method !== "GET")) {
        const before = await snapshot();
        const role = e.allowed[0];
        const req = e.req();
        const res = await call({ ...req, headers: { ...(req.headers as object), cookie: h.s.a[role].headers.cookie } });
        assert.equal(res.statusCode, 403, `${e.name} without CSRF: ${res.statusCode}`);
        assert.equal(await snapshot(), before, e.name);
      }
    });

    test("public speech endpoints: no sign-in needed, filters validated, no reporter data in answers", async () => {
      const ok = ["/api/speech/items", "/api/speech/items?country=MMR&from=2024-01-01&to=2024-12-31", "/api/countries/MMR/speech/trends?from=2024-01-01&to=2024-06-01",
        "/api/speech/alerts", "/api/speech/alerts?country=MMR&period=day&from=2024-01-01T00:00:00Z&to=2024-06-01"];
      for (const url of ok) {
        const res = await call({ url });
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
        // Item analyses are public by design and name the lexicon hits they found (term, source), so
        // only the reporter fixtures are checked here; the lexicon list itself is protected above.
        assertNoLeak(res, url);
      }
      const bad = ["/api/speech/alerts?from=2024-06-01&to=2024-01-01", "/api/speech/alerts?from=yesterday", "/api/speech/alerts?to=2024-13-45",
        "/api/countries/MMR/speech/trends?from=2024-06-01&to=2024-01-01", "/api/countries/MMR/speech/trends?to=not-a-date",
        "/api/speech/items?from=2024-06-01&to=2024-01-01", ...PAYLOADS.map((p) => `/api/speech/alerts?country=${encodeURIComponent(p)}`),
        ...PAYLOADS.map((p) => `/api/speech/alerts?from=${encodeURIComponent(p)}`)];
      for (const url of bad) {
        const res = await call({ url });
        assert.equal(res.statusCode, 400, `${url}: ${res.statusCode} ${res.body}`);
        assert.equal(res.json().error.code, "invalid_request");
      }
    });

    test("injection payloads in speech and model fields are stored verbatim or refused, never executed", async () => {
      for (const p of PAYLOADS) {
        const items = await call({ method: "POST", url: "/api/speech/items", headers: h.s.a.monitor.headers, payload: [{ id: `inj-${newKey()}`, text: p, time: "2024-05-03T00:00:00Z", source: p, country: "MMR" }] });
        assert.ok([200, 400].includes(items.statusCode), `items ${JSON.stringify(p)}: ${items.statusCode}`);
        const lex = await call({ method: "POST", url: "/api/speech/lexicon", headers: h.s.a.analyst.headers, payload: { term: p, language: "en", category: "slur", weight: 0.5, source: p } });
        assert.ok([201, 400, 409].includes(lex.statusCode), `lexicon ${JSON.stringify(p)}: ${lex.statusCode} ${lex.body}`);
        const model = await call({ method: "POST", url: "/api/speech/models", headers: h.s.a.analyst.headers, payload: { name: p, model: { format: "tocsin-speech-model", version: 1, slots: p } } });
        assert.equal(model.statusCode, 400, `model ${JSON.stringify(p)}: ${model.statusCode}`);
      }
      for (const bad of ["0", "-1", "abc", "1.5", "99999999999"]) {
        const res = await call({ method: "POST", url: `/api/speech/models/${bad}/activate`, headers: h.s.a.analyst.headers });
        assert.equal(res.statusCode, 400, `activate ${bad}: ${res.statusCode}`);
      }
      const missing = await call({ method: "POST", url: "/api/speech/models/424242/activate", headers: h.s.a.analyst.headers });
      assert.equal(missing.statusCode, 404);
      const still = await h.tocsin.store.db.execute(sql`select count(*)::int as n from speech_items`);
      assert.ok((still as unknown as { rows: { n: number }[] }).rows[0].n >= 1, "the table is still there");
    });

    test("no server errors, security headers everywhere, no reporter data in the log", (t) => {
      assert.equal(counts.serverErrors, 0);
      assert.equal(counts.missingHeaders, 0);
      for (const s of SECRET_STRINGS) assert.ok(!h.logs().includes(s), `log leaked ${s}`);
      t.diagnostic(`speech security requests: ${counts.requests}, server errors ${counts.serverErrors}, missing headers ${counts.missingHeaders}`);
    });
  });
}
