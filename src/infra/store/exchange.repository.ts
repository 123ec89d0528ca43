import { asc, desc, eq, or } from "drizzle-orm";
import type { Db } from "./database.ts";
import { exchangeItems, exchangeReceipts, partnerInstances } from "./schema/mod.ts";

export type PartnerRow = typeof partnerInstances.$inferSelect;
export type ExchangeItemRow = typeof exchangeItems.$inferSelect;
export type ExchangeReceiptRow = typeof exchangeReceipts.$inferSelect;

/** SQL for the partner registry, import receipts (replay guard) and received items. */
export class ExchangeRepository {
  constructor(private readonly db: Db) {}

  async partners(): Promise<PartnerRow[]> {
    return this.db.select().from(partnerInstances).orderBy(asc(partnerInstances.name));
  }

  async insertPartner(row: Omit<PartnerRow, "id">): Promise<PartnerRow> {
    const [created] = await this.db.insert(partnerInstances).values(row).returning();
    return created;
  }

  /** A receipt with this bundle id or nonce, if one was stored (any organisation: system view). */
  async receiptFor(bundleId: string, nonce: string): Promise<ExchangeReceiptRow | undefined> {
    const [r] = await this.db.select().from(exchangeReceipts).where(or(eq(exchangeReceipts.bundleId, bundleId), eq(exchangeReceipts.nonce, nonce))).limit(1);
    return r;
  }

  async insertReceipt(row: Omit<ExchangeReceiptRow, "id">): Promise<ExchangeReceiptRow> {
    const [created] = await this.db.insert(exchangeReceipts).values(row).returning();
    return created;
  }

  async insertItems(rows: Omit<ExchangeItemRow, "id">[]): Promise<void> {
    if (rows.length) await this.db.insert(exchangeItems).values(rows);
  }

  /** The organisation's import receipts, newest first. */
  async receipts(organisationId: string): Promise<ExchangeReceiptRow[]> {
    return this.db.select().from(exchangeReceipts).where(eq(exchangeReceipts.organisationId, organisationId)).orderBy(desc(exchangeReceipts.importedAt), asc(exchangeReceipts.id));
  }

  async items(organisationId: string): Promise<ExchangeItemRow[]> {
    return this.db.select().from(exchangeItems).where(eq(exchangeItems.organisationId, organisationId)).orderBy(asc(exchangeItems.importedAt));
  }
}
