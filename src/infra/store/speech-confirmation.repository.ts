import { and, eq } from "drizzle-orm";
import type { Db } from "./database.ts";
import { speechSpikeConfirmations } from "./schema/mod.ts";

export type SpeechSpikeConfirmationRow = typeof speechSpikeConfirmations.$inferSelect;

/** SQL for analysts' confirmations of speech spikes (issue 14 point 8). */
export class SpeechConfirmationRepository {
  constructor(private readonly db: Db) {}

  /** Every confirmation (system context: the public level reads them all). */
  async all(): Promise<SpeechSpikeConfirmationRow[]> {
    return this.db.select().from(speechSpikeConfirmations);
  }

  /** The confirmation of one spike, if any. */
  async find(spike: { countryIso3: string; period: string; dimension: string; key: string }): Promise<SpeechSpikeConfirmationRow | undefined> {
    const [row] = await this.db
      .select()
      .from(speechSpikeConfirmations)
      .where(and(eq(speechSpikeConfirmations.countryIso3, spike.countryIso3), eq(speechSpikeConfirmations.period, spike.period), eq(speechSpikeConfirmations.dimension, spike.dimension), eq(speechSpikeConfirmations.key, spike.key)));
    return row;
  }

  /** Stores a confirmation; undefined when the spike was confirmed already (unique per spike). */
  async insert(row: SpeechSpikeConfirmationRow): Promise<SpeechSpikeConfirmationRow | undefined> {
    const [saved] = await this.db.insert(speechSpikeConfirmations).values(row).onConflictDoNothing().returning();
    return saved;
  }
}
