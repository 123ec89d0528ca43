import { and, desc, eq } from "drizzle-orm";
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
   * The country-wide alert row marked current (`situation = ''`), or undefined when the country
   * has never had one.
   * @param iso3 registry key
   */
  async currentAlert(iso3: string): Promise<CurrentAlertRow | undefined> {
    const [row] = await this.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.countryIso3, iso3), eq(alerts.situation, ""), eq(alerts.current, true)))
      .orderBy(desc(alerts.createdAt))
      .limit(1);
    return row;
  }
}
