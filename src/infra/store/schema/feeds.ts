import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./identity.ts";

/**
 * Live feeds (issue 15): an organisation's configured pulls from a public source (GDELT, UCDP GED,
 * ACLED, RSS/Atom/JSON Feed, EWP). Organisation-scoped with row-level security (migration); the
 * feed runner works in the system context across organisations. Credentials are a keyring envelope
 * bound to the row (`feeds.credentials`), never returned by the API.
 */
export const feeds = pgTable(
  "feeds",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    name: text("name").notNull(),
    /** A key of the connector registry: `gdelt` | `rss` | `ucdp-ged-api` | `ucdp-ged-csv` | `acled` | `ewp`. */
    source: text("source").notNull(),
    /** A 5-field cron expression (UTC) or `every N minutes` (see domain/feeds/schedule.ts). */
    schedule: text("schedule").notNull(),
    /** Connector settings (URLs, language, country, version …): never secrets. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** Keyring envelope of the connector's secrets (tokens, passwords, refresh tokens), or null. */
    credentials: text("credentials"),
    /** Where the next pull starts (connector-defined: last file URL, last date, seen ids …). */
    cursor: jsonb("cursor").$type<Record<string, unknown>>(),
    paused: boolean("paused").notNull().default(false),
    /** Why the feed is paused (a changed schema pauses it by itself). */
    pausedReason: text("paused_reason"),
    /** Silence longer than this (minutes since the last success) makes the feed stale. */
    expectedRhythmMinutes: integer("expected_rhythm_minutes").notNull(),
    nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
    /** While a run holds the feed: its lease (another replica skips the feed until then). */
    runningUntil: timestamp("running_until", { withTimezone: true }),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    /** Short reason of the last failed run (cleared by a success): never credentials or contents. */
    lastError: text("last_error"),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    /** Rows (events, speech items, country-years) added by the last successful run. */
    lastRowsAdded: integer("last_rows_added").notNull().default(0),
    /** Rows added over the feed's life. */
    rowsAdded: integer("rows_added").notNull().default(0),
    /** When the feed was first seen stale (the notice is raised once per silence). */
    staleSince: timestamp("stale_since", { withTimezone: true }),
    /** The admin who added it, or null when added from the CLI. */
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("feeds_org_name").on(t.organisationId, t.name),
    index("feeds_due").on(t.paused, t.nextRunAt),
    check("feeds_source_known", sql`${t.source} in ('gdelt', 'rss', 'ucdp-ged-api', 'ucdp-ged-csv', 'acled', 'ewp')`),
    check("feeds_rhythm_positive", sql`${t.expectedRhythmMinutes} > 0`),
  ],
);

export type FeedRow = typeof feeds.$inferSelect;
export type NewFeedRow = typeof feeds.$inferInsert;
