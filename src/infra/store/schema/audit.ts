import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The append-only, hash-chained audit log (see `domain/audit/chain.ts`). A trigger in the
 * migration rejects UPDATE, DELETE and TRUNCATE; the chain makes any change done around it
 * (trigger disabled, file edited) detectable by `tocsin audit verify`.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    organisationId: uuid("organisation_id"),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    rowHash: text("row_hash"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_log_entity").on(t.entity, t.entityId), index("audit_log_org").on(t.organisationId)],
);

export type AuditRow = typeof auditLog.$inferSelect;
