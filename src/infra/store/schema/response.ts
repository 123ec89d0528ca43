import { date, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AlertLevel } from "../../../domain/alerts/level.ts";
import type { Instrument, ResponseSignalKind } from "../../../domain/response/catalogue.ts";
import type { ActionStatus } from "../../../domain/response/gap-metrics.ts";
import { alerts } from "./alerts.ts";
import { organisations, users } from "./identity.ts";

/**
 * The warning→response loop (issue 7, part 3). Alerts are public; everything here is what one
 * organisation did about them, so every table is organisation-scoped under row-level security (see
 * the migration and `org-scope.ts`). The built-in response catalogue lives in code
 * (`domain/response/catalogue.ts`); only an organisation's own options and its hidden built-ins are stored.
 */

/** An organisation's own response option. Retired options stay (actions may name them) but are no longer recommended. */
export const responseOptions = pgTable(
  "response_options",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    instrument: text("instrument").$type<Instrument>().notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    levels: jsonb("levels").$type<AlertLevel[]>().notNull(),
    answers: jsonb("answers").$type<ResponseSignalKind[]>().notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [index("response_options_org").on(t.organisationId)],
);

/** A built-in option an organisation chose not to see recommended. */
export const responseHiddenOptions = pgTable(
  "response_hidden_options",
  {
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    /** The built-in's slug (`diplomatic.envoy`). */
    optionId: text("option_id").notNull(),
    hiddenBy: uuid("hidden_by").notNull().references(() => users.id),
    hiddenAt: timestamp("hidden_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.optionId] })],
);

/**
 * One user's acknowledgement of an alert on behalf of their organisation. The organisation's
 * acknowledgement time is its earliest row; a repeat by the same user changes nothing.
 */
export const alertAcknowledgements = pgTable(
  "alert_acknowledgements",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    alertId: uuid("alert_id").notNull().references(() => alerts.id),
    userId: uuid("user_id").notNull().references(() => users.id),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("alert_acknowledgements_org_alert_user").on(t.organisationId, t.alertId, t.userId)],
);

/** An action an organisation takes (or plans) on an alert. */
export const responseActions = pgTable(
  "response_actions",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    alertId: uuid("alert_id").notNull().references(() => alerts.id),
    /** A catalogue option (built-in slug or the organisation's option UUID), or null for free text only. */
    optionId: text("option_id"),
    /** What is done, in the organisation's words (required when there is no option). */
    description: text("description").notNull(),
    ownerId: uuid("owner_id").references(() => users.id),
    deadline: date("deadline", { mode: "string" }),
    status: text("status").$type<ActionStatus>().notNull(),
    outcome: text("outcome"),
    links: jsonb("links").$type<string[]>().notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("response_actions_org_alert").on(t.organisationId, t.alertId)],
);

/** An organisation's reassessment date for an alert (one per alert per organisation). */
export const alertReassessments = pgTable(
  "alert_reassessments",
  {
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    alertId: uuid("alert_id").notNull().references(() => alerts.id),
    reassessOn: date("reassess_on", { mode: "string" }).notNull(),
    setBy: uuid("set_by").notNull().references(() => users.id),
    setAt: timestamp("set_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.alertId] })],
);

export type ResponseOptionRow = typeof responseOptions.$inferSelect;
export type ResponseHiddenOptionRow = typeof responseHiddenOptions.$inferSelect;
export type AlertAcknowledgementRow = typeof alertAcknowledgements.$inferSelect;
export type ResponseActionRow = typeof responseActions.$inferSelect;
export type AlertReassessmentRow = typeof alertReassessments.$inferSelect;
