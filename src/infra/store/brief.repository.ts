import { and, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "./database.ts";
import { alerts } from "./schema/mod.ts";

/** The current alert row of a country, as the brief reads it. */
export type CurrentAlertRow = typeof alerts.$inferSelect;

/**
 * The few reads situation briefs need that no other repository offers yet: the alert level in
 * force for a country (the alerts service owns writes; the brief only reads its newest row).
 */
export class BriefRepository {
  constructor(private readonly db: Db) {}

  /**
   * The country-wide alert row marked current (`situation = ''`) in one view: the organisation's own
   * row when it has one, else the public row; undefined when the country has never had one.
   * @param iso3 registry key
   * @param viewer the organisation the brief serves (null: the public level)
   */
  async currentAlert(iso3: string, viewer: string | null = null): Promise<CurrentAlertRow | undefined> {
    const rows = await this.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.countryIso3, iso3), eq(alerts.situation, ""), eq(alerts.current, true), viewer ? or(isNull(alerts.organisationId), eq(alerts.organisationId, viewer)) : isNull(alerts.organisationId)))
      .orderBy(desc(alerts.createdAt));
    return rows.find((r) => r.organisationId !== null) ?? rows[0];
  }
}
