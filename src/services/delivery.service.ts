/**
 * Alert delivery use cases (issue 7, part 2): subscriptions (a user's own, or organisation-wide),
 * the in-app inbox, the hook that turns a level change into deliveries, and the outbox worker's
 * batch: claim due rows, send each on its channel, record the outcome.
 *
 * Delivery guarantee, stated plainly: at-least-once with an idempotency key. An outbox row is
 * written in the same transaction as its alert, so no alert is lost; a row is marked sent only
 * after its channel succeeded. A worker that dies after sending but before recording leaves the
 * row `sending` under a lease; after the lease another worker sends it again with the SAME
 * delivery id (`Tocsin-Delivery-Id`, e-mail `Message-ID`), so a receiver that deduplicates on it
 * acts once. Without deduplication a crash in that window shows as a duplicate; nothing can make
 * an HTTP POST and a database commit atomic.
 *
 * Subscriptions, inbox entries and outbox rows are organisation-scoped (row-level security); the
 * hook and the worker run in the system context because an alert concerns every organisation.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { AlertLevel } from "../domain/alerts/level.ts";
import {
  afterFailure, alertHeadline, checkWebhookUrl, DEFAULT_RETRY, emailMessage, matches, signWebhook, webhookPayload, WebhookUrlError,
  type DeliveryChannel, type OutboxStatus, type RetryPolicy, type WebhookPayload,
} from "../domain/delivery/delivery.ts";
import { authorize, can, type Actor } from "../domain/identity/permissions.ts";
import type { EmailRequest, SendResult, WebhookRequest } from "../domain/delivery/delivery.ts";
import { privateHostReason, privateWebhooksAllowed } from "../infra/delivery/webhook.sender.ts";
import { Keyring } from "../infra/secrets/keyring.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { AlertRepository } from "../infra/store/alert.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { DeliveryRepository } from "../infra/store/delivery.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import type { AlertRow } from "../infra/store/alert.repository.ts";
import type { NewOutboxRow, OutboxRow, SubscriptionRow } from "../infra/store/schema/mod.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { LEVEL_NAMES, messageLanguage, type MessageLanguage } from "../domain/i18n/languages.ts";
import { NotFoundError } from "./errors.ts";

/** What the delivery use cases need. */
export interface DeliveryDeps {
  store: Store;
  /** The keyring that encrypts webhook secrets (loaded lazily, as for reports). */
  keyring: () => Keyring;
  now?: () => Date;
}

type User = Extract<Actor, { kind: "user" }>;

/** Where the webhook secret of a subscription is encrypted (AAD binds it to row and column). */
const secretAddress = (id: string) => ({ table: "subscriptions", rowId: id, column: "webhook_secret" });
/**
 * Where a contact is encrypted (#14 point 12): for Slack-style hooks the URL itself is the
 * secret, and an e-mail address names a person.
 */
const contactAddress = (id: string, column: "webhook_url" | "email") => ({ table: "subscriptions", rowId: id, column });

/** A stored contact in clear: envelopes are decrypted; a value written before encryption is returned as it is. */
function openContact(ring: () => Keyring, s: SubscriptionRow, column: "webhook_url" | "email"): string | null {
  const value = column === "webhook_url" ? s.webhookUrl : s.email;
  if (value === null) return null;
  return Keyring.isEnvelope(value) ? ring().decrypt(value, contactAddress(s.id, column)) : value;
}

/** Whether `actor` may read a subscription's contacts: its owner (subscriber or creator) and admins. */
function mayReadContacts(actor: User, s: SubscriptionRow): boolean {
  return s.userId === actor.userId || s.createdBy === actor.userId || can(actor, "user:manage");
}

/**
 * A subscription as a member sees it; the webhook secret is never shown again after creation.
 * Contacts (webhook URL, e-mail) only to the owner and admins: others see that a channel exists.
 */
