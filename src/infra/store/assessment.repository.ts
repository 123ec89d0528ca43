import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "./database.ts";
import {
  assessmentFrameworks, assessments, assessmentVersions, events, forecasts, massKillingEpisodes, reports,
  type AssessmentFrameworkRow, type AssessmentRow, type AssessmentVersionRow, type NewAssessmentVersionRow,
} from "./schema/mod.ts";

/** SQL for assessment frameworks, assessments and their versions. Org-scoped methods filter by organisation. */
export class AssessmentRepository {
  constructor(private readonly db: Db) {}

  async insertFramework(row: AssessmentFrameworkRow): Promise<AssessmentFrameworkRow> {
    const [created] = await this.db.insert(assessmentFrameworks).values(row).returning();
    return created;
  }

  /** An organisation's frameworks, every version, by key then version. */
  async frameworks(organisationId: string): Promise<AssessmentFrameworkRow[]> {
    return this.db.select().from(assessmentFrameworks).where(eq(assessmentFrameworks.organisationId, organisationId)).orderBy(asc(assessmentFrameworks.key), asc(assessmentFrameworks.version));
  }

  async framework(organisationId: string, key: string, version: number): Promise<AssessmentFrameworkRow | undefined> {
    const [row] = await this.db.select().from(assessmentFrameworks).where(and(eq(assessmentFrameworks.organisationId, organisationId), eq(assessmentFrameworks.key, key), eq(assessmentFrameworks.version, version)));
    return row;
  }

  async insert(row: AssessmentRow): Promise<AssessmentRow> {
    const [created] = await this.db.insert(assessments).values(row).returning();
    return created;
  }

  async get(organisationId: string, id: string): Promise<AssessmentRow | undefined> {
    const [row] = await this.db.select().from(assessments).where(and(eq(assessments.organisationId, organisationId), eq(assessments.id, id)));
    return row;
  }

  async list(organisationId: string, filter: { countryIso3?: string } = {}): Promise<AssessmentRow[]> {
    const conds = [eq(assessments.organisationId, organisationId)];
    if (filter.countryIso3) conds.push(eq(assessments.countryIso3, filter.countryIso3));
    return this.db.select().from(assessments).where(and(...conds)).orderBy(desc(assessments.createdAt), asc(assessments.id)).limit(500);
  }

  async insertVersion(row: NewAssessmentVersionRow): Promise<AssessmentVersionRow> {
    const [created] = await this.db.insert(assessmentVersions).values(row).returning();
    return created;
  }

  /** Every version of an assessment, oldest first. */
  async versions(organisationId: string, assessmentId: string): Promise<AssessmentVersionRow[]> {
    return this.db.select().from(assessmentVersions).where(and(eq(assessmentVersions.organisationId, organisationId), eq(assessmentVersions.assessmentId, assessmentId))).orderBy(asc(assessmentVersions.version));
  }

  /** The newest version, locked for update when asked (serialises concurrent workflow steps). */
  async latestVersion(organisationId: string, assessmentId: string, options: { forUpdate?: boolean } = {}): Promise<AssessmentVersionRow | undefined> {
    const q = this.db.select().from(assessmentVersions).where(and(eq(assessmentVersions.organisationId, organisationId), eq(assessmentVersions.assessmentId, assessmentId))).orderBy(desc(assessmentVersions.version)).limit(1);
    const [row] = options.forUpdate ? await q.for("update") : await q;
    return row;
  }

  async updateVersion(organisationId: string, id: string, set: Partial<NewAssessmentVersionRow>): Promise<AssessmentVersionRow> {
    const [row] = await this.db.update(assessmentVersions).set(set).where(and(eq(assessmentVersions.organisationId, organisationId), eq(assessmentVersions.id, id))).returning();
    return row;
  }

  /** System context: published versions of every organisation for a country, newest assessed first, with their assessment. */
  async publishedForCountry(countryIso3: string): Promise<{ assessment: AssessmentRow; version: AssessmentVersionRow }[]> {
    return this.db
      .select({ assessment: assessments, version: assessmentVersions })
      .from(assessmentVersions)
      .innerJoin(assessments, eq(assessments.id, assessmentVersions.assessmentId))
      .where(and(eq(assessments.countryIso3, countryIso3), eq(assessmentVersions.status, "published")))
      .orderBy(desc(assessmentVersions.assessedOn), desc(assessmentVersions.publishedAt));
  }

  /** System context: which of these internal evidence refs exist (public data, not org-scoped). */
  async existingPublicRefs(refs: { events: { source: string; sourceId: string }[]; episodes: string[]; forecasts: { runId: number; iso3: string }[] }): Promise<Set<string>> {
    const found = new Set<string>();
    if (refs.episodes.length) {
      for (const r of await this.db.select({ code: massKillingEpisodes.code }).from(massKillingEpisodes).where(inArray(massKillingEpisodes.code, refs.episodes))) found.add(`episode:${r.code}`);
    }
    for (const e of refs.events) {
      const [r] = await this.db.select({ id: events.sourceId }).from(events).where(and(eq(events.source, e.source), eq(events.sourceId, e.sourceId))).limit(1);
      if (r) found.add(`event:${e.source}:${e.sourceId}`);
    }
    for (const f of refs.forecasts) {
      const [r] = await this.db.select({ run: forecasts.runId }).from(forecasts).where(and(eq(forecasts.runId, f.runId), eq(forecasts.countryIso3, f.iso3))).limit(1);
      if (r) found.add(`forecast:${f.runId}:${f.iso3}`);
    }
    return found;
  }

  /** System context: every framework, assessment and version (audit verification). */
  async allForAudit(): Promise<{ frameworks: AssessmentFrameworkRow[]; assessments: AssessmentRow[]; versions: AssessmentVersionRow[] }> {
    return {
      frameworks: await this.db.select().from(assessmentFrameworks),
      assessments: await this.db.select().from(assessments),
      versions: await this.db.select().from(assessmentVersions),
    };
  }

  /** Org context: which of these report ids exist in the organisation. */
  async existingReports(organisationId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db.select({ id: reports.id }).from(reports).where(and(eq(reports.organisationId, organisationId), inArray(reports.id, ids)));
    return new Set(rows.map((r) => `report:${r.id}`));
  }
}
