import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { countries } from "./countries.ts";
import type { ActionStatus } from "../../../domain/response/gap-metrics.ts";
import { organisations, users } from "./identity.ts";

/**
 * An analyst's confirmation of a dangerous-speech spike (issue 14 point 8). Spikes come from texts a
 * monitor fed in; they move the public level (and so what other organisations see) only once
 * confirmed. One confirmation per spike (country, week, dimension, key).
 */
export const speechSpikeConfirmations = pgTable(
  "speech_spike_confirmations",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    /** First day of the spike's week, `YYYY-MM-DD`. */
    period: text("period").notNull(),
    /** `volume` | `hallmark` | `target` | `label`, as in `domain/speech/trends.ts`. */
    dimension: text("dimension").notNull(),
    key: text("key").notNull(),
    /** `user:<id>`. */
    confirmedBy: text("confirmed_by").notNull(),
    note: text("note").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("speech_spike_confirmations_spike").on(t.countryIso3, t.period, t.dimension, t.key)],
);

/**
 * A deliberate share (issue 16 part 2): the redacted shared shape of an alert, an assessment or a
 * verified report (`domain/sharing`), sent to named organisations on this instance or published.
 * Row-level security: the sharer reads and writes; recipients (everyone when published) read while
 * it is not revoked.
 */
export const shares = pgTable(
  "shares",
  {
    id: uuid("id").primaryKey(),
    /** The sharing organisation. */
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    /** `alert` | `assessment` | `report`. */
    itemType: text("item_type").$type<"alert" | "assessment" | "report">().notNull(),
    itemId: text("item_id").notNull(),
    /** The redacted shared shape, validated against its schema before it is written. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** Organisations it is shared with (empty when only published). */
    recipients: uuid("recipients").array().notNull(),
    published: boolean("published").notNull(),
    /** `user:<id>` of the analyst who shared. */
    sharedBy: text("shared_by").notNull(),
    /** Their display name, shown to recipients as the origin. */
    sharedByName: text("shared_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by"),
  },
  (t) => [index("shares_org").on(t.organisationId, t.createdAt)],
);

/** A recipient organisation's acknowledgement of a share. */
export const shareAcknowledgements = pgTable(
  "share_acknowledgements",
  {
    shareId: uuid("share_id").notNull().references(() => shares.id),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    acknowledgedBy: text("acknowledged_by").notNull(),
    note: text("note").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "share_acknowledgements_pk", columns: [t.shareId, t.organisationId] })],
);

/**
 * A response action a recipient organisation records on an alert shared with it (issue 16). The row
 * is the recipient's (`organisationId`); row-level security lets the recipient read and write it,
 * and the sharer only read it, and only when the recipient chose `visibleToSharer`.
 */
export const shareResponses = pgTable(
  "share_responses",
  {
    id: uuid("id").primaryKey(),
    /** The recipient organisation that acts. */
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    shareId: uuid("share_id").notNull().references(() => shares.id),
    /** What is done, in the recipient's words. */
    description: text("description").notNull(),
    status: text("status").$type<ActionStatus>().notNull(),
    outcome: text("outcome"),
    /** The recipient chose to let the sharer see this action (description, status, outcome; never who). */
    visibleToSharer: boolean("visible_to_sharer").notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("share_responses_org_share").on(t.organisationId, t.shareId), index("share_responses_share").on(t.shareId)],
);

export type ShareResponseRow = typeof shareResponses.$inferSelect;