export interface SubscriptionView {
  id: string;
  scope: "user" | "organisation";
  countries: string[];
  region: string | null;
  minLevel: AlertLevel;
  /** `url` null: a webhook exists but its URL is hidden from this reader. */
  webhook: { url: string | null } | null;
  /** The address, or null when there is none or it is hidden (`contactsHidden`). */
  email: string | null;
  /** True when this reader may not see the contacts. */
  contactsHidden: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a new subscription asks for (validated by the route; checked again here). */
export interface SubscriptionInput {
  scope: "user" | "organisation";
  countries: string[];
  region?: string | null;
  minLevel: AlertLevel;
  /** `secret` omitted: one is generated and returned once. */
  webhook?: { url: string; secret?: string } | null;
  email?: string | null;
}

/** A change to a subscription: fields to replace; `webhook`/`email` null removes the channel. */
export interface SubscriptionPatch {
  countries?: string[];
  region?: string | null;
  minLevel?: AlertLevel;
  webhook?: { url: string; secret?: string } | null;
  email?: string | null;
}

/** One inbox entry. */
export interface InboxView {
  id: string;
  read: boolean;
  readAt: string | null;
  deliveredAt: string;
  alert: {
    id: string; countryIso3: string; situation: string | null; level: AlertLevel; levelLabel: string; previousLevel: AlertLevel; explanation: string; createdAt: string;
    /** The change in one sentence in the reader's language, and that language. */
    headline: string; lang: MessageLanguage;
  };
}

/** An outbox row as an administrator sees it (no addresses, no secrets). */
export interface OutboxView {
  id: string;
  alertId: string;
  subscriptionId: string;
  channel: DeliveryChannel;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function subscriptionView(s: SubscriptionRow, actor: User, ring: () => Keyring): SubscriptionView {
  const visible = mayReadContacts(actor, s);
  return {
    id: s.id, scope: s.userId ? "user" : "organisation", countries: s.countries, region: s.region, minLevel: s.minLevel,
    webhook: s.webhookUrl ? { url: visible ? openContact(ring, s, "webhook_url") : null } : null, email: visible ? openContact(ring, s, "email") : null,
    contactsHidden: !visible, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
  };
}

function outboxView(r: OutboxRow): OutboxView {
  return {
    id: r.id, alertId: r.alertId, subscriptionId: r.subscriptionId, channel: r.channel, status: r.status, attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt.toISOString(), lastError: r.lastError, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), sentAt: iso(r.sentAt),
  };
}

/** Non-personal facts about a subscription for the audit log (no URL, no address). */
function auditFacts(s: SubscriptionRow): Record<string, unknown> {
  return { scope: s.userId ? "user" : "organisation", countries: s.countries, region: s.region, minLevel: s.minLevel, webhook: Boolean(s.webhookUrl), email: Boolean(s.email) };
}

function webhookUrlOrThrow(url: string): string {
  let checked: string;
  try {
    checked = checkWebhookUrl(url);
  } catch (error) {
    if (error instanceof WebhookUrlError) throw new InvalidInputError(error.message, "webhook.url");
    throw error;
  }
  // Refused at once when the address is literally private (the sender checks names on every send):
  // any member may subscribe, and the server must not POST into its own network for them.
  if (!privateWebhooksAllowed() && privateHostReason(checked)) throw new InvalidInputError("webhook URL must not point to a private, loopback or special address", "webhook.url");
  return checked;
}

/** Checks countries and region against the store (system context, before the organisation's transaction). */
async function checkScope(store: Store, countries: string[] | undefined, region: string | null | undefined): Promise<string[] | undefined> {
  const repo = new DeliveryRepository(store.db);
  const countryRepo = new CountryRepository(store.db);
  const codes = countries?.map((c) => c.toUpperCase());
  for (const [i, c] of (codes ?? []).entries()) if (!(await countryRepo.get(c))) throw new InvalidInputError(`unknown country "${c}"`, `countries[${i}]`);
  if (region && !(await repo.regionExists(region))) throw new InvalidInputError(`unknown region "${region}"`, "region");
  return codes ? [...new Set(codes)] : undefined;
}

function requireScopePermission(actor: User, s: { userId: string | null }): void {
  if (s.userId === null) authorize(actor, "alert:subscribe-org");
  else if (s.userId !== actor.userId) throw new NotFoundError("subscription", "(another user's)");
}

/**
 * Creates a subscription: the actor's own (`alert:subscribe`), or organisation-wide
 * (`alert:subscribe-org`, admins and analysts). The inbox channel is always on.
 * @returns the subscription, plus the webhook secret when one was generated (shown this once)
 * @throws {ForbiddenError} without the permission
 * @throws {InvalidInputError} for an unknown country or region, or a refused webhook URL
 */
export async function createSubscription(deps: DeliveryDeps, actor: Actor, input: SubscriptionInput): Promise<{ subscription: SubscriptionView; webhookSecret?: string }> {
  authorize(actor, input.scope === "organisation" ? "alert:subscribe-org" : "alert:subscribe");
  const now = deps.now?.() ?? new Date();
  const countries = (await checkScope(deps.store, input.countries, input.region)) ?? [];
  const url = input.webhook ? webhookUrlOrThrow(input.webhook.url) : null;
  const generated = input.webhook && !input.webhook.secret ? randomBytes(32).toString("base64url") : undefined;
  const id = randomUUID();
  const secret = input.webhook ? deps.keyring().encrypt(input.webhook.secret ?? generated!, secretAddress(id)) : null;
  const sealedUrl = url ? deps.keyring().encrypt(url, contactAddress(id, "webhook_url")) : null;
  const sealedEmail = input.email ? deps.keyring().encrypt(input.email, contactAddress(id, "email")) : null;
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const row = await new DeliveryRepository(tx).insertSubscription({
      id, organisationId: actor.organisationId, userId: input.scope === "organisation" ? null : actor.userId, countries, region: input.region ?? null, minLevel: input.minLevel,
      webhookUrl: sealedUrl, webhookSecret: secret, email: sealedEmail, createdBy: actor.userId, createdAt: now, updatedAt: now, deletedAt: null,
    });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "subscription.created", entity: "subscription", entityId: id, row, details: auditFacts(row), at: now });
    return { subscription: subscriptionView(row, actor, deps.keyring), ...(generated ? { webhookSecret: generated } : {}) };
  });
}

