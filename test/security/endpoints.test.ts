/**
 * The security suite: every protected endpoint asked unauthenticated, from another organisation
 * and from each lower role; object-id guessing; SQL-injection, XSS and path-traversal payloads in
 * every string field and file name; oversized and malformed bodies; security headers on every
 * response; and a log of the whole run grepped for the reporter fixtures. Expected: 0 leaks,
 * 0 server errors, clear 4xx answers, nothing stored from a rejected request. The counts are
 * printed as test diagnostics.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { ReportRepository } from "../../src/infra/store/report.repository.ts";
import type { Role } from "../../src/domain/identity/permissions.ts";
import { newKey, openHarness, reportBody, SECRET_STRINGS, securityProbe, type Harness, type Session } from "./harness.ts";

const SQLI = ["' OR '1'='1", "'); DROP TABLE reports; --", "1; SELECT pg_sleep(0) --", "\" OR \"\"=\""];
const XSS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)"];
const TRAVERSAL = ["../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/etc/shadow", "evidence/../../secret-keys.json"];
const PAYLOADS = [...SQLI, ...XSS, ...TRAVERSAL, "nul\u0000byte"];

for (const engine of availableEngines()) {
  describe(`security suite on ${engine}`, () => {
    let h: Harness;
    let reportA: string;
    let attachmentA: string;
    let reportB: string;
    const { counts, call, assertNoLeak: noLeak } = securityProbe(() => h, { malformed: 0 });

    /** A body must not carry protected strings unless the caller is allowed them. */
    function assertNoLeak(res: LightMyRequestResponse, what: string, extra: string[] = []): void {
      noLeak(res, what, [...SECRET_STRINGS, ...extra]);
    }

    before(async () => {
      h = await openHarness(engine);
      const a = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody() });
      assert.equal(a.statusCode, 201, a.body);
      reportA = a.json().id;
      attachmentA = a.json().attachments[0].id;
      // Org B's report has its own reporter: org B analysts legitimately see that one, never org A's.
      const b = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.b.monitor.headers, "idempotency-key": newKey() }, payload: reportBody({ reporter: { name: "Org B reporter", contact: "+1 555 0100" }, location: { lat: -3.5, lon: 29.9, precisionMeters: 100, protect: true } }) });
      reportB = b.json().id;
    });
    after(async () => {
      await h?.close();
    });

    /** Endpoints behind authentication, with the roles (of org A) allowed to use them. */
    function endpoints(): { name: string; req: () => InjectOptions; allowed: Role[]; orgScopedId: boolean }[] {
      return [
        { name: "GET /api/reports", req: () => ({ method: "GET", url: "/api/reports" }), allowed: ["admin", "analyst", "viewer", "monitor"], orgScopedId: false },
        { name: "GET /api/reports/:id", req: () => ({ method: "GET", url: `/api/reports/${reportA}` }), allowed: ["admin", "analyst", "viewer", "monitor"], orgScopedId: true },
        { name: "POST /api/reports", req: () => ({ method: "POST", url: "/api/reports", headers: { "idempotency-key": newKey() }, payload: reportBody({ attachments: [], reporter: { name: "Matrix reporter" }, location: undefined }) }), allowed: ["analyst", "monitor"], orgScopedId: false },
        { name: "POST /api/reports/:id/review", req: () => ({ method: "POST", url: `/api/reports/${reportA}/review`, payload: { to: "under_review" } }), allowed: ["analyst"], orgScopedId: true },
        { name: "POST /api/reports/:id/publish", req: () => ({ method: "POST", url: `/api/reports/${reportA}/publish`, payload: { blurMeters: 5000 } }), allowed: ["analyst"], orgScopedId: true },
        { name: "GET attachment (working)", req: () => ({ method: "GET", url: `/api/reports/${reportA}/attachments/${attachmentA}` }), allowed: ["admin", "analyst", "viewer", "monitor"], orgScopedId: true },
        { name: "GET attachment (original)", req: () => ({ method: "GET", url: `/api/reports/${reportA}/attachments/${attachmentA}?variant=original` }), allowed: ["analyst"], orgScopedId: true },
        { name: "GET /api/users", req: () => ({ method: "GET", url: "/api/users" }), allowed: ["admin"], orgScopedId: false },
        { name: "GET /api/me", req: () => ({ method: "GET", url: "/api/me" }), allowed: ["admin", "analyst", "viewer", "monitor"], orgScopedId: false },
        { name: "PATCH /api/me", req: () => ({ method: "PATCH", url: "/api/me", payload: { locale: "fr" } }), allowed: ["admin", "analyst", "viewer", "monitor"], orgScopedId: false },
        { name: "POST /api/users", req: () => ({ method: "POST", url: "/api/users", payload: { email: `u${randomUUID().slice(0, 8)}@a.test`, displayName: "New", role: "viewer", password: "a long enough password" } }), allowed: ["admin"], orgScopedId: false },
        { name: "GET /api/tokens", req: () => ({ method: "GET", url: "/api/tokens" }), allowed: ["admin", "analyst", "viewer", "monitor"], orgScopedId: false },
        { name: "POST /api/tokens", req: () => ({ method: "POST", url: "/api/tokens", payload: { name: "t", scopes: ["token:manage"] } }), allowed: ["admin", "analyst", "viewer", "monitor"], orgScopedId: false },
        { name: "GET /api/audit", req: () => ({ method: "GET", url: "/api/audit" }), allowed: ["admin", "analyst"], orgScopedId: false },
        // Alert levels are global; overriding one is for analysts only (and never shows reports).
        { name: "POST /api/countries/:iso3/alert/override", req: () => ({ method: "POST", url: "/api/countries/MMR/alert/override", payload: { level: "watch", reason: "matrix override" } }), allowed: ["analyst"], orgScopedId: false },
        { name: "DELETE /api/countries/:iso3/alert/override", req: () => ({ method: "DELETE", url: "/api/countries/MMR/alert/override" }), allowed: ["analyst"], orgScopedId: false },
        // Cooperation (issue 16): each organisation's own view, partners, sharing, spike confirmation.
        { name: "GET /api/org/alerts", req: () => ({ method: "GET", url: "/api/org/alerts" }), allowed: ["admin", "analyst", "viewer", "monitor"], orgScopedId: false },
        { name: "GET /api/partners", req: () => ({ method: "GET", url: "/api/partners" }), allowed: ["admin", "analyst", "viewer"], orgScopedId: false },
        { name: "GET /api/shares/incoming", req: () => ({ method: "GET", url: "/api/shares/incoming" }), allowed: ["admin", "analyst", "viewer"], orgScopedId: false },
        { name: "POST /api/shares", req: () => ({ method: "POST", url: "/api/shares", payload: { itemType: "report", itemId: reportA, recipients: [], publish: true } }), allowed: ["analyst"], orgScopedId: true },
        { name: "POST /api/speech/spikes/confirmations", req: () => ({ method: "POST", url: "/api/speech/spikes/confirmations", payload: { country: "MMR", period: "2026-11-30", dimension: "hallmark", key: "dehumanisation", note: "matrix confirm" } }), allowed: ["analyst"], orgScopedId: false },
      ];
    }

    test("unauthenticated requests get 401 on every protected endpoint and nothing is stored", async (t) => {
      const before = await new ReportRepository(h.tocsin.store.db).counts();
      for (const e of endpoints()) {
        for (const cookie of [undefined, "tocsin_session=forged-session-token"]) {
          const res = await call({ ...e.req(), headers: { ...(e.req().headers as object), ...(cookie ? { cookie } : {}) } });
          counts.unauthenticated += 1;
          assert.equal(res.statusCode, 401, `${e.name} ${cookie ?? "no cookie"}: ${res.body}`);
          assert.equal(res.json().error.code, "unauthenticated");
          assertNoLeak(res, e.name, [reportA]);
        }
        const bearer = await call({ ...e.req(), headers: { ...(e.req().headers as object), authorization: "Bearer tcn_forged" } });
        counts.unauthenticated += 1;
        assert.equal(bearer.statusCode, 401, e.name);
      }
      assert.deepEqual(await new ReportRepository(h.tocsin.store.db).counts(), before);
      t.diagnostic(`unauthenticated requests: ${counts.unauthenticated}`);
    });

    test("another organisation's users never see or change org A's objects", async (t) => {
      const before = await new ReportRepository(h.tocsin.store.db).counts();
      for (const e of endpoints()) {
        for (const role of ["admin", "analyst", "viewer", "monitor"] as Role[]) {
          const session = h.s.b[role];
          const req = e.req();
          const res = await call({ ...req, headers: { ...(req.headers as object), ...session.headers } });
          counts.crossOrg += 1;
          // Ids the caller put in the URL may be echoed in "not found"; any other appearance is a leak.
          const echoed = (id: string) => String(req.url).includes(id);
          const body = res.body.replaceAll(echoed(reportA) ? reportA : "\u0000", "ID").replaceAll(echoed(attachmentA) ? attachmentA : "\u0000", "ID");
          assertNoLeak({ ...res, body } as LightMyRequestResponse, `${e.name} as org B ${role}`, [reportA, attachmentA]);
          if (e.orgScopedId) assert.ok(res.statusCode === 404 || res.statusCode === 403, `${e.name} as org B ${role}: ${res.statusCode}`);
        }
      }
      const after = await new ReportRepository(h.tocsin.store.db).counts();
      assert.equal(after.reviews, before.reviews, "no review of org A's report was recorded by org B");
      const still = await h.app.inject({ url: `/api/reports/${reportA}`, headers: h.s.a.analyst.headers });
      assert.equal(still.json().status, "received");
      assert.equal(still.json().published, false);
      t.diagnostic(`cross-organisation requests: ${counts.crossOrg}`);
    });

    test("lower roles are refused with 403 (monitors get 404 for others' reports) and their requests store nothing", async (t) => {
      for (const e of endpoints()) {
        for (const role of ["admin", "analyst", "viewer", "monitor"] as Role[]) {
          if (e.allowed.includes(role)) continue;
          const before = await new ReportRepository(h.tocsin.store.db).counts();
          const req = e.req();
          const res = await call({ ...req, headers: { ...(req.headers as object), ...h.s.a[role].headers } });
          counts.lowerRole += 1;
          assert.ok([403, 404].includes(res.statusCode), `${e.name} as ${role}: ${res.statusCode} ${res.body}`);
          assertNoLeak(res, `${e.name} as ${role}`);
          assert.deepEqual(await new ReportRepository(h.tocsin.store.db).counts(), before, `${e.name} as ${role} stored something`);
        }
      }
      t.diagnostic(`lower-role requests: ${counts.lowerRole}`);
    });

    test("who sees what: identity and exact location only for analysts; admins and viewers get blurred, identity-free views", async () => {
      for (const role of ["admin", "viewer"] as Role[]) {
        const res = await call({ url: `/api/reports/${reportA}`, headers: h.s.a[role].headers });
        assert.equal(res.statusCode, 200);
        assertNoLeak(res, `GET report as ${role}`);
        assert.equal(res.json().location.exact, false);
        assert.equal("reporter" in res.json(), false);
      }
      const mine = await call({ url: `/api/reports/${reportA}`, headers: h.s.a.monitor.headers });
      assert.equal(mine.statusCode, 200, "a monitor reads their own report");
      assertNoLeak(mine, "GET own report as monitor");
      const analyst = await call({ url: `/api/reports/${reportA}`, headers: h.s.a.analyst.headers });
      assert.equal(analyst.json().reporter.name, "Aung Kyaw Moe-Witness");
      assert.equal(analyst.json().location.exact, true);
      const list = await call({ url: "/api/reports", headers: h.s.a.viewer.headers });
      assertNoLeak(list, "list as viewer");
      const other = await call({ url: "/api/reports", headers: h.s.a.monitor.headers });
      const seen = (other.json().reports as { submittedBy: string }[]).map((r) => r.submittedBy);
      assert.ok(seen.every((id) => id === h.s.a.monitor.userId), "monitor lists only own reports");
    });

    test("object-id guessing: random, neighbouring and other-organisation ids all answer 404, malformed ids 400", async (t) => {
      const guesses = [randomUUID(), randomUUID(), reportB, reportA.slice(0, -1) + (reportA.endsWith("0") ? "1" : "0"), attachmentA];
      for (const id of guesses) {
        for (const path of [`/api/reports/${id}`, `/api/reports/${id}/attachments/${attachmentA}`, `/api/reports/${reportA}/attachments/${id === attachmentA ? randomUUID() : id}`]) {
          const res = await call({ url: path, headers: h.s.a.analyst.headers });
          counts.idGuesses += 1;
          assert.equal(res.statusCode, 404, `${path}: ${res.statusCode}`);
          // An existing id of another organisation must be indistinguishable from a random one.
          const shape = JSON.stringify(res.json()).replaceAll(id, "ID").replace(/"(report|attachment|attachment working copy)"/g, "E");
          assert.ok(!shape.includes("Org B") && !shape.includes("+1 555"), path);
          assertNoLeak(res, path);
        }
      }
      for (const bad of ["1", "not-a-uuid", "..%2f..%2fetc%2fpasswd", "%00", "' OR 1=1 --"]) {
        const res = await call({ url: `/api/reports/${bad}`, headers: h.s.a.analyst.headers });
        counts.idGuesses += 1;
        assert.ok([400, 404].includes(res.statusCode), `${bad}: ${res.statusCode}`);
      }
      t.diagnostic(`id guesses: ${counts.idGuesses}`);
    });

    test("injection and traversal payloads in every string field and file name: stored verbatim as data or refused with 4xx, never executed", async (t) => {
      const repo = new ReportRepository(h.tocsin.store.db);
      const fields: [string, (p: string) => Record<string, unknown>][] = [
        ["description", (p) => ({ description: p })],
        ["targetedGroup", (p) => ({ targetedGroup: p })],
        ["location.adminArea", (p) => ({ location: { lat: 1, lon: 1, precisionMeters: 10, adminArea: p, protect: false } })],
        ["location.countryIso3", (p) => ({ location: { lat: 1, lon: 1, precisionMeters: 10, countryIso3: p, protect: false } })],
        ["sources.description", (p) => ({ sources: [{ kind: "media", description: p }] })],
        ["sources.url", (p) => ({ sources: [{ kind: "media", url: p }] })],
        ["reporter.name", (p) => ({ reporter: { name: p } })],
        ["reporter.contact", (p) => ({ reporter: { contact: p } })],
        ["occurred.from", (p) => ({ occurred: { from: p, precision: "day" } })],
        ["perpetratorType", (p) => ({ perpetratorType: p })],
        ["attachments.fileName", (p) => ({ attachments: [{ fileName: p, mediaType: "text/plain", data: Buffer.from("note").toString("base64") }] })],
        ["attachments.mediaType", (p) => ({ attachments: [{ fileName: "a.txt", mediaType: p, data: Buffer.from("note").toString("base64") }] })],
      ];
      let stored = 0;
      let refused = 0;
      for (const [field, make] of fields) {
        for (const p of PAYLOADS) {
          const before = await repo.counts();
          const res = await call({ method: "POST", url: "/api/reports", headers: { ...h.s.a.analyst.headers, "idempotency-key": newKey() }, payload: reportBody({ attachments: [], ...make(p) }) });
          counts.payloads += 1;
          assert.ok(res.statusCode === 201 || (res.statusCode >= 400 && res.statusCode < 500), `${field}=${JSON.stringify(p)}: ${res.statusCode} ${res.body}`);
          assert.match(String(res.headers["content-type"]), /^application\/json/, "answers are JSON, never HTML");
          const afterCounts = await repo.counts();
          if (res.statusCode === 201) {
            stored += 1;
            assert.equal(afterCounts.reports, before.reports + 1);
            // Round trip: the payload comes back exactly as data.
            const back = await h.app.inject({ url: `/api/reports/${res.json().id}`, headers: h.s.a.analyst.headers });
            assert.ok(back.body.includes(JSON.stringify(p).slice(1, -1)) || field === "occurred.from", `${field} not stored verbatim`);
          } else {
            refused += 1;
            assert.ok(res.json().error.code, "clear error code");
            assert.deepEqual(afterCounts, before, `${field}=${JSON.stringify(p)} was refused but stored something`);
          }
        }
      }
      // Payloads in the other endpoints' string fields.
      const others: [string, (p: string) => InjectOptions][] = [
        ["login.email", (p) => ({ method: "POST", url: "/api/auth/login", payload: { email: p, password: "x" } })],
        ["login.password", (p) => ({ method: "POST", url: "/api/auth/login", payload: { email: "admin@a.test", password: p } })],
        ["users.email", (p) => ({ method: "POST", url: "/api/users", headers: h.s.a.admin.headers, payload: { email: p, displayName: "x", role: "viewer", password: "a long enough password" } })],
        ["users.displayName", (p) => ({ method: "POST", url: "/api/users", headers: h.s.a.admin.headers, payload: { email: `x${randomUUID().slice(0, 6)}@a.test`, displayName: p, role: "viewer", password: "a long enough password" } })],
        ["tokens.name", (p) => ({ method: "POST", url: "/api/tokens", headers: h.s.a.viewer.headers, payload: { name: p, scopes: ["report:read"] } })],
        ["review.reason", (p) => ({ method: "POST", url: `/api/reports/${reportB}/review`, headers: h.s.a.analyst.headers, payload: { to: "under_review", reason: p } })],
        ["reports.status", (p) => ({ url: `/api/reports?status=${encodeURIComponent(p)}`, headers: h.s.a.analyst.headers })],
        ["attachment.variant", (p) => ({ url: `/api/reports/${reportA}/attachments/${attachmentA}?variant=${encodeURIComponent(p)}`, headers: h.s.a.analyst.headers })],
        ["idempotency-key", (p) => ({ method: "POST", url: "/api/reports", headers: { ...h.s.a.analyst.headers, "idempotency-key": p.replace(/[^\x20-\x7e]/g, "?") }, payload: reportBody({ attachments: [] }) })],
        ["path id", (p) => ({ url: `/api/reports/${encodeURIComponent(p)}`, headers: h.s.a.analyst.headers })],
      ];
      for (const [field, make] of others) {
        for (const p of PAYLOADS) {
          const before = await repo.counts();
          const res = await call(make(p));
          counts.payloads += 1;
          assert.ok(res.statusCode < 500, `${field}=${JSON.stringify(p)}: ${res.statusCode} ${res.body}`);
          if (res.statusCode >= 400) assert.deepEqual(await repo.counts(), before, `${field} refused but stored`);
          assertNoLeak(res, field, ["Org B reporter", "+1 555 0100"]);
        }
      }
      // The tables survived every payload.
      assert.ok((await repo.counts()).reports >= 2);
      t.diagnostic(`payload requests: ${counts.payloads} (report fields: ${stored} stored verbatim, ${refused} refused with 4xx)`);
    });

    test("oversized and malformed bodies are refused with 4xx and store nothing", async (t) => {
      const repo = new ReportRepository(h.tocsin.store.db);
      const before = await repo.counts();
      const headers = { ...h.s.a.analyst.headers, "idempotency-key": newKey() };
      const cases: [string, InjectOptions, number][] = [
        ["body over 30 MiB", { method: "POST", url: "/api/reports", headers: { ...headers, "content-type": "application/json" }, payload: `{"description":"${"x".repeat(31 * 1024 * 1024)}"}` }, 413],
        ["login body over 1 MiB", { method: "POST", url: "/api/auth/login", headers: { "content-type": "application/json" }, payload: `{"email":"${"x".repeat(1024 * 1024 + 10)}"}` }, 413],
        ["truncated JSON", { method: "POST", url: "/api/reports", headers: { ...headers, "content-type": "application/json" }, payload: '{"description": "x", ' }, 400],
        ["not JSON", { method: "POST", url: "/api/reports", headers: { ...headers, "content-type": "application/json" }, payload: "description=x" }, 400],
        ["wrong content type", { method: "POST", url: "/api/reports", headers: { ...headers, "content-type": "application/xml" }, payload: "<r/>" }, 415],
        ["array body", { method: "POST", url: "/api/reports", headers, payload: [] as unknown as string }, 400],
        ["unknown field", { method: "POST", url: "/api/reports", headers, payload: reportBody({ organisationId: randomUUID() }) }, 400],
        ["missing Idempotency-Key", { method: "POST", url: "/api/reports", headers: h.s.a.analyst.headers, payload: reportBody() }, 400],
        ["negative victims", { method: "POST", url: "/api/reports", headers, payload: reportBody({ victims: { killed: -1 } }) }, 400],
        ["latitude off the globe", { method: "POST", url: "/api/reports", headers, payload: reportBody({ location: { lat: 91, lon: 0, precisionMeters: 1, protect: false } }) }, 400],
        ["attachment not base64", { method: "POST", url: "/api/reports", headers, payload: reportBody({ attachments: [{ fileName: "a.jpg", mediaType: "image/jpeg", data: "@@@" }] }) }, 400],
        ["attachment claims JPEG but is not", { method: "POST", url: "/api/reports", headers, payload: reportBody({ attachments: [{ fileName: "a.jpg", mediaType: "image/jpeg", data: Buffer.from("<html>").toString("base64") }] }) }, 400],
        ["PDF that is a JPEG", { method: "POST", url: "/api/reports", headers, payload: reportBody({ attachments: [{ fileName: "a.pdf", mediaType: "application/pdf", data: reportBodyJpeg() }] }) }, 400],
        ["truncated JPEG", { method: "POST", url: "/api/reports", headers, payload: reportBody({ attachments: [{ fileName: "a.jpg", mediaType: "image/jpeg", data: Buffer.from(reportBodyJpeg(), "base64").subarray(0, 40).toString("base64") }] }) }, 400],
        ["eleven attachments", { method: "POST", url: "/api/reports", headers, payload: reportBody({ attachments: Array.from({ length: 11 }, (_, i) => ({ fileName: `n${i}.txt`, mediaType: "text/plain", data: "eA==" })) }) }, 400],
        ["missing CSRF token", { method: "POST", url: "/api/reports", headers: { cookie: h.s.a.analyst.headers.cookie, "idempotency-key": newKey() }, payload: reportBody() }, 403],
        ["wrong CSRF token", { method: "POST", url: "/api/reports", headers: { cookie: h.s.a.analyst.headers.cookie, "x-csrf-token": "guess", "idempotency-key": newKey() }, payload: reportBody() }, 403],
      ];
      for (const [name, req, status] of cases) {
        const res = await call(req);
        counts.malformed += 1;
        assert.equal(res.statusCode, status, `${name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        assert.ok(res.json().error.code, `${name}: error code`);
      }
      assert.deepEqual(await repo.counts(), before);
      t.diagnostic(`malformed/oversized requests: ${counts.malformed}`);
    });

    test("security headers on every response, public and error ones included", async () => {
      for (const url of ["/api/public/reports", "/api/auth/me", "/api/nothing", `/api/reports/${reportA}`, "/api/openapi.json"]) await call({ url });
      assert.equal(counts.missingHeaders, 0);
    });

    test("the suite's totals: 0 leaks, 0 server errors, 0 responses without security headers", (t) => {
      t.diagnostic(`SECURITY SUITE (${engine}): ${JSON.stringify(counts)}`);
      assert.equal(counts.leaks, 0);
      assert.equal(counts.serverErrors, 0);
      assert.equal(counts.missingHeaders, 0);
      assert.ok(counts.requests > 300, `only ${counts.requests} requests`);
    });

    test("the log of the whole run carries no reporter name, phone or coordinates", async () => {
      await new Promise((r) => setTimeout(r, 50));
      const logs = h.logs();
      assert.ok(logs.includes("/api/reports"), "logs were captured");
      for (const s of SECRET_STRINGS) assert.ok(!logs.includes(s), `log leaked ${s}`);
      for (const s of ["admin@a.test", "correct horse", "tocsin_session=", "tcn_"]) assert.ok(!logs.includes(s), `log leaked ${s}`);
    });
  });
}

function reportBodyJpeg(): string {
  return (reportBody().attachments as { data: string }[])[0].data;
}
