import { sql } from "drizzle-orm";
import {
  boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex,
} from "drizzle-orm/pg-core";
import { countries } from "./countries.ts";
import { datasetVersions } from "./datasets.ts";

/**
 * Normalised violent (and, for ACLED/GDELT, other political) events from UCDP GED, ACLED and GDELT:
 * one row per source event, keyed by (source, source_id) so a re-import updates rather than
 * duplicates. Mirrors the domain `Event` type (src/domain/events/event.ts) column for column.
 * Dates are calendar days (`date`, read as `YYYY-MM-DD` strings); numbers absent at the source are NULL.
 */
export const events = pgTable(
  "events",
  {
    /** An event-source registry id: `ged`, `acled`, `gdelt`, `csv` … */
    source: text("source").notNull(),
    /** GED `id`, ACLED `event_id_cnty`, GDELT `GlobalEventID`. */
    sourceId: text("source_id").notNull(),
    dateStart: date("date_start", { mode: "string" }).notNull(),
    dateEnd: date("date_end", { mode: "string" }).notNull(),
    /** UCDP scale 1 (day) … 5 (longer than a month). */
    datePrecision: smallint("date_precision").notNull(),
    /** NULL when the country registry could not resolve the source's country. */
    countryIso3: text("country_iso3").references(() => countries.iso3),
    countryName: text("country_name").notNull(),
    gwCode: integer("gw_code"),
    admin1: text("admin1"),
    admin2: text("admin2"),
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    /** UCDP `where_prec` scale 1 (exact) … 7 (international waters). */
    locationPrecision: smallint("location_precision"),
    /** `state-based` | `non-state` | `one-sided` | `other`. */
    violenceType: text("violence_type").notNull(),
    civilianTargeting: boolean("civilian_targeting").notNull(),
    identityTargeting: boolean("identity_targeting").notNull(),
    actor1: text("actor1"),
    actor2: text("actor2"),
    fatalitiesBest: integer("fatalities_best"),
    fatalitiesLow: integer("fatalities_low"),
    fatalitiesHigh: integer("fatalities_high"),
    civilianDeaths: integer("civilian_deaths"),
    sourceText: text("source_text"),
    /** ACLED "event_type: sub_event_type", "CAMEO <code>", GED dyad name. */
    eventType: text("event_type"),
    /** The import (dataset version) that last wrote this row. */
    datasetVersionId: integer("dataset_version_id").notNull().references(() => datasetVersions.id),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.sourceId] }),
    // The detector reads one country's events in date order, at country or admin1 level.
    index("events_country_date").on(t.countryIso3, t.dateStart),
    index("events_country_admin1_date").on(t.countryIso3, t.admin1, t.dateStart),
    // Keyset pages of /api/events and the streamed exports walk this order.
    index("events_date_order").on(t.dateStart, t.source, t.sourceId),
    // The country page's source freshness: each source's latest event of a country in one index probe.
    index("events_country_source_date_end").on(t.countryIso3, t.source, t.dateEnd),
    check("events_violence_type", sql`${t.violenceType} in ('state-based', 'non-state', 'one-sided', 'other')`),
    // The list of sources lives in the event-source registry (src/infra/importers/event-sources.ts),
    // which every writer checks; the store only keeps the id's shape, so a new source needs no migration.
    check("events_source_id", sql`${t.source} ~ '^[a-z][a-z0-9-]{0,9}$'`),
    check("events_dates", sql`${t.dateEnd} >= ${t.dateStart}`),
  ],
);

/** A stored event row. */
export type EventRow = typeof events.$inferSelect;
/** An event row to insert or upsert. */
export type NewEventRow = typeof events.$inferInsert;

/**
 * Progress of one event-file import, so an interrupted import resumes after its last committed
 * batch: each batch's transaction also advances `records_done` (data records consumed, rejected
 * ones included). A re-run of the same file (same sha256) whose status is not `done` skips the
 * first `records_done` records; a re-run of a `done` import starts again from the top (an
 * idempotent upsert).
 */
export const eventImports = pgTable(
  "event_imports",
  {
    id: serial("id").primaryKey(),
    source: text("source").notNull(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    /** Detected layout, e.g. `ged-49`, `ged-legacy`, `acled`, `gdelt-2.0`. */
    layout: text("layout"),
    /** `running` (also what an interrupted import leaves) | `done` | `failed`. */
    status: text("status").notNull(),
    recordsDone: integer("records_done").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    /** Rejected records (with `--skip-invalid`): `{ line, field, reason }`, the first 1000. */
    rejections: jsonb("rejections").$type<Array<{ line: number; field: string; reason: string }>>().notNull().default([]),
    datasetVersionId: integer("dataset_version_id").references(() => datasetVersions.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("event_imports_source_sha").on(t.source, t.sha256)],
);