/**
 * The actor's own subscriptions and the organisation-wide ones.
 * @throws {ForbiddenError} without `alert:subscribe`
 */
export async function listSubscriptions(deps: DeliveryDeps, actor: Actor): Promise<SubscriptionView[]> {
  authorize(actor, "alert:subscribe");
  const rows = await withOrg(deps.store, actor.organisationId, (tx) => new DeliveryRepository(tx).subscriptionsVisibleTo(actor.organisationId, actor.userId));
  return rows.map((row) => subscriptionView(row, actor, deps.keyring));
}

/**
 * Changes a subscription (one's own; organisation-wide ones need `alert:subscribe-org`). A new
 * webhook without a secret gets a generated one, returned once.
 * @throws {NotFoundError} for an unknown id, a removed one, or another user's
 */
export async function updateSubscription(deps: DeliveryDeps, actor: Actor, id: string, patch: SubscriptionPatch): Promise<{ subscription: SubscriptionView; webhookSecret?: string }> {
  authorize(actor, "alert:subscribe");
  const now = deps.now?.() ?? new Date();
  const countries = await checkScope(deps.store, patch.countries, patch.region);
  const url = patch.webhook ? webhookUrlOrThrow(patch.webhook.url) : undefined;
  const generated = patch.webhook && !patch.webhook.secret ? randomBytes(32).toString("base64url") : undefined;
  const secret = patch.webhook ? deps.keyring().encrypt(patch.webhook.secret ?? generated!, secretAddress(id)) : undefined;
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new DeliveryRepository(tx);
    const s = await repo.subscription(actor.organisationId, id);
    if (!s) throw new NotFoundError("subscription", id);
    requireScopePermission(actor, s);
    const set: Partial<SubscriptionRow> = { updatedAt: now };
    if (countries) set.countries = countries;
    if (patch.region !== undefined) set.region = patch.region;
    if (patch.minLevel) set.minLevel = patch.minLevel;
    if (patch.webhook === null) Object.assign(set, { webhookUrl: null, webhookSecret: null });
    else if (patch.webhook) Object.assign(set, { webhookUrl: deps.keyring().encrypt(url!, contactAddress(id, "webhook_url")), webhookSecret: secret });
    if (patch.email !== undefined) set.email = patch.email ? deps.keyring().encrypt(patch.email, contactAddress(id, "email")) : null;
    const row = await repo.updateSubscription(actor.organisationId, id, set);
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "subscription.updated", entity: "subscription", entityId: id, row, details: { ...auditFacts(row), secretRotated: Boolean(patch.webhook) }, at: now });
    return { subscription: subscriptionView(row, actor, deps.keyring), ...(generated ? { webhookSecret: generated } : {}) };
  });
}

