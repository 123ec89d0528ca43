import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { claimable, heldBy, type LeaseColumns } from "./lease.ts";
import {
  alerts, countries, inboxItems, outbox, subscriptions, users,
  type InboxItemRow, type NewOutboxRow, type NewSubscriptionRow, type OutboxRow, type SubscriptionRow,
} from "./schema/mod.ts";

/** The outbox's lease columns (shared with the job runs, see lease.ts). */
const OUTBOX_LEASE: LeaseColumns = { id: outbox.id, status: outbox.status, dueAt: outbox.nextAttemptAt, leaseUntil: outbox.sendingUntil, claimToken: outbox.claimToken, heldStatus: "sending" };

/** An inbox entry with its alert. */
export type InboxEntry = { item: InboxItemRow; alert: typeof alerts.$inferSelect };

/**
 * SQL for subscriptions, the inbox and the outbox. Org-scoped methods filter by organisation (RLS
 * is the second wall); the system-context methods (enqueue, claim, record) span organisations and
 * run only in the worker and the alert transaction.
 */
export class DeliveryRepository {
  constructor(private readonly db: Db) {}

  async insertSubscription(row: NewSubscriptionRow): Promise<SubscriptionRow> {
    const [created] = await this.db.insert(subscriptions).values(row).returning();
    return created;
  }

  async subscription(organisationId: string, id: string): Promise<SubscriptionRow | undefined> {
    const [row] = await this.db.select().from(subscriptions).where(and(eq(subscriptions.organisationId, organisationId), eq(subscriptions.id, id), isNull(subscriptions.deletedAt)));
    return row;
  }

