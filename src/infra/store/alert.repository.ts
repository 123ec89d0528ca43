import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Event } from "../../domain/events/event.ts";
import type { Db } from "./database.ts";
import { rowToEvent } from "./event.repository.ts";
import {
  alerts, alertStates, assessments, assessmentVersions, backtestForecasts, countries, events, ewpCountryYears, modelBacktests, organisations, reports,
} from "./schema/mod.ts";

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlertRow = typeof alerts.$inferInsert;
export type AlertStateRow = typeof alertStates.$inferSelect;

/**
 * The shape an alert row is hashed in for the audit chain: a public row (no organisation) without
 * the `organisationId` key, so rows audited before organisation views existed still verify.
 */
export function alertAuditShape(row: AlertRow): Record<string, unknown> {
  if (row.organisationId !== null) return row;
  const { organisationId: _public, ...rest } = row;
  return rest;
}

/** Filters of {@link AlertRepository.current}. */
export interface AlertFilter {
  levels?: string[];
  country?: string;
  region?: string;
  /** Only whole-country levels (situation ''), or only situations inside countries. */
  scope?: "country" | "situation";
}

/** Whose view (issue 16): null for the public level, else an organisation's own view. */
export type AlertViewer = string | null;

const viewIs = <T extends { organisationId: typeof alerts.organisationId | typeof alertStates.organisationId }>(t: T, viewer: AlertViewer): SQL =>
  viewer === null ? isNull(t.organisationId) : eq(t.organisationId, viewer);

