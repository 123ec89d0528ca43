import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { count, eq } from "drizzle-orm";
import { countryRegistry } from "../domain/country/registry.ts";
import { gdeltExportText, gdeltUpdate } from "../infra/feeds/fixtures/gdelt-synth.ts";
import { startReplayServer, type ReplayServer } from "../infra/feeds/fixtures/replay-server.ts";
import { Keyring } from "../infra/secrets/keyring.ts";
import type { Store } from "../infra/store/database.ts";
import { auditLog, events, feeds, speechItems } from "../infra/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { bootstrapAdmin, InvalidInputError } from "./auth.service.ts";
import { ConflictError } from "./errors.ts";
import { addFeed, listFeeds, removeFeed, runDueFeeds, runFeedNow, setFeedPaused, type FeedDeps, type FeedOperator } from "./feed.service.ts";

const registry = countryRegistry();
const T0 = new Date("2026-12-07T20:16:00Z");
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

for (const engine of availableEngines()) {
  describe(`feed service on ${engine}`, () => {
    let store: Store;
    let server: ReplayServer;
    let deps: FeedDeps;
    let a: FeedOperator;
    let b: FeedOperator;
    const ring = Keyring.generate();
    const eventCount = async () => (await store.db.select({ n: count() }).from(events))[0].n;
    const audits = async (action: string) => store.db.select().from(auditLog).where(eq(auditLog.action, action));
    const text = gdeltExportText({ rows: 300, seed: 3, fips: ["BM", "SU"] });

    before(async () => {
      store = await openTestStore(engine);
      server = await startReplayServer();
      const oa = await bootstrapAdmin(store, { organisationName: "Org A", email: "a@example.org", displayName: "A", password: "correct horse battery staple" });
      const ob = await bootstrapAdmin(store, { organisationName: "Org B", email: "b@example.org", displayName: "B", password: "correct horse battery staple" });
      a = { organisationId: oa.organisationId, label: `user:${oa.user.id}`, userId: oa.user.id };
      b = { organisationId: ob.organisationId, label: "cli", userId: null };
      deps = { store, registry, keyring: () => ring, http: { fetch, sleep: async () => {} }, now: () => T0 };
      const good = gdeltUpdate(text, "20261207201500", `${server.base}/good/20261207201500.export.CSV.zip`);
      server.on("GET /good/lastupdate.txt", (_q, res) => void res.writeHead(200).end(good.lastUpdate));
      server.on("GET /good/20261207201500.export.CSV.zip", (_q, res) => void res.writeHead(200).end(good.zip));
      const tampered = Uint8Array.from(good.zip);
      tampered[100] ^= 0xff;
      const bad = gdeltUpdate(text, "20261207201500", `${server.base}/md5/20261207201500.export.CSV.zip`);
      server.on("GET /md5/lastupdate.txt", (_q, res) => void res.writeHead(200).end(bad.lastUpdate));
      server.on("GET /md5/20261207201500.export.CSV.zip", (_q, res) => void res.writeHead(200).end(tampered));
      const changed = gdeltUpdate(text.split("\n").map((l) => (l ? `${l}\textra` : l)).join("\n"), "20261207201500", `${server.base}/schema/20261207201500.export.CSV.zip`);
      server.on("GET /schema/lastupdate.txt", (_q, res) => void res.writeHead(200).end(changed.lastUpdate));
      server.on("GET /schema/20261207201500.export.CSV.zip", (_q, res) => void res.writeHead(200).end(changed.zip));
      server.on("GET /rss", (_q, res) => void res.writeHead(200).end(readFileSync(new URL("../infra/feeds/fixtures/news.rss.xml", import.meta.url))));
    });
    after(async () => {
      await server.close();
      await store.close();
    });

    test("addFeed checks every field, encrypts credentials and never shows them; feeds are the organisation's own", async () => {
      await assert.rejects(addFeed(deps, a, { name: "x", source: "gdelt", schedule: "every 5 weeks" }), (e: Error) => e instanceof InvalidInputError && e.field === "schedule");
      await assert.rejects(addFeed(deps, a, { name: "x", source: "rss", config: { url: "nope", country: "MM" } }), (e: Error) => e instanceof InvalidInputError && e.field === "config.url");
      await assert.rejects(addFeed(deps, a, { name: "x", source: "ucdp-ged-api", config: { version: "25.0.11" } }), (e: Error) => e instanceof InvalidInputError && e.field === "credentials.token");
      await assert.rejects(addFeed(deps, a, { name: "x", source: "nope" as never }), (e: Error) => e instanceof InvalidInputError && e.field === "source");
      const v = await addFeed(deps, a, { name: "ucdp", source: "ucdp-ged-api", config: { version: "25.0.11", baseUrl: server.base }, credentials: { token: "secret-token-123" } });
      assert.equal(v.hasCredentials, true);
      assert.doesNotMatch(JSON.stringify(v), /secret-token-123/);
      const [row] = await store.db.select().from(feeds).where(eq(feeds.id, v.id));
      assert.match(row.credentials!, /^v1\./);
      assert.doesNotMatch(row.credentials!, /secret-token-123/);
      await assert.rejects(addFeed(deps, a, { name: "ucdp", source: "gdelt" }), ConflictError);
      assert.deepEqual((await listFeeds(deps, b)).map((f) => f.name), []);
      await assert.rejects(setFeedPaused(deps, b, v.id, true), /was not found/);
      await removeFeed(deps, a, "ucdp");
      assert.equal((await audits("feed.added")).length, 1);
      assert.equal((await audits("feed.removed")).length, 1);
    });

    test("runDueFeeds: GDELT events written with the cursor and health; levels recomputed for the affected countries only; not due again before its slot", async () => {
      const f = await addFeed(deps, a, { name: "gdelt", source: "gdelt", config: { baseUrl: `${server.base}/good` } });
      const before = await eventCount();
      const r = await runDueFeeds(deps, T0);
      const run = r.runs.find((x) => x.feedId === f.id)!;
      assert.equal(run.status, "ok", run.error);
      assert.ok(run.rowsAdded > 20);
      assert.equal((await eventCount()) - before, run.rowsAdded);
      assert.deepEqual(run.countries, ["MMR", "SDN"]);
      const [view] = (await listFeeds({ ...deps, now: () => minutes(5) }, a)).filter((x) => x.id === f.id);
      assert.equal(view.lastSuccessAt, T0.toISOString());
      assert.equal(view.rowsAdded, run.rowsAdded);
      assert.equal(view.lastError, null);
      assert.equal(view.lagMinutes, 5);
      assert.equal(view.nextRunAt, "2026-12-07T20:30:00.000Z");
      assert.equal((await runDueFeeds(deps, minutes(5))).runs.length, 0);
      const again = await runDueFeeds(deps, minutes(15));
      assert.equal(again.runs[0].status, "ok");
      assert.equal(again.runs[0].rowsAdded, 0);
      assert.equal(again.runs[0].note, "no new GDELT file");
      await setFeedPaused(deps, a, f.id, true);
    });

    test("an MD5 mismatch writes nothing, keeps the cursor, records the error and stays scheduled; a changed layout pauses the feed; other feeds still run", async () => {
      const md5 = await addFeed(deps, a, { name: "md5", source: "gdelt", config: { baseUrl: `${server.base}/md5` } });
      const schema = await addFeed(deps, a, { name: "schema", source: "gdelt", config: { baseUrl: `${server.base}/schema` } });
      const news = await addFeed(deps, b, { name: "news", source: "rss", config: { url: `${server.base}/rss`, country: "MM", language: "en" } });
      const beforeEvents = await eventCount();
      const r = await runDueFeeds(deps, minutes(20));
      const by = new Map(r.runs.map((x) => [x.feedId, x]));
      assert.equal(by.get(md5.id)!.status, "failed");
      assert.match(by.get(md5.id)!.error!, /MD5 mismatch/);
      assert.equal(by.get(schema.id)!.status, "paused");
      assert.equal(by.get(news.id)!.status, "ok");
      assert.equal(by.get(news.id)!.rowsAdded, 2);
      assert.equal(await eventCount(), beforeEvents);
      const list = await listFeeds({ ...deps, now: () => minutes(20) }, a);
      const m = list.find((x) => x.id === md5.id)!;
      assert.equal(m.paused, false);
      assert.equal(m.lastSuccessAt, null);
      assert.match(m.lastError!, /MD5 mismatch/);
      const [md5Row] = await store.db.select().from(feeds).where(eq(feeds.id, md5.id));
      assert.equal(md5Row.cursor, null);
      const s = list.find((x) => x.id === schema.id)!;
      assert.equal(s.paused, true);
      assert.match(s.pausedReason!, /changed format: .*expected 61 tab-separated columns/);
      assert.equal((await audits("feed.paused")).filter((x) => x.entityId === schema.id).length, 1);
      // A paused feed is not run again; the news items are stored once even when pulled again.
      await runFeedNow(deps, b, "news");
      assert.equal((await store.db.select({ n: count() }).from(speechItems))[0].n, 2);
      const later = await runDueFeeds(deps, minutes(60));
      assert.ok(!later.runs.some((x) => x.feedId === schema.id));
      await setFeedPaused(deps, a, md5.id, true);
      await setFeedPaused(deps, b, news.id, true);
    });

    test("ACLED: tokens obtained and refreshed by a run are stored back, encrypted, and used by the next run", async () => {
      let issued = 0;
      const grants: string[] = [];
      server.on("POST /acled/oauth/token", (q, res) => {
        const form = new URLSearchParams(q.body);
        grants.push(form.get("grant_type")!);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: `acc-${++issued}`, refresh_token: `ref-${issued}`, expires_in: 86400 }));
      });
      server.on("GET /acled/api/acled/read", (q, res) => {
        const ok = /^Bearer acc-\d+$/.test(String(q.headers.authorization));
        res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify({ data: [] }));
      });
      const f = await addFeed(deps, a, { name: "acled", source: "acled", config: { baseUrl: `${server.base}/acled` }, credentials: { username: "me@example.org", password: "pw" } });
      const first = await runFeedNow({ ...deps, now: () => minutes(100) }, a, f.id);
      assert.equal(first.status, "ok", first.error);
      const [row] = await store.db.select().from(feeds).where(eq(feeds.id, f.id));
      // A plaintext (or merely encoded) JSON object would carry its key names.
      assert.doesNotMatch(row.credentials!, /accessToken|refreshToken|username/);
      assert.doesNotMatch(Buffer.from(row.credentials!.split(".")[4], "base64url").toString("latin1"), /accessToken|acc-1/);
      const stored = JSON.parse(ring.decrypt(row.credentials!, { table: "feeds", rowId: f.id, column: "credentials" }));
      assert.equal(stored.accessToken, "acc-1");
      assert.equal(stored.refreshToken, "ref-1");
      // A day and a half later the access token has expired: the refresh grant renews it, no password needed.
      const second = await runFeedNow({ ...deps, now: () => minutes(100 + 36 * 60) }, a, f.id);
      assert.equal(second.status, "ok", second.error);
      assert.deepEqual(grants, ["password", "refresh_token"]);
      await setFeedPaused(deps, a, f.id, true);
    });

    test("a feed silent longer than its rhythm is flagged stale and noticed once", async () => {
      const f = await addFeed(deps, a, { name: "quiet", source: "gdelt", config: { baseUrl: `${server.base}/md5` }, expectedRhythmMinutes: 30 });
      await runDueFeeds(deps, minutes(1));
      assert.equal((await listFeeds({ ...deps, now: () => minutes(20) }, a)).find((x) => x.id === f.id)!.stale, false);
      const r = await runDueFeeds(deps, minutes(45));
      assert.deepEqual(r.stale, [f.id]);
      assert.equal((await listFeeds({ ...deps, now: () => minutes(45) }, a)).find((x) => x.id === f.id)!.stale, true);
      assert.deepEqual((await runDueFeeds(deps, minutes(70))).stale, []);
      const notices = (await audits("feed.stale")).filter((x) => x.entityId === f.id);
      assert.equal(notices.length, 1);
      assert.equal(notices[0].organisationId, a.organisationId);
    });
  });
}
