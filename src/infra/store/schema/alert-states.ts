import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AlertLevel } from "../../../domain/alerts/level.ts";
import { countries } from "./countries.ts";
import { organisations } from "./identity.ts";

/**
 * Bookkeeping of the alert computation between runs: a de-escalation waiting out its dwell
 * (hysteresis in `domain/alerts/compute.ts`). Level changes themselves live in `alerts`; this table
 * only remembers "the rules have said lower N times since T", which no `alerts` row records
 * because nothing changed yet. Not organisation data, not audited (it decides nothing by itself).
 */
export const alertStates = pgTable(
  "alert_states",
  {
    /** Whose view, as in `alerts` (null: the public level). */
    organisationId: uuid("organisation_id").references(() => organisations.id),
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    /** '' for the whole country, as in `alerts`. */
    situation: text("situation").notNull().default(""),
    /** The rule-based level in force (differs from the current `alerts` row's level under an override). */
    ruleLevel: text("rule_level").$type<AlertLevel>(),
    /** The highest level proposed while waiting, or null when no drop is pending. */
    pendingLevel: text("pending_level").$type<AlertLevel>(),
    pendingCount: integer("pending_count").notNull().default(0),
    pendingSince: timestamp("pending_since", { withTimezone: true }),
    /** When the subject was last computed. */
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  // Unique NULLS NOT DISTINCT in the migration (drizzle does not model it): one row per view and subject.
  (t) => [uniqueIndex("alert_states_subject").on(t.organisationId, t.countryIso3, t.situation)],
);
