/**
 * The security suite for the warning→response endpoints (acknowledgements, actions, reassessment,
 * the response view, gap metrics, the catalogue): every endpoint asked unauthenticated, from the
 * other organisation and from each lower role; id guessing; injection payloads in every string
 * field. Expected: 0 leaks of organisation A's actions, people or ids, 0 server errors, clear 4xx
 * answers, nothing stored from a rejected request. Counts are printed as test diagnostics.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { alerts } from "../../src/infra/store/schema/mod.ts";
import type { Role } from "../../src/domain/identity/permissions.ts";
import { injectionPayloads, openHarness, ROLES, securityProbe, type Harness } from "./harness.ts";

const PAYLOADS = injectionPayloads("response_actions");
const SECRET_ACTION = "Org-A private channel to the minister";
const SECRET_OUTCOME = "Org-A outcome: minister agreed to meet";

for (const engine of availableEngines()) {
  describe(`response security on ${engine}`, () => {
    let h: Harness;
    let alertId: string;
    let actionA: string;
    let optionA: string;
    const { counts, call, assertNoLeak: noLeak } = securityProbe(() => h);

    /** Rows in every response table (read as the connecting role, which sees all organisations). */
    async function rows(): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const t of ["alert_acknowledgements", "response_actions", "response_options", "response_hidden_options", "alert_reassessments"]) {
        const r = (await h.tocsin.store.db.execute(sql.raw(`select count(*)::int as n from ${t}`))) as unknown as { rows: { n: number }[] };
        out[t] = Number(r.rows[0].n);
      }
      return out;
    }

    function secrets(): string[] {
      return [SECRET_ACTION, SECRET_OUTCOME, actionA, optionA, h.s.a.analyst.userId, "analyst a"];
    }

    function assertNoLeak(res: LightMyRequestResponse, what: string, echoed: string[] = []): void {
      noLeak(res, what, secrets(), echoed);
    }

    before(async () => {
      h = await openHarness(engine);
      alertId = randomUUID();
      await h.tocsin.store.db.insert(alerts).values({
        id: alertId, countryIso3: "SDN", situation: "", level: "emergency", previousLevel: "warning", computedLevel: "emergency", explanation: "test", signals: [{ kind: "escalation" }],
        current: true, basis: {}, createdAt: new Date(Date.now() - 10 * 86_400_000),
      });
      const a = await h.app.inject({ method: "POST", url: `/api/alerts/${alertId}/actions`, headers: h.s.a.analyst.headers, payload: { description: SECRET_ACTION, outcome: SECRET_OUTCOME, links: ["https://example.org/a"] } });
      assert.equal(a.statusCode, 201, a.body);
      actionA = a.json().id;
      assert.equal((await h.app.inject({ method: "POST", url: `/api/alerts/${alertId}/acknowledge`, headers: h.s.a.analyst.headers })).statusCode, 200);
      const o = await h.app.inject({ method: "POST", url: "/api/response/catalogue", headers: h.s.a.admin.headers, payload: { instrument: "legal", title: "Org-A option", levels: ["warning"] } });
      assert.equal(o.statusCode, 201, o.body);
      optionA = o.json().id;
    });
    after(async () => {
      await h?.close();
    });

    /** Protected endpoints with the roles (of org A) allowed to use them. */
    function endpoints(): { name: string; req: () => InjectOptions; allowed: Role[]; orgScopedId: boolean }[] {
      return [
        { name: "POST acknowledge", req: () => ({ method: "POST", url: `/api/alerts/${alertId}/acknowledge` }), allowed: ["analyst"], orgScopedId: false },
        { name: "GET acknowledgements", req: () => ({ method: "GET", url: `/api/alerts/${alertId}/acknowledgements` }), allowed: ["admin", "analyst", "viewer"], orgScopedId: false },
        { name: "GET alert actions", req: () => ({ method: "GET", url: `/api/alerts/${alertId}/actions` }), allowed: ["admin", "analyst", "viewer"], orgScopedId: false },
        { name: "POST alert action", req: () => ({ method: "POST", url: `/api/alerts/${alertId}/actions`, payload: { description: "matrix" } }), allowed: ["analyst"], orgScopedId: false },
        { name: "GET action", req: () => ({ method: "GET", url: `/api/actions/${actionA}` }), allowed: ["admin", "analyst", "viewer"], orgScopedId: true },
        { name: "PATCH action", req: () => ({ method: "PATCH", url: `/api/actions/${actionA}`, payload: { status: "abandoned" } }), allowed: ["analyst"], orgScopedId: true },
        { name: "DELETE action", req: () => ({ method: "DELETE", url: `/api/actions/${actionA}` }), allowed: ["analyst"], orgScopedId: true },
        { name: "PUT reassessment", req: () => ({ method: "PUT", url: `/api/alerts/${alertId}/reassessment`, payload: { reassessOn: "2030-01-01" } }), allowed: ["analyst"], orgScopedId: false },
        { name: "GET alert response", req: () => ({ method: "GET", url: `/api/alerts/${alertId}/response` }), allowed: ["admin", "analyst", "viewer"], orgScopedId: false },
        { name: "GET gaps", req: () => ({ method: "GET", url: "/api/response/gaps?days=3" }), allowed: ["admin", "analyst", "viewer"], orgScopedId: false },
        { name: "POST catalogue option", req: () => ({ method: "POST", url: "/api/response/catalogue", payload: { instrument: "economic", title: "matrix", levels: ["watch"] } }), allowed: ["admin"], orgScopedId: false },
        { name: "PATCH catalogue option", req: () => ({ method: "PATCH", url: `/api/response/catalogue/${optionA}`, payload: { retired: true } }), allowed: ["admin"], orgScopedId: true },
        { name: "PUT hidden built-in", req: () => ({ method: "PUT", url: "/api/response/catalogue/legal.icc-referral/hidden", payload: { hidden: true } }), allowed: ["admin"], orgScopedId: false },
      ];
    }

    test("unauthenticated requests get 401 on every protected response endpoint and nothing is stored", async (t) => {
      const before = await rows();
      for (const e of endpoints()) {
        for (const headers of [{}, { cookie: "tocsin_session=forged" }, { authorization: "Bearer tcn_forged" }]) {
          const res = await call({ ...e.req(), headers });
          counts.unauthenticated += 1;
          assert.equal(res.statusCode, 401, `${e.name}: ${res.body}`);
          assertNoLeak(res, e.name, [actionA, optionA]);
        }
      }
      assert.deepEqual(await rows(), before);
      t.diagnostic(`unauthenticated requests: ${counts.unauthenticated}`);
    });

    test("the other organisation never sees or changes org A's acknowledgements, actions or options", async (t) => {
      const before = await rows();
      for (const e of endpoints()) {
        for (const role of ROLES) {
          const req = e.req();
          const res = await call({ ...req, headers: { ...(req.headers as object), ...h.s.b[role].headers } });
          counts.crossOrg += 1;
          assertNoLeak(res, `${e.name} as org B ${role}`, String(req.url).includes(actionA) ? [actionA] : String(req.url).includes(optionA) ? [optionA] : []);
          if (e.orgScopedId) assert.ok(res.statusCode === 404 || res.statusCode === 403, `${e.name} as org B ${role}: ${res.statusCode}`);
          assert.ok(res.statusCode < 500, `${e.name} as org B ${role}: ${res.statusCode}`);
        }
      }
      const after = await rows();
      assert.equal(after.response_actions, before.response_actions + 1, "only org B's analyst's own action was added");
      const still = await h.app.inject({ url: `/api/actions/${actionA}`, headers: h.s.a.analyst.headers });
      assert.equal(still.statusCode, 200);
      assert.equal(still.json().status, "planned");
      assert.equal(still.json().description, SECRET_ACTION);
      t.diagnostic(`cross-organisation requests: ${counts.crossOrg}`);
    });

    test("lower roles are refused with 403 and store nothing", async (t) => {
      for (const e of endpoints()) {
        for (const role of ROLES) {
          if (e.allowed.includes(role)) continue;
          const before = await rows();
          const req = e.req();
          const res = await call({ ...req, headers: { ...(req.headers as object), ...h.s.a[role].headers } });
          counts.lowerRole += 1;
          assert.equal(res.statusCode, 403, `${e.name} as ${role}: ${res.statusCode} ${res.body}`);
          assert.deepEqual(await rows(), before, `${e.name} as ${role} stored something`);
        }
      }
      t.diagnostic(`lower-role requests: ${counts.lowerRole}`);
    });

    test("object-id guessing answers 404; malformed ids 400", async (t) => {
      for (const id of [randomUUID(), actionA.slice(0, -1) + (actionA.endsWith("0") ? "1" : "0")]) {
        for (const url of [`/api/actions/${id}`, `/api/alerts/${id}/response`, `/api/alerts/${id}/actions`]) {
          const res = await call({ url, headers: h.s.a.analyst.headers });
          counts.idGuesses += 1;
          assert.equal(res.statusCode, 404, `${url}: ${res.statusCode}`);
        }
      }
      for (const bad of ["1", "not-a-uuid", "..%2f..%2fetc%2fpasswd", "%00", "' OR 1=1 --"]) {
        for (const url of [`/api/actions/${bad}`, `/api/alerts/${bad}/response`]) {
          const res = await call({ url, headers: h.s.a.analyst.headers });
          counts.idGuesses += 1;
          assert.ok([400, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
        }
      }
      t.diagnostic(`id guesses: ${counts.idGuesses}`);
    });

    test("injection payloads in every string field: stored verbatim as data or refused with 4xx, never a 5xx", async (t) => {
      const an = h.s.a.analyst.headers;
      const fields: [string, (p: string) => InjectOptions][] = [
        ["action.description", (p) => ({ method: "POST", url: `/api/alerts/${alertId}/actions`, headers: an, payload: { description: p } })],
        ["action.outcome", (p) => ({ method: "POST", url: `/api/alerts/${alertId}/actions`, headers: an, payload: { description: "x", outcome: p } })],
        ["action.links", (p) => ({ method: "POST", url: `/api/alerts/${alertId}/actions`, headers: an, payload: { description: "x", links: [p] } })],
        ["action.optionId", (p) => ({ method: "POST", url: `/api/alerts/${alertId}/actions`, headers: an, payload: { optionId: p } })],
        ["action.ownerId", (p) => ({ method: "POST", url: `/api/alerts/${alertId}/actions`, headers: an, payload: { description: "x", ownerId: p } })],
        ["action.deadline", (p) => ({ method: "PATCH", url: `/api/actions/${actionA}`, headers: an, payload: { deadline: p } })],
        ["action.status", (p) => ({ method: "PATCH", url: `/api/actions/${actionA}`, headers: an, payload: { status: p } })],
        ["reassessOn", (p) => ({ method: "PUT", url: `/api/alerts/${alertId}/reassessment`, headers: an, payload: { reassessOn: p } })],
        ["gaps.country", (p) => ({ url: `/api/response/gaps?country=${encodeURIComponent(p)}`, headers: an })],
        ["gaps.days", (p) => ({ url: `/api/response/gaps?days=${encodeURIComponent(p)}`, headers: an })],
        ["catalogue.title", (p) => ({ method: "POST", url: "/api/response/catalogue", headers: h.s.a.admin.headers, payload: { instrument: "legal", title: p, levels: ["warning"] } })],
        ["catalogue.id", (p) => ({ method: "PATCH", url: `/api/response/catalogue/${encodeURIComponent(p)}`, headers: h.s.a.admin.headers, payload: { retired: true } })],
        ["country response", (p) => ({ url: `/api/countries/${encodeURIComponent(p)}/response` })],
      ];
      let stored = 0;
      let refused = 0;
      for (const [field, make] of fields) {
        for (const p of PAYLOADS) {
          const before = await rows();
          const res = await call(make(p));
          counts.payloads += 1;
          assert.ok(res.statusCode < 500, `${field}=${JSON.stringify(p)}: ${res.statusCode} ${res.body}`);
          if (res.statusCode !== 204) assert.match(String(res.headers["content-type"]), /^application\/json/, "answers are JSON, never HTML");
          if (res.statusCode >= 400) {
            refused += 1;
            assert.deepEqual(await rows(), before, `${field}=${JSON.stringify(p)} was refused but stored something`);
          } else if (res.statusCode === 201 && field.startsWith("action.")) {
            stored += 1;
            const back = await h.app.inject({ url: `/api/actions/${res.json().id}`, headers: an });
            assert.ok(back.body.includes(JSON.stringify(p).slice(1, -1)) || field === "action.optionId", `${field} not stored verbatim`);
          }
        }
      }
      // The tables survived every payload.
      assert.ok((await rows()).response_actions >= 1);
      t.diagnostic(`payload requests: ${counts.payloads} (${stored} stored verbatim, ${refused} refused with 4xx)`);
    });

    test("totals: no leaks, no server errors, security headers on every answer; logs carry no action text", (t) => {
      assert.equal(counts.leaks, 0);
      assert.equal(counts.serverErrors, 0);
      assert.equal(counts.missingHeaders, 0);
      assert.ok(!h.logs().includes(SECRET_ACTION) && !h.logs().includes(SECRET_OUTCOME));
      t.diagnostic(JSON.stringify(counts));
    });
  });
}