/**
 * SQL for alert levels (public, system context): the change history with its current row per
 * subject, the computation's pending-drop bookkeeping, and the public inputs the computation and
 * the track record read (events in a window, published report facts, back-test history, onsets).
 */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  /**
   * Current levels with the country's name and region, gravest first: the public ones, or (with a
   * viewer) that organisation's own rows only. An organisation's view of a subject is its own row
   * when it has one, else the public row ({@link currentView}).
   */
  async current(filter: AlertFilter = {}, viewer: AlertViewer = null) {
    const where = [eq(alerts.current, true), viewIs(alerts, viewer)];
    if (filter.levels?.length) where.push(inArray(alerts.level, filter.levels as AlertRow["level"][]));
    if (filter.country) where.push(eq(alerts.countryIso3, filter.country));
    if (filter.region) where.push(eq(countries.region, filter.region));
    if (filter.scope === "country") where.push(eq(alerts.situation, ""));
    if (filter.scope === "situation") where.push(sql`${alerts.situation} <> ''`);
    return this.db
      .select({ alert: alerts, name: countries.name, region: countries.region })
      .from(alerts)
      .innerJoin(countries, eq(countries.iso3, alerts.countryIso3))
      .where(and(...where))
      .orderBy(
        sql`case ${alerts.level} when 'emergency' then 0 when 'warning' then 1 when 'watch' then 2 else 3 end`,
        asc(alerts.countryIso3),
        asc(alerts.situation),
      );
  }

  /**
   * An organisation's view: its own current rows where it has them, the public rows elsewhere, each
   * with the public row of the same subject beside it (to show and explain the difference).
   */
  async currentView(organisationId: string, filter: AlertFilter = {}) {
    const own = await this.current({ ...filter, levels: undefined }, organisationId);
    const pub = await this.current({ ...filter, levels: undefined }, null);
    const key = (r: { alert: AlertRow }) => `${r.alert.countryIso3}|${r.alert.situation}`;
    const publicBy = new Map(pub.map((r) => [key(r), r.alert]));
    const ownKeys = new Set(own.map(key));
    const merged = [...own, ...pub.filter((r) => !ownKeys.has(key(r)))].map((r) => ({ ...r, publicAlert: publicBy.get(key(r)) ?? null }));
    const levels = filter.levels?.length ? new Set(filter.levels) : null;
    const rank = (l: string) => ["emergency", "warning", "watch", "none"].indexOf(l);
    return merged
      .filter((r) => !levels || levels.has(r.alert.level) || (r.publicAlert !== null && levels.has(r.publicAlert.level)))
      .sort((a, b) => rank(a.alert.level) - rank(b.alert.level) || a.alert.countryIso3.localeCompare(b.alert.countryIso3) || a.alert.situation.localeCompare(b.alert.situation));
  }

  /** Every current row of one view (for the computation), by subject key `ISO3|situation`. */
  async currentBySubject(viewer: AlertViewer = null): Promise<Map<string, AlertRow>> {
    const rows = await this.db.select().from(alerts).where(and(eq(alerts.current, true), viewIs(alerts, viewer)));
    return new Map(rows.map((r) => [`${r.countryIso3}|${r.situation}`, r]));
  }

  /** The current row of one subject in one view, locked for update when asked (inside a transaction). */
  async currentOf(iso3: string, situation: string, options: { forUpdate?: boolean; viewer?: AlertViewer } = {}): Promise<AlertRow | undefined> {
    const q = this.db.select().from(alerts).where(and(eq(alerts.countryIso3, iso3), eq(alerts.situation, situation), eq(alerts.current, true), viewIs(alerts, options.viewer ?? null)));
    const [row] = await (options.forUpdate ? q.for("update") : q);
    return row;
  }

  /** Organisations holding their own current row for a subject (their view differs from the public one there). */
  async viewersWithOwnRow(iso3: string, situation: string): Promise<Set<string>> {
    const rows = await this.db
      .select({ org: alerts.organisationId })
      .from(alerts)
      .where(and(eq(alerts.countryIso3, iso3), eq(alerts.situation, situation), eq(alerts.current, true), isNotNull(alerts.organisationId)));
    return new Set(rows.map((r) => r.org!));
  }

  /** Every change of a country (all its subjects) in one view, newest first. */
  async history(iso3: string, limit = 200, viewer: AlertViewer = null): Promise<AlertRow[]> {
    return this.db.select().from(alerts).where(and(eq(alerts.countryIso3, iso3), viewIs(alerts, viewer))).orderBy(desc(alerts.createdAt), asc(alerts.situation)).limit(limit);
  }

  /** Ids of every organisation, and whether operators designated it a public publisher. */
  async organisations(): Promise<{ id: string; name: string; publicPublisher: boolean }[]> {
    return this.db.select({ id: organisations.id, name: organisations.name, publicPublisher: organisations.publicPublisher }).from(organisations).orderBy(asc(organisations.name));
  }

  /**
   * Records a change: the subject's current row (if any) stops being current and `row` becomes it.
   * Call inside a transaction; the partial unique index guarantees one current row per subject.
   * @returns the new row and the superseded one after its update
   */
  async recordChange(row: Omit<NewAlertRow, "current">): Promise<{ row: AlertRow; superseded: AlertRow | undefined }> {
    const [superseded] = await this.db
      .update(alerts)
      .set({ current: false })
      .where(and(eq(alerts.countryIso3, row.countryIso3), eq(alerts.situation, row.situation ?? ""), eq(alerts.current, true), viewIs(alerts, row.organisationId ?? null)))
      .returning();
    const [saved] = await this.db.insert(alerts).values({ ...row, current: true }).returning();
    return { row: saved, superseded };
  }

  /** Every alert row (audit verification). */
  async all(): Promise<AlertRow[]> {
    return this.db.select().from(alerts).orderBy(asc(alerts.createdAt));
  }

  /** Pending-drop bookkeeping of every subject of one view, by `ISO3|situation`. */
  async states(viewer: AlertViewer = null): Promise<Map<string, AlertStateRow>> {
    const rows = await this.db.select().from(alertStates).where(viewIs(alertStates, viewer));
    return new Map(rows.map((r) => [`${r.countryIso3}|${r.situation}`, r]));
  }

  /** Stores a subject's bookkeeping after a computation. */
  async saveState(row: AlertStateRow): Promise<void> {
    await this.db
      .insert(alertStates)
      .values(row)
      .onConflictDoUpdate({
        // The unique index is NULLS NOT DISTINCT, so the public view (null) conflicts with itself.
        target: [alertStates.organisationId, alertStates.countryIso3, alertStates.situation],
        set: { ruleLevel: row.ruleLevel, pendingLevel: row.pendingLevel, pendingCount: row.pendingCount, pendingSince: row.pendingSince, computedAt: row.computedAt },
      });
  }

  /** Countries (ISO3) with events starting in [from, to]. */
  async countriesWithEvents(from: string, to: string): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ iso3: events.countryIso3 })
      .from(events)
      .where(and(isNotNull(events.countryIso3), gte(events.dateStart, from), lte(events.dateStart, to)));
    return rows.map((r) => r.iso3!).sort();
  }

  /** A country's events starting in [from, to], in date order, as domain events (escalation detection). */
  async eventsOf(iso3: string, from: string, to: string): Promise<Event[]> {
    const rows = await this.db
      .select()
      .from(events)
      .where(and(eq(events.countryIso3, iso3), gte(events.dateStart, from), lte(events.dateStart, to)))
      .orderBy(asc(events.dateStart), asc(events.source), asc(events.sourceId));
    return rows.map(rowToEvent);
  }

  /** Published (hence verified) reports with a country: id, country and first day only — no people, no place. */
  async publishedReportFacts(since: Date): Promise<{ id: string; countryIso3: string; occurredOn: string }[]> {
    const rows = await this.db
      .select({ id: reports.id, countryIso3: reports.countryIso3, occurredFrom: reports.occurredFrom })
      .from(reports)
      .where(and(eq(reports.published, true), eq(reports.status, "verified"), isNotNull(reports.countryIso3), gte(reports.occurredFrom, since)));
    return rows.map((r) => ({ id: r.id, countryIso3: r.countryIso3!, occurredOn: new Date(r.occurredFrom).toISOString().slice(0, 10) }));
  }

  /**
   * An organisation's own verified reports that are not published (its private signal): id, country
   * and first day only — no people, no place.
   */
  async privateReportFacts(organisationId: string, since: Date): Promise<{ id: string; countryIso3: string; occurredOn: string }[]> {
    const rows = await this.db
      .select({ id: reports.id, countryIso3: reports.countryIso3, occurredFrom: reports.occurredFrom })
      .from(reports)
      .where(and(eq(reports.organisationId, organisationId), eq(reports.published, false), eq(reports.status, "verified"), isNotNull(reports.countryIso3), gte(reports.occurredFrom, since)));
    return rows.map((r) => ({ id: r.id, countryIso3: r.countryIso3!, occurredOn: new Date(r.occurredFrom).toISOString().slice(0, 10) }));
  }

  /** An organisation's newest reviewed, not yet published, assessment version per country (its private signal). */
  async reviewedAssessments(organisationId: string) {
    const rows = await this.db
      .select({ assessment: assessments, version: assessmentVersions })
      .from(assessmentVersions)
      .innerJoin(assessments, eq(assessments.id, assessmentVersions.assessmentId))
      .where(and(eq(assessmentVersions.organisationId, organisationId), eq(assessmentVersions.status, "reviewed")))
      .orderBy(desc(assessmentVersions.assessedOn), desc(assessmentVersions.reviewedAt));
    const newest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!newest.has(r.assessment.countryIso3)) newest.set(r.assessment.countryIso3, r);
    return [...newest.values()];
  }

  /** Countries with at least one published assessment version. */
  async countriesWithPublishedAssessments(): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ iso3: assessments.countryIso3 })
      .from(assessmentVersions)
      .innerJoin(assessments, eq(assessments.id, assessmentVersions.assessmentId))
      .where(eq(assessmentVersions.status, "published"));
    return rows.map((r) => r.iso3).sort();
  }

  /** The newest back-test record of a model, or undefined. */
  async latestBacktestRecord(modelId: string) {
    const [latest] = await this.db.select().from(modelBacktests).where(eq(modelBacktests.modelId, modelId)).orderBy(desc(modelBacktests.createdAt), desc(modelBacktests.id)).limit(1);
    return latest;
  }

  /** Every out-of-sample forecast (all years) of a stored back-test. */
  async backtestRows(backtestId: number) {
    return this.db
      .select({ iso3: backtestForecasts.countryIso3, dataYear: backtestForecasts.dataYear, risk: backtestForecasts.risk, rank: backtestForecasts.rank })
      .from(backtestForecasts)
      .where(eq(backtestForecasts.backtestId, backtestId));
  }

  /** One data year of the newest back-test of a model (the "previous year" of a first forecast run). */
  async backtestYear(modelId: string, dataYear: number) {
    const [latest] = await this.db.select({ id: modelBacktests.id }).from(modelBacktests).where(eq(modelBacktests.modelId, modelId)).orderBy(desc(modelBacktests.createdAt), desc(modelBacktests.id)).limit(1);
    if (!latest) return [];
    return this.db
      .select({ iso3: backtestForecasts.countryIso3, risk: backtestForecasts.risk, rank: backtestForecasts.rank })
      .from(backtestForecasts)
      .where(and(eq(backtestForecasts.backtestId, latest.id), eq(backtestForecasts.dataYear, dataYear)));
  }

  /** EWP's coded onsets (`mk_onset`) of every country-year. */
  async onsets(): Promise<{ iso3: string; year: number; onset: 0 | 1 | null }[]> {
    const rows = await this.db.select({ iso3: ewpCountryYears.countryIso3, year: ewpCountryYears.year, onset: ewpCountryYears.mkOnset }).from(ewpCountryYears);
    return rows.map((r) => ({ iso3: r.iso3, year: r.year, onset: r.onset === null ? null : r.onset ? 1 : 0 }));
  }
}
