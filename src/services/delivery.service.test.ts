/**
 * Alert delivery through the store, on every engine: subscriptions (validation, permissions,
 * isolation, audit, secrets encrypted at rest), the idempotent enqueue hook and the inbox, the
 * outbox worker against a local webhook receiver (signatures, retries with backoff, dead letters,
 * a crash after claim and after send, two concurrent workers on PostgreSQL), e-mail through a
 * local SMTP server, and the HTTP routes.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { SMTPServer } from "smtp-server";
import { createServer, createTocsin, type Tocsin } from "../app.ts";
import { loadConfig } from "../config.ts";
import type { AlertLevel } from "../domain/alerts/level.ts";
import { verifyWebhook, type RetryPolicy } from "../domain/delivery/delivery.ts";
import { ForbiddenError, permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { seededRandom } from "../domain/random.ts";
import { smtpSender } from "../infra/delivery/smtp.sender.ts";
import { webhookSender } from "../infra/delivery/webhook.sender.ts";
import { Keyring } from "../infra/secrets/keyring.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import { openStore, type Store } from "../infra/store/database.ts";
import { DeliveryRepository } from "../infra/store/delivery.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { alerts, outbox, subscriptions, users as userRows } from "../infra/store/schema/mod.ts";
import { availableEngines, createTestDatabase, openTestStore, type StoreEngine } from "../infra/store/testing.ts";
import { OutboxWorker } from "../interfaces/jobs/outbox-worker.ts";
import { createApiToken, InvalidInputError } from "./auth.service.ts";
import { setMyLocale } from "./user-locale.service.ts";
import {
  createSubscription, deleteSubscription, deliverOnLevelChange, enqueueAlertDeliveries, listDeadDeliveries, listInbox, listSubscriptions, markInboxRead,
  reencryptSubscriptionSecrets, retryDeadDelivery, runOutboxBatch, updateSubscription, type DeliveryDeps,
} from "./delivery.service.ts";
import { NotFoundError } from "./errors.ts";

type User = Extract<Actor, { kind: "user" }>;

// The receivers below listen on 127.0.0.1; production refuses private webhook targets (SSRF guard).
process.env.TOCSIN_WEBHOOK_ALLOW_PRIVATE = "1";

/** A local webhook receiver: counts raw POSTs and distinct delivery ids, answers with `status()`. */
class Receiver {
  posts: { headers: Record<string, string>; body: string }[] = [];
  status: () => number = () => 200;
  delayMs = 0;
  private server: Server | null = null;
  url = "";

