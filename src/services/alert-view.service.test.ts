/**
 * Each organisation its own view (issue 16 part 1) and texts that cannot move a level someone else
 * sees (issue 14 point 8), against a real store on every engine.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { countryRegistry } from "../domain/country/registry.ts";
import { permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import type { AlertRow } from "../infra/store/alert.repository.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { datasetVersions, speechItems } from "../infra/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { clearAlertOverride, computeAlertLevels, countryAlert, organisationCountryAlert, overrideAlertLevel, type AlertDeps } from "./alert-level.service.ts";
import { recordAudit, userAuditRow, verifyAudit } from "./audit.service.ts";
import { syncCountries } from "./country.service.ts";
import { NotFoundError } from "./errors.ts";
import { setPublicPublisher } from "./partner.service.ts";
import { confirmSpeechSpike } from "./speech-confirmation.service.ts";
import { ingestSpeech, speechAlerts } from "./speech.service.ts";

type User = Extract<Actor, { kind: "user" }>;
const DAY = 86_400_000;
const registry = countryRegistry();
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

for (const engine of availableEngines()) {
  describe(`organisation views on ${engine}`, () => {
    let store: Store;
    const orgs: Record<"A" | "B" | "P", string> = { A: randomUUID(), B: randomUUID(), P: randomUUID() };
    const users: Record<string, User> = {};
    const hooked: { level: string; organisationId: string | null; iso3: string }[] = [];
    // Real time: speech items are stamped with the time they are stored.
    const deps = (): AlertDeps => ({ store, onLevelChange: async (_tx: Db, row: AlertRow) => void hooked.push({ level: row.level, organisationId: row.organisationId, iso3: row.countryIso3 }) });

    async function addUser(org: string, role: Role): Promise<User> {
      const u = await new IdentityRepository(store.db).insertUser({ id: randomUUID(), organisationId: org, email: `${role}-${randomUUID()}@example.invalid`, displayName: `${role} of ${org.slice(0, 4)}`, role, passwordHash: "x", createdAt: new Date() });
      // Users are audited rows: one written around the services would fail `verifyAudit` below.
      await store.transaction((tx) => recordAudit(tx, { organisationId: org, actor: "cli", action: "user.created", entity: "user", entityId: u.id, row: userAuditRow(u), at: new Date() }));
      return { kind: "user", userId: u.id, organisationId: org, role, permissions: permissionsFor(role), via: "session" };
    }

    before(async () => {
      store = await openTestStore(engine);
      await syncCountries(store.db, registry);
      for (const [name, id] of Object.entries(orgs)) await new IdentityRepository(store.db).insertOrganisation({ id, name: `org ${name}`, createdAt: new Date() });
      for (const o of ["A", "B", "P"] as const) {
        users[`${o}analyst`] = await addUser(orgs[o], "analyst");
        users[`${o}monitor`] = await addUser(orgs[o], "monitor");
      }
      await setPublicPublisher(store, "org P", true);
      // A forecast that puts MMR at rank 20 (Watch by rank alone); every other country far below.
      const [dv] = await store.db.insert(datasetVersions).values({ dataset: "test", source: "test", fileName: "t", sha256: randomUUID(), rowCounts: {} }).returning();
      const others = (await new CountryRepository(store.db).list()).map((c) => c.iso3).filter((c) => c !== "MMR").slice(0, 99);
      const order = [...others.slice(0, 19), "MMR", ...others.slice(19)];
      await store.transaction((tx) =>
        new ForecastRepository(tx).saveRun(
          { modelId: "default", modelDescription: "test", baseYear: 2024, dataVersionId: dv.id, params: {}, baselineDefinition: "t", intervals: { resamples: 0, level: 0.9, seed: 1 } },
          order.map((iso3, i) => ({ countryIso3: iso3, horizon: "two-year", targetFrom: 2025, targetTo: 2026, risk: 0.001, rank: i + 1, intervalLow: 0, intervalHigh: 1, score: 0, baseline: 0, contributions: {}, inputs: {} })),
        ),
      );
      await computeAlertLevels(deps());
    });
    after(async () => store?.close());

    test("organisation A's override leaves organisation B's view and the public level as they were", async () => {
      assert.equal((await countryAlert(deps(), "MMR")).current!.level, "watch");
      hooked.length = 0;
      const o = await overrideAlertLevel(deps(), users.Aanalyst, "MMR", { level: "emergency", reason: "our own field network reports killings" });
      assert.equal(o.level, "emergency");
      const a = await organisationCountryAlert(deps(), users.Aanalyst, "MMR");
      assert.deepEqual([a.current!.level, a.current!.view, a.current!.publicLevel], ["emergency", "organisation", "watch"]);
      assert.match(a.current!.difference!, /overrode it: our own field network/);
      const b = await organisationCountryAlert(deps(), users.Banalyst, "MMR");
      assert.deepEqual([b.current!.level, b.current!.view, b.current!.difference], ["watch", "public", null]);
      assert.equal((await countryAlert(deps(), "MMR")).current!.level, "watch", "the public level is unchanged");
      // Only A hears of it: the change is A's own row.
      assert.deepEqual(hooked.map((h) => [h.organisationId, h.level]), [[orgs.A, "emergency"]]);
      // The rules do not undo A's override, nor move anyone else.
      hooked.length = 0;
      const again = await computeAlertLevels(deps());
      assert.deepEqual(again.changes.filter((c) => c.iso3 === "MMR"), []);
      assert.equal((await organisationCountryAlert(deps(), users.Banalyst, "MMR")).current!.level, "watch");
      // A clears its override: its view returns to the rules (which equal the public level).
      const cleared = await clearAlertOverride(deps(), users.Aanalyst, "MMR");
      assert.equal(cleared.level, "watch");
      const audit = await verifyAudit(store);
      assert.equal(audit.ok, true, JSON.stringify(audit.firstBreak));
    });

    test("a public publisher's override sets the public level, which every organisation without its own level sees", async () => {
      await overrideAlertLevel(deps(), users.Panalyst, "MMR", { level: "warning", reason: "UN mission confirms mass displacement" });
      assert.equal((await countryAlert(deps(), "MMR")).current!.level, "warning");
      assert.equal((await organisationCountryAlert(deps(), users.Banalyst, "MMR")).current!.level, "warning");
      const entries = (await new AuditRepository(store.db).all()).filter((e) => e.action === "organisation.public-publisher-set");
      assert.deepEqual(entries.map((e) => e.entityId), [orgs.P], "the designation is audited");
      await clearAlertOverride(deps(), users.Panalyst, "MMR");
      assert.equal((await countryAlert(deps(), "MMR")).current!.level, "watch");
    });

    // ---- Issue 14 point 8 ----------------------------------------------------------------------

    const now = Date.now();
    const weekStart = (t: number) => { const d = new Date(t); const dow = (d.getUTCDay() + 6) % 7; return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - dow); };
    const spikeWeek = weekStart(now) - 7 * DAY;
    /** Eight quiet weeks (6 texts, 1 dehumanising) and a spike week (12 texts, 10 dehumanising). */
    function texts(prefix: string, country: string, shift = 0) {
      const items: Record<string, unknown>[] = [];
      for (let k = 8; k >= 0; k--) {
        const start = spikeWeek - k * 7 * DAY - shift;
        const n = k === 0 ? 12 : 6;
        for (let i = 0; i < n; i++) items.push({ id: `${prefix}-${k}-${i}`, text: i < (k === 0 ? 10 : 1) ? "these people are cockroaches" : "prices at the market rose", time: new Date(start + DAY + i * 3_600_000).toISOString(), source: "radio", country, language: "en" });
      }
      return items;
    }
    /** Stamps items as stored an hour after their own date (a monitor feeding texts as they appear). */
    const fedAsTheyCame = (org: string) => store.db.execute(sql`update ${speechItems} set created_at = ${speechItems.time}::timestamptz + interval '1 hour' where ${speechItems.organisationId} = ${org}`);

    test("ids are unique per organisation: B's text is stored although A sent the same id first", async () => {
      const a = await ingestSpeech(store, registry, users.Amonitor, [{ id: "same-id", text: "they are rats", time: new Date(now - DAY).toISOString(), source: "r", country: "ETH" }]);
      const b = await ingestSpeech(store, registry, users.Bmonitor, [{ id: "same-id", text: "market prices", time: new Date(now - DAY).toISOString(), source: "r", country: "ETH" }]);
      assert.deepEqual([a.inserted, b.inserted, b.duplicates], [1, 1, 0]);
      const again = await ingestSpeech(store, registry, users.Bmonitor, [{ id: "same-id", text: "changed", time: new Date(now - DAY).toISOString(), source: "r", country: "ETH" }]);
      assert.deepEqual([again.inserted, again.duplicates], [0, 1]);
      const rows = await store.db.select().from(speechItems).where(eq(speechItems.clientId, "same-id"));
      assert.deepEqual(rows.map((r) => [r.organisationId, r.text]).sort(), [[orgs.A, "they are rats"], [orgs.B, "market prices"]].sort());
    });

    test("every ingest is audited with organisation, count and time range, never the texts", async () => {
      const entries = (await new AuditRepository(store.db).all()).filter((e) => e.action === "speech.ingested");
      const mine = entries.filter((e) => e.organisationId === orgs.B);
      assert.equal(mine.length, 2);
      const d = mine[0].details as Record<string, unknown>;
      assert.equal(d.count, 1);
      assert.equal(d.from, new Date(new Date(now - DAY).toISOString()).toISOString());
      assert.equal(d.to, d.from);
      assert.equal((mine[1].details as Record<string, unknown>).count, 0);
      assert.equal(JSON.stringify(entries).includes("market prices"), false);
    });

    test("backdated texts do not enter spike baselines or spikes", async () => {
      // The same texts in three countries. KEN: fed as they came. TZA: five weeks older, fed as they
      // came (a real past spike). UGA: the TZA texts, all posted today (backdated by 35+ days).
      await ingestSpeech(store, registry, users.Bmonitor, texts("ken", "KEN"));
      await ingestSpeech(store, registry, users.Bmonitor, texts("tza", "TZA", 35 * DAY));
      await fedAsTheyCame(orgs.B);
      await ingestSpeech(store, registry, users.Bmonitor, texts("uga", "UGA", 35 * DAY));
      const ken = await speechAlerts(store, { country: "KEN", period: "week" });
      assert.ok(ken.some((a) => a.key === "dehumanisation" && a.period === dayOf(spikeWeek)), JSON.stringify(ken));
      const tza = await speechAlerts(store, { country: "TZA", period: "week" });
      assert.ok(tza.some((a) => a.key === "dehumanisation" && a.period === dayOf(spikeWeek - 35 * DAY)), JSON.stringify(tza));
      assert.deepEqual(await speechAlerts(store, { country: "UGA", period: "week" }), [], "backdated: no baseline, no spike");
    });

    test("a speech spike raises only the feeding organisation's view until an analyst confirms it", async () => {
      hooked.length = 0;
      await computeAlertLevels(deps());
      assert.equal((await countryAlert(deps(), "KEN")).current?.level ?? "none", "none", "public level unmoved by unconfirmed texts");
      assert.equal((await organisationCountryAlert(deps(), users.Aanalyst, "KEN")).current?.level ?? "none", "none", "nor organisation A's");
      const b = await organisationCountryAlert(deps(), users.Banalyst, "KEN");
      assert.equal(b.current!.level, "watch");
      assert.match(b.current!.difference!, /Not yet confirmed by an analyst/);
      assert.deepEqual(hooked.filter((h) => h.iso3 === "KEN").map((h) => h.organisationId), [orgs.B], "only B is told");
      // A monitor cannot confirm; an analyst can, once, and only a spike that exists.
      await assert.rejects(confirmSpeechSpike(deps(), users.Bmonitor, { country: "KEN", period: dayOf(spikeWeek), dimension: "hallmark", key: "dehumanisation", note: "x" }), /Missing permission/);
      await assert.rejects(confirmSpeechSpike(deps(), users.Banalyst, { country: "KEN", period: dayOf(spikeWeek - 7 * DAY), dimension: "hallmark", key: "dehumanisation", note: "x" }), NotFoundError);
      await confirmSpeechSpike(deps(), users.Banalyst, { country: "KEN", period: dayOf(spikeWeek), dimension: "hallmark", key: "dehumanisation", note: "checked with local partners" });
      await computeAlertLevels(deps());
      assert.equal((await countryAlert(deps(), "KEN")).current!.level, "watch", "confirmed: the public level rises");
      assert.equal((await organisationCountryAlert(deps(), users.Aanalyst, "KEN")).current!.level, "watch");
      const confirmed = (await new AuditRepository(store.db).all()).filter((e) => e.action === "speech.spike-confirmed");
      assert.deepEqual(confirmed.map((e) => e.organisationId), [orgs.B]);
    });
  });
}
