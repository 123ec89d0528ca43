import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { alerts, assessments, assessmentVersions, reports, shareAcknowledgements, shareResponses, shares, type ShareResponseRow } from "./schema/mod.ts";

export type ShareRow = typeof shares.$inferSelect;
export type ShareAcknowledgementRow = typeof shareAcknowledgements.$inferSelect;
export type { ShareResponseRow };

/**
 * SQL for deliberate shares (issue 16 part 2). Use inside `withOrg`: row-level security lets the
 * sharer read and write its shares, and a recipient read (never write) the ones addressed to it or
 * published, while they are not revoked. The queries filter the same way, as a first wall.
 */
export class ShareRepository {
  constructor(private readonly db: Db) {}

  /** Stores a share. */
  async insert(row: ShareRow): Promise<ShareRow> {
    const [saved] = await this.db.insert(shares).values(row).returning();
    return saved;
  }

  /** One of the organisation's own shares (revoked ones too). */
  async own(organisationId: string, id: string): Promise<ShareRow | undefined> {
    const [row] = await this.db.select().from(shares).where(and(eq(shares.id, id), eq(shares.organisationId, organisationId)));
    return row;
  }

  /** The organisation's own shares, newest first. */
  async listOwn(organisationId: string): Promise<ShareRow[]> {
    return this.db.select().from(shares).where(eq(shares.organisationId, organisationId)).orderBy(desc(shares.createdAt));
  }

  /** Shares other organisations addressed to this one or published, not revoked, newest first. */
  async listIncoming(organisationId: string): Promise<ShareRow[]> {
    return this.db
      .select()
      .from(shares)
      .where(and(isNull(shares.revokedAt), ne(shares.organisationId, organisationId), or(eq(shares.published, true), sql`${organisationId}::uuid = any(${shares.recipients})`)))
      .orderBy(desc(shares.createdAt));
  }

  /** One incoming share (addressed to this organisation or published, not revoked). */
  async incoming(organisationId: string, id: string): Promise<ShareRow | undefined> {
    const [row] = (await this.listIncoming(organisationId)).filter((r) => r.id === id);
    return row;
  }

  /** Marks a share revoked; returns the row after the change (undefined when not the organisation's or already revoked). */
  async revoke(organisationId: string, id: string, by: string, at: Date): Promise<ShareRow | undefined> {
    const [row] = await this.db.update(shares).set({ revokedAt: at, revokedBy: by }).where(and(eq(shares.id, id), eq(shares.organisationId, organisationId), isNull(shares.revokedAt))).returning();
    return row;
  }

  /** Records a recipient's acknowledgement; undefined when it acknowledged already. */
  async acknowledge(row: ShareAcknowledgementRow): Promise<ShareAcknowledgementRow | undefined> {
    const [saved] = await this.db.insert(shareAcknowledgements).values(row).onConflictDoNothing().returning();
    return saved;
  }

  /** This organisation's acknowledgements of the given shares. */
  async acknowledgements(organisationId: string, shareIds: string[]): Promise<ShareAcknowledgementRow[]> {
    if (!shareIds.length) return [];
    return this.db.select().from(shareAcknowledgements).where(and(eq(shareAcknowledgements.organisationId, organisationId), inArray(shareAcknowledgements.shareId, shareIds)));
  }

  /** Records a recipient's response action on a share. */
  async insertResponse(row: ShareResponseRow): Promise<ShareResponseRow> {
    const [saved] = await this.db.insert(shareResponses).values(row).returning();
    return saved;
  }

  /** One of the organisation's own response actions on a share. */
  async ownResponse(organisationId: string, shareId: string, id: string): Promise<ShareResponseRow | undefined> {
    const [row] = await this.db.select().from(shareResponses).where(and(eq(shareResponses.id, id), eq(shareResponses.shareId, shareId), eq(shareResponses.organisationId, organisationId)));
    return row;
  }

  /** Changes one of the organisation's response actions; returns the row after the change. */
  async updateResponse(organisationId: string, id: string, set: Partial<Pick<ShareResponseRow, "status" | "outcome" | "visibleToSharer" | "updatedAt">>): Promise<ShareResponseRow | undefined> {
    const [row] = await this.db.update(shareResponses).set(set).where(and(eq(shareResponses.id, id), eq(shareResponses.organisationId, organisationId))).returning();
    return row;
  }

  /** The organisation's own response actions on the given shares, oldest first. */
  async responsesOf(organisationId: string, shareIds: string[]): Promise<ShareResponseRow[]> {
    if (!shareIds.length) return [];
    return this.db.select().from(shareResponses).where(and(eq(shareResponses.organisationId, organisationId), inArray(shareResponses.shareId, shareIds))).orderBy(asc(shareResponses.createdAt));
  }

  /**
   * Response actions recipients chose to show the sharer, on the sharer's own shares, oldest first
   * (row-level security lets the sharer read only these).
   */
  async responsesToldTo(organisationId: string, shareIds: string[]): Promise<ShareResponseRow[]> {
    if (!shareIds.length) return [];
    return this.db
      .select()
      .from(shareResponses)
      .where(and(eq(shareResponses.visibleToSharer, true), ne(shareResponses.organisationId, organisationId), inArray(shareResponses.shareId, shareIds)))
      .orderBy(asc(shareResponses.createdAt));
  }

  /** An alert the organisation can see (public, or its own view). */
  async alertSource(organisationId: string, id: string) {
    const [row] = await this.db.select().from(alerts).where(and(eq(alerts.id, id), or(isNull(alerts.organisationId), eq(alerts.organisationId, organisationId))));
    return row;
  }

  /** One of the organisation's assessment versions that went through review (reviewed or published), with its country. */
  async assessmentSource(organisationId: string, versionId: string) {
    const [row] = await this.db
      .select({ assessment: assessments, version: assessmentVersions })
      .from(assessmentVersions)
      .innerJoin(assessments, eq(assessments.id, assessmentVersions.assessmentId))
      .where(and(eq(assessmentVersions.id, versionId), eq(assessmentVersions.organisationId, organisationId), inArray(assessmentVersions.status, ["reviewed", "published"])));
    return row;
  }

  /** One of the organisation's assessment versions in any status (to tell "not yet reviewed" from "not found"). */
  async anyAssessmentVersion(organisationId: string, versionId: string) {
    const [row] = await this.db.select().from(assessmentVersions).where(and(eq(assessmentVersions.id, versionId), eq(assessmentVersions.organisationId, organisationId)));
    return row;
  }

  /** One of the organisation's verified reports. */
  async reportSource(organisationId: string, id: string) {
    const [row] = await this.db.select().from(reports).where(and(eq(reports.id, id), eq(reports.organisationId, organisationId), eq(reports.status, "verified")));
    return row;
  }
}
