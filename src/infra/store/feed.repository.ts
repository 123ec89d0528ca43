/**
 * SQL for live feeds. Org-scoped methods filter by organisation (RLS is the second wall); the
 * system-context methods (due feeds, claim, finish) span organisations and run only in the feed
 * runner.
 */
import { and, asc, eq, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "./database.ts";
import { feeds, organisations, type FeedRow, type NewFeedRow } from "./schema/mod.ts";

export class FeedRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewFeedRow): Promise<FeedRow> {
    const [created] = await this.db.insert(feeds).values(row).returning();
    return created;
  }

  async list(organisationId: string): Promise<FeedRow[]> {
    return this.db.select().from(feeds).where(eq(feeds.organisationId, organisationId)).orderBy(asc(feeds.name), asc(feeds.id));
  }

  async get(organisationId: string, id: string): Promise<FeedRow | undefined> {
    const [row] = await this.db.select().from(feeds).where(and(eq(feeds.organisationId, organisationId), eq(feeds.id, id)));
    return row;
  }

  async byName(organisationId: string, name: string): Promise<FeedRow | undefined> {
    const [row] = await this.db.select().from(feeds).where(and(eq(feeds.organisationId, organisationId), eq(feeds.name, name)));
    return row;
  }

  async update(organisationId: string, id: string, set: Partial<NewFeedRow>): Promise<FeedRow | undefined> {
    const [row] = await this.db.update(feeds).set(set).where(and(eq(feeds.organisationId, organisationId), eq(feeds.id, id))).returning();
    return row;
  }

  async remove(organisationId: string, id: string): Promise<FeedRow | undefined> {
    const [row] = await this.db.delete(feeds).where(and(eq(feeds.organisationId, organisationId), eq(feeds.id, id))).returning();
    return row;
  }

  /** System context: a feed by id, whatever its organisation. */
  async byId(id: string): Promise<FeedRow | undefined> {
    const [row] = await this.db.select().from(feeds).where(eq(feeds.id, id));
    return row;
  }

  /** System context: ids of unpaused feeds whose next run is due and that no run holds. */
  async dueIds(now: Date): Promise<string[]> {
    const rows = await this.db
      .select({ id: feeds.id })
      .from(feeds)
      .where(and(eq(feeds.paused, false), lte(feeds.nextRunAt, now), or(isNull(feeds.runningUntil), lt(feeds.runningUntil, now))))
      .orderBy(asc(feeds.nextRunAt), asc(feeds.id));
    return rows.map((r) => r.id);
  }

  /** System context: every feed (for the stale check). */
  async all(): Promise<FeedRow[]> {
    return this.db.select().from(feeds).orderBy(asc(feeds.id));
  }

  /**
   * System context: takes the feed's run lease when no unexpired lease is held (a second replica,
   * or a second `run` while one is going, gets undefined and leaves the feed alone).
   */
  async claim(id: string, now: Date, until: Date): Promise<FeedRow | undefined> {
    const [row] = await this.db
      .update(feeds)
      .set({ runningUntil: until, lastRunAt: now })
      .where(and(eq(feeds.id, id), or(isNull(feeds.runningUntil), lt(feeds.runningUntil, now))))
      .returning();
    return row;
  }

  /** System context: records a run's outcome and releases the lease. */
  async finish(id: string, set: Partial<NewFeedRow>): Promise<FeedRow | undefined> {
    const [row] = await this.db.update(feeds).set({ ...set, runningUntil: null }).where(eq(feeds.id, id)).returning();
    return row;
  }

  /** System context: records when the feed was first seen stale (the lease is left alone). */
  async markStale(id: string, at: Date): Promise<FeedRow | undefined> {
    const [row] = await this.db.update(feeds).set({ staleSince: at }).where(eq(feeds.id, id)).returning();
    return row;
  }

  /** System context: the ids of up to `limit` organisations (the CLI picks the only one). */
  async organisationIds(limit = 2): Promise<string[]> {
    return (await this.db.select({ id: organisations.id }).from(organisations).orderBy(asc(organisations.createdAt)).limit(limit)).map((r) => r.id);
  }
}
