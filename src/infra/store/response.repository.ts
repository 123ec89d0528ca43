import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import {
  alertAcknowledgements, alertReassessments, alerts, responseActions, responseHiddenOptions, responseOptions, users,
  type AlertAcknowledgementRow, type AlertReassessmentRow, type ResponseActionRow, type ResponseHiddenOptionRow, type ResponseOptionRow,
} from "./schema/mod.ts";

// The one alert row type lives beside the alert repository; re-exported for the response use cases.
import type { AlertRow } from "./alert.repository.ts";
export type { AlertRow };

/**
 * SQL for the warning→response loop: the public alerts it reads, and the organisation-scoped
 * catalogue additions, acknowledgements, actions and reassessment dates. Org-scoped methods filter
 * by organisation as well as running under row-level security.
 */
export class ResponseRepository {
  constructor(private readonly db: Db) {}

  /** One alert by id: a public one, or one of the organisation's own view (issue 16). */
  async alert(id: string, viewer: string | null = null): Promise<AlertRow | undefined> {
    const [row] = await this.db.select().from(alerts).where(and(eq(alerts.id, id), viewer ? or(isNull(alerts.organisationId), eq(alerts.organisationId, viewer)) : isNull(alerts.organisationId)));
    return row;
  }

  /**
   * The current alerts of a country in one view (the organisation's own row of a subject where it
   * has one, else the public row), the whole-country subject first, then by situation.
   */
  async currentAlerts(countryIso3: string, viewer: string | null = null): Promise<AlertRow[]> {
    const rows = await this.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.countryIso3, countryIso3), eq(alerts.current, true), viewer ? or(isNull(alerts.organisationId), eq(alerts.organisationId, viewer)) : isNull(alerts.organisationId)))
      .orderBy(asc(alerts.situation));
    const own = new Set(rows.filter((r) => r.organisationId !== null).map((r) => r.situation));
    return rows.filter((r) => r.organisationId !== null || !own.has(r.situation));
  }

  /**
   * Alerts the gap metrics look at: every current alert plus every alert created since `since`,
   * optionally of one country.
   */
  async alertsForGaps(since: Date, countryIso3?: string): Promise<AlertRow[]> {
    const window = or(eq(alerts.current, true), gte(alerts.createdAt, since));
    return this.db
      .select()
      .from(alerts)
      .where(countryIso3 ? and(window, eq(alerts.countryIso3, countryIso3)) : window)
      .orderBy(asc(alerts.createdAt), asc(alerts.id));
  }

  /** Stores a new organisation option. */
  async insertOption(row: ResponseOptionRow): Promise<ResponseOptionRow> {
    const [created] = await this.db.insert(responseOptions).values(row).returning();
    return created;
  }

  /** Changes an organisation option; returns the row after the change. */
  async updateOption(organisationId: string, id: string, set: Partial<ResponseOptionRow>): Promise<ResponseOptionRow> {
    const [row] = await this.db.update(responseOptions).set(set).where(and(eq(responseOptions.organisationId, organisationId), eq(responseOptions.id, id))).returning();
    return row;
  }

  /** One organisation option by id (retired ones included). */
  async option(organisationId: string, id: string): Promise<ResponseOptionRow | undefined> {
    const [row] = await this.db.select().from(responseOptions).where(and(eq(responseOptions.organisationId, organisationId), eq(responseOptions.id, id)));
    return row;
  }

  /** The organisation's own options (retired ones too unless `activeOnly`), oldest first. */
  async options(organisationId: string, options: { activeOnly?: boolean } = {}): Promise<ResponseOptionRow[]> {
    const org = eq(responseOptions.organisationId, organisationId);
    return this.db.select().from(responseOptions).where(options.activeOnly ? and(org, isNull(responseOptions.retiredAt)) : org).orderBy(asc(responseOptions.createdAt), asc(responseOptions.id));
  }

  /** The built-ins the organisation hid. */
  async hiddenOptions(organisationId: string): Promise<ResponseHiddenOptionRow[]> {
    return this.db.select().from(responseHiddenOptions).where(eq(responseHiddenOptions.organisationId, organisationId)).orderBy(asc(responseHiddenOptions.optionId));
  }

  /** Hides a built-in; false when it was hidden already. */
  async hide(row: ResponseHiddenOptionRow): Promise<boolean> {
    const created = await this.db.insert(responseHiddenOptions).values(row).onConflictDoNothing().returning();
    return created.length > 0;
  }

  /** Shows a built-in again; false when it was not hidden. */
  async unhide(organisationId: string, optionId: string): Promise<boolean> {
    const removed = await this.db.delete(responseHiddenOptions).where(and(eq(responseHiddenOptions.organisationId, organisationId), eq(responseHiddenOptions.optionId, optionId))).returning();
    return removed.length > 0;
  }

  /** Records a user's acknowledgement; returns undefined when that user had acknowledged the alert already. */
  async insertAcknowledgement(row: AlertAcknowledgementRow): Promise<AlertAcknowledgementRow | undefined> {
    const [created] = await this.db.insert(alertAcknowledgements).values(row).onConflictDoNothing().returning();
    return created;
  }

  /** The organisation's acknowledgements of these alerts (all alerts when `alertIds` is omitted), earliest first. */
  async acknowledgements(organisationId: string, alertIds?: string[]): Promise<AlertAcknowledgementRow[]> {
    if (alertIds && !alertIds.length) return [];
    const org = eq(alertAcknowledgements.organisationId, organisationId);
    return this.db
      .select()
      .from(alertAcknowledgements)
      .where(alertIds ? and(org, inArray(alertAcknowledgements.alertId, alertIds)) : org)
      .orderBy(asc(alertAcknowledgements.acknowledgedAt), asc(alertAcknowledgements.id));
  }

  /** Stores a new action. */
  async insertAction(row: ResponseActionRow): Promise<ResponseActionRow> {
    const [created] = await this.db.insert(responseActions).values(row).returning();
    return created;
  }

  /** One action, locked for update when asked (serialises concurrent edits). */
  async action(organisationId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<ResponseActionRow | undefined> {
    const q = this.db.select().from(responseActions).where(and(eq(responseActions.organisationId, organisationId), eq(responseActions.id, id)));
    const [row] = options.forUpdate ? await q.for("update") : await q;
    return row;
  }

  /** The organisation's actions on these alerts (all when omitted), oldest first. */
  async actions(organisationId: string, alertIds?: string[]): Promise<ResponseActionRow[]> {
    if (alertIds && !alertIds.length) return [];
    const org = eq(responseActions.organisationId, organisationId);
    return this.db
      .select()
      .from(responseActions)
      .where(alertIds ? and(org, inArray(responseActions.alertId, alertIds)) : org)
      .orderBy(asc(responseActions.createdAt), asc(responseActions.id));
  }

  /** Changes an action; returns the row after the change. */
  async updateAction(organisationId: string, id: string, set: Partial<ResponseActionRow>): Promise<ResponseActionRow> {
    const [row] = await this.db.update(responseActions).set(set).where(and(eq(responseActions.organisationId, organisationId), eq(responseActions.id, id))).returning();
    return row;
  }

  /** Removes an action (the service audits the removal). */
  async deleteAction(organisationId: string, id: string): Promise<void> {
    await this.db.delete(responseActions).where(and(eq(responseActions.organisationId, organisationId), eq(responseActions.id, id)));
  }

  /** Sets (or moves) the organisation's reassessment date of an alert. */
  async upsertReassessment(row: AlertReassessmentRow): Promise<AlertReassessmentRow> {
    const [saved] = await this.db
      .insert(alertReassessments)
      .values(row)
      .onConflictDoUpdate({ target: [alertReassessments.organisationId, alertReassessments.alertId], set: { reassessOn: sql`excluded.reassess_on`, setBy: sql`excluded.set_by`, setAt: sql`excluded.set_at` } })
      .returning();
    return saved;
  }

  /** The organisation's reassessment dates (of these alerts, or all). */
  async reassessments(organisationId: string, alertIds?: string[]): Promise<AlertReassessmentRow[]> {
    if (alertIds && !alertIds.length) return [];
    const org = eq(alertReassessments.organisationId, organisationId);
    return this.db.select().from(alertReassessments).where(alertIds ? and(org, inArray(alertReassessments.alertId, alertIds)) : org).orderBy(desc(alertReassessments.setAt));
  }

  /** Display names of the organisation's users among `ids` (others are simply absent). */
  async userNames(organisationId: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.organisationId, organisationId), inArray(users.id, ids)));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
