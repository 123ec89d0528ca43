/**
 * SQL for normalised events (UCDP GED, ACLED, GDELT) and the progress records of event-file
 * imports: batched upserts that tell inserted from updated rows, keyset-paginated listing,
 * monthly per-country aggregates and loading a country's events for escalation detection.
 */
import { and, asc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { DatePrecision, Event, LocationPrecision, ViolenceType, EventSource } from "../../domain/events/event.ts";
import type { Db } from "./database.ts";
import { eventImports, events, type EventRow, type NewEventRow } from "./schema/mod.ts";

/** A stored import-progress record. */
export type EventImportRecord = typeof eventImports.$inferSelect;

/** Filters of {@link EventRepository.list}; every one is optional and they combine with AND. */
export interface EventFilter {
  /** Registry key (ISO3) of the event's country. */
  country?: string;
  /** First-order administrative unit, exactly as the source names it (e.g. "Rakhine state"). */
  admin1?: string;
  /** Events starting on or after this day (`YYYY-MM-DD`). */
  from?: string;
  /** Events starting on or before this day (`YYYY-MM-DD`). */
  to?: string;
  violenceType?: ViolenceType;
}

/** Position after which a page starts: the sort key of the last event of the previous page. */
export interface EventPosition {
  dateStart: string;
  source: string;
  sourceId: string;
}

/** One month of a country's events (see {@link EventRepository.monthlySummary}). */
export interface MonthlyEventSummary {
  /** First day of the month, `YYYY-MM-01`. */
  month: string;
  events: number;
  /** Sum of best fatality estimates (missing counts as 0). */
  fatalities: number;
  /** Sum of civilian deaths as the domain counts them (`effectiveCivilianDeaths`). */
  civilianDeaths: number;
  /** Events of type `one-sided` (violence against civilians). */
  oneSidedEvents: number;
}

// Column name, SQL type and property of every `events` column, in table order. The upsert sends a
// batch as one JSON parameter and lets PostgreSQL unpack it (json_to_recordset): one bind
// parameter instead of 25 per row, and about three times faster than a multi-row VALUES on PGlite.
const COLUMNS: readonly (readonly [string, string, keyof NewEventRow])[] = [
  ["source", "text", "source"], ["source_id", "text", "sourceId"], ["date_start", "date", "dateStart"],
  ["date_end", "date", "dateEnd"], ["date_precision", "smallint", "datePrecision"], ["country_iso3", "text", "countryIso3"],
  ["country_name", "text", "countryName"], ["gw_code", "integer", "gwCode"], ["admin1", "text", "admin1"],
  ["admin2", "text", "admin2"], ["lat", "double precision", "lat"], ["lon", "double precision", "lon"],
  ["location_precision", "smallint", "locationPrecision"], ["violence_type", "text", "violenceType"],
  ["civilian_targeting", "boolean", "civilianTargeting"], ["identity_targeting", "boolean", "identityTargeting"],
  ["actor1", "text", "actor1"], ["actor2", "text", "actor2"], ["fatalities_best", "integer", "fatalitiesBest"],
  ["fatalities_low", "integer", "fatalitiesLow"], ["fatalities_high", "integer", "fatalitiesHigh"],
  ["civilian_deaths", "integer", "civilianDeaths"], ["source_text", "text", "sourceText"], ["event_type", "text", "eventType"],
  ["dataset_version_id", "integer", "datasetVersionId"],
];
const UPSERT_SQL = {
  columns: sql.raw(COLUMNS.map(([c]) => `"${c}"`).join(", ")),
  record: sql.raw(COLUMNS.map(([c, t]) => `"${c}" ${t}`).join(", ")),
  set: sql.raw(COLUMNS.filter(([c]) => c !== "source" && c !== "source_id").map(([c]) => `"${c}" = excluded."${c}"`).join(", ")),
};

/**
 * Builds a stored row from a domain event.
 * @param event the normalised event
 * @param datasetVersionId the dataset version of the import writing it
 */
export function eventToRow(event: Event, datasetVersionId: number): NewEventRow {
  return { ...event, datasetVersionId };
}

/**
 * Turns a stored row back into the domain event (the columns mirror the `Event` type).
 * @param row a row of `events`
 */
export function rowToEvent(row: EventRow): Event {
  return {
    source: row.source as EventSource,
    sourceId: row.sourceId,
    dateStart: row.dateStart,
    dateEnd: row.dateEnd,
    datePrecision: row.datePrecision as DatePrecision,
    countryIso3: row.countryIso3,
    countryName: row.countryName,
    gwCode: row.gwCode,
    admin1: row.admin1,
    admin2: row.admin2,
    lat: row.lat,
    lon: row.lon,
    locationPrecision: row.locationPrecision as LocationPrecision | null,
    violenceType: row.violenceType as ViolenceType,
    civilianTargeting: row.civilianTargeting,
    identityTargeting: row.identityTargeting,
    actor1: row.actor1,
    actor2: row.actor2,
    fatalitiesBest: row.fatalitiesBest,
    fatalitiesLow: row.fatalitiesLow,
    fatalitiesHigh: row.fatalitiesHigh,
    civilianDeaths: row.civilianDeaths,
    sourceText: row.sourceText,
    eventType: row.eventType,
  };
}

function conditions(filter: EventFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.country) where.push(eq(events.countryIso3, filter.country));
  if (filter.admin1) where.push(eq(events.admin1, filter.admin1));
  if (filter.from) where.push(gte(events.dateStart, filter.from));
  if (filter.to) where.push(lte(events.dateStart, filter.to));
  if (filter.violenceType) where.push(eq(events.violenceType, filter.violenceType));
  return where;
}

