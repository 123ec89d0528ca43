/**
 * Reports end to end on every engine: idempotent submission, encryption at rest, metadata-free
 * working copies and sealed originals, the verification workflow with its four-eyes rule,
 * blurred publication, API tokens, sessions, lockout, and the audit chain catching tampering.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { ReportRepository } from "../../src/infra/store/report.repository.ts";
import { distanceMeters } from "../../src/domain/reports/location.ts";
import { verifyAudit } from "../../src/services/audit.service.ts";
import { EXACT, jpegWithGps, newKey, openHarness, PASSWORD, REPORTER, reportBody, SECRET_STRINGS, signIn, type Harness } from "./harness.ts";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

for (const engine of availableEngines()) {
  describe(`reports on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await openHarness(engine);
    });
    after(async () => h?.close());

    const submit = (session: keyof Harness["s"]["a"], key: string, body = reportBody()) =>
      h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a[session].headers, "idempotency-key": key }, payload: body });

    test("a retried or replayed submission never creates a second report", async () => {
      const repo = new ReportRepository(h.tocsin.store.db);
      const key = newKey();
      const first = await submit("monitor", key);
      assert.equal(first.statusCode, 201);
      const before = await repo.counts();
      const again = await submit("monitor", key);
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers["idempotent-replayed"], "true");
      assert.equal(again.json().id, first.json().id);
      assert.deepEqual(await repo.counts(), before);
      assert.equal((await submit("monitor", key, reportBody({ description: "something else" }))).statusCode, 409, "same key, different body");
      assert.equal((await submit("analyst", key)).statusCode, 409, "same key from another user");
      const burstKey = newKey();
      const burst = await Promise.all(Array.from({ length: 6 }, () => submit("monitor", burstKey)));
      assert.deepEqual(new Set(burst.map((r) => r.json().id)).size, 1, "concurrent retries share one report");
      assert.equal(burst.filter((r) => r.statusCode === 201).length, 1);
      assert.deepEqual(await repo.counts(), { ...before, reports: before.reports + 1, attachments: before.attachments + 1 });
    });

    test("reporter identity and protected locations are encrypted at rest; no column holds them in clear", async () => {
      const res = await submit("monitor", newKey());
      const r = await h.tocsin.store.db.execute(sql`select * from reports where id = ${res.json().id}`);
      const row = ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Record<string, unknown>[])[0];
      const dump = JSON.stringify(row);
      for (const s of SECRET_STRINGS) assert.ok(!dump.includes(s), `row holds ${s} in clear`);
      assert.match(String(row.reporter_secret), /^v1\.[0-9a-f]{12}\./);
      assert.match(String(row.location_secret), /^v1\./);
      assert.equal(row.lat, null);
      const blurred = { lat: Number(row.blurred_lat), lon: Number(row.blurred_lon) };
      assert.ok(distanceMeters(EXACT, blurred) > 100, "blurred point is not the exact one");
    });

    test("images: the working copy has no EXIF/GPS; the original is kept byte for byte, content-addressed and read-only", async () => {
      const res = await submit("monitor", newKey());
      const a = res.json().attachments[0];
      const original = jpegWithGps();
      assert.equal(a.sha256, sha(original));
      const working = await h.app.inject({ url: `/api/reports/${res.json().id}/attachments/${a.id}`, headers: h.s.a.viewer.headers });
      assert.equal(working.statusCode, 200);
      assert.match(String(working.headers["content-disposition"]), /^attachment;/);
      const bytes = working.rawPayload;
      assert.equal(sha(bytes), a.workingSha256);
      for (const s of ["Exif", "GPS", "xmpmeta", ...SECRET_STRINGS]) assert.ok(!bytes.toString("latin1").includes(s), `working copy holds ${s}`);
      const orig = await h.app.inject({ url: `/api/reports/${res.json().id}/attachments/${a.id}?variant=original`, headers: h.s.a.analyst.headers });
      assert.ok(orig.rawPayload.equals(original), "original untouched");
      // On disk the original is sealed (AES-256-GCM, its own data key), content-addressed by the sealed bytes, read-only.
      const r = await h.tocsin.store.db.execute(sql`select stored_sha256, working_stored_sha256, file_key from attachments where id = ${a.id}`);
      const row = ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { stored_sha256: string; working_stored_sha256: string; file_key: string }[])[0];
      assert.match(row.file_key, /^v1\./);
      for (const stored of [row.stored_sha256, row.working_stored_sha256]) {
        const path = h.protection.blobs.path(stored);
        assert.equal(statSync(path).mode & 0o222, 0, "read-only on disk");
        const disk = readFileSync(path);
        assert.equal(sha(disk), stored);
        for (const s of ["Exif", "GPS", "JFIF", ...SECRET_STRINGS]) assert.ok(!disk.toString("latin1").includes(s), `sealed file shows ${s}`);
      }
      assert.equal((await h.app.inject({ url: `/api/reports/${res.json().id}/attachments/${a.id}?variant=original`, headers: h.s.a.viewer.headers })).statusCode, 403);
    });

    test("verification workflow: reviewer, reasons and time recorded; verified needs a second analyst; duplicates link to the original", async () => {
      const id = (await submit("monitor", newKey())).json().id;
      const review = (who: "analyst" | "analyst2", body: object) => h.app.inject({ method: "POST", url: `/api/reports/${id}/review`, headers: h.s.a[who].headers, payload: body });
      assert.equal((await review("analyst", { to: "verified", reason: "x" })).statusCode, 409, "cannot skip review");
      assert.equal((await review("analyst", { to: "under_review" })).statusCode, 200);
      const self = await review("analyst", { to: "verified", reason: "I checked" });
      assert.equal(self.statusCode, 409);
      assert.equal(self.json().error.code, "four_eyes");
      assert.equal((await review("analyst2", { to: "verified" })).statusCode, 400, "a reason is required");
      const ok = await review("analyst2", { to: "verified", reason: "two independent witnesses, satellite imagery" });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().status, "verified");
      assert.equal(ok.json().firstReviewerId, h.s.a.analyst.userId);
      const full = (await h.app.inject({ url: `/api/reports/${id}`, headers: h.s.a.viewer.headers })).json();
      assert.deepEqual(full.reviews.map((r: { toStatus: string; reviewerId: string }) => [r.toStatus, r.reviewerId]), [["under_review", h.s.a.analyst.userId], ["verified", h.s.a.analyst2.userId]]);
      assert.ok(full.reviews.every((r: { at: string }) => !Number.isNaN(Date.parse(r.at))));

      const dup = (await submit("monitor", newKey(), reportBody({ description: "same burning, second account" }))).json().id;
      await h.app.inject({ method: "POST", url: `/api/reports/${dup}/review`, headers: h.s.a.analyst2.headers, payload: { to: "under_review" } });
      const d = await h.app.inject({ method: "POST", url: `/api/reports/${dup}/review`, headers: h.s.a.analyst2.headers, payload: { to: "duplicate", reason: "same incident", duplicateOf: id } });
      assert.equal(d.json().status, "duplicate");
      assert.equal(d.json().duplicateOf, id);

      const audit = (await h.app.inject({ url: "/api/audit?limit=1000", headers: h.s.a.admin.headers })).json().entries as { action: string; entityId: string }[];
      for (const action of ["report.submitted", "report.under_review", "report.verified", "review.recorded"]) assert.ok(audit.some((e) => e.action === action), action);
      assert.ok(audit.some((e) => e.action === "report.duplicate" && e.entityId === dup));

      // Publication: verified only, blurred to the chosen precision, no people.
      assert.equal((await h.app.inject({ method: "POST", url: `/api/reports/${dup}/publish`, headers: h.s.a.analyst.headers, payload: { blurMeters: 5000 } })).statusCode, 409);
      assert.equal((await h.app.inject({ method: "POST", url: `/api/reports/${id}/publish`, headers: h.s.a.analyst.headers, payload: { blurMeters: 500 } })).statusCode, 400);
      assert.equal((await h.app.inject({ method: "POST", url: `/api/reports/${id}/publish`, headers: h.s.a.analyst.headers, payload: { blurMeters: 5000 } })).statusCode, 200);
      const pub = await h.app.inject({ url: "/api/public/reports" });
      assert.equal(pub.statusCode, 200);
      const list = pub.json().reports as { id: string; location: { lat: number; lon: number; precisionMeters: number }; occurredOn: string }[];
      assert.deepEqual(list.map((r) => r.id), [id]);
      assert.equal(list[0].location.precisionMeters, 5000);
      const moved = distanceMeters(EXACT, list[0].location);
      assert.ok(moved > 50 && moved < 5000 * 1.5, `moved ${moved} m`);
      assert.equal(list[0].occurredOn, "2026-11-20");
      for (const s of [...SECRET_STRINGS, "eyewitness", h.s.a.monitor.userId]) assert.ok(!pub.body.includes(s), `public list holds ${s}`);
    });

    test("API tokens: scoped, never wider than the role, usable without CSRF, revocable", async () => {
      const create = await h.app.inject({ method: "POST", url: "/api/tokens", headers: h.s.a.analyst.headers, payload: { name: "field sync", scopes: ["report:read", "report:create"] } });
      assert.equal(create.statusCode, 201);
      const { token, info } = create.json() as { token: string; info: { id: string } };
      assert.match(token, /^tcn_/);
      const auth = { authorization: `Bearer ${token}` };
      const posted = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...auth, "idempotency-key": newKey() }, payload: reportBody() });
      assert.equal(posted.statusCode, 201);
      const read = await h.app.inject({ url: `/api/reports/${posted.json().id}`, headers: auth });
      assert.equal("reporter" in read.json(), false, "scope without report:read-identity hides the reporter");
      assert.ok(!read.body.includes(REPORTER.name));
      assert.equal((await h.app.inject({ method: "POST", url: `/api/reports/${posted.json().id}/review`, headers: auth, payload: { to: "under_review" } })).statusCode, 403);
      assert.equal((await h.app.inject({ method: "POST", url: "/api/tokens", headers: auth, payload: { name: "x", scopes: ["report:read"] } })).statusCode, 403, "tokens cannot mint tokens without token:manage scope");
      const wider = await h.app.inject({ method: "POST", url: "/api/tokens", headers: h.s.a.viewer.headers, payload: { name: "x", scopes: ["report:create"] } });
      assert.equal(wider.statusCode, 400);
      assert.equal((await h.app.inject({ method: "DELETE", url: `/api/tokens/${info.id}`, headers: h.s.a.viewer.headers })).statusCode, 404, "others cannot revoke it");
      assert.equal((await h.app.inject({ method: "DELETE", url: `/api/tokens/${info.id}`, headers: h.s.a.analyst.headers })).statusCode, 204);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: auth })).statusCode, 401);
    });

    test("sessions: httpOnly SameSite=Strict cookie; logout revokes; five failures lock the account; sign-in is rate limited", async () => {
      const login = await h.app.inject({ method: "POST", url: "/api/auth/login", remoteAddress: "10.0.0.1", payload: { email: "viewer@b.test", password: "correct horse battery staple" } });
      const cookies = ([] as string[]).concat(login.headers["set-cookie"] as string[]);
      assert.match(cookies.find((c) => c.startsWith("tocsin_session="))!, /HttpOnly; ?|; HttpOnly/);
      assert.ok(cookies.every((c) => /SameSite=Strict/.test(c)));
      const s = await signIn(h.app, "viewer@b.test");
      assert.equal((await h.app.inject({ url: "/api/auth/me", headers: s.headers })).json().kind, "user");
      assert.equal((await h.app.inject({ method: "POST", url: "/api/auth/logout", headers: s.headers })).statusCode, 204);
      assert.equal((await h.app.inject({ url: "/api/reports", headers: s.headers })).statusCode, 401);
      const relogin = await h.app.inject({ method: "POST", url: "/api/auth/login", remoteAddress: "10.0.0.4", headers: { cookie: s.headers.cookie }, payload: { email: "viewer@b.test", password: PASSWORD } });
      assert.equal(relogin.statusCode, 200, "a stale cookie does not block signing in again");

      const attempt = (password: string, ip = "10.0.0.2") => h.app.inject({ method: "POST", url: "/api/auth/login", remoteAddress: ip, payload: { email: "monitor@b.test", password } });
      for (let i = 0; i < 4; i++) {
        const r = await attempt("wrong password");
        assert.equal(r.statusCode, 401, r.body);
      }
      const fifth = await attempt("wrong password");
      assert.equal(fifth.statusCode, 401);
      const locked = await attempt("correct horse battery staple");
      assert.equal(locked.statusCode, 401, "locked even with the right password");
      assert.deepEqual(locked.json(), fifth.json(), "a locked account answers like a wrong password");
      const unknown = await h.app.inject({ method: "POST", url: "/api/auth/login", remoteAddress: "10.0.0.3", payload: { email: "no-such-user@b.test", password: "whatever" } });
      assert.equal(unknown.statusCode, 401);
      assert.equal(unknown.json().error.message, "Wrong e-mail or password", "unknown e-mails look like wrong passwords");
      assert.deepEqual(unknown.json(), locked.json(), "unknown e-mails look like locked accounts");
      let limited = 0;
      for (let i = 0; i < 25; i++) if ((await h.app.inject({ method: "POST", url: "/api/auth/login", remoteAddress: "10.0.0.9", payload: { email: `nobody${i}@x.test`, password: "x" } })).statusCode === 429) limited += 1;
      assert.ok(limited >= 5, `rate limit hit ${limited} times`);
    });

    test("audit verify passes, then names the first broken entry when a row or an entry is altered", async () => {
      const clean = await verifyAudit(h.tocsin.store, { blobs: h.protection.blobs });
      assert.equal(clean.ok, true, JSON.stringify(clean.firstBreak));
      assert.ok(clean.rowsChecked > 5 && clean.blobsChecked > 2);
      const victim = (await h.app.inject({ url: "/api/reports", headers: h.s.a.analyst.headers })).json().reports[0].id as string;
      await h.tocsin.store.db.execute(sql`update reports set description = 'nothing happened here' where id = ${victim}`);
      const rowBroken = await verifyAudit(h.tocsin.store);
      assert.equal(rowBroken.ok, false);
      assert.equal(rowBroken.firstBreak?.entityId, victim);
      assert.match(rowBroken.firstBreak!.reason, /altered/);
      // Alter an entry around the append-only trigger, as a database superuser could.
      await h.tocsin.store.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
      const [target] = ((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))(await h.tocsin.store.db.execute(sql`select seq from audit_log order by seq limit 1 offset 3`)) as { seq: string }[];
      await h.tocsin.store.db.execute(sql`update audit_log set actor = 'user:someone-else' where seq = ${target.seq}`);
      await h.tocsin.store.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      const chainBroken = await verifyAudit(h.tocsin.store);
      assert.equal(chainBroken.firstBreak?.seq, Number(target.seq));
    });
  });
}