/**
 * Removes a subscription (kept with `deleted_at`; queued deliveries for it are dead-lettered by the worker).
 * @throws {NotFoundError} for an unknown id, a removed one, or another user's
 */
export async function deleteSubscription(deps: DeliveryDeps, actor: Actor, id: string): Promise<void> {
  authorize(actor, "alert:subscribe");
  const now = deps.now?.() ?? new Date();
  await withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new DeliveryRepository(tx);
    const s = await repo.subscription(actor.organisationId, id);
    if (!s) throw new NotFoundError("subscription", id);
    requireScopePermission(actor, s);
    // A removed subscription keeps no way to reach anyone.
    const row = await repo.updateSubscription(actor.organisationId, id, { deletedAt: now, updatedAt: now, webhookSecret: null, webhookUrl: null, email: null });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "subscription.deleted", entity: "subscription", entityId: id, row, details: auditFacts(row), at: now });
  });
}

/**
 * The actor's inbox, newest first.
 * @throws {ForbiddenError} without `alert:subscribe`
 */
export async function listInbox(deps: DeliveryDeps, actor: Actor, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<{ items: InboxView[]; unread: number }> {
  authorize(actor, "alert:subscribe");
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const { rows, unread, locale } = await withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new DeliveryRepository(tx);
    return {
      rows: await repo.inbox(actor.organisationId, actor.userId, { unreadOnly: options.unreadOnly, limit }),
      unread: await repo.unreadCount(actor.organisationId, actor.userId),
      locale: (await new IdentityRepository(tx).user(actor.organisationId, actor.userId))?.locale,
    };
  });
  // Inbox messages speak the reader's language (the one chosen in the dashboard). Country names
  // are public reference data, read outside the organisation's scope.
  const lang = messageLanguage(locale);
  const countries = new CountryRepository(deps.store.db);
  const names = new Map<string, string>();
  for (const { alert } of rows) if (!names.has(alert.countryIso3)) names.set(alert.countryIso3, (await countries.get(alert.countryIso3))?.name ?? alert.countryIso3);
  const items = rows.map(({ item, alert }) => ({
      id: item.id, read: item.readAt !== null, readAt: iso(item.readAt), deliveredAt: item.createdAt.toISOString(),
      alert: {
        id: alert.id, countryIso3: alert.countryIso3, situation: alert.situation || null, level: alert.level, levelLabel: LEVEL_NAMES[lang][alert.level],
        previousLevel: alert.previousLevel, explanation: alert.explanation, createdAt: alert.createdAt.toISOString(),
        headline: alertHeadline({ alertId: alert.id, countryIso3: alert.countryIso3, countryName: names.get(alert.countryIso3)!, situation: alert.situation ?? "", level: alert.level, previousLevel: alert.previousLevel, explanation: alert.explanation, createdAt: alert.createdAt }, lang),
        lang,
      },
    }));
  return { items, unread };
}

/**
 * Marks one of the actor's inbox entries read (idempotent: the first read time stays).
 * @throws {NotFoundError} for an entry that is not the actor's
 */
export async function markInboxRead(deps: DeliveryDeps, actor: Actor, id: string): Promise<{ id: string; readAt: string }> {
  authorize(actor, "alert:subscribe");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new DeliveryRepository(tx);
    const item = await repo.inboxItem(actor.organisationId, actor.userId, id);
    if (!item) throw new NotFoundError("inbox item", id);
    if (item.readAt) return { id, readAt: item.readAt.toISOString() };
    const row = await repo.markRead(actor.organisationId, id, now);
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "inbox.read", entity: "inbox_item", entityId: id, row, details: { alertId: row.alertId }, at: now });
    return { id, readAt: now.toISOString() };
  });
}

/**
 * The hook the alert-level transaction calls for every new `alerts` row: finds the subscriptions
 * the change matters to and writes their inbox entries and outbox rows in the SAME transaction, so
 * a delivery exists exactly when its alert does. Idempotent: calling it twice for one alert adds
 * nothing (unique keys on (user, alert) and (alert, subscription, channel)).
 * Runs in the system context (all organisations). A subscription of a disabled user is skipped.
 * @returns inbox entries plus outbox rows newly written
 */
