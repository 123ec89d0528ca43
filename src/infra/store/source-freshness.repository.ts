import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { datasetVersions, eventImports, events, ewpCountryYears } from "./schema/mod.ts";

/** How fresh one source is for one country. */
export interface SourceFreshnessRow {
  source: string;
  /** Latest event (end) date, or for EWP the latest country-year as `YYYY-12-31`; null when the country has none. */
  latestEventDate: string | null;
  /** When the source's data were last imported (any country); null when never. */
  importedAt: Date | null;
}

/** Per-source freshness for the country page (issue 15, part 5). */
export class SourceFreshnessRepository {
  constructor(private readonly db: Db) {}

  /** Event sources: the country's latest event date and the source's latest finished import. */
  async eventSources(iso3: string, sources: readonly string[]): Promise<SourceFreshnessRow[]> {
    // One index probe per source (events_country_source_date_end), not a scan of the country's events.
    const latest = await Promise.all(
      sources.map(async (source) => {
        const [row] = await this.db.select({ date: sql<string | null>`max(${events.dateEnd})::text` }).from(events).where(and(eq(events.countryIso3, iso3), eq(events.source, source)));
        return { source, date: row?.date ?? null };
      }),
    );
    const imported = await this.db
      .select({ source: eventImports.source, at: sql<string>`max(${eventImports.updatedAt})::text` })
      .from(eventImports)
      .where(and(eq(eventImports.status, "done"), inArray(eventImports.source, [...sources])))
      .groupBy(eventImports.source);
    return sources.map((source) => {
      const at = imported.find((i) => i.source === source)?.at;
      return { source, latestEventDate: latest.find((l) => l.source === source)?.date ?? null, importedAt: at ? new Date(at) : null };
    });
  }

  /** EWP: the country's latest country-year and the current predictors version's import time. */
  async ewp(iso3: string, dataset: string): Promise<SourceFreshnessRow> {
    const [year] = await this.db.select({ year: sql<number | null>`max(${ewpCountryYears.year})` }).from(ewpCountryYears).where(eq(ewpCountryYears.countryIso3, iso3));
    const [version] = await this.db.select({ at: sql<string | null>`max(${datasetVersions.importedAt})::text` }).from(datasetVersions).where(eq(datasetVersions.dataset, dataset));
    return { source: "ewp", latestEventDate: year?.year != null ? `${year.year}-12-31` : null, importedAt: version?.at ? new Date(version.at) : null };
  }
}