  /** Live subscriptions of the organisation: the user's own and the organisation-wide ones. */
  async subscriptionsVisibleTo(organisationId: string, userId: string): Promise<SubscriptionRow[]> {
    return this.db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.organisationId, organisationId), isNull(subscriptions.deletedAt), or(eq(subscriptions.userId, userId), isNull(subscriptions.userId))))
      .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id));
  }

  async updateSubscription(organisationId: string, id: string, set: Partial<NewSubscriptionRow>): Promise<SubscriptionRow> {
    const [row] = await this.db.update(subscriptions).set(set).where(and(eq(subscriptions.organisationId, organisationId), eq(subscriptions.id, id))).returning();
    return row;
  }

  /** System context: every live subscription (the alert hook filters them in the domain). */
  /** System context: every subscription, removed ones included. */
  async allSubscriptions(): Promise<SubscriptionRow[]> {
    return this.db.select().from(subscriptions);
  }

  async liveSubscriptions(): Promise<SubscriptionRow[]> {
    return this.db.select().from(subscriptions).where(isNull(subscriptions.deletedAt));
  }

  /** System context: a subscription by id, removed or not (the worker reads channel settings). */
  async subscriptionById(id: string): Promise<SubscriptionRow | undefined> {
    const [row] = await this.db.select().from(subscriptions).where(eq(subscriptions.id, id));
    return row;
  }

  /** System context: the active members of an organisation (recipients of org-wide inbox entries). */
  async activeMembers(organisationId: string): Promise<string[]> {
    const rows = await this.db.select({ id: users.id }).from(users).where(and(eq(users.organisationId, organisationId), eq(users.disabled, false)));
    return rows.map((r) => r.id);
  }

  /** System context: true when some country of the registry has this region. */
  async regionExists(region: string): Promise<boolean> {
    const [row] = await this.db.select({ iso3: countries.iso3 }).from(countries).where(eq(countries.region, region)).limit(1);
    return Boolean(row);
  }

  /** How many of the user's inbox entries are unread. */
  async unreadCount(organisationId: string, userId: string): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(inboxItems).where(and(eq(inboxItems.organisationId, organisationId), eq(inboxItems.userId, userId), isNull(inboxItems.readAt)));
    return Number(row?.n ?? 0);
  }

  /** Inserts inbox entries, skipping users who already have this alert; returns how many were new. */
  async insertInboxItems(rows: InboxItemRow[]): Promise<number> {
    if (!rows.length) return 0;
    const created = await this.db.insert(inboxItems).values(rows).onConflictDoNothing({ target: [inboxItems.userId, inboxItems.alertId] }).returning({ id: inboxItems.id });
    return created.length;
  }

  /** Inserts outbox rows, skipping (alert, subscription, channel) triples already queued; returns how many were new. */
  async insertOutboxRows(rows: NewOutboxRow[]): Promise<number> {
    if (!rows.length) return 0;
    const created = await this.db.insert(outbox).values(rows).onConflictDoNothing({ target: [outbox.alertId, outbox.subscriptionId, outbox.channel] }).returning({ id: outbox.id });
    return created.length;
  }

  /** A user's inbox, newest first, with the alerts. */
  async inbox(organisationId: string, userId: string, options: { unreadOnly?: boolean; limit: number }): Promise<InboxEntry[]> {
    const conds = [eq(inboxItems.organisationId, organisationId), eq(inboxItems.userId, userId)];
    if (options.unreadOnly) conds.push(isNull(inboxItems.readAt));
    return this.db
      .select({ item: inboxItems, alert: alerts })
      .from(inboxItems)
      .innerJoin(alerts, eq(alerts.id, inboxItems.alertId))
      .where(and(...conds))
      .orderBy(desc(inboxItems.createdAt), desc(inboxItems.id))
      .limit(options.limit);
  }

  async inboxItem(organisationId: string, userId: string, id: string): Promise<InboxItemRow | undefined> {
    const [row] = await this.db.select().from(inboxItems).where(and(eq(inboxItems.organisationId, organisationId), eq(inboxItems.userId, userId), eq(inboxItems.id, id)));
    return row;
  }

  async markRead(organisationId: string, id: string, at: Date): Promise<InboxItemRow> {
    const [row] = await this.db.update(inboxItems).set({ readAt: at }).where(and(eq(inboxItems.organisationId, organisationId), eq(inboxItems.id, id))).returning();
    return row;
  }

  /**
   * System context: claims up to `limit` due rows (pending and due, or sending with an expired
   * lease) with `FOR UPDATE SKIP LOCKED`, so concurrent workers on PostgreSQL each take different
   * rows, and marks them `sending` under a lease and a fresh claim token. Call inside a transaction:
   * the row locks last until it commits, the lease after that.
   */
  async claimDue(now: Date, leaseUntil: Date, claimToken: string, limit: number): Promise<OutboxRow[]> {
    const due = await this.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(claimable(OUTBOX_LEASE, now))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    return this.db
      .update(outbox)
      .set({ status: "sending", sendingUntil: leaseUntil, claimToken, attempts: sql`${outbox.attempts} + 1`, updatedAt: now })
      .where(inArray(outbox.id, due.map((d) => d.id)))
      .returning();
  }

  /**
   * System context: records the outcome of a claimed row, only while the claim still holds it
   * (same token, still `sending`). Returns false when another claim took it over after the lease.
   */
  async finishClaim(id: string, claimToken: string, set: Partial<NewOutboxRow>): Promise<boolean> {
    const rows = await this.db
      .update(outbox)
      .set({ ...set, claimToken: null, sendingUntil: null })
      .where(heldBy(OUTBOX_LEASE, id, claimToken))
      .returning({ id: outbox.id });
    return rows.length === 1;
  }

  /** System context: gives back a claimed row never attempted (graceful stop), undoing its attempt count. */
  async releaseClaim(id: string, claimToken: string, now: Date): Promise<boolean> {
    return this.finishClaim(id, claimToken, { status: "pending", attempts: sql`greatest(${outbox.attempts} - 1, 0)` as unknown as number, updatedAt: now });
  }

  /** An organisation's outbox rows in one status, newest first. */
  async outboxByStatus(organisationId: string, status: OutboxRow["status"], limit: number): Promise<OutboxRow[]> {
    return this.db.select().from(outbox).where(and(eq(outbox.organisationId, organisationId), eq(outbox.status, status))).orderBy(desc(outbox.updatedAt), asc(outbox.id)).limit(limit);
  }

  async outboxRow(organisationId: string, id: string): Promise<OutboxRow | undefined> {
    const [row] = await this.db.select().from(outbox).where(and(eq(outbox.organisationId, organisationId), eq(outbox.id, id)));
    return row;
  }

  async updateOutbox(organisationId: string, id: string, set: Partial<NewOutboxRow>): Promise<OutboxRow> {
    const [row] = await this.db.update(outbox).set(set).where(and(eq(outbox.organisationId, organisationId), eq(outbox.id, id))).returning();
    return row;
  }

  /** System context: every outbox row (tests and diagnostics). */
  async allOutbox(): Promise<OutboxRow[]> {
    return this.db.select().from(outbox).orderBy(asc(outbox.createdAt), asc(outbox.id));
  }
}