/** SQL for events and event-import progress. Accepts a database or a transaction. */
export class EventRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts or updates events keyed by (source, source_id). Rows identical to the stored ones are
   * left alone (no new row version), which makes re-importing an unchanged file cheap.
   * @param rows rows to write (a key must not repeat within one call: PostgreSQL refuses to update
   *   a row twice in one statement)
   * @returns how many rows were new, and how many keys were already stored (changed or not)
   */
  async upsert(rows: readonly NewEventRow[]): Promise<{ inserted: number; updated: number }> {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    const payload = JSON.stringify(rows.map((r) => Object.fromEntries(COLUMNS.map(([c, , k]) => [c, r[k] ?? null]))));
    const result = await this.db.execute(sql`
      with written as (
        insert into ${events} (${UPSERT_SQL.columns})
        select * from json_to_recordset(${payload}::json) as x(${UPSERT_SQL.record})
        on conflict ("source", "source_id") do update set ${UPSERT_SQL.set}
        where (${events}.*) is distinct from (excluded.*)
        -- xmax is 0 on a freshly inserted row version and the writing transaction's id on an
        -- updated one: the standard way to tell the two apart in one upsert.
        returning (xmax = 0) as is_new
      )
      select (count(*) filter (where is_new))::int as inserted from written`);
    // Only new rows are counted in SQL: skipped identical rows return nothing, so the rest of
    // the batch was already stored. Counting in SQL also avoids shipping one row per event back.
    const [{ inserted }] = (result as unknown as { rows: { inserted: number }[] }).rows;
    return { inserted, updated: rows.length - inserted };
  }

  /**
   * Events matching `filter`, ordered by (dateStart, source, sourceId) — a total order, so keyset
   * pagination is stable and complete.
   * @param filter the filters
   * @param limit page size
   * @param after the sort key of the last event already seen (omit for the first page)
   */
  async list(filter: EventFilter, limit: number, after?: EventPosition): Promise<EventRow[]> {
    const where = conditions(filter);
    if (after) {
      where.push(sql`(${events.dateStart}, ${events.source}, ${events.sourceId}) > (${after.dateStart}, ${after.source}, ${after.sourceId})`);
    }
    return this.db
      .select()
      .from(events)
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(events.dateStart), asc(events.source), asc(events.sourceId))
      .limit(limit);
  }

  /**
   * Number of events matching `filter`.
   * @param filter the filters (default: every event)
   */
  async count(filter: EventFilter = {}): Promise<number> {
    const where = conditions(filter);
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(where.length ? and(...where) : undefined);
    return row.n;
  }

  /**
   * One country's events per calendar month of `dateStart`, only months that have events.
   * Civilian deaths follow `effectiveCivilianDeaths` (src/domain/events/event.ts): the source's
   * civilian count when it has one, else all best-estimate deaths of one-sided or
   * civilian-targeting events, else 0.
   * @param country registry key (ISO3)
   * @param range optional `from`/`to` days on `dateStart`
   * @returns months in ascending order
   */
  async monthlySummary(country: string, range: { from?: string; to?: string } = {}): Promise<MonthlyEventSummary[]> {
    const where = conditions({ country, from: range.from, to: range.to });
    const month = sql<string>`to_char(date_trunc('month', ${events.dateStart}), 'YYYY-MM-DD')`;
    return this.db
      .select({
        month,
        events: sql<number>`count(*)::int`,
        fatalities: sql<number>`coalesce(sum(${events.fatalitiesBest}), 0)::int`,
        civilianDeaths: sql<number>`coalesce(sum(coalesce(${events.civilianDeaths}, case when ${events.violenceType} = 'one-sided' or ${events.civilianTargeting} then coalesce(${events.fatalitiesBest}, 0) else 0 end)), 0)::int`,
        oneSidedEvents: sql<number>`(count(*) filter (where ${events.violenceType} = 'one-sided'))::int`,
      })
      .from(events)
      .where(and(...where))
      .groupBy(month)
      .orderBy(month);
  }

  /**
   * Every event of a country as domain events, in date order, for escalation detection.
   * @param country registry key (ISO3)
   * @param to optional last `dateStart` to include
   */
  async forCountry(country: string, to?: string): Promise<Event[]> {
    const rows = await this.db
      .select()
      .from(events)
      .where(and(...conditions({ country, to })))
      .orderBy(asc(events.dateStart), asc(events.source), asc(events.sourceId));
    return rows.map(rowToEvent);
  }

  /** The import record of a file, by source and sha256. */
  async findImport(source: string, sha256: string): Promise<EventImportRecord | undefined> {
    const [row] = await this.db.select().from(eventImports).where(and(eq(eventImports.source, source), eq(eventImports.sha256, sha256)));
    return row;
  }

  /**
   * Starts an import, or picks up the record of an earlier import of the same file: a finished one
   * is reset to run again from the top; an unfinished one is kept, so the caller resumes after
   * its `recordsDone` records.
   * @returns the record as it now stands
   */
  async beginImport(start: { source: string; fileName: string; sha256: string; layout: string | null; datasetVersionId: number }): Promise<EventImportRecord> {
    const existing = await this.findImport(start.source, start.sha256);
    if (!existing) {
      const [row] = await this.db.insert(eventImports).values({ ...start, status: "running" }).returning();
      return row;
    }
    const fresh = existing.status === "done";
    const [row] = await this.db
      .update(eventImports)
      .set({
        fileName: start.fileName, layout: start.layout, datasetVersionId: start.datasetVersionId, status: "running", updatedAt: sql`now()`,
        ...(fresh ? { recordsDone: 0, inserted: 0, updated: 0, rejected: 0, rejections: [], startedAt: sql`now()` } : {}),
      })
      .where(eq(eventImports.id, existing.id))
      .returning();
    return row;
  }

  /**
   * Advances an import after a committed batch (call inside the batch's transaction).
   * @param id the import
   * @param step records consumed so far (absolute), and rows inserted/updated by this batch
   */
  async advanceImport(id: number, step: { recordsDone: number; inserted: number; updated: number }): Promise<void> {
    await this.db
      .update(eventImports)
      .set({
        recordsDone: step.recordsDone,
        inserted: sql`${eventImports.inserted} + ${step.inserted}`,
        updated: sql`${eventImports.updated} + ${step.updated}`,
        updatedAt: sql`now()`,
      })
      .where(eq(eventImports.id, id));
  }

  /**
   * Ends an import.
   * @param id the import
   * @param end final status and, for `done`, the rejected records
   * @returns the record as it now stands
   */
  async finishImport(
    id: number,
    end: { status: "done" | "failed"; rejected?: number; rejections?: { line: number; field: string; reason: string }[] },
  ): Promise<EventImportRecord> {
    const [row] = await this.db
      .update(eventImports)
      .set({
        status: end.status,
        ...(end.rejected !== undefined ? { rejected: end.rejected } : {}),
        ...(end.rejections !== undefined ? { rejections: end.rejections } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(eventImports.id, id))
      .returning();
    return row;
  }
}
