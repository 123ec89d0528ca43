import { and, asc, desc, eq, gte, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Event } from "../../domain/events/event.ts";
import type { Db } from "./database.ts";
import { rowToEvent } from "./event.repository.ts";
import {
  alerts, alertStates, assessments, assessmentVersions, backtestForecasts, countries, events, ewpCountryYears, modelBacktests, reports,
} from "./schema/mod.ts";

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlertRow = typeof alerts.$inferInsert;
export type AlertStateRow = typeof alertStates.$inferSelect;

/** Filters of {@link AlertRepository.current}. */
export interface AlertFilter {
  levels?: string[];
  country?: string;
  region?: string;
  /** Only whole-country levels (situation ''), or only situations inside countries. */
  scope?: "country" | "situation";
}

/**
 * SQL for alert levels (public, system context): the change history with its current row per
 * subject, the computation's pending-drop bookkeeping, and the public inputs the computation and
 * the track record read (events in a window, published report facts, back-test history, onsets).
 */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  /** Current levels with the country's name and region, gravest first. */
  async current(filter: AlertFilter = {}) {
    const where = [eq(alerts.current, true)];
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

  /** Every current row (for the computation), by subject key `ISO3|situation`. */
  async currentBySubject(): Promise<Map<string, AlertRow>> {
    const rows = await this.db.select().from(alerts).where(eq(alerts.current, true));
    return new Map(rows.map((r) => [`${r.countryIso3}|${r.situation}`, r]));
  }

  /** The current row of one subject, locked for update when asked (inside a transaction). */
  async currentOf(iso3: string, situation: string, options: { forUpdate?: boolean } = {}): Promise<AlertRow | undefined> {
    const q = this.db.select().from(alerts).where(and(eq(alerts.countryIso3, iso3), eq(alerts.situation, situation), eq(alerts.current, true)));
    const [row] = await (options.forUpdate ? q.for("update") : q);
    return row;
  }

  /** Every change of a country (all its subjects), newest first. */
  async history(iso3: string, limit = 200): Promise<AlertRow[]> {
    return this.db.select().from(alerts).where(eq(alerts.countryIso3, iso3)).orderBy(desc(alerts.createdAt), asc(alerts.situation)).limit(limit);
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
      .where(and(eq(alerts.countryIso3, row.countryIso3), eq(alerts.situation, row.situation ?? ""), eq(alerts.current, true)))
      .returning();
    const [saved] = await this.db.insert(alerts).values({ ...row, current: true }).returning();
    return { row: saved, superseded };
  }

  /** Every alert row (audit verification). */
  async all(): Promise<AlertRow[]> {
    return this.db.select().from(alerts).orderBy(asc(alerts.createdAt));
  }

  /** Pending-drop bookkeeping of every subject, by `ISO3|situation`. */
  async states(): Promise<Map<string, AlertStateRow>> {
    const rows = await this.db.select().from(alertStates);
    return new Map(rows.map((r) => [`${r.countryIso3}|${r.situation}`, r]));
  }

  /** Stores a subject's bookkeeping after a computation. */
  async saveState(row: AlertStateRow): Promise<void> {
    await this.db
      .insert(alertStates)
      .values(row)
      .onConflictDoUpdate({
        target: [alertStates.countryIso3, alertStates.situation],
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
