/**
 * Alert levels through the store, on every engine: a change writes one row (and flips `current`
 * in the same transaction), an unchanged computation writes none, hysteresis holds a level through
 * the service, overrides are audited and win until cleared, the delivery hook runs inside the
 * change's transaction (its failure rolls the change back), the audit chain verifies, and the
 * public routes answer.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq, isNull } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../app.ts";
import { loadConfig } from "../config.ts";
import { ForbiddenError, permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { eventToRow, EventRepository } from "../infra/store/event.repository.ts";
import { alerts, datasetVersions } from "../infra/store/schema/mod.ts";
import { syntheticEvent } from "../domain/events/synthetic.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import type { AlertRow } from "../infra/store/alert.repository.ts";
import type { Db } from "../infra/store/database.ts";
import { clearAlertOverride, computeAlertLevels, countryAlert, listAlerts, overrideAlertLevel, type AlertDeps } from "./alert-level.service.ts";
import { recordAudit, userAuditRow, verifyAudit } from "./audit.service.ts";
import { ConflictError } from "./errors.ts";
import { setPublicPublisher } from "./partner.service.ts";

type User = Extract<Actor, { kind: "user" }>;
const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T12:00:00Z");

for (const engine of availableEngines()) {
  describe(`alert levels on ${engine}`, () => {
    let tocsin: Tocsin;
    let app: FastifyInstance;
    let dataVersionId: number;
    let others: string[];
    const actors: Record<string, User> = {};
    const hooked: { id: string; level: string; visibleInTx: boolean }[] = [];
    const deps = (day: number, extra: Partial<AlertDeps> = {}): AlertDeps => ({
      store: tocsin.store,
      now: () => new Date(T0 + day * DAY),
      onLevelChange: async (tx: Db, row: AlertRow) => {
        // The hook sees the new row as current through the transaction it is given.
        const [seen] = await tx.select().from(alerts).where(eq(alerts.id, row.id));
        hooked.push({ id: row.id, level: row.level, visibleInTx: Boolean(seen?.current) });
      },
      ...extra,
    });

    /** Stores the production forecast (same base year, so it replaces the last one): MMR at `rank`. */
    async function setForecast(rank: number, risk: number): Promise<void> {
      const order = [...others.slice(0, rank - 1), "MMR", ...others.slice(rank - 1)];
      await tocsin.store.transaction((tx) =>
        new ForecastRepository(tx).saveRun(
          { modelId: "default", modelDescription: "test", baseYear: 2024, dataVersionId, params: {}, baselineDefinition: "t", intervals: { resamples: 0, level: 0.9, seed: 1 } },
          order.map((iso3, i) => ({
            countryIso3: iso3, horizon: "two-year", targetFrom: 2025, targetTo: 2026, risk: iso3 === "MMR" ? risk : 0.001, rank: i + 1,
            intervalLow: 0, intervalHigh: 1, score: 0, baseline: 0, contributions: {}, inputs: {},
          })),
        ),
      );
    }
    const rows = async () => (await tocsin.store.db.select().from(alerts).where(and(eq(alerts.countryIso3, "MMR"), isNull(alerts.organisationId)))).sort((a, b) => +a.createdAt - +b.createdAt);

    async function addUser(organisationId: string, role: Role): Promise<User> {
      const u = await new IdentityRepository(tocsin.store.db).insertUser({ id: randomUUID(), organisationId, email: `${role}-${randomUUID()}@example.invalid`, displayName: role, role, passwordHash: "x", createdAt: new Date() });
      await tocsin.store.transaction((tx) => recordAudit(tx, { organisationId, actor: "cli", action: "user.created", entity: "user", entityId: u.id, row: userAuditRow(u), at: new Date() }));
      return { kind: "user", userId: u.id, organisationId, role, permissions: permissionsFor(role), via: "session" };
    }

    before(async () => {
      tocsin = await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: await openTestStore(engine) });
      app = await createServer(tocsin, { logLevel: false });
      const [dv] = await tocsin.store.db.insert(datasetVersions).values({ dataset: "test", source: "test", fileName: "t", sha256: randomUUID(), rowCounts: {} }).returning();
      dataVersionId = dv.id;
      others = (await new CountryRepository(tocsin.store.db).list()).map((c) => c.iso3).filter((c) => c !== "MMR").slice(0, 99);
      const org = randomUUID();
      await new IdentityRepository(tocsin.store.db).insertOrganisation({ id: org, name: "org", createdAt: new Date() });
      // This organisation's overrides set the public level (issue 16); see alert-view.service.test.ts for the others.
      await setPublicPublisher(tocsin.store, org, true);
      actors.analyst = await addUser(org, "analyst");
      actors.viewer = await addUser(org, "viewer");
    });
    after(async () => {
      await app?.close();
      await tocsin?.close();
    });

    test("a level change writes one current row, explained and audited, and calls the hook inside the transaction", async () => {
      await setForecast(5, 0.2);
      const summary = await computeAlertLevels(deps(0));
      const mmr = summary.changes.filter((c) => c.iso3 === "MMR");
      assert.deepEqual(mmr.map((c) => [c.from, c.to, c.transition]), [["none", "warning", "escalated"]]);
      // The other countries of the top 10 are at Warning, ranks 11–30 at Watch (rank alone suffices).
      assert.equal(summary.changes.filter((c) => c.to === "warning").length, 10);
      assert.equal(summary.changes.filter((c) => c.to === "watch").length, 20);
      const [row] = await rows();
      assert.equal(row.current, true);
      assert.equal(row.level, "warning");
      assert.equal(row.computedLevel, "warning");
      assert.match(row.explanation, /ranks MMR 5 of 100/);
      assert.match(row.explanation, /rank ≤ 10 \(Warning\)/);
      assert.deepEqual((row.signals as { kind: string }[]).map((s) => s.kind), ["forecast-risk"]);
      assert.equal(row.reassessOn, "2026-03-31");
      assert.ok(hooked.some((h) => h.id === row.id && h.level === "warning" && h.visibleInTx));
      const entries = (await new AuditRepository(tocsin.store.db).all()).filter((e) => e.entity === "alert" && e.entityId === row.id);
      assert.deepEqual(entries.map((e) => [e.action, e.actor, e.organisationId]), [["alert.changed", "system", null]]);
    });

    test("an unchanged computation writes no row and calls no hook", async () => {
      const before = (await rows()).length;
      const hooks = hooked.length;
      const summary = await computeAlertLevels(deps(7));
      assert.equal(summary.changes.length, 0);
      assert.equal((await rows()).length, before);
      assert.equal(hooked.length, hooks);
    });

    test("hysteresis through the service: a lower proposal is held until the dwell has passed", async () => {
      await setForecast(20, 0.03); // inside Watch, outside Warning's exit (15)
      const first = (await computeAlertLevels(deps(14))).changes.filter((c) => c.iso3 === "MMR");
      assert.equal(first.length, 0, `first lower proposal: held ${JSON.stringify(first)}`);
      const second = (await computeAlertLevels(deps(21))).changes.filter((c) => c.iso3 === "MMR");
      assert.equal(second.length, 0, `second, but only 7 days: held ${JSON.stringify(second)}`);
      const lowered = (await computeAlertLevels(deps(35))).changes.filter((c) => c.iso3 === "MMR");
      assert.deepEqual(lowered.map((c) => [c.from, c.to, c.transition]), [["warning", "watch", "de-escalated"]]);
      const all = await rows();
      assert.equal(all.length, 2);
      assert.deepEqual(all.map((r) => r.current), [false, true]);
      assert.match(all[1].explanation, /Lowered from Warning to Watch after 3 computations/);
      // A wobble back across Warning's exit threshold (rank 14) re-enters only at the entry threshold.
      await setForecast(14, 0.03);
      const wobble = (await computeAlertLevels(deps(42))).changes.filter((c) => c.iso3 === "MMR");
      assert.equal(wobble.length, 0, JSON.stringify(wobble));
    });

    test("an analyst's override wins until cleared, is audited under the analyst's organisation, and needs the permission", async () => {
      await assert.rejects(overrideAlertLevel(deps(43), actors.viewer, "MMR", { level: "emergency", reason: "x-x-x" }), ForbiddenError);
      await assert.rejects(overrideAlertLevel(deps(43), { kind: "anonymous" }, "MMR", { level: "emergency", reason: "x-x-x" }), ForbiddenError);
      const o = await overrideAlertLevel(deps(43), actors.analyst, "mmr", { level: "emergency", reason: "Verified field reports of mass killings in two townships" });
      assert.equal(o.level, "emergency");
      assert.equal(o.computedLevel, "watch");
      assert.match(o.override!.reason, /Verified field reports/);
      assert.ok(hooked.some((h) => h.id === o.id && h.level === "emergency" && h.visibleInTx));
      const entry = (await new AuditRepository(tocsin.store.db).all()).find((e) => e.entityId === o.id)!;
      assert.deepEqual([entry.action, entry.actor, entry.organisationId], ["alert.overridden", `user:${actors.analyst.userId}`, actors.analyst.organisationId]);
      assert.equal(JSON.stringify(entry.details).includes("field reports"), false, "the reason (free text) stays out of the audit details");

      assert.equal((await computeAlertLevels(deps(50))).changes.filter((c) => c.iso3 === "MMR").length, 0, "the rules do not undo an override");
      const cleared = await clearAlertOverride(deps(51), actors.analyst, "MMR");
      assert.equal(cleared.level, "watch");
      assert.equal(cleared.override, null);
      await assert.rejects(clearAlertOverride(deps(52), actors.analyst, "MMR"), ConflictError);
      const view = await countryAlert(deps(52), "MMR");
      assert.deepEqual(view.history.map((h) => h.level), ["watch", "emergency", "watch", "warning"]);
      const audit = await verifyAudit(tocsin.store);
      assert.equal(audit.ok, true, JSON.stringify(audit.firstBreak));
      assert.ok(audit.rowsChecked >= 4);
    });

    test("an override with an expiry lapses at the next computation after it", async () => {
      await overrideAlertLevel(deps(60), actors.analyst, "MMR", { level: "none", reason: "reports under review", until: new Date(T0 + 65 * DAY).toISOString() });
      assert.equal((await computeAlertLevels(deps(63))).changes.filter((c) => c.iso3 === "MMR").length, 0);
      const ended = (await computeAlertLevels(deps(66))).changes.filter((c) => c.iso3 === "MMR");
      assert.deepEqual(ended.map((c) => [c.from, c.to, c.transition]), [["none", "watch", "override-ended"]]);
    });

    test("a failing hook rolls the level change back", async () => {
      await setForecast(3, 0.3);
      const before = (await rows()).length;
      await assert.rejects(computeAlertLevels(deps(70, { onLevelChange: async () => { throw new Error("outbox down"); } })), /outbox down/);
      const after = await rows();
      assert.equal(after.length, before);
      assert.equal(after.filter((r) => r.current).length, 1);
      assert.equal(after.find((r) => r.current)!.level, "watch");
      const ok = (await computeAlertLevels(deps(71))).changes.filter((c) => c.iso3 === "MMR");
      assert.deepEqual(ok.map((c) => c.to), ["warning"]);
      // The database still holds one current row per subject.
      assert.equal((await tocsin.store.db.select().from(alerts).where(and(eq(alerts.current, true), eq(alerts.countryIso3, "MMR")))).length, 1);
    });

    test("escalations in the stored events raise the country and the region (situation) levels", async () => {
      const all = (await new CountryRepository(tocsin.store.db).list()).map((c) => c.iso3);
      const quiet = all.find((c) => c !== "MMR" && !others.includes(c))!;
      const evs = [];
      // Two small events a month for two years, then a month of mass violence against civilians.
      for (let m = 0; m < 24; m++) {
        const month = new Date(Date.UTC(2024, 2 + m, 10)).toISOString().slice(0, 10);
        for (let i = 0; i < 2; i++) evs.push(syntheticEvent({ sourceId: `q-${m}-${i}`, dateStart: month, countryIso3: quiet, countryName: quiet, admin1: "North" }));
      }
      for (let i = 0; i < 40; i++) {
        evs.push(syntheticEvent({ sourceId: `burst-${i}`, dateStart: `2026-04-${String(1 + (i % 28)).padStart(2, "0")}`, countryIso3: quiet, countryName: quiet, admin1: "North", violenceType: "one-sided", civilianTargeting: true, fatalitiesBest: 10, civilianDeaths: 10 }));
      }
      await new EventRepository(tocsin.store.db).upsert(evs.map((e) => eventToRow(e, dataVersionId)));
      const summary = await computeAlertLevels(deps(80));
      const mine = summary.changes.filter((c) => c.iso3 === quiet).sort((a, b) => a.situation.localeCompare(b.situation));
      assert.deepEqual(mine.map((c) => [c.situation, c.to]), [["", "emergency"], ["North", "emergency"]]);
      const view = await countryAlert(deps(80), quiet);
      assert.equal(view.current!.level, "emergency");
      assert.match(view.current!.explanation, /Escalation in North/);
      assert.match(view.current!.explanation, /severity ≥ critical \(Emergency\)/);
      assert.deepEqual(view.situations.map((s) => [s.situation, s.level]), [["North", "emergency"]]);
      // The country sees both detections: the national series and the region's own.
      assert.deepEqual(view.current!.signals.map((s) => [s.kind, s.situation]).sort(), [["escalation", ""], ["escalation", "North"]]);
      // 200 days on, the burst has left the 90-day window: the levels fall only after the dwell.
      assert.equal((await computeAlertLevels(deps(280))).changes.filter((c) => c.iso3 === quiet).length, 0);
      const fell = (await computeAlertLevels(deps(300))).changes.filter((c) => c.iso3 === quiet);
      assert.deepEqual(fell.map((c) => c.to), ["none", "none"]);
    });

    test("the public routes list levels, explain a country, and refuse anonymous overrides", async () => {
      const list = await app.inject({ url: "/api/alerts?level=warning" });
      assert.equal(list.statusCode, 200, list.body);
      const listed = list.json().alerts as { iso3: string; level: string }[];
      assert.ok(listed.some((a) => a.iso3 === "MMR"));
      assert.ok(listed.every((a) => a.level === "warning"));
      const all = await listAlerts(deps(72));
      assert.ok(all.length >= 30 && all.every((a) => a.level !== "none"));
      assert.deepEqual(all.map((a) => a.level), [...all.map((a) => a.level)].sort((x, y) => ["emergency", "warning", "watch"].indexOf(x) - ["emergency", "warning", "watch"].indexOf(y)), "gravest first");
      const country = await app.inject({ url: "/api/countries/mmr/alert" });
      assert.equal(country.statusCode, 200);
      assert.equal(country.json().current.level, "warning");
      assert.ok(country.json().history.length >= 5);
      assert.equal(country.json().history.some((h: Record<string, unknown>) => "by" in h), false);
      const anon = await app.inject({ method: "POST", url: "/api/countries/MMR/alert/override", payload: { level: "none", reason: "no reason" } });
      assert.equal(anon.statusCode, 401);
      assert.equal((await app.inject({ url: "/api/countries/XXX/alert" })).statusCode, 404);
      const tr = await app.inject({ url: "/api/track-record" });
      assert.equal(tr.statusCode, 200, tr.body);
      assert.equal(tr.json().backtest, null);
    });
  });
}