export async function enqueueAlertDeliveries(tx: Db, alert: AlertRow, now: Date): Promise<number> {
  const repo = new DeliveryRepository(tx);
  const country = await new CountryRepository(tx).get(alert.countryIso3);
  const subject = { countryIso3: alert.countryIso3, region: country?.region ?? null, level: alert.level, previousLevel: alert.previousLevel };
  const members = new Map<string, Set<string>>();
  const membersOf = async (org: string) => {
    if (!members.has(org)) members.set(org, new Set(await repo.activeMembers(org)));
    return members.get(org)!;
  };
  const message = { alertId: alert.id, countryIso3: alert.countryIso3, countryName: country?.name ?? alert.countryIso3, situation: alert.situation, level: alert.level, previousLevel: alert.previousLevel, explanation: alert.explanation, createdAt: alert.createdAt };
  const inbox: Parameters<DeliveryRepository["insertInboxItems"]>[0] = [];
  const queued: NewOutboxRow[] = [];
  // Each organisation hears of its own view (issue 16): an organisation's own row goes to that
  // organisation only; a public row goes to the organisations whose view of the subject is public.
  const ownViews = alert.organisationId ? null : await new AlertRepository(tx).viewersWithOwnRow(alert.countryIso3, alert.situation);
  for (const s of await repo.liveSubscriptions()) {
    if (alert.organisationId ? s.organisationId !== alert.organisationId : ownViews!.has(s.organisationId)) continue;
    if (!matches({ countries: s.countries, region: s.region, minLevel: s.minLevel }, subject)) continue;
    const active = await membersOf(s.organisationId);
    if (s.userId && !active.has(s.userId)) continue;
    for (const userId of s.userId ? [s.userId] : active) {
      inbox.push({ id: randomUUID(), organisationId: s.organisationId, userId, alertId: alert.id, subscriptionId: s.id, createdAt: now, readAt: null });
    }
    const channels: DeliveryChannel[] = [...(s.webhookUrl ? (["webhook"] as const) : []), ...(s.email ? (["email"] as const) : [])];
    for (const channel of channels) {
      const id = randomUUID();
      queued.push({ id, organisationId: s.organisationId, alertId: alert.id, subscriptionId: s.id, channel, status: "pending", attempts: 0, nextAttemptAt: now, payload: webhookPayload(id, message), createdAt: now, updatedAt: now });
    }
  }
  // Several subscriptions of one user may match: one inbox entry per user and alert.
  const seen = new Set<string>();
  const unique = inbox.filter((i) => !seen.has(i.userId) && seen.add(i.userId));
  return (await repo.insertInboxItems(unique)) + (await repo.insertOutboxRows(queued));
}

/**
 * `enqueueAlertDeliveries` in the shape of the alert-level hook (`AlertDeps.onLevelChange`):
 * deliveries are stamped with the alert's own time.
 */
export async function deliverOnLevelChange(tx: Db, alert: AlertRow): Promise<void> {
  await enqueueAlertDeliveries(tx, alert, alert.createdAt);
}

/**
 * The organisation's dead-lettered deliveries, newest first.
 * @throws {ForbiddenError} without `delivery:manage`
 */
export async function listDeadDeliveries(deps: DeliveryDeps, actor: Actor): Promise<OutboxView[]> {
  authorize(actor, "delivery:manage");
  const rows = await withOrg(deps.store, actor.organisationId, (tx) => new DeliveryRepository(tx).outboxByStatus(actor.organisationId, "dead", 500));
  return rows.map(outboxView);
}

/**
 * Puts a dead-lettered delivery back in the queue with a fresh attempt budget (same delivery id,
 * so receivers still deduplicate).
 * @throws {NotFoundError} for an unknown id or one that is not dead
 */
export async function retryDeadDelivery(deps: DeliveryDeps, actor: Actor, id: string): Promise<OutboxView> {
  authorize(actor, "delivery:manage");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new DeliveryRepository(tx);
    const r = await repo.outboxRow(actor.organisationId, id);
    if (!r || r.status !== "dead") throw new NotFoundError("dead-lettered delivery", id);
    const row = await repo.updateOutbox(actor.organisationId, id, { status: "pending", attempts: 0, nextAttemptAt: now, lastError: null, updatedAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "delivery.retried", entity: "outbox", entityId: id, details: { channel: r.channel, previousAttempts: r.attempts }, at: now });
    return outboxView(row);
  });
}

