import { bigint, bigserial, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./identity.ts";

/**
 * Signed audit checkpoints: the chain head at a moment, signed with the instance key. Exported
 * copies kept elsewhere let `tocsin audit verify --checkpoint` prove the chain up to that entry
 * was not rewritten, even by someone who can write the database (they do not hold the key).
 */
export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  headHash: text("head_hash").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  keyFingerprint: text("key_fingerprint").notNull(),
  signature: text("signature").notNull(),
});

/**
 * Other Tocsin instances whose signed exchange bundles this instance accepts. Added by the
 * operator once a person has confirmed the key's fingerprint with the partner out of band.
 */
export const partnerInstances = pgTable("partner_instances", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  publicKey: text("public_key").notNull(),
  fingerprint: text("fingerprint").notNull().unique(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull(),
  confirmedBy: text("confirmed_by").notNull(),
});

/** Bundles already imported (replay guard): one row per bundle id and nonce. */
export const exchangeReceipts = pgTable(
  "exchange_receipts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    bundleId: uuid("bundle_id").notNull(),
    nonce: text("nonce").notNull(),
    partnerId: uuid("partner_id").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull(),
    /** The sending organisation as named in the signed bundle (null for receipts older than the column). */
    fromOrganisation: text("from_organisation"),
  },
  (t) => [uniqueIndex("exchange_receipts_bundle").on(t.bundleId), uniqueIndex("exchange_receipts_nonce").on(t.nonce)],
);

/** Items received from a partner instance, kept as received (already redacted by the sender's rules). */
export const exchangeItems = pgTable(
  "exchange_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    receiptId: uuid("receipt_id").notNull().references(() => exchangeReceipts.id),
    partnerId: uuid("partner_id").notNull(),
    kind: text("kind").$type<"alert" | "assessment" | "report">().notNull(),
    sourceId: text("source_id").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("exchange_items_org").on(t.organisationId)],
);

/**
 * The area a report was first published in (see `domain/reports/location.ts` publicationArea):
 * later publications derive from it, never from the true point again. Kept outside `reports` so
 * the audited report rows keep their shape.
 */
export const reportPublishedAreas = pgTable("report_published_areas", {
  reportId: uuid("report_id").primaryKey(),
  organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
  south: doublePrecision("south").notNull(),
  north: doublePrecision("north").notNull(),
  west: doublePrecision("west").notNull(),
  east: doublePrecision("east").notNull(),
  sizeMeters: integer("size_meters").notNull(),
  firstPublishedAt: timestamp("first_published_at", { withTimezone: true }).notNull(),
});
