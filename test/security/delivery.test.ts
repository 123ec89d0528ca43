/**
 * The security suite for alert delivery (subscriptions, inbox, dead letters): every endpoint asked
 * unauthenticated, from the other organisation and from each role that may not use it; id
 * guessing; injection payloads in every string field. Expected: 0 leaks of organisation A's
 * webhook URLs, e-mail addresses, ids or of any signing secret, 0 server errors, clear 4xx
 * answers, nothing stored from a rejected request. Counts are printed as test diagnostics.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { alerts, outbox } from "../../src/infra/store/schema/mod.ts";
import type { Role } from "../../src/domain/identity/permissions.ts";
import { enqueueAlertDeliveries } from "../../src/services/delivery.service.ts";
import { injectionPayloads, openHarness, ROLES, securityProbe, type Harness } from "./harness.ts";

const PAYLOADS = injectionPayloads("subscriptions");
const HOOK_A = "https://hooks.org-a.test/private-path-A";
const EMAIL_A = "desk-private@org-a.test";
const SECRET_A = "org-a-webhook-signing-secret-0123456789";

for (const engine of availableEngines()) {
  describe(`delivery security on ${engine}`, () => {
    let h: Harness;
    let subA: string;
    let orgSubA: string;
    let itemA: string;
    let deadA: string;
    const { counts, call, assertNoLeak: noLeak } = securityProbe(() => h);

    /** Row counts that a refused request must leave alone (read as the connecting role: all organisations). */
    async function rows(): Promise<Record<string, number>> {
      const count = async (query: string) => Number(((await h.tocsin.store.db.execute(sql.raw(query))) as unknown as { rows: { n: number }[] }).rows[0].n);
      return {
        subscriptions: await count("select count(*)::int as n from subscriptions"),
        deleted: await count("select count(deleted_at)::int as n from subscriptions"),
        inbox_items: await count("select count(*)::int as n from inbox_items"),
        readItems: await count("select count(read_at)::int as n from inbox_items"),
        outbox: await count("select count(*)::int as n from outbox"),
        pending: await count("select count(*)::int as n from outbox where status = 'pending'"),
      };
    }

    function assertNoLeak(res: LightMyRequestResponse, what: string, echoed: string[] = []): void {
      noLeak(res, what, [HOOK_A, EMAIL_A, SECRET_A, subA, orgSubA, itemA, deadA], echoed);
    }

    before(async () => {
      h = await openHarness(engine);
      const own = await h.app.inject({ method: "POST", url: "/api/subscriptions", headers: h.s.a.analyst.headers, payload: { countries: ["SDN"], minLevel: "watch", webhook: { url: HOOK_A, secret: SECRET_A }, email: EMAIL_A } });
      assert.equal(own.statusCode, 201, own.body);
      assert.ok(!own.body.includes(SECRET_A), "a given secret is never echoed");
      subA = own.json().subscription.id;
      const wide = await h.app.inject({ method: "POST", url: "/api/subscriptions", headers: h.s.a.admin.headers, payload: { scope: "organisation", countries: [], region: "Sub-Saharan Africa", minLevel: "emergency" } });
      assert.equal(wide.statusCode, 201, wide.body);
      orgSubA = wide.json().subscription.id;
      const [alert] = await h.tocsin.store.db
        .insert(alerts)
        .values({ id: randomUUID(), countryIso3: "SDN", situation: "", level: "warning", previousLevel: "watch", computedLevel: "warning", explanation: "test", signals: [], current: true, basis: {}, createdAt: new Date() })
        .returning();
      await h.tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, alert, new Date()));
      const inbox = await h.app.inject({ url: "/api/inbox", headers: h.s.a.analyst.headers });
      itemA = inbox.json().items[0].id;
      const [row] = await h.tocsin.store.db.select().from(outbox).where(eq(outbox.channel, "webhook"));
      await h.tocsin.store.db.update(outbox).set({ status: "dead", attempts: 8, lastError: "HTTP 500" }).where(eq(outbox.id, row.id));
      deadA = row.id;
    });
    after(async () => {
      await h?.close();
    });

    /** Protected endpoints: roles of org A allowed, and what the others get (403, or 404 for another user's own things). */
    function endpoints(): { name: string; req: () => InjectOptions; allowed: readonly Role[]; refused: 403 | 404; orgScopedId: boolean }[] {
      return [
        { name: "GET subscriptions", req: () => ({ url: "/api/subscriptions" }), allowed: ROLES, refused: 403, orgScopedId: false },
        { name: "POST own subscription", req: () => ({ method: "POST", url: "/api/subscriptions", payload: { countries: ["MMR"], minLevel: "warning" } }), allowed: ROLES, refused: 403, orgScopedId: false },
        { name: "POST org subscription", req: () => ({ method: "POST", url: "/api/subscriptions", payload: { scope: "organisation", minLevel: "warning" } }), allowed: ["admin", "analyst"], refused: 403, orgScopedId: false },
        { name: "PATCH another's subscription", req: () => ({ method: "PATCH", url: `/api/subscriptions/${subA}`, payload: { minLevel: "emergency" } }), allowed: ["analyst"], refused: 404, orgScopedId: true },
        { name: "PATCH org subscription", req: () => ({ method: "PATCH", url: `/api/subscriptions/${orgSubA}`, payload: { minLevel: "warning" } }), allowed: ["admin", "analyst"], refused: 403, orgScopedId: true },
        { name: "DELETE another's subscription", req: () => ({ method: "DELETE", url: `/api/subscriptions/${subA}` }), allowed: ["analyst"], refused: 404, orgScopedId: true },
        { name: "DELETE org subscription", req: () => ({ method: "DELETE", url: `/api/subscriptions/${orgSubA}` }), allowed: ["admin", "analyst"], refused: 403, orgScopedId: true },
        { name: "GET inbox", req: () => ({ url: "/api/inbox" }), allowed: ROLES, refused: 403, orgScopedId: false },
        { name: "POST another's inbox read", req: () => ({ method: "POST", url: `/api/inbox/${itemA}/read` }), allowed: ["analyst"], refused: 404, orgScopedId: true },
        { name: "GET dead letters", req: () => ({ url: "/api/outbox/dead" }), allowed: ["admin"], refused: 403, orgScopedId: false },
        { name: "POST retry", req: () => ({ method: "POST", url: `/api/outbox/${deadA}/retry` }), allowed: ["admin"], refused: 403, orgScopedId: true },
      ];
    }

    test("unauthenticated requests get 401 on every delivery endpoint and nothing is stored", async (t) => {
      const before = await rows();
      for (const e of endpoints()) {
        for (const headers of [{}, { cookie: "tocsin_session=forged" }, { authorization: "Bearer tcn_forged" }]) {
          const res = await call({ ...e.req(), headers });
          counts.unauthenticated += 1;
          assert.equal(res.statusCode, 401, `${e.name}: ${res.body}`);
          assertNoLeak(res, e.name, [subA, orgSubA, itemA, deadA]);
        }
      }
      assert.deepEqual(await rows(), before);
      t.diagnostic(`unauthenticated requests: ${counts.unauthenticated}`);
    });

    test("the other organisation never sees or changes org A's subscriptions, inbox or outbox", async (t) => {
      const before = await rows();
      for (const e of endpoints()) {
        for (const role of ROLES) {
          const req = e.req();
          const res = await call({ ...req, headers: { ...(req.headers as object), ...h.s.b[role].headers } });
          counts.crossOrg += 1;
          assertNoLeak(res, `${e.name} as org B ${role}`, [subA, orgSubA, itemA, deadA].filter((id) => String(req.url).includes(id)));
          if (e.orgScopedId) assert.ok(res.statusCode === 404 || res.statusCode === 403, `${e.name} as org B ${role}: ${res.statusCode}`);
          assert.ok(res.statusCode < 500, `${e.name} as org B ${role}: ${res.statusCode}`);
        }
      }
      const after = await rows();
      assert.equal(after.subscriptions, before.subscriptions + 4 + 2, "only org B's own new subscriptions were added");
      assert.deepEqual([after.deleted, after.readItems, after.pending, after.inbox_items, after.outbox], [before.deleted, before.readItems, before.pending, before.inbox_items, before.outbox]);
      t.diagnostic(`cross-organisation requests: ${counts.crossOrg}`);
    });

    test("roles that may not use an endpoint are refused and store nothing", async (t) => {
      for (const e of endpoints()) {
        for (const role of ROLES) {
          if (e.allowed.includes(role)) continue;
          const before = await rows();
          const req = e.req();
          const res = await call({ ...req, headers: { ...(req.headers as object), ...h.s.a[role].headers } });
          counts.lowerRole += 1;
          assert.equal(res.statusCode, e.refused, `${e.name} as ${role}: ${res.statusCode} ${res.body}`);
          assert.deepEqual(await rows(), before, `${e.name} as ${role} stored something`);
        }
      }
      // The organisation's members see the org-wide subscription, never the analyst's own channel.
      for (const role of ["admin", "viewer", "monitor"] as const) assertNoLeak(await call({ url: "/api/subscriptions", headers: h.s.a[role].headers }), `GET subscriptions as ${role}`, [orgSubA]);
      t.diagnostic(`refused-role requests: ${counts.lowerRole}`);
    });

    test("id guessing answers 404; malformed ids 400", async (t) => {
      for (const id of [randomUUID(), subA.slice(0, -1) + (subA.endsWith("0") ? "1" : "0")]) {
        for (const [method, url] of [["PATCH", `/api/subscriptions/${id}`], ["DELETE", `/api/subscriptions/${id}`], ["POST", `/api/inbox/${id}/read`]] as const) {
          const res = await call({ method, url, headers: h.s.a.analyst.headers, ...(method === "PATCH" ? { payload: { minLevel: "watch" } } : {}) });
          counts.idGuesses += 1;
          assert.equal(res.statusCode, 404, `${method} ${url}: ${res.statusCode}`);
        }
        const res = await call({ method: "POST", url: `/api/outbox/${id}/retry`, headers: h.s.a.admin.headers });
        counts.idGuesses += 1;
        assert.equal(res.statusCode, 404);
      }
      for (const bad of ["1", "not-a-uuid", "..%2f..%2fetc%2fpasswd", "%00", "' OR 1=1 --"]) {
        const res = await call({ method: "POST", url: `/api/inbox/${bad}/read`, headers: h.s.a.analyst.headers });
        counts.idGuesses += 1;
        assert.ok([400, 404].includes(res.statusCode), `${bad}: ${res.statusCode}`);
      }
      t.diagnostic(`id guesses: ${counts.idGuesses}`);
    });

    test("injection payloads in every string field: stored verbatim or refused with 4xx, never a 5xx; no secret in responses or logs", async (t) => {
      const an = h.s.a.analyst.headers;
      const fields: [string, (p: string) => InjectOptions][] = [
        ["countries[]", (p) => ({ method: "POST", url: "/api/subscriptions", headers: an, payload: { countries: [p], minLevel: "watch" } })],
        ["region", (p) => ({ method: "POST", url: "/api/subscriptions", headers: an, payload: { region: p, minLevel: "watch" } })],
        ["minLevel", (p) => ({ method: "POST", url: "/api/subscriptions", headers: an, payload: { minLevel: p } })],
        ["scope", (p) => ({ method: "POST", url: "/api/subscriptions", headers: an, payload: { scope: p, minLevel: "watch" } })],
        ["webhook.url", (p) => ({ method: "POST", url: "/api/subscriptions", headers: an, payload: { minLevel: "watch", webhook: { url: p } } })],
        ["webhook.secret", (p) => ({ method: "POST", url: "/api/subscriptions", headers: an, payload: { minLevel: "watch", webhook: { url: "https://example.org/h", secret: `${p}-padding-to-16` } } })],
        ["email", (p) => ({ method: "POST", url: "/api/subscriptions", headers: an, payload: { minLevel: "watch", email: p } })],
        ["patch.region", (p) => ({ method: "PATCH", url: `/api/subscriptions/${subA}`, headers: an, payload: { region: p } })],
        ["inbox.limit", (p) => ({ url: `/api/inbox?limit=${encodeURIComponent(p)}`, headers: an })],
        ["inbox.unread", (p) => ({ url: `/api/inbox?unread=${encodeURIComponent(p)}`, headers: an })],
      ];
      let refused = 0;
      let stored = 0;
      for (const [field, make] of fields) {
        for (const p of PAYLOADS) {
          const before = await rows();
          const res = await call(make(p));
          counts.payloads += 1;
          assert.ok(res.statusCode < 500, `${field}=${JSON.stringify(p)}: ${res.statusCode} ${res.body}`);
          assert.match(String(res.headers["content-type"]), /^application\/json/, "answers are JSON, never HTML");
          assert.ok(!res.body.includes(SECRET_A));
          if (res.statusCode >= 400) {
            refused += 1;
            assert.deepEqual(await rows(), before, `${field}=${JSON.stringify(p)} was refused but stored something`);
          } else stored += 1;
        }
      }
      for (const s of [HOOK_A, EMAIL_A, SECRET_A]) assert.ok(!h.logs().includes(s), `logs carry ${s}`);
      const audit = await h.app.inject({ url: "/api/audit", headers: h.s.a.admin.headers });
      for (const s of [HOOK_A, EMAIL_A, SECRET_A]) assert.ok(!audit.body.includes(s), `audit log carries ${s}`);
      t.diagnostic(`payload requests: ${counts.payloads} (refused ${refused}, accepted as data ${stored})`);
      t.diagnostic(`totals: ${JSON.stringify(counts)}`);
      assert.deepEqual([counts.leaks, counts.serverErrors, counts.missingHeaders], [0, 0, 0]);
    });

    test("webhooks to loopback, private or metadata addresses are refused (SSRF), for POST and PATCH", async () => {
      const monitor = h.s.a.monitor.headers;
      const own = await call({ method: "POST", url: "/api/subscriptions", headers: monitor, payload: { minLevel: "watch" } });
      assert.equal(own.statusCode, 201, own.body);
      for (const url of ["http://127.0.0.1:5432/", "http://localhost:9000/x", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://10.1.2.3/", "http://[::ffff:7f00:1]/"]) {
        const before = await rows();
        const made = await call({ method: "POST", url: "/api/subscriptions", headers: monitor, payload: { minLevel: "watch", webhook: { url } } });
        assert.equal(made.statusCode, 400, `${url}: ${made.body}`);
        const patched = await call({ method: "PATCH", url: `/api/subscriptions/${own.json().subscription.id}`, headers: monitor, payload: { webhook: { url } } });
        assert.equal(patched.statusCode, 400, `${url}: ${patched.body}`);
        assert.deepEqual(await rows(), before, `${url} was refused but stored something`);
      }
    });
  });
}