/** The channel adapters the worker sends through: a port, implemented in `infra/delivery/`. */
export type { EmailRequest, SendResult, WebhookRequest };

export interface DeliveryChannels {
  webhook: (request: WebhookRequest) => Promise<SendResult>;
  /** Null when no SMTP server is configured: e-mail rows then fail (and retry) with that reason. */
  email: ((message: EmailRequest) => Promise<SendResult>) | null;
}

/** Settings of the outbox worker. */
export interface OutboxOptions {
  /** Rows claimed per batch (default 10). */
  batchSize?: number;
  /** How long a claim holds its rows (default 5 min); longer than a batch of sends can take. */
  leaseMs?: number;
  /** Longest one send may take (default 15 s): a row is not started with less lease left. */
  sendTimeoutMs?: number;
  retry?: RetryPolicy;
  random?: () => number;
  /** Asked before each send: true stops the batch and gives unsent rows back. */
  stopping?: () => boolean;
}

/** What one batch did. */
export interface BatchResult {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  released: number;
  /** Outcomes not recorded because another claim took the row over (the lease ran out). */
  lost: number;
}

/** Builds the request or message for a row from its subscription (decrypting the secret). */
async function send(deps: DeliveryDeps, channels: DeliveryChannels, row: OutboxRow, now: Date): Promise<SendResult> {
  const s = await new DeliveryRepository(deps.store.db).subscriptionById(row.subscriptionId);
  if (!s || s.deletedAt) return { ok: false, reason: "subscription removed" };
  // A person disabled after the alert was queued (left the organisation, lost device) must not
  // keep receiving warnings at their own address.
  const subscriber = s.userId ? await new IdentityRepository(deps.store.db).userById(s.userId) : undefined;
  if (s.userId && subscriber?.disabled !== false) return { ok: false, reason: "subscriber disabled" };
  const payload: WebhookPayload = row.payload;
  if (row.channel === "webhook") {
    if (!s.webhookUrl || !s.webhookSecret) return { ok: false, reason: "webhook removed from subscription" };
    const url = checkWebhookUrl(openContact(deps.keyring, s, "webhook_url")!);
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const secret = deps.keyring().decrypt(s.webhookSecret, secretAddress(s.id));
    return channels.webhook({
      url,
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Tocsin-Webhook/1",
        "tocsin-delivery-id": row.id,
        "tocsin-timestamp": timestamp,
        "tocsin-signature": signWebhook(secret, timestamp, body),
        "tocsin-attempt": String(row.attempts),
      },
    });
  }
  if (!s.email) return { ok: false, reason: "e-mail removed from subscription" };
  if (!channels.email) return { ok: false, reason: "SMTP not configured (TOCSIN_SMTP_URL)" };
  const a = payload.alert;
  // In the subscriber's language; an organisation-wide subscription has no reader to ask, so English.
  const m = emailMessage({ alertId: a.id, countryIso3: a.country.iso3, countryName: a.country.name, situation: a.situation ?? "", level: a.level, previousLevel: a.previousLevel, explanation: a.explanation, createdAt: new Date(a.createdAt) }, messageLanguage(subscriber?.locale));
  return channels.email({ to: openContact(deps.keyring, s, "email")!, subject: m.subject, text: m.text, deliveryId: row.id });
}

/**
 * One worker batch: claims due rows (`FOR UPDATE SKIP LOCKED`, under a lease), sends each, and
 * records sent / retry-with-backoff / dead. A row is recorded only by the claim that holds it.
 * Unexpected errors of one row count as a failed attempt of that row, never stop the batch.
 */
