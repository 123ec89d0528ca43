import { asc, isNotNull } from "drizzle-orm";
import type { Db } from "./database.ts";
import { alertAcknowledgements, apiTokens, auditCheckpoints, responseActions, responseOptions, shareResponses, speechItems, subscriptions, users } from "./schema/mod.ts";

/** A stored signed checkpoint of the audit chain. */
export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

/**
 * System-view reads for `tocsin audit verify` of the tables whose rows are audited besides reports
 * and assessments, and the signed checkpoints of the chain.
 */
export class AuditCoverageRepository {
  constructor(private readonly db: Db) {}

  /** Every row of the access and response tables whose changes matter. */
  async rows(): Promise<{
    users: (typeof users.$inferSelect)[];
    tokens: (typeof apiTokens.$inferSelect)[];
    subscriptions: (typeof subscriptions.$inferSelect)[];
    responseActions: (typeof responseActions.$inferSelect)[];
    responseOptions: (typeof responseOptions.$inferSelect)[];
    acknowledgements: (typeof alertAcknowledgements.$inferSelect)[];
    shareResponses: (typeof shareResponses.$inferSelect)[];
  }> {
    const [u, t, s, a, o, k, r] = await Promise.all([
      this.db.select().from(users),
      this.db.select().from(apiTokens),
      this.db.select().from(subscriptions),
      this.db.select().from(responseActions),
      this.db.select().from(responseOptions),
      this.db.select().from(alertAcknowledgements),
      this.db.select().from(shareResponses),
    ]);
    return { users: u, tokens: t, subscriptions: s, responseActions: a, responseOptions: o, acknowledgements: k, shareResponses: r };
  }

  /** The audited content of every speech item stored by an audited batch. */
  async speechItems(): Promise<{ batchId: string; organisationId: string | null; clientId: string; text: string; time: string; source: string; countryIso3: string; languageGiven: string | null; reach: number | null }[]> {
    const rows = await this.db
      .select({
        batchId: speechItems.batchId, organisationId: speechItems.organisationId, clientId: speechItems.clientId, text: speechItems.text, time: speechItems.time,
        source: speechItems.source, countryIso3: speechItems.countryIso3, languageGiven: speechItems.languageGiven, reach: speechItems.reach,
      })
      .from(speechItems)
      .where(isNotNull(speechItems.batchId));
    return rows.map((r) => ({ ...r, batchId: r.batchId! }));
  }

  async insertCheckpoint(row: Omit<AuditCheckpointRow, "id">): Promise<AuditCheckpointRow> {
    const [created] = await this.db.insert(auditCheckpoints).values(row).returning();
    return created;
  }

  async checkpoints(): Promise<AuditCheckpointRow[]> {
    return this.db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id));
  }
}
