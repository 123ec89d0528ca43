import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { attachments, reportReviews, reports, type AttachmentRow, type NewReportRow, type ReportReviewRow, type ReportRow } from "./schema/mod.ts";

/** SQL for reports, their reviews and attachments. Every org-scoped method filters by organisation. */
export class ReportRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewReportRow): Promise<ReportRow> {
    const [created] = await this.db.insert(reports).values(row).returning();
    return created;
  }

  async byIdempotencyKey(organisationId: string, key: string): Promise<ReportRow | undefined> {
    const [row] = await this.db.select().from(reports).where(and(eq(reports.organisationId, organisationId), eq(reports.idempotencyKey, key)));
    return row;
  }

  async get(organisationId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<ReportRow | undefined> {
    const q = this.db.select().from(reports).where(and(eq(reports.organisationId, organisationId), eq(reports.id, id)));
    const [row] = options.forUpdate ? await q.for("update") : await q;
    return row;
  }

  async list(organisationId: string, filter: { status?: string; submittedBy?: string; limit?: number } = {}): Promise<ReportRow[]> {
    const conds = [eq(reports.organisationId, organisationId)];
    if (filter.status) conds.push(eq(reports.status, filter.status));
    if (filter.submittedBy) conds.push(eq(reports.submittedBy, filter.submittedBy));
    return this.db.select().from(reports).where(and(...conds)).orderBy(desc(reports.receivedAt), asc(reports.id)).limit(filter.limit ?? 500);
  }

  async update(organisationId: string, id: string, set: Partial<NewReportRow>): Promise<ReportRow> {
    const [row] = await this.db.update(reports).set(set).where(and(eq(reports.organisationId, organisationId), eq(reports.id, id))).returning();
    return row;
  }

  /** System context: published reports of every organisation. */
  async listPublished(limit = 500): Promise<ReportRow[]> {
    return this.db.select().from(reports).where(eq(reports.published, true)).orderBy(desc(reports.occurredFrom)).limit(limit);
  }

  /**
   * System context: one page of published reports in id order, after `afterId` (keyset paging,
   * so an export streams them without holding them all).
   */
  async publishedPage(limit: number, afterId?: string): Promise<ReportRow[]> {
    const where = afterId === undefined ? eq(reports.published, true) : and(eq(reports.published, true), gt(reports.id, afterId));
    return this.db.select().from(reports).where(where).orderBy(asc(reports.id)).limit(limit);
  }

  /** System context: every report (audit verification, key rotation). */
  /** System context: reports whose source details are still in clear (written before they were encrypted). */
  async withClearSourceDetails(): Promise<ReportRow[]> {
    return this.db.select().from(reports).where(and(isNull(reports.sourcesSecret), sql`jsonb_path_exists(${reports.sources}, '$[*] ? (exists(@.description) || exists(@.url))')`));
  }

  async all(): Promise<ReportRow[]> {
    return this.db.select().from(reports).orderBy(asc(reports.receivedAt));
  }

  async insertReview(row: ReportReviewRow): Promise<ReportReviewRow> {
    const [created] = await this.db.insert(reportReviews).values(row).returning();
    return created;
  }

  async reviews(organisationId: string, reportId: string): Promise<ReportReviewRow[]> {
    return this.db.select().from(reportReviews).where(and(eq(reportReviews.organisationId, organisationId), eq(reportReviews.reportId, reportId))).orderBy(asc(reportReviews.at));
  }

  async allReviews(): Promise<ReportReviewRow[]> {
    return this.db.select().from(reportReviews);
  }

  async insertAttachment(row: AttachmentRow): Promise<AttachmentRow> {
    const [created] = await this.db.insert(attachments).values(row).returning();
    return created;
  }

  /** Replaces an attachment's wrapped file key (key rotation); returns the updated row. */
  async updateAttachmentKey(organisationId: string, id: string, fileKey: string): Promise<AttachmentRow> {
    const [row] = await this.db.update(attachments).set({ fileKey }).where(and(eq(attachments.organisationId, organisationId), eq(attachments.id, id))).returning();
    return row;
  }

  async attachments(organisationId: string, reportId: string): Promise<AttachmentRow[]> {
    return this.db.select().from(attachments).where(and(eq(attachments.organisationId, organisationId), eq(attachments.reportId, reportId))).orderBy(asc(attachments.position));
  }

  async allAttachments(): Promise<AttachmentRow[]> {
    return this.db.select().from(attachments);
  }

  /** Rows in each table (tests prove rejected requests store nothing). */
  async counts(): Promise<{ reports: number; attachments: number; reviews: number }> {
    const r = await this.db.execute(sql`select (select count(*) from reports)::int as reports, (select count(*) from attachments)::int as attachments, (select count(*) from report_reviews)::int as reviews`);
    const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { reports: number; attachments: number; reviews: number }[];
    return rows[0];
  }
}
