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

// The 24 columns an import spools per event: every column but dataset_version_id, which the batch
// write adds (the version is recorded only after the file has been validated).
const SPOOL_COLUMNS = COLUMNS.filter(([c]) => c !== "dataset_version_id");
const SPOOL_LIST = sql.raw(SPOOL_COLUMNS.map(([c]) => `"${c}"`).join(", "));
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const COPY_UNESCAPES: Record<string, string> = { "\\": "\\", t: "\t", n: "\n", r: "\r" };

/**
 * Encodes an event as one line of PostgreSQL's COPY text format (tab-separated, `\N` for NULL,
 * backslash escapes for backslash, tab, newline and carriage return; no trailing newline), in the
 * column order of {@link EventRepository.upsertSpooled}. An event with newlines in its text still
 * takes exactly one line, so a spool file can be read back line by line.
 * @param event the normalised event
 */
export function eventToCopyLine(event: Event): string {
  let line = "";
  for (let i = 0; i < SPOOL_COLUMNS.length; i++) {
    const v = (event as unknown as Record<string, unknown>)[SPOOL_COLUMNS[i][2]];
    const text =
      v === null || v === undefined ? "\\N"
      : typeof v === "string" ? (/[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : v)
      : typeof v === "boolean" ? (v ? "t" : "f")
      : String(v);
    line = i === 0 ? text : `${line}\t${text}`;
  }
  return line;
}

/**
 * The source id (second column) of a line made by {@link eventToCopyLine}, still escaped — equal
 * ids give equal keys, which is all a batch needs to drop repeated ids.
 */
export function copyLineSourceId(line: string): string {
  const a = line.indexOf("\t");
  const b = line.indexOf("\t", a + 1);
  return line.slice(a + 1, b);
}

/** Decodes a COPY text line into `{ column: text | null }` for json_to_recordset (which casts the text). */
function copyLineToJson(line: string): Record<string, string | null> {
  const values = line.split("\t");
  const out: Record<string, string | null> = {};
  for (let i = 0; i < SPOOL_COLUMNS.length; i++) {
    const v = values[i];
    out[SPOOL_COLUMNS[i][0]] = v === "\\N" ? null : v.includes("\\") ? v.replace(/\\(.)/g, (_, c: string) => COPY_UNESCAPES[c] ?? c) : v;
  }
  return out;
}

/** The raw client under a Drizzle PGlite database or transaction (a PGlite or PGlite Transaction). */
interface PgliteClient {
  query(query: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: Record<string, unknown>[] }>;
}
function pgliteClient(db: Db): PgliteClient {
  const client = (db as unknown as { session?: { client?: PgliteClient } }).session?.client;
  if (!client || typeof client.query !== "function") throw new Error("not a PGlite database");
  return client;
}

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
    return this.upsertJson(JSON.stringify(rows.map((r) => Object.fromEntries(COLUMNS.map(([c, , k]) => [c, r[k] ?? null])))), rows.length);
  }

  /**
   * Inserts or updates events given as COPY text lines ({@link eventToCopyLine}), all written by
   * one dataset version, with the semantics of {@link upsert}. This is the import's write path:
   * - on PGlite the lines go in as one `COPY … FROM '/dev/blob'` into a session-local staging
   *   table, then one `INSERT … SELECT` moves them into `events`. COPY's C parser is the cheapest
   *   way into the WASM engine: measured on 100,000 GED events in batches of 10,000, 1.3×
   *   (in-memory store) to 1.6× (on-disk store) the rows per CPU-second of the json_to_recordset
   *   upsert on a first import, 1.7–1.8× on a re-import. The foreign keys are checked once per
   *   batch instead of per row (see {@link checkStagedReferences});
   * - on PostgreSQL (node-postgres has no COPY FROM STDIN without another package) the lines are
   *   decoded and sent as the one JSON parameter of {@link upsert}; the foreign-key triggers run
   *   as usual (the role may not be a superuser, and other sessions may be writing).
   * @param lines COPY text lines; a source id must not repeat within one call
   * @param datasetVersionId the version the rows are attributed to
   * @param engine the store's engine (`Store.kind`)
   * @param options `insertOnly`: the caller believes none of the keys is stored yet (a first
   *   import into a source without rows), so a plain INSERT is tried first — about 10 % less
   *   database time than the upsert, which pays for a speculative insertion per row. If a key
   *   is stored after all (a unique violation), the batch falls back to the upsert, so the result
   *   is the same either way. Call it inside a transaction (it needs a savepoint).
   * @returns how many rows were new, and how many keys were already stored (changed or not)
   * @throws {Error} on PGlite, naming the value, when a row's country is not in `countries` or
   *   the dataset version does not exist (nothing of the batch is written)
   */
  async upsertSpooled(
    lines: readonly string[],
    datasetVersionId: number,
    engine: "pglite" | "postgres",
    options: { insertOnly?: boolean } = {},
  ): Promise<{ inserted: number; updated: number }> {
    if (lines.length === 0) return { inserted: 0, updated: 0 };
    if (engine === "postgres") {
      const rows = lines.map((l) => ({ ...copyLineToJson(l), dataset_version_id: datasetVersionId }));
      const payload = JSON.stringify(rows);
      if (options.insertOnly) {
        const inserted = await this.tryInsertOnly(sql`
          insert into ${events} (${UPSERT_SQL.columns})
          select * from json_to_recordset(${payload}::json) as x(${UPSERT_SQL.record})`);
        if (inserted !== undefined) return { inserted, updated: lines.length - inserted };
      }
      return this.upsertJson(payload, lines.length);
    }
    const client = pgliteClient(this.db);
    // Temporary, so invisible to other sessions and never migrated; emptied before each batch
    // (not "on commit delete rows", which would empty it between statements outside a transaction).
    await client.query(
      `create temp table if not exists event_stage as select ${SPOOL_COLUMNS.map(([c]) => `"${c}"`).join(", ")} from events with no data`,
    );
    await client.query("truncate event_stage");
    await client.query("copy event_stage from '/dev/blob'", [], { blob: new Blob([lines.join("\n"), "\n"]) });
    const skipTriggers = await this.checkStagedReferences(client, datasetVersionId);
    // `set local` lasts until the end of the transaction, so it is reset right after the one
    // statement; outside a transaction it has no effect and the triggers simply run.
    if (skipTriggers) await client.query("set local session_replication_role = replica");
    try {
      if (options.insertOnly) {
        const inserted = await this.tryInsertOnly(sql`
          insert into ${events} (${SPOOL_LIST}, "dataset_version_id")
          select *, ${datasetVersionId}::integer from event_stage`);
        if (inserted !== undefined) return { inserted, updated: lines.length - inserted };
      }
      const result = await this.db.execute(sql`
        with written as (
          insert into ${events} (${SPOOL_LIST}, "dataset_version_id")
          select *, ${datasetVersionId}::integer from event_stage
          on conflict ("source", "source_id") do update set ${UPSERT_SQL.set}
          where (${events}.*) is distinct from (excluded.*)
          returning (xmax = 0) as is_new
        )
        select (count(*) filter (where is_new))::int as inserted from written`);
      const [{ inserted }] = (result as unknown as { rows: { inserted: number }[] }).rows;
      return { inserted, updated: lines.length - inserted };
    } finally {
      // Not reached usefully after a failed statement (the transaction is aborted and its
      // rollback undoes the setting anyway), hence the catch.
      if (skipTriggers) await client.query("set local session_replication_role = origin").catch(() => {});
    }
  }

  /**
   * The foreign-key checks of the staged batch as two set-wise queries, instead of the two
   * per-row triggers (events.country_iso3 → countries, events.dataset_version_id →
   * dataset_versions). Why: inside PGlite's WASM engine an inserted row costs 30–50 µs, and
   * profiles put a quarter to a third of that in those two triggers (each a separate SPI query
   * per row); the set-wise check of 10,000 staged rows is one anti-join over a 250-row table.
   * The insert then runs with `session_replication_role = replica`, which skips the triggers for
   * that statement. That is only sound where nobody can delete a referenced row between the check
   * and the commit — true of PGlite, one connection per store — and needs a superuser (PGlite's
   * default role); it is also only done when `events` has no triggers of its own (replica mode
   * would skip those too). Otherwise this returns false and the triggers run as before.
   * @returns whether the triggers may be skipped for the insert
   * @throws {Error} naming the value, when a staged country or the version is unknown
   */
  private async checkStagedReferences(client: PgliteClient, datasetVersionId: number): Promise<boolean> {
    const { rows } = await client.query(
      `select u.source_id as bad_id, u.country_iso3 as bad_country,
         exists (select 1 from dataset_versions where id = $1) as version_exists,
         current_setting('is_superuser') = 'on' as superuser,
         exists (select 1 from pg_trigger where tgrelid = 'events'::regclass and not tgisinternal) as own_triggers
       from (select 1) as one left join lateral (
         select s.source_id, s.country_iso3 from event_stage s
         where s.country_iso3 is not null and not exists (select 1 from countries c where c.iso3 = s.country_iso3)
         limit 1) as u on true`,
      [datasetVersionId],
    );
    const row = rows[0] as { bad_id: string | null; bad_country: string | null; version_exists: boolean; superuser: boolean; own_triggers: boolean };
    if (row.bad_country !== null) {
      throw new Error(`event ${row.bad_id}: country_iso3 ${JSON.stringify(row.bad_country)} is not in the countries table`);
    }
    if (!row.version_exists) throw new Error(`dataset version ${datasetVersionId} does not exist`);
    return row.superuser && !row.own_triggers;
  }

  /**
   * Runs a plain INSERT under a savepoint.
   * @returns the number of rows inserted, or undefined when a key was already stored (unique
   *   violation; the savepoint is rolled back and the caller upserts instead)
   */
  private async tryInsertOnly(insert: SQL): Promise<number | undefined> {
    await this.db.execute(sql`savepoint event_insert_only`);
    try {
      const result = await this.db.execute(sql`with written as (${insert} returning 1) select count(*)::int as inserted from written`);
      await this.db.execute(sql`release savepoint event_insert_only`);
      return (result as unknown as { rows: { inserted: number }[] }).rows[0].inserted;
    } catch (error) {
      const e = error as { code?: string; cause?: { code?: string } };
      if ((e.code ?? e.cause?.code) !== "23505") throw error;
      await this.db.execute(sql`rollback to savepoint event_insert_only`);
      return undefined;
    }
  }

  /** The upsert itself: `payload` is a JSON array of `{ column: value }` objects, `n` its length. */
  private async upsertJson(payload: string, n: number): Promise<{ inserted: number; updated: number }> {
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
    return { inserted, updated: n - inserted };
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

  /**
   * Whether any event of `source` is stored (a first import of a source may use a plain INSERT).
   * @param source the event source
   */
  async hasSource(source: EventSource): Promise<boolean> {
    const [row] = await this.db.select({ one: sql<number>`1` }).from(events).where(eq(events.source, source)).limit(1);
    return row !== undefined;
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
   * @param end final status and, for `done`, the rejected records and (when only known at the
   *   end, as in a pipelined import) the detected layout
   * @returns the record as it now stands
   */
  async finishImport(
    id: number,
    end: { status: "done" | "failed"; rejected?: number; rejections?: { line: number; field: string; reason: string }[]; layout?: string },
  ): Promise<EventImportRecord> {
    const [row] = await this.db
      .update(eventImports)
      .set({
        status: end.status,
        ...(end.layout !== undefined ? { layout: end.layout } : {}),
        ...(end.rejected !== undefined ? { rejected: end.rejected } : {}),
        ...(end.rejections !== undefined ? { rejections: end.rejections } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(eventImports.id, id))
      .returning();
    return row;
  }
}
