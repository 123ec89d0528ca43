/**
 * Issue 7's main flows end to end on every engine, then `verifyAudit` (what `tocsin audit verify`
 * runs): computed level changes, an override and its clearing, subscriptions (created, changed,
 * removed), inbox reads, deliveries sent and dead-lettered and retried, acknowledgements, response
 * options and actions (created, changed, deleted), reassessment dates. Every state change must
 * leave an audit entry, and the chain plus every audited row must still verify.
 *
 * Also: an override committed while a computation is under way is not silently superseded by it.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { createTocsin, type Tocsin } from "../app.ts";
import { loadConfig } from "../config.ts";
import { permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import type { AlertRow } from "../infra/store/alert.repository.ts";
import { AlertRepository } from "../infra/store/alert.repository.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import type { Db } from "../infra/store/database.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { alerts, datasetVersions, outbox } from "../infra/store/schema/mod.ts";
import { Keyring } from "../infra/secrets/keyring.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { clearAlertOverride, computeAlertLevels, overrideAlertLevel, type AlertDeps } from "./alert-level.service.ts";
import { recordAudit, userAuditRow, verifyAudit } from "./audit.service.ts";
import { setPublicPublisher } from "./partner.service.ts";
import {
  createSubscription, deleteSubscription, deliverOnLevelChange, listInbox, markInboxRead, retryDeadDelivery, runOutboxBatch, updateSubscription, type DeliveryDeps,
} from "./delivery.service.ts";
import { acknowledgeAlert, createAction, createOption, deleteAction, setBuiltinHidden, setReassessment, updateAction, updateOption, type ResponseDeps } from "./response.service.ts";

type User = Extract<Actor, { kind: "user" }>;
const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T12:00:00Z");

for (const engine of availableEngines()) {
  describe(`issue 7 flows keep the audit verifiable on ${engine}`, () => {
    let tocsin: Tocsin;
    let dataVersionId: number;
    let others: string[];
    const ring = Keyring.generate();
    const users: Record<string, User> = {};
    let clock = new Date(T0);
    const alertDeps = (extra: Partial<AlertDeps> = {}): AlertDeps => ({ store: tocsin.store, now: () => clock, onLevelChange: deliverOnLevelChange, ...extra });
    const deliveryDeps = (): DeliveryDeps => ({ store: tocsin.store, keyring: () => ring, now: () => clock });
    const responseDeps = (): ResponseDeps => ({ store: tocsin.store, now: () => clock });

    async function setForecast(iso3: string, rank: number, risk: number): Promise<void> {
      const order = [...others.filter((c) => c !== iso3).slice(0, rank - 1), iso3, ...others.filter((c) => c !== iso3).slice(rank - 1)];
      await tocsin.store.transaction((tx) =>
        new ForecastRepository(tx).saveRun(
          { modelId: "default", modelDescription: "test", baseYear: 2024, dataVersionId, params: {}, baselineDefinition: "t", intervals: { resamples: 0, level: 0.9, seed: 1 } },
          order.map((c, i) => ({
            countryIso3: c, horizon: "two-year", targetFrom: 2025, targetTo: 2026, risk: c === iso3 ? risk : 0.001, rank: i + 1,
            intervalLow: 0, intervalHigh: 1, score: 0, baseline: 0, contributions: {}, inputs: {},
          })),
        ),
      );
    }

    before(async () => {
      tocsin = await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: await openTestStore(engine), env: { TOCSIN_SECRET_KEY: "" } });
      const [dv] = await tocsin.store.db.insert(datasetVersions).values({ dataset: "test", source: "test", fileName: "t", sha256: randomUUID(), rowCounts: {} }).returning();
      dataVersionId = dv.id;
      others = (await new CountryRepository(tocsin.store.db).list()).map((c) => c.iso3).slice(0, 100);
      const repo = new IdentityRepository(tocsin.store.db);
      const org = randomUUID();
      await repo.insertOrganisation({ id: org, name: "org", createdAt: new Date() });
      // Its overrides set the public level (issue 16), as every override did before organisation views.
      await setPublicPublisher(tocsin.store, org, true);
      for (const role of ["admin", "analyst", "viewer", "monitor"] as Role[]) {
        const u = await repo.insertUser({ id: randomUUID(), organisationId: org, email: `${role}-${randomUUID()}@example.invalid`, displayName: role, role, passwordHash: "x", createdAt: new Date() });
        await tocsin.store.transaction((tx) => recordAudit(tx, { organisationId: org, actor: "cli", action: "user.created", entity: "user", entityId: u.id, row: userAuditRow(u), at: new Date() }));
        users[role] = { kind: "user", userId: u.id, organisationId: org, role, permissions: permissionsFor(role), via: "session" };
      }
    });
    after(async () => {
      await tocsin?.close();
    });

    test("alerts, overrides, subscriptions, deliveries, acknowledgements and actions: every change audited, audit verify green", async () => {
      const audit = new AuditRepository(tocsin.store.db);
      const entries = async () => (await audit.all()).length;
      const changes: [string, number][] = [];
      const step = async (name: string, work: () => Promise<unknown>) => {
        const before = await entries();
        await work();
        changes.push([name, (await entries()) - before]);
      };

      // Subscriptions first, so the computed change is delivered (the channels below always fail:
      // the deliveries end dead-lettered, and one is retried).
      const { analyst, admin, viewer } = users;
      let subId = "";
      await step("subscription created", async () => {
        subId = (await createSubscription(deliveryDeps(), viewer, { scope: "user", countries: ["MMR"], minLevel: "watch", webhook: { url: "https://hooks.example.org/tocsin" } })).subscription.id;
      });
      await step("org subscription created", () => createSubscription(deliveryDeps(), analyst, { scope: "organisation", countries: [], minLevel: "warning", email: "desk@example.invalid" }));
      await step("subscription updated", () => updateSubscription(deliveryDeps(), viewer, subId, { minLevel: "warning" }));

      await setForecast("MMR", 3, 0.3);
      let summary: Awaited<ReturnType<typeof computeAlertLevels>> | undefined;
      await step("levels computed", async () => {
        summary = await computeAlertLevels(alertDeps());
      });
      const mmr = summary!.changes.find((c) => c.iso3 === "MMR")!;
      assert.equal(mmr.to, "warning");

      await step("inbox read", async () => {
        const { items } = await listInbox(deliveryDeps(), viewer);
        const item = items.find((i) => i.alert.id === mmr.id)!;
        await markInboxRead(deliveryDeps(), viewer, item.id);
      });

      // Deliveries: every attempt fails (no channel succeeds); with one attempt allowed, each dies.
      const failing = { webhook: async () => ({ ok: false as const, reason: "HTTP 500" }), email: async () => ({ ok: false as const, reason: "SMTP 550" }) };
      await step("deliveries dead-lettered", () => runOutboxBatch(deliveryDeps(), failing, { retry: { baseDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 1 } }));
      const [dead] = await tocsin.store.db.select().from(outbox).where(and(eq(outbox.alertId, mmr.id), eq(outbox.status, "dead")));
      assert.ok(dead, "a dead-lettered delivery");
      await step("dead delivery retried", () => retryDeadDelivery(deliveryDeps(), admin, dead.id));
      const working = { webhook: async () => ({ ok: true as const }), email: async () => ({ ok: true as const }) };
      await step("delivery sent", async () => assert.ok((await runOutboxBatch(deliveryDeps(), working)).sent >= 1));

      await step("acknowledged", () => acknowledgeAlert(responseDeps(), analyst, mmr.id));
      let optionId = "";
      await step("option created", async () => {
        optionId = (await createOption(responseDeps(), admin, { instrument: "diplomatic", title: "Call the ambassador", levels: ["warning", "emergency"] })).id;
      });
      await step("option retired", () => updateOption(responseDeps(), admin, optionId, { retired: true }));
      await step("built-in hidden", async () => {
        const { BUILTIN_OPTIONS } = await import("../domain/response/catalogue.ts");
        await setBuiltinHidden(responseDeps(), admin, BUILTIN_OPTIONS[0].id, true);
      });
      let actionId = "";
      await step("action created", async () => {
        actionId = (await createAction(responseDeps(), analyst, mmr.id, { description: "Briefed the desk", deadline: "2026-03-10", links: ["https://example.org/minutes"] })).id;
      });
      await step("action updated", () => updateAction(responseDeps(), analyst, actionId, { status: "done", outcome: "Statement issued" }));
      await step("reassessment set", () => setReassessment(responseDeps(), analyst, mmr.id, "2026-03-20"));
      const spare = await createAction(responseDeps(), analyst, mmr.id, { description: "Mistake" });
      await step("action deleted", () => deleteAction(responseDeps(), analyst, spare.id));

      clock = new Date(T0 + DAY);
      await step("override set", () => overrideAlertLevel(alertDeps(), analyst, "MMR", { level: "emergency", reason: "Verified reports of massacres" }));
      await step("override cleared", () => clearAlertOverride(alertDeps(), analyst, "MMR"));
      await step("subscription deleted", () => deleteSubscription(deliveryDeps(), viewer, subId));

      const unaudited = changes.filter(([, n]) => n < 1).map(([name]) => name);
      assert.deepEqual(unaudited, [], `state changes without an audit entry: ${JSON.stringify(changes)}`);
      const result = await verifyAudit(tocsin.store);
      assert.equal(result.ok, true, JSON.stringify(result.firstBreak));
      assert.ok(result.rowsChecked >= summary!.changes.length + 2, `rows checked: ${result.rowsChecked}`);
    });

    test("an override committed while a computation runs is not superseded by it", async () => {
      // TUR at Watch by the rules (rank 20); the computation's snapshot of current levels is taken
      // before the override commits (simulated inside the hook of an earlier subject's change).
      await setForecast("TUR", 20, 0.03);
      clock = new Date(T0 + 2 * DAY);
      await computeAlertLevels(alertDeps());
      const [tur] = await tocsin.store.db.select().from(alerts).where(and(eq(alerts.countryIso3, "TUR"), eq(alerts.current, true)));
      assert.equal(tur.level, "watch");
      // Next run: TUR rises to Warning by the rules; meanwhile an analyst overrides it to Emergency.
      await setForecast("TUR", 5, 0.2);
      clock = new Date(T0 + 3 * DAY);
      let injected = false;
      const sneakOverride = async (tx: Db, row: AlertRow) => {
        if (injected || row.countryIso3 >= "TUR") return;
        injected = true;
        await new AlertRepository(tx).recordChange({
          id: randomUUID(), countryIso3: "TUR", situation: "", level: "emergency", previousLevel: "watch", computedLevel: "watch", explanation: "Overridden by an analyst",
          signals: [], override: { level: "emergency", reason: "field reports", by: `user:${users.analyst.userId}`, at: clock.toISOString() }, reassessOn: null, basis: {}, createdAt: clock,
        });
      };
      // Lower every other country so that some subject sorted before TUR changes and runs the hook.
      const first = others.find((c) => c < "TUR")!;
      await tocsin.store.db.update(alerts).set({ level: "emergency", computedLevel: "emergency" }).where(and(eq(alerts.countryIso3, first), eq(alerts.current, true)));
      const forced = (await tocsin.store.db.select().from(alerts).where(and(eq(alerts.countryIso3, first), eq(alerts.current, true))))[0];
      if (!forced) {
        await tocsin.store.db.insert(alerts).values({ id: randomUUID(), countryIso3: first, situation: "", level: "emergency", previousLevel: "none", computedLevel: "emergency", explanation: "x", signals: [], current: true, basis: {}, createdAt: clock });
      }
      await computeAlertLevels(alertDeps({ onLevelChange: sneakOverride }));
      assert.ok(injected, "the override was committed mid-computation");
      const [now] = await tocsin.store.db.select().from(alerts).where(and(eq(alerts.countryIso3, "TUR"), eq(alerts.current, true)));
      assert.equal(now.level, "emergency", `the override stands (got ${now.level}: ${now.explanation.slice(0, 120)})`);
      assert.equal((now.override as { reason: string } | null)?.reason, "field reports");
    });
  });
}