  async start(): Promise<void> {
    this.server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.posts.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
        setTimeout(() => {
          res.statusCode = this.status();
          if (res.statusCode === 302) res.setHeader("location", "http://127.0.0.1:1/elsewhere");
          res.end();
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  distinctIds(): number {
    return new Set(this.posts.map((p) => p.headers["tocsin-delivery-id"])).size;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** A store that can be closed and opened again on the same data (a process restart). */
async function reopenableStore(engine: StoreEngine): Promise<{ open: () => Promise<Store>; dispose: () => Promise<void> }> {
  if (engine === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "tocsin-outbox-"));
    return { open: () => openStore({ dataDir: dir }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createTestDatabase(process.env.TEST_DATABASE_URL!, "tocsin_outbox");
  return { open: () => openStore({ databaseUrl: database.url }), dispose: () => database.drop() };
}

async function insertAlert(db: Store["db"], iso3: string, level: AlertLevel, previousLevel: AlertLevel, at: Date) {
  const [row] = await db
    .insert(alerts)
    .values({ id: randomUUID(), countryIso3: iso3, situation: "", level, previousLevel, computedLevel: level, explanation: `Test: ${iso3} moved to ${level}.`, signals: [], override: null, current: false, reassessOn: null, basis: {}, createdAt: at })
    .returning();
  return row;
}

async function addOrgUsers(store: Store, roles: Role[]): Promise<{ org: string; users: User[] }> {
  const repo = new IdentityRepository(store.db);
  const org = randomUUID();
  await repo.insertOrganisation({ id: org, name: org, createdAt: new Date() });
  const users: User[] = [];
  for (const role of roles) {
    const u = await repo.insertUser({ id: randomUUID(), organisationId: org, email: `${role}-${randomUUID()}@example.invalid`, displayName: role, role, passwordHash: "x", createdAt: new Date() });
    users.push({ kind: "user", userId: u.id, organisationId: org, role, permissions: permissionsFor(role), via: "session" });
  }
  return { org, users };
}

const FAST: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 4 };
const T0 = new Date("2026-03-01T12:00:00Z");

for (const engine of availableEngines()) {
  describe(`alert delivery on ${engine}`, () => {
    let tocsin: Tocsin;
    let app: FastifyInstance;
    const ring = Keyring.generate();
    let clock = T0;
    const deps = (): DeliveryDeps => ({ store: tocsin.store, keyring: () => ring, now: () => clock });
    const receiver = new Receiver();
    let analyst: User, admin: User, viewer: User, monitor: User, outsider: User;

    before(async () => {
      tocsin = await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: await openTestStore(engine), env: { TOCSIN_SECRET_KEY: "" } });
      // The routes must use the test keyring too.
      tocsin.context.protection!.keyring = () => ring;
      app = await createServer(tocsin, { logLevel: false });
      [analyst, admin, viewer, monitor] = (await addOrgUsers(tocsin.store, ["analyst", "admin", "viewer", "monitor"])).users;
      [outsider] = (await addOrgUsers(tocsin.store, ["analyst"])).users;
      await receiver.start();
    });
    after(async () => {
      await receiver.stop();
      await app?.close();
      await tocsin?.close();
    });

    async function outboxRows(alertId: string) {
      return tocsin.store.db.select().from(outbox).where(eq(outbox.alertId, alertId));
    }

    test("subscriptions: validated, own vs organisation-wide permission, isolated, audited, secret encrypted at rest", async () => {
      const { subscription, webhookSecret } = await createSubscription(deps(), viewer, { scope: "user", countries: ["sdn", "SDN", "mmr"], minLevel: "warning", webhook: { url: receiver.url } });
      assert.deepEqual(subscription.countries, ["SDN", "MMR"]);
      assert.ok(webhookSecret && webhookSecret.length >= 40, "a secret is generated and shown once");
      const [stored] = await tocsin.store.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
      assert.match(stored.webhookSecret!, /^v1\./);
      assert.ok(!stored.webhookSecret!.includes(webhookSecret!));
      assert.equal(ring.decrypt(stored.webhookSecret!, { table: "subscriptions", rowId: subscription.id, column: "webhook_secret" }), webhookSecret);

      await assert.rejects(createSubscription(deps(), viewer, { scope: "organisation", countries: [], minLevel: "watch" }), ForbiddenError);
      await assert.rejects(createSubscription(deps(), viewer, { scope: "user", countries: ["XXQ"], minLevel: "watch" }), (e) => e instanceof InvalidInputError && e.field === "countries[0]");
      await assert.rejects(createSubscription(deps(), viewer, { scope: "user", countries: [], region: "Atlantis", minLevel: "watch" }), (e) => e instanceof InvalidInputError && e.field === "region");
      await assert.rejects(createSubscription(deps(), viewer, { scope: "user", countries: [], minLevel: "watch", webhook: { url: "file:///etc/passwd" } }), (e) => e instanceof InvalidInputError && e.field === "webhook.url");

      const org = await createSubscription(deps(), analyst, { scope: "organisation", countries: [], region: "Europe", minLevel: "watch" });
      assert.equal(org.subscription.scope, "organisation");
      // The viewer sees their own and the organisation's; cannot change the organisation's.
      assert.deepEqual((await listSubscriptions(deps(), viewer)).map((s) => s.id).sort(), [subscription.id, org.subscription.id].sort());
      await assert.rejects(updateSubscription(deps(), viewer, org.subscription.id, { minLevel: "emergency" }), ForbiddenError);
      await assert.rejects(updateSubscription(deps(), monitor, subscription.id, { minLevel: "emergency" }), NotFoundError);
      await assert.rejects(updateSubscription(deps(), outsider, subscription.id, { minLevel: "emergency" }), NotFoundError);
      assert.deepEqual(await listSubscriptions(deps(), outsider), []);

      const changed = await updateSubscription(deps(), viewer, subscription.id, { minLevel: "emergency", email: "viewer@example.invalid" });
      assert.deepEqual([changed.subscription.minLevel, changed.subscription.email, changed.webhookSecret], ["emergency", "viewer@example.invalid", undefined]);
      await deleteSubscription(deps(), viewer, subscription.id);
      await assert.rejects(deleteSubscription(deps(), viewer, subscription.id), NotFoundError);
      await deleteSubscription(deps(), admin, org.subscription.id);

      const entries = (await new AuditRepository(tocsin.store.db).all()).filter((e) => e.entity === "subscription" && [subscription.id, org.subscription.id].includes(e.entityId));
      assert.deepEqual(entries.map((e) => e.action), ["subscription.created", "subscription.created", "subscription.updated", "subscription.deleted", "subscription.deleted"]);
      assert.ok(!JSON.stringify(entries).includes("viewer@example.invalid") && !JSON.stringify(entries).includes(receiver.url), "no addresses in the audit log");
    });

    test("enqueue is idempotent; matching by country and level; org-wide subscriptions reach every active member's inbox", async () => {
      const { users: [a, b, c] } = await addOrgUsers(tocsin.store, ["analyst", "viewer", "viewer"]);
      await tocsin.store.db.update(userRows).set({ disabled: true }).where(eq(userRows.id, c.userId));
      const own = await createSubscription(deps(), b, { scope: "user", countries: ["COD"], minLevel: "warning", webhook: { url: receiver.url }, email: "b@example.invalid" });
      const wide = await createSubscription(deps(), a, { scope: "organisation", countries: [], region: "Sub-Saharan Africa", minLevel: "emergency", webhook: { url: receiver.url } });
      const warn = await insertAlert(tocsin.store.db, "COD", "warning", "watch", T0);
      const written = await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, warn, T0));
      assert.equal(written, 3, "one inbox entry and two outbox rows (webhook, e-mail)");
      assert.equal(await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, warn, T0)), 0, "enqueueing again writes nothing");
      assert.deepEqual((await outboxRows(warn.id)).map((r) => `${r.subscriptionId === own.subscription.id}:${r.channel}:${r.status}`).sort(), ["true:email:pending", "true:webhook:pending"]);

      const emergency = await insertAlert(tocsin.store.db, "COD", "emergency", "warning", T0);
      // inbox: a and b (c is disabled; b matched twice but gets one entry) + outbox: own×2 + wide×1
      assert.equal(await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, emergency, T0)), 5);
      const elsewhere = await insertAlert(tocsin.store.db, "FRA", "emergency", "none", T0);
      assert.equal(await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, elsewhere, T0)), 0);

      const inboxB = await listInbox(deps(), b);
      assert.deepEqual(inboxB.items.map((i) => i.alert.level).sort(), ["emergency", "warning"]);
      assert.equal(inboxB.unread, 2);
      assert.equal(inboxB.items[0].alert.explanation.startsWith("Test: COD"), true);
      assert.equal((await listInbox(deps(), a)).items.length, 1);
      assert.equal((await listInbox(deps(), c)).items.length, 0);
      const read = await markInboxRead(deps(), b, inboxB.items[0].id);
      assert.equal(read.readAt, T0.toISOString());
      assert.equal((await listInbox(deps(), b)).unread, 1);
      assert.deepEqual((await listInbox(deps(), b, { unreadOnly: true })).items.map((i) => i.read), [false]);
      await assert.rejects(markInboxRead(deps(), a, inboxB.items[1].id), NotFoundError);
      // Leave the queue empty for the worker tests.
      await tocsin.store.db.update(outbox).set({ status: "sent" }).where(eq(outbox.status, "pending"));
      await deleteSubscription(deps(), b, own.subscription.id);
      await deleteSubscription(deps(), a, wide.subscription.id);
    });

    test("the worker signs webhooks; 500s are retried with growing backoff, then it succeeds; a tampered body fails verification", async () => {
      receiver.posts = [];
      const { users: [u] } = await addOrgUsers(tocsin.store, ["analyst"]);
      const { subscription, webhookSecret } = await createSubscription(deps(), u, { scope: "user", countries: ["SDN"], minLevel: "watch", webhook: { url: receiver.url } });
      clock = T0;
      const a = await insertAlert(tocsin.store.db, "SDN", "warning", "watch", clock);
      await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, a, clock));
      let failures = 2;
      receiver.status = () => (failures-- > 0 ? 500 : 204);
      const worker = new OutboxWorker(deps(), { webhook: webhookSender({ timeoutMs: 5000 }), email: null }, { retry: FAST, random: seededRandom(1) });

      assert.deepEqual(await worker.runOnce(), { claimed: 1, sent: 0, retried: 1, dead: 0, released: 0, lost: 0 });
      const [first] = await outboxRows(a.id);
      const d1 = first.nextAttemptAt.getTime() - clock.getTime();
      assert.ok(d1 >= 500 && d1 < 1000, `first backoff ${d1} ms`);
      assert.deepEqual([first.status, first.attempts, first.lastError], ["pending", 1, "HTTP 500"]);
      assert.equal((await worker.runOnce()).claimed, 0, "not due before the backoff ends");

      clock = first.nextAttemptAt;
      await worker.runOnce();
      const [second] = await outboxRows(a.id);
      const d2 = second.nextAttemptAt.getTime() - clock.getTime();
      assert.ok(d2 >= 1000 && d2 < 2000, `second backoff ${d2} ms`);
      clock = second.nextAttemptAt;
      assert.equal((await worker.runOnce()).sent, 1);
      const [done] = await outboxRows(a.id);
      assert.deepEqual([done.status, done.attempts, done.lastError], ["sent", 3, null]);
      assert.equal(receiver.posts.length, 3);
      assert.equal(receiver.distinctIds(), 1);

      const post = receiver.posts[2];
      assert.equal(post.headers["tocsin-delivery-id"], done.id);
      assert.equal(post.headers["tocsin-attempt"], "3");
      const headers = { timestamp: post.headers["tocsin-timestamp"], signature: post.headers["tocsin-signature"] };
      const now = Math.floor(clock.getTime() / 1000);
      assert.equal(verifyWebhook(webhookSecret!, headers, post.body, now), true);
      assert.equal(verifyWebhook(webhookSecret!, headers, post.body.replace("warning", "emergency"), now), false);
      const body = JSON.parse(post.body);
      assert.deepEqual([body.deliveryId, body.alert.level, body.alert.country.iso3, body.alert.country.name], [done.id, "warning", "SDN", "Sudan"]);
      await deleteSubscription(deps(), u, subscription.id);
    });

    test("a subscriber disabled after the alert was queued receives nothing", async () => {
      receiver.posts = [];
      receiver.status = () => 204;
      const { users: [u] } = await addOrgUsers(tocsin.store, ["viewer"]);
      const { subscription } = await createSubscription(deps(), u, { scope: "user", countries: ["TCD"], minLevel: "watch", webhook: { url: receiver.url } });
      clock = T0;
      const a = await insertAlert(tocsin.store.db, "TCD", "warning", "watch", clock);
      await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, a, clock));
      await tocsin.store.db.update(userRows).set({ disabled: true }).where(eq(userRows.id, u.userId));
      const worker = new OutboxWorker(deps(), { webhook: webhookSender({ timeoutMs: 5000 }), email: null }, { retry: FAST, random: seededRandom(3) });
      assert.deepEqual(await worker.runOnce(), { claimed: 1, sent: 0, retried: 1, dead: 0, released: 0, lost: 0 });
      assert.equal(receiver.posts.length, 0, "nothing was sent to a disabled subscriber");
      const [row] = await outboxRows(a.id);
      assert.deepEqual([row.status, row.lastError], ["pending", "subscriber disabled"]);
      await tocsin.store.db.update(outbox).set({ status: "sent" }).where(eq(outbox.alertId, a.id));
      await tocsin.store.db.update(userRows).set({ disabled: false }).where(eq(userRows.id, u.userId));
      await deleteSubscription(deps(), u, subscription.id);
    });

    test("after the last attempt a delivery is dead-lettered; admins list and retry it; redirects are not followed", async () => {
      receiver.posts = [];
      const { users: [u, boss] } = await addOrgUsers(tocsin.store, ["analyst", "admin"]);
      const { subscription } = await createSubscription(deps(), u, { scope: "user", countries: ["MMR"], minLevel: "watch", webhook: { url: receiver.url } });
      clock = T0;
      const a = await insertAlert(tocsin.store.db, "MMR", "emergency", "warning", clock);
      await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, a, clock));
      receiver.status = () => 302;
      const worker = new OutboxWorker(deps(), { webhook: webhookSender({ timeoutMs: 5000 }), email: null }, { retry: FAST, random: seededRandom(2) });
      for (let i = 0; i < FAST.maxAttempts; i++) {
        await worker.runOnce();
        clock = new Date(clock.getTime() + FAST.maxDelayMs);
      }
      assert.equal(receiver.posts.length, FAST.maxAttempts, "one POST per attempt, never the redirect target");
      assert.equal((await worker.runOnce()).claimed, 0, "dead rows are not claimed");
      const dead = await listDeadDeliveries(deps(), boss);
      assert.deepEqual(dead.map((d) => [d.alertId, d.status, d.attempts, d.lastError]), [[a.id, "dead", FAST.maxAttempts, "HTTP 302 (redirects are not followed)"]]);
      await assert.rejects(listDeadDeliveries(deps(), u), ForbiddenError);
      const { users: [otherAdmin] } = await addOrgUsers(tocsin.store, ["admin"]);
      assert.deepEqual(await listDeadDeliveries(deps(), otherAdmin), [], "another organisation sees none");
      await assert.rejects(retryDeadDelivery(deps(), otherAdmin, dead[0].id), NotFoundError);

      receiver.status = () => 200;
      const retried = await retryDeadDelivery(deps(), boss, dead[0].id);
      assert.deepEqual([retried.status, retried.attempts], ["pending", 0]);
      assert.equal((await worker.runOnce()).sent, 1);
      assert.equal(receiver.distinctIds(), 1, "the retry keeps the delivery id");
      await assert.rejects(retryDeadDelivery(deps(), boss, dead[0].id), NotFoundError);
      await deleteSubscription(deps(), u, subscription.id);
    });

    test("outbox under restart: a crash after claim, and after send, is delivered after the lease, under one delivery id", async () => {
      const rx = new Receiver();
      await rx.start();
      const place = await reopenableStore(engine);
      try {
        let storeA = await place.open();
        await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: storeA });
        const { users: [u] } = await addOrgUsers(storeA, ["analyst"]);
        let now = T0;
        const depsA: DeliveryDeps = { store: storeA, keyring: () => ring, now: () => now };
        await createSubscription(depsA, u, { scope: "user", countries: ["SYR"], minLevel: "watch", webhook: { url: rx.url } });
        const alert1 = await insertAlert(storeA.db, "SYR", "warning", "watch", now);
        await storeA.transaction((tx) => enqueueAlertDeliveries(tx, alert1, now));
        const lease = 60_000;
        const real = webhookSender({ timeoutMs: 5000 });
        // Crash 1: the worker POSTs, then the process dies before it records "sent".
        const crashing = new OutboxWorker(depsA, { webhook: async (r) => { const res = await real(r); await storeA.close(); return res; }, email: null }, { leaseMs: lease, sendTimeoutMs: 5000 });
        await assert.rejects(crashing.runOnce());
        assert.deepEqual([rx.posts.length, rx.distinctIds()], [1, 1]);

        const storeB = await place.open();
        now = new Date(T0.getTime() + lease / 2);
        const depsB: DeliveryDeps = { store: storeB, keyring: () => ring, now: () => now };
        const [claimed] = await new DeliveryRepository(storeB.db).allOutbox();
        assert.deepEqual([claimed.status, claimed.attempts], ["sending", 1], "the claim survived the crash");
        const workerB = new OutboxWorker(depsB, { webhook: real, email: null }, { leaseMs: lease, sendTimeoutMs: 5000 });
        assert.equal((await workerB.runOnce()).claimed, 0, "the lease still holds");
        now = new Date(T0.getTime() + lease + 1000);
        assert.equal((await workerB.runOnce()).sent, 1);
        assert.equal((await workerB.runOnce()).claimed, 0);
        assert.deepEqual([rx.posts.length, rx.distinctIds()], [2, 1], "sent again after the lease, with the same delivery id");

        // Crash 2: the worker claims, then dies before sending anything.
        const alert2 = await insertAlert(storeB.db, "SYR", "emergency", "warning", now);
        await storeB.transaction((tx) => enqueueAlertDeliveries(tx, alert2, now));
        await storeB.transaction((tx) => new DeliveryRepository(tx).claimDue(now, new Date(now.getTime() + lease), randomUUID(), 10));
        await storeB.close();
        storeA = await place.open();
        const depsC: DeliveryDeps = { store: storeA, keyring: () => ring, now: () => now };
        const workerC = new OutboxWorker(depsC, { webhook: real, email: null }, { leaseMs: lease, sendTimeoutMs: 5000 });
        assert.equal((await workerC.runOnce()).claimed, 0);
        now = new Date(now.getTime() + lease + 1000);
        assert.equal((await workerC.runOnce()).sent, 1);
        assert.deepEqual([rx.posts.length, rx.distinctIds()], [3, 2], "the claimed-but-unsent delivery went out exactly once");
        const rows = await new DeliveryRepository(storeA.db).allOutbox();
        assert.deepEqual(rows.map((r) => r.status), ["sent", "sent"]);
        await storeA.close();
      } finally {
        await rx.stop();
        await place.dispose();
      }
    });

    test("a graceful stop gives claimed, unsent rows back", async () => {
      const { users: [u] } = await addOrgUsers(tocsin.store, ["analyst"]);
      const { subscription } = await createSubscription(deps(), u, { scope: "user", countries: ["YEM"], minLevel: "watch", webhook: { url: receiver.url } });
      clock = T0;
      for (const level of ["watch", "warning", "emergency"] as const) await tocsin.store.transaction(async (tx) => enqueueAlertDeliveries(tx, await insertAlert(tx, "YEM", level, "none", clock), clock));
      let sends = 0;
      const result = await runOutboxBatch(deps(), { webhook: async () => ((sends += 1), { ok: true as const }), email: null }, { stopping: () => sends >= 1 });
      assert.deepEqual([result.claimed, result.sent, result.released], [3, 1, 2]);
      const rows = (await new DeliveryRepository(tocsin.store.db).allOutbox()).filter((r) => r.subscriptionId === subscription.id);
      assert.deepEqual(rows.map((r) => `${r.status}:${r.attempts}`).sort(), ["pending:0", "pending:0", "sent:1"]);
      await tocsin.store.db.update(outbox).set({ status: "sent" }).where(eq(outbox.subscriptionId, subscription.id));
    });

    test("e-mail goes through SMTP with the level and country in subject and body", async () => {
      const received: { to: string[]; raw: string }[] = [];
      const smtp = new SMTPServer({
        authOptional: true, disabledCommands: ["STARTTLS", "AUTH"], logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
      const port = (smtp.server.address() as AddressInfo).port;
      const mailer = smtpSender({ url: `smtp://127.0.0.1:${port}`, from: "Tocsin <alerts@example.invalid>", timeoutMs: 5000 });
      try {
        const { users: [u] } = await addOrgUsers(tocsin.store, ["viewer"]);
        const { subscription } = await createSubscription(deps(), u, { scope: "user", countries: ["ETH"], minLevel: "warning", email: "desk@example.invalid" });
        clock = T0;
        const a = await insertAlert(tocsin.store.db, "ETH", "emergency", "warning", clock);
        await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, a, clock));
        const worker = new OutboxWorker(deps(), { webhook: webhookSender(), email: mailer.send }, { retry: FAST });
        assert.equal((await worker.runOnce()).sent, 1);
        assert.equal(received.length, 1);
        assert.deepEqual(received[0].to, ["desk@example.invalid"]);
        const [row] = await outboxRows(a.id);
        assert.match(received[0].raw, /Subject: \[Tocsin\] Emergency: Ethiopia \(ETH\)/);
        assert.match(received[0].raw, /Alert level for Ethiopia \(ETH\): Emergency \(raised from Warning\)/);
        assert.match(received[0].raw, /Test: ETH moved to emergency\./);
        assert.match(received[0].raw, new RegExp(`Tocsin-Delivery-Id: ${row.id}`, "i"));
        assert.match(received[0].raw, new RegExp(`Message-ID: <${row.id}@tocsin.invalid>`, "i"));
        await deleteSubscription(deps(), u, subscription.id);
      } finally {
        mailer.close();
        await new Promise<void>((resolve) => smtp.close(() => resolve()));
      }
      // With the SMTP server gone the attempt fails with a code only, and is retried.
      const { users: [u2] } = await addOrgUsers(tocsin.store, ["viewer"]);
      await createSubscription(deps(), u2, { scope: "user", countries: ["SSD"], minLevel: "watch", email: "someone@example.invalid" });
      const b = await insertAlert(tocsin.store.db, "SSD", "watch", "none", clock);
      await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, b, clock));
      const gone = smtpSender({ url: `smtp://127.0.0.1:${port}`, from: "t@example.invalid", timeoutMs: 2000 });
      assert.equal((await runOutboxBatch(deps(), { webhook: webhookSender(), email: gone.send }, { retry: FAST })).retried, 1);
      gone.close();
      const [failed] = await outboxRows(b.id);
      assert.equal(failed.status, "pending");
      assert.ok(failed.lastError && !failed.lastError.includes("someone"), failed.lastError ?? "");
      await tocsin.store.db.update(outbox).set({ status: "sent" }).where(eq(outbox.id, failed.id));
    });

    test("a subscriber who chose French gets the e-mail and the inbox headline in French", async () => {
      const received: string[] = [];
      const smtp = new SMTPServer({
        authOptional: true, disabledCommands: ["STARTTLS", "AUTH"], logger: false,
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            received.push(Buffer.concat(chunks).toString("utf8"));
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
      const mailer = smtpSender({ url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: "Tocsin <alerts@example.invalid>", timeoutMs: 5000 });
      try {
        const { users: [u] } = await addOrgUsers(tocsin.store, ["viewer"]);
        await setMyLocale(tocsin.store, u, "fr", clock);
        const { subscription } = await createSubscription(deps(), u, { scope: "user", countries: ["KEN"], minLevel: "watch", email: "fr-desk@example.invalid" });
        const a = await insertAlert(tocsin.store.db, "KEN", "warning", "watch", clock);
        await tocsin.store.transaction((tx) => enqueueAlertDeliveries(tx, a, clock));
        const worker = new OutboxWorker(deps(), { webhook: webhookSender(), email: mailer.send }, { retry: FAST });
        assert.equal((await worker.runOnce()).sent, 1);
        // Non-ASCII text travels quoted-printable: decode soft breaks and =XX bytes before matching.
        const raw = Buffer.from(received[0].replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
        assert.match(raw, /Niveau d'alerte pour Kenya \(KEN\) : Avertissement \(relevé depuis Veille\)/);
        assert.match(raw, /Test: KEN moved to warning\./, "the rules' explanation is quoted as written");
        const inbox = await listInbox(deps(), u);
        const item = inbox.items.find((i) => i.alert.id === a.id)!;
        assert.equal(item.alert.lang, "fr");
        assert.equal(item.alert.levelLabel, "Avertissement");
        assert.match(item.alert.headline, /^Niveau d'alerte pour Kenya \(KEN\)/);
        await deleteSubscription(deps(), u, subscription.id);
      } finally {
        mailer.close();
        await new Promise<void>((resolve) => smtp.close(() => resolve()));
      }
    });

    test("key rotation re-encrypts webhook secrets, URLs and e-mail addresses", async () => {
      const { users: [u] } = await addOrgUsers(tocsin.store, ["analyst"]);
      const { subscription } = await createSubscription(deps(), u, { scope: "user", countries: [], minLevel: "watch", webhook: { url: receiver.url, secret: "a-secret-of-sixteen+" }, email: "rotating@x.test" });
      const next = ring.withNewCurrent(randomBytes(32));
      assert.ok((await tocsin.store.transaction((tx) => reencryptSubscriptionSecrets(tx, () => next, clock))).fields >= 3);
      const [row] = await tocsin.store.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
      for (const [column, value, clear] of [["webhook_secret", row.webhookSecret!, "a-secret-of-sixteen+"], ["webhook_url", row.webhookUrl!, receiver.url], ["email", row.email!, "rotating@x.test"]] as const) {
        assert.equal(Keyring.envelopeKeyId(value), next.currentId, column);
        assert.equal(next.onlyCurrent().decrypt(value, { table: "subscriptions", rowId: row.id, column }), clear);
      }
      await deleteSubscription(deps(), u, subscription.id);
    });

    test("HTTP: subscriptions, inbox and dead letters over the API", async () => {
      const { token } = await createApiToken(tocsin.store, analyst, { name: "t", scopes: ["alert:subscribe", "alert:subscribe-org"] });
      const auth = { authorization: `Bearer ${token}` };
      const made = await app.inject({ method: "POST", url: "/api/subscriptions", headers: auth, payload: { countries: ["AFG"], minLevel: "warning", webhook: { url: receiver.url } } });
      assert.equal(made.statusCode, 201, made.body);
      const created = made.json();
      assert.equal(typeof created.webhookSecret, "string");
      assert.equal(created.subscription.scope, "user");
      for (const payload of [{ countries: ["AFG"], minLevel: "severe" }, { minLevel: "watch", webhook: { url: "ftp://x" } }, { minLevel: "watch", email: "not-an-address" }, { minLevel: "watch", extra: 1 }]) {
        const bad = await app.inject({ method: "POST", url: "/api/subscriptions", headers: auth, payload });
        assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      }
      const patched = await app.inject({ method: "PATCH", url: `/api/subscriptions/${created.subscription.id}`, headers: auth, payload: { webhook: null } });
      assert.deepEqual([patched.statusCode, patched.json().subscription.webhook], [200, null]);
      const a = await insertAlert(tocsin.store.db, "AFG", "warning", "watch", clock);
      await tocsin.store.transaction((tx) => deliverOnLevelChange(tx, a));
      const inbox = await app.inject({ method: "GET", url: "/api/inbox?unread=true", headers: auth });
      assert.equal(inbox.statusCode, 200);
      const item = inbox.json().items.find((i: { alert: { id: string } }) => i.alert.id === a.id);
      assert.ok(item && !item.read);
      const read = await app.inject({ method: "POST", url: `/api/inbox/${item.id}/read`, headers: auth });
      assert.equal(read.statusCode, 200);
      assert.equal((await app.inject({ method: "POST", url: `/api/inbox/${randomUUID()}/read`, headers: auth })).statusCode, 404);
      assert.equal((await app.inject({ method: "GET", url: "/api/outbox/dead", headers: auth })).statusCode, 403, "analysts do not manage the outbox");
      assert.equal((await app.inject({ method: "GET", url: "/api/inbox" })).statusCode, 401);
      const del = await app.inject({ method: "DELETE", url: `/api/subscriptions/${created.subscription.id}`, headers: auth });
      assert.equal(del.statusCode, 204);
      const { token: adminToken } = await createApiToken(tocsin.store, admin, { name: "t", scopes: ["delivery:manage"] });
      const dead = await app.inject({ method: "GET", url: "/api/outbox/dead", headers: { authorization: `Bearer ${adminToken}` } });
      assert.equal(dead.statusCode, 200);
      assert.ok(Array.isArray(dead.json().deliveries));
    });
  });
}

if (availableEngines().includes("postgres")) {
  describe("outbox on PostgreSQL with two workers", () => {
    test("two concurrent workers (two connection pools) never send the same row twice", async () => {
      const rx = new Receiver();
      rx.delayMs = 3;
      await rx.start();
      const place = await reopenableStore("postgres");
      const stores: Store[] = [];
      try {
        stores.push(await place.open());
        await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: stores[0] });
        stores.push(await place.open());
        const ring = Keyring.generate();
        const now = () => T0;
        const { users: [u] } = await addOrgUsers(stores[0], ["analyst"]);
        const d0: DeliveryDeps = { store: stores[0], keyring: () => ring, now };
        for (let i = 0; i < 4; i++) await createSubscription(d0, u, { scope: "user", countries: ["SDN"], minLevel: "watch", webhook: { url: rx.url } });
        const levels: AlertLevel[] = ["watch", "warning", "emergency"];
        for (let i = 0; i < 15; i++) {
          await stores[0].transaction(async (tx) => enqueueAlertDeliveries(tx, await insertAlert(tx, "SDN", levels[i % 3], "none", T0), T0));
        }
        const workers = stores.map((store) => new OutboxWorker({ store, keyring: () => ring, now }, { webhook: webhookSender(), email: null }, { batchSize: 3 }));
        const drain = async (w: OutboxWorker) => {
          while ((await w.runOnce()).claimed > 0);
        };
        await Promise.all(workers.map(drain));
        assert.equal(rx.posts.length, 60, "one POST per row");
        assert.equal(rx.distinctIds(), 60);
        assert.equal(workers[0].totals.sent + workers[1].totals.sent, 60);
        assert.ok(workers[0].totals.sent > 0 && workers[1].totals.sent > 0, `both workers took rows: ${workers[0].totals.sent} + ${workers[1].totals.sent}`);
        const rows = await new DeliveryRepository(stores[0].db).allOutbox();
        assert.ok(rows.every((r) => r.status === "sent" && r.attempts === 1));
      } finally {
        for (const s of stores) await s.close();
        await rx.stop();
        await place.dispose();
      }
    });
  });
}
