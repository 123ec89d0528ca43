/**
 * An organisation's own speech lexicon additions, removals of shared entries, and active model.
 * Use inside `withOrg` so row-level security confines every statement to that organisation; the
 * explicit `organisation_id` filters are the first wall, the policies the second.
 */
import { and, asc, desc, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { speechModels, type SpeechModelRow } from "./schema/speech.ts";
import {
  speechOrgLexiconEntries, speechOrgLexiconRemovals, speechOrgModels,
  type SpeechOrgLexiconRow, type SpeechOrgModelRow, type SpeechOrgRemovalRow,
} from "./schema/speech-org.ts";
import type { LexiconEntry } from "../../domain/speech/lexicon.ts";

/** The key of a shared entry: what a removal names. */
export interface LexiconKey {
  readonly term: string;
  readonly language: string;
  readonly category: string;
  readonly source: string;
}

export class SpeechOrgRepository {
  constructor(private readonly db: Db, private readonly organisationId: string) {}

  /** The organisation's own entries, in id order. */
  async listEntries(): Promise<SpeechOrgLexiconRow[]> {
    return this.db.select().from(speechOrgLexiconEntries).where(eq(speechOrgLexiconEntries.organisationId, this.organisationId)).orderBy(asc(speechOrgLexiconEntries.id));
  }

  /** Adds an entry; undefined when the organisation already has one with this key. */
  async addEntry(e: LexiconEntry, by: string, now: Date): Promise<SpeechOrgLexiconRow | undefined> {
    const [row] = await this.db.insert(speechOrgLexiconEntries).values({
      organisationId: this.organisationId, term: e.term, language: e.language, category: e.category, weight: e.weight,
      target: e.target, source: e.source, createdBy: by, createdAt: now,
    }).onConflictDoNothing().returning();
    return row;
  }

  /** Deletes one of the organisation's own entries; undefined when it has none with this id. */
  async deleteEntry(id: number): Promise<SpeechOrgLexiconRow | undefined> {
    const [row] = await this.db.delete(speechOrgLexiconEntries)
      .where(and(eq(speechOrgLexiconEntries.id, id), eq(speechOrgLexiconEntries.organisationId, this.organisationId))).returning();
    return row;
  }

  /** The organisation's removals of shared entries, in id order. */
  async listRemovals(): Promise<SpeechOrgRemovalRow[]> {
    return this.db.select().from(speechOrgLexiconRemovals).where(eq(speechOrgLexiconRemovals.organisationId, this.organisationId)).orderBy(asc(speechOrgLexiconRemovals.id));
  }

  /** Records a removal; undefined when the same key is already removed. */
  async addRemoval(k: LexiconKey, by: string, now: Date): Promise<SpeechOrgRemovalRow | undefined> {
    const [row] = await this.db.insert(speechOrgLexiconRemovals).values({
      organisationId: this.organisationId, term: k.term, language: k.language, category: k.category, source: k.source, createdBy: by, createdAt: now,
    }).onConflictDoNothing().returning();
    return row;
  }

  /** Undoes a removal; undefined when the organisation has none with this id. */
  async deleteRemoval(id: number): Promise<SpeechOrgRemovalRow | undefined> {
    const [row] = await this.db.delete(speechOrgLexiconRemovals)
      .where(and(eq(speechOrgLexiconRemovals.id, id), eq(speechOrgLexiconRemovals.organisationId, this.organisationId))).returning();
    return row;
  }

  /** A value that changes whenever the organisation's additions, removals or model change. */
  async fingerprint(): Promise<string> {
    const one = async (table: typeof speechOrgLexiconEntries | typeof speechOrgLexiconRemovals): Promise<string> => {
      const [r] = await this.db.select({ n: sql<number>`count(*)::int`, id: sql<number | null>`max(${table.id})` }).from(table).where(eq(table.organisationId, this.organisationId));
      return `${r.n}:${r.id ?? ""}`;
    };
    const m = await this.activation();
    return `${await one(speechOrgLexiconEntries)}|${await one(speechOrgLexiconRemovals)}|${m?.modelId ?? ""}`;
  }

  /** The organisation's active model and the one before it, or undefined (shared default). */
  async activation(): Promise<SpeechOrgModelRow | undefined> {
    const [row] = await this.db.select().from(speechOrgModels).where(eq(speechOrgModels.organisationId, this.organisationId));
    return row;
  }

  /** Sets the organisation's active model, keeping the current one as `previous`. */
  async activate(modelId: number, previousModelId: number | null, by: string, now: Date): Promise<SpeechOrgModelRow> {
    const [row] = await this.db.insert(speechOrgModels)
      .values({ organisationId: this.organisationId, modelId, previousModelId, activatedBy: by, activatedAt: now })
      .onConflictDoUpdate({ target: speechOrgModels.organisationId, set: { modelId, previousModelId, activatedBy: by, activatedAt: now } })
      .returning();
    return row;
  }

  /** A model this organisation may use: its own or a shared one (stored by the operator). */
  async usableModel(id: number): Promise<SpeechModelRow | undefined> {
    const [row] = await this.db.select().from(speechModels)
      .where(and(eq(speechModels.id, id), or(eq(speechModels.organisationId, this.organisationId), isNull(speechModels.organisationId))));
    return row;
  }

  /** Models this organisation may use, newest first, without weights. */
  async usableModels(): Promise<Omit<SpeechModelRow, "model">[]> {
    return this.db.select({
      id: speechModels.id, name: speechModels.name, dataSha256: speechModels.dataSha256, labels: speechModels.labels, modelSha256: speechModels.modelSha256,
      createdBy: speechModels.createdBy, organisationId: speechModels.organisationId, createdAt: speechModels.createdAt, active: speechModels.active,
      activatedAt: speechModels.activatedAt, trainingRows: speechModels.trainingRows, labelCounts: speechModels.labelCounts, crossValidation: speechModels.crossValidation,
    }).from(speechModels)
      .where(or(eq(speechModels.organisationId, this.organisationId), isNull(speechModels.organisationId)))
      .orderBy(desc(speechModels.id));
  }
}
