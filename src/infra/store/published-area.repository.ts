import { eq, inArray } from "drizzle-orm";
import type { PublishedArea } from "../../domain/reports/location.ts";
import type { Db } from "./database.ts";
import { reportPublishedAreas } from "./schema/mod.ts";

/** The first published area of each report (written once, never moved). */
export class PublishedAreaRepository {
  constructor(private readonly db: Db) {}

  async get(reportId: string): Promise<PublishedArea | undefined> {
    const [r] = await this.db.select().from(reportPublishedAreas).where(eq(reportPublishedAreas.reportId, reportId));
    return r && { south: r.south, north: r.north, west: r.west, east: r.east, sizeMeters: r.sizeMeters };
  }

  async insert(organisationId: string, reportId: string, area: PublishedArea, at: Date): Promise<void> {
    await this.db.insert(reportPublishedAreas).values({ reportId, organisationId, ...area, sizeMeters: Math.round(area.sizeMeters), firstPublishedAt: at }).onConflictDoNothing();
  }

  async forReports(reportIds: string[]): Promise<Map<string, PublishedArea>> {
    if (reportIds.length === 0) return new Map();
    const rows = await this.db.select().from(reportPublishedAreas).where(inArray(reportPublishedAreas.reportId, reportIds));
    return new Map(rows.map((r) => [r.reportId, { south: r.south, north: r.north, west: r.west, east: r.east, sizeMeters: r.sizeMeters }]));
  }
}
