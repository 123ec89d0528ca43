import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./identity.ts";

import type { VictimCounts } from "../../../domain/reports/report.ts";

/** Victim counts: totals by outcome and, where known, a breakdown by sex and age group (the domain's shape). */
export type Victims = VictimCounts;

/** Where the information came from. */
export interface ReportSource {
  kind: "witness" | "victim" | "media" | "document" | "social_media" | "other";
  description?: string;
  url?: string;
}

/**
 * Incident reports from monitors. Reporter identity/contact (`reporter_secret`) and, when the
 * report asks for it, the exact location (`location_secret`) are AES-256-GCM envelopes bound to
 * the row (see `infra/secrets/keyring.ts`); `blurred_*` hold the point snapped to a grid for
 * views that may not see the exact one. `(organisation_id, idempotency_key)` is unique: a retried
 * submission finds the report it already created.
 */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    submittedBy: uuid("submitted_by").notNull().references(() => users.id),
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of the canonical submission, to tell a retry from a different request reusing a key. */
    requestHash: text("request_hash").notNull(),
    status: text("status").notNull(),
    firstReviewerId: uuid("first_reviewer_id"),
    duplicateOf: uuid("duplicate_of"),
    occurredFrom: timestamp("occurred_from", { withTimezone: true }).notNull(),
    occurredTo: timestamp("occurred_to", { withTimezone: true }),
    /** `exact` | `hour` | `day` | `week` | `month` | `year`. */
    timePrecision: text("time_precision").notNull(),
    countryIso3: text("country_iso3"),
    adminArea: text("admin_area"),
    /** Exact point, stored in clear only when the report did not ask for protection. */
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    locationPrecisionM: integer("location_precision_m"),
    locationProtected: boolean("location_protected").notNull(),
    locationSecret: text("location_secret"),
    blurredLat: doublePrecision("blurred_lat"),
    blurredLon: doublePrecision("blurred_lon"),
    blurM: integer("blur_m"),
    description: text("description").notNull(),
    victims: jsonb("victims").$type<Victims>().notNull(),
    perpetratorType: text("perpetrator_type").notNull(),
    targetedGroup: text("targeted_group"),
    /** Each source's kind only; the details (names, contacts, links) are in `sources_secret`. */
    sources: jsonb("sources").$type<ReportSource[]>().notNull(),
    /** Keyring envelope of the full source list (#14 point 6), read with `report:read-identity`. */
    sourcesSecret: text("sources_secret"),
    reporterSecret: text("reporter_secret"),
    published: boolean("published").notNull().default(false),
    publishBlurM: integer("publish_blur_m"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("reports_org_idempotency").on(t.organisationId, t.idempotencyKey), index("reports_org_status").on(t.organisationId, t.status)],
);

/** Every workflow decision: who, when, from what to what, and why. */
export const reportReviews = pgTable(
  "report_reviews",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    reportId: uuid("report_id").notNull().references(() => reports.id),
    fromStatus: text("from_status").notNull(),
    toStatus: text("to_status").notNull(),
    reviewerId: uuid("reviewer_id").notNull().references(() => users.id),
    reason: text("reason"),
    duplicateOf: uuid("duplicate_of"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("report_reviews_report").on(t.reportId)],
);

/**
 * Files attached to a report. `sha256` is the evidence hash of the original as received; for
 * JPEG/PNG a metadata-free working copy is made (`working_sha256`). Both are sealed with the
 * attachment's own data key and stored content-addressed by the sealed bytes' SHA-256, never
 * modified.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    reportId: uuid("report_id").notNull().references(() => reports.id),
    position: integer("position").notNull(),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    workingSha256: text("working_sha256"),
    /** Name (SHA-256) of the sealed original on disk (`infra/secrets/file-cipher.ts`). */
    storedSha256: text("stored_sha256"),
    /** Name of the sealed working copy on disk. */
    workingStoredSha256: text("working_stored_sha256"),
    /** The file data key, wrapped by the keyring and bound to this row. */
    fileKey: text("file_key"),
    capturedAt: timestamp("captured_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("attachments_report_position").on(t.reportId, t.position), index("attachments_sha").on(t.sha256)],
);

export type ReportRow = typeof reports.$inferSelect;
export type NewReportRow = typeof reports.$inferInsert;
export type ReportReviewRow = typeof reportReviews.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
