import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AlertLevel } from "../../../domain/alerts/level.ts";
import type { DeliveryChannel, OutboxStatus, WebhookPayload } from "../../../domain/delivery/delivery.ts";
import { alerts } from "./alerts.ts";
import { organisations, users } from "./identity.ts";

/**
 * Alert delivery (issue 7): subscriptions, the in-app inbox, and the durable outbox that carries
 * webhooks and e-mails. All three are organisation-scoped (row-level security in the migration);
 * the outbox worker and the enqueue hook work in the system context across organisations.
 */

/**
 * What a user (or, with `user_id` null, a whole organisation) wants to hear about. Removed
 * subscriptions are kept with `deleted_at` set, because outbox rows and audit entries point at them.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    /** The subscriber, or null for an organisation-wide subscription (inbox of every member). */
    userId: uuid("user_id").references(() => users.id),
    /** ISO3 codes; empty = every country (narrowed by `region` when set). */
    countries: jsonb("countries").$type<string[]>().notNull(),
    region: text("region"),
    minLevel: text("min_level").$type<AlertLevel>().notNull(),
    webhookUrl: text("webhook_url"),
    /** Keyring envelope (AES-256-GCM bound to this row and column) of the HMAC signing secret. */
    webhookSecret: text("webhook_secret"),
    email: text("email"),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("subscriptions_org").on(t.organisationId), index("subscriptions_user").on(t.userId)],
);

/** One alert in one user's in-app inbox (at most one per user and alert, whatever matched). */
export const inboxItems = pgTable(
  "inbox_items",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    userId: uuid("user_id").notNull().references(() => users.id),
    alertId: uuid("alert_id").notNull().references(() => alerts.id),
    subscriptionId: uuid("subscription_id").notNull().references(() => subscriptions.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("inbox_items_user_alert").on(t.userId, t.alertId), index("inbox_items_user_created").on(t.userId, t.createdAt)],
);

/**
 * The durable outbox: one row per (alert, subscription, channel), written in the transaction that
 * records the alert, so a delivery exists exactly when its alert does. Its `id` is the delivery id
 * receivers see (`Tocsin-Delivery-Id`) and can deduplicate on.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    alertId: uuid("alert_id").notNull().references(() => alerts.id),
    subscriptionId: uuid("subscription_id").notNull().references(() => subscriptions.id),
    channel: text("channel").$type<DeliveryChannel>().notNull(),
    status: text("status").$type<OutboxStatus>().notNull(),
    /** Attempts started (a claim counts as one). */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    /** While `sending`: the claim's lease; after it a crashed worker's row is claimed again. */
    sendingUntil: timestamp("sending_until", { withTimezone: true }),
    /** Random per claim: only the claim that holds the row may record its outcome. */
    claimToken: uuid("claim_token"),
    /** The message (public alert data only); e-mail addresses and webhook secrets are read at send time. */
    payload: jsonb("payload").$type<WebhookPayload>().notNull(),
    /** Short reason of the last failure (status code or error code): never addresses or contents. */
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_alert_subscription_channel").on(t.alertId, t.subscriptionId, t.channel),
    index("outbox_due").on(t.status, t.nextAttemptAt),
    index("outbox_org_status").on(t.organisationId, t.status),
  ],
);

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type NewSubscriptionRow = typeof subscriptions.$inferInsert;
export type InboxItemRow = typeof inboxItems.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
