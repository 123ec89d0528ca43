import { and, desc, eq, gte, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "./database.ts";
import { events } from "./schema/mod.ts";

/** One first-order administrative area's events (see {@link EventAreaRepository.admin1Summary}). */
export interface Admin1EventSummary {
  /** The area as the source names it. */
  admin1: string;
  events: number;
  fatalities: number;
  civilianDeaths: number;
  /** Mean latitude/longitude of the area's geolocated events (degrees); null when none has coordinates. */
  lat: number | null;
  lon: number | null;
}

/** SQL for the dashboard's admin-area map: a country's events grouped by admin1. */
export class EventAreaRepository {
  constructor(private readonly db: Db) {}

  /**
   * A country's events per admin1 (events without an admin1 are left out), most events first.
   * Civilian deaths follow the monthly summary's rule (`EventRepository.monthlySummary`).
   * @param country registry key (ISO3)
   * @param range optional `from`/`to` days on `dateStart`
   */
  async admin1Summary(country: string, range: { from?: string; to?: string } = {}): Promise<Admin1EventSummary[]> {
    const where: SQL[] = [eq(events.countryIso3, country), isNotNull(events.admin1)];
    if (range.from) where.push(gte(events.dateStart, range.from));
    if (range.to) where.push(lte(events.dateStart, range.to));
    const n = sql<number>`count(*)::int`;
    const rows = await this.db
      .select({
        admin1: sql<string>`${events.admin1}`,
        events: n,
        fatalities: sql<number>`coalesce(sum(${events.fatalitiesBest}), 0)::int`,
        civilianDeaths: sql<number>`coalesce(sum(coalesce(${events.civilianDeaths}, case when ${events.violenceType} = 'one-sided' or ${events.civilianTargeting} then coalesce(${events.fatalitiesBest}, 0) else 0 end)), 0)::int`,
        lat: sql<number | null>`avg(${events.lat})::float8`,
        lon: sql<number | null>`avg(${events.lon})::float8`,
      })
      .from(events)
      .where(and(...where))
      .groupBy(events.admin1)
      .orderBy(desc(n), events.admin1);
    return rows.map((r) => ({ ...r, lat: r.lat === null ? null : Number(r.lat), lon: r.lon === null ? null : Number(r.lon) }));
  }
}
