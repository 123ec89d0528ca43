/**
 * Feeds over HTTP: admin-only (every other role 403, anonymous 401), organisation-scoped (org B's
 * admin gets 404 for org A's feed), bad fields answered 400 naming the field, credentials never in
 * an answer, every change audited.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { openHarness, type Harness } from "./harness.ts";

const SECRET = "ucdp-token-never-shown-0123456789";

for (const engine of availableEngines()) {
  describe(`feeds API on ${engine}`, () => {
    let h: Harness;
    let feedId: string;
    before(async () => {
      h = await openHarness(engine);
    });
    after(async () => {
      await h?.close();
    });

    test("an admin adds a feed; the answer has its health and no credentials", async () => {
      const res = await h.app.inject({
        method: "POST", url: "/api/feeds", headers: h.s.a.admin.headers,
        payload: { name: "UCDP candidate", source: "ucdp-ged-api", config: { version: "25.0.11", baseUrl: "http://127.0.0.1:9/api" }, credentials: { token: SECRET } },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.doesNotMatch(res.body, new RegExp(SECRET));
      const feed = res.json().feed;
      feedId = feed.id;
      assert.equal(feed.hasCredentials, true);
      assert.equal(feed.schedule, "0 6 * * *");
      assert.equal(feed.lastSuccessAt, null);
      const list = await h.app.inject({ method: "GET", url: "/api/feeds", headers: h.s.a.admin.headers });
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, new RegExp(SECRET));
      assert.deepEqual(list.json().feeds.map((f: { name: string }) => f.name), ["UCDP candidate"]);
    });

    test("bad fields are 400s naming the field; nothing is stored", async () => {
      const feedCount = async () => ((await h.tocsin.store.db.execute(sql`select count(*)::int as n from feeds`)) as unknown as { rows: { n: number }[] }).rows[0].n;
      const before = await feedCount();
      for (const [payload, field] of [
        [{ name: "x", source: "rss", config: { url: "not-a-url", country: "MM" } }, "config.url"],
        [{ name: "x", source: "gdelt", schedule: "99 * * * *" }, "schedule"],
        [{ name: "x", source: "acled", credentials: { username: "u" } }, "credentials.password"],
      ] as const) {
        const res = await h.app.inject({ method: "POST", url: "/api/feeds", headers: h.s.a.admin.headers, payload });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.details?.field ?? res.json().error.field, field, res.body);
      }
      const unknownSource = await h.app.inject({ method: "POST", url: "/api/feeds", headers: h.s.a.admin.headers, payload: { name: "x", source: "twitter" } });
      assert.equal(unknownSource.statusCode, 400);
      assert.equal(await feedCount(), before);
    });

    test("only admins: other roles 403, anonymous 401, the other organisation 404", async () => {
      for (const role of ["analyst", "monitor", "viewer"] as const) {
        const res = await h.app.inject({ method: "GET", url: "/api/feeds", headers: h.s.a[role].headers });
        assert.equal(res.statusCode, 403, role);
        const run = await h.app.inject({ method: "POST", url: `/api/feeds/${feedId}/pause`, headers: h.s.a[role].headers });
        assert.equal(run.statusCode, 403, role);
      }
      assert.equal((await h.app.inject({ method: "GET", url: "/api/feeds" })).statusCode, 401);
      const other = await h.app.inject({ method: "POST", url: `/api/feeds/${feedId}/pause`, headers: h.s.b.admin.headers });
      assert.equal(other.statusCode, 404);
      const list = await h.app.inject({ method: "GET", url: "/api/feeds", headers: h.s.b.admin.headers });
      assert.deepEqual(list.json().feeds, []);
    });

    test("pause, resume, run (a refused source is recorded, not a 500), remove — each audited", async () => {
      const paused = await h.app.inject({ method: "POST", url: `/api/feeds/${feedId}/pause`, headers: h.s.a.admin.headers });
      assert.equal(paused.json().feed.paused, true);
      const resumed = await h.app.inject({ method: "POST", url: `/api/feeds/${feedId}/resume`, headers: h.s.a.admin.headers });
      assert.equal(resumed.json().feed.paused, false);
      // Port 9 (discard) refuses the connection: a transient failure, recorded on the feed.
      const run = await h.app.inject({ method: "POST", url: `/api/feeds/${feedId}/run`, headers: h.s.a.admin.headers });
      assert.equal(run.statusCode, 200, run.body);
      assert.equal(run.json().run.status, "failed");
      assert.match(run.json().run.error, /network error/);
      const del = await h.app.inject({ method: "DELETE", url: `/api/feeds/${feedId}`, headers: h.s.a.admin.headers });
      assert.equal(del.statusCode, 204);
      const actions = ((await h.tocsin.store.db.execute(sql`select action from audit_log where entity = 'feed' order by seq`)) as unknown as { rows: { action: string }[] }).rows.map((r) => r.action);
      assert.deepEqual(actions, ["feed.added", "feed.paused", "feed.resumed", "feed.run-requested", "feed.removed"]);
    });
  });
}