export async function runOutboxBatch(deps: DeliveryDeps, channels: DeliveryChannels, options: OutboxOptions = {}): Promise<BatchResult> {
  const { batchSize = 10, leaseMs = 300_000, sendTimeoutMs = 15_000, retry = DEFAULT_RETRY, random = Math.random, stopping = () => false } = options;
  const clock = deps.now ?? (() => new Date());
  const start = clock();
  const token = randomUUID();
  const leaseUntil = new Date(start.getTime() + leaseMs);
  const claimed = await deps.store.transaction((tx) => new DeliveryRepository(tx).claimDue(start, leaseUntil, token, batchSize));
  const result: BatchResult = { claimed: claimed.length, sent: 0, retried: 0, dead: 0, released: 0, lost: 0 };
  const repo = new DeliveryRepository(deps.store.db);
  for (const row of claimed) {
    const now = clock();
    // Never start a send the lease may not cover: another worker could take the row meanwhile.
    if (stopping() || now.getTime() + sendTimeoutMs > leaseUntil.getTime()) {
      if (await repo.releaseClaim(row.id, token, now)) result.released += 1;
      continue;
    }
    let outcome: SendResult;
    try {
      outcome = await send(deps, channels, row, now);
    } catch (error) {
      outcome = { ok: false, reason: `internal error (${(error as Error).name})` };
    }
    const at = clock();
    // A delivery's end (sent, or dead-lettered: an alert that reached nobody on that channel) is
    // recorded together with its audit entry; a retry only reschedules and is not audited.
    const finish = (set: Partial<OutboxRow>, action: string) =>
      deps.store.transaction(async (tx) => {
        if (!(await new DeliveryRepository(tx).finishClaim(row.id, token, set))) return false;
        await recordAudit(tx, { organisationId: row.organisationId, actor: "system", action, entity: "outbox", entityId: row.id, details: { alertId: row.alertId, channel: row.channel, attempts: row.attempts }, at });
        return true;
      });
    if (outcome.ok) {
      if (await finish({ status: "sent", sentAt: at, lastError: null, updatedAt: at }, "delivery.sent")) result.sent += 1;
      else result.lost += 1;
      continue;
    }
    const next = afterFailure(row.attempts, at, retry, random);
    const lastError = outcome.reason.slice(0, 200);
    const recorded = next.status === "dead"
      ? await finish({ status: "dead", lastError, updatedAt: at }, "delivery.dead-lettered")
      : await repo.finishClaim(row.id, token, { status: "pending", nextAttemptAt: next.nextAttemptAt, lastError, updatedAt: at });
    if (recorded) result[next.status === "dead" ? "dead" : "retried"] += 1;
    else result.lost += 1;
  }
  return result;
}

/**
 * Re-encrypts every webhook secret, webhook URL and e-mail address under `ring.currentId` (key
 * rotation, next to `reencryptAll` of report fields), sealing contacts still stored in clear.
 * Runs in the caller's system-context transaction.
 * @param onlyClear seal contacts stored in clear and leave envelopes as they are (startup)
 * @returns subscriptions rewritten and fields written
 * @throws {DecryptionError} when a value cannot be read with `ring`
 */
export async function reencryptSubscriptionSecrets(tx: Db, ring: () => Keyring, now: Date, onlyClear = false): Promise<{ rows: number; fields: number }> {
  const repo = new DeliveryRepository(tx);
  let rows = 0;
  let fields = 0;
  // `ring` is called only when there is something to write: a key file is created on first use.
  // Removed subscriptions too: an older version kept their contacts (in clear) after removal.
  for (const s of onlyClear ? await repo.allSubscriptions() : await repo.liveSubscriptions()) {
    const set: Partial<SubscriptionRow> = {};
    if (s.webhookSecret && !onlyClear) set.webhookSecret = ring().encrypt(ring().decrypt(s.webhookSecret, secretAddress(s.id)), secretAddress(s.id));
    for (const [prop, column] of [["webhookUrl", "webhook_url"], ["email", "email"]] as const) {
      const value = s[prop];
      if (value === null || (onlyClear && Keyring.isEnvelope(value))) continue;
      set[prop] = ring().encrypt(openContact(ring, s, column)!, contactAddress(s.id, column));
    }
    if (Object.keys(set).length === 0) continue;
    const row = await repo.updateSubscription(s.organisationId, s.id, set);
    await recordAudit(tx, { organisationId: s.organisationId, actor: onlyClear ? "system" : "cli", action: onlyClear ? "subscription.sealed" : "subscription.rekeyed", entity: "subscription", entityId: s.id, row, details: { keyId: ring().currentId, fields: Object.keys(set).length }, at: now });
    rows += 1;
    fields += Object.keys(set).length;
  }
  return { rows, fields };
}
