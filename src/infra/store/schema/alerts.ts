import { boolean, date, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { AlertLevel } from "../../../domain/alerts/level.ts";
import { countries } from "./countries.ts";
import { organisations } from "./identity.ts";

/**
 * Alert levels (issue 7). Levels are computed from public signals (forecasts, escalations, speech
 * spikes, published verified reports, published assessments), so they are shared by every
 * organisation; what an organisation does about an alert (acknowledgements, response actions,
 * deliveries) is organisation-scoped and lives in its own tables.
 *
 * One row per level change of a subject (a country, or a situation inside it): the newest row of a
 * subject is its current level (`current = true`, at most one per subject).
 */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey(),
    /**
     * Whose view (issue 16): null for the public level, computed from public signals and the same
     * for everyone; an organisation for its own view, which adds its private signals and its
     * overrides. Row-level security lets an organisation read the public rows and its own only.
     */
    organisationId: uuid("organisation_id").references(() => organisations.id),
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    /** A situation inside the country (e.g. an admin1 region), or '' for the whole country. */
    situation: text("situation").notNull().default(""),
    /** The level in force after this change (the override's level when overridden). */
    level: text("level").$type<AlertLevel>().notNull(),
    previousLevel: text("previous_level").$type<AlertLevel>().notNull(),
    /** What the rules alone said at this change. */
    computedLevel: text("computed_level").$type<AlertLevel>().notNull(),
    /** One readable paragraph: why the level is what it is. */
    explanation: text("explanation").notNull(),
    /** The signals that caused the change (domain `AlertSignal[]`, see `domain/alerts`). */
    signals: jsonb("signals").$type<unknown[]>().notNull(),
    /** Set when an analyst overrode the rules: `{ level, reason, by, at, until? }`. */
    override: jsonb("override").$type<Record<string, unknown> | null>(),
    /** True on the newest row of the subject. */
    current: boolean("current").notNull(),
    /** When the situation is to be reassessed. */
    reassessOn: date("reassess_on", { mode: "string" }),
    /** The data the computation saw (dataset versions, forecast run), for the brief's sources. */
    basis: jsonb("basis").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("alerts_subject").on(t.countryIso3, t.situation, t.createdAt), index("alerts_current").on(t.current, t.level), index("alerts_org_current").on(t.organisationId, t.current)],
);
