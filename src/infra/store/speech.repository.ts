/**
 * SQL for dangerous-speech monitoring: analysed speech items (insert-once on `client_id`,
 * keyset-paginated listing, the few columns trends need) and the run-time lexicon entries
 * (list, create, update, delete, bulk upsert for imports, and a cheap fingerprint that tells a
 * cached analyser when the lexicon changed).
 */
import { and, asc, desc, eq, gt, gte, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { LexiconEntry } from "../../domain/speech/lexicon.ts";
import type { TrendItem } from "../../domain/speech/trends.ts";
import type { Db } from "./database.ts";
import type { SpeechModelFile } from "../../domain/speech/classifier.ts";
import {
  speechItems, speechLexiconEntries, speechModels, type NewSpeechItemRow, type SpeechItemRow, type SpeechLexiconRow, type SpeechModelRow,
} from "./schema/mod.ts";

/** Filters of {@link SpeechRepository.listItems}; all optional, combined with AND. */
export interface SpeechItemFilter {
  /** Registry key (ISO3). */
  country?: string;
  /** Items at or after this instant (ISO 8601). */
  from?: string;
  /** Items before this instant (ISO 8601, exclusive). */
  to?: string;
  /** Only the items this organisation submitted (its private signal). */
  organisationId?: string;
  /**
   * Leave out organisations' items dated more than this many days before they were stored
   * (backdated texts; see `SPEECH_BACKDATE_WINDOW_DAYS`); the operator's command-line loads are exempt.
   */
  maxBackdateDays?: number;
}

/** Sort key of the last item of a page: (time, id). */
export interface SpeechItemPosition {
  /** ISO 8601 instant. */
  time: string;
  id: number;
}

/** Filters of {@link SpeechRepository.listLexicon}. */
export interface LexiconFilter {
  language?: string;
  category?: string;
  source?: string;
}

// Items are sent as one JSON parameter and unpacked by PostgreSQL (one bind parameter per batch,
// as the event upsert does); arrays and jsonb travel as JSON and are converted in SQL.
const ITEM_COLUMNS: readonly (readonly [string, string, keyof NewSpeechItemRow])[] = [
  ["organisation_id", "uuid", "organisationId"], ["client_id", "text", "clientId"], ["text", "text", "text"], ["time", "timestamptz", "time"], ["source", "text", "source"],
  ["country_iso3", "text", "countryIso3"], ["language_given", "text", "languageGiven"], ["language", "text", "language"],
  ["reach", "double precision", "reach"], ["label", "text", "label"], ["probabilities", "jsonb", "probabilities"], ["model_id", "integer", "modelId"],
  ["hallmarks", "jsonb", "hallmarks"], ["targets", "jsonb", "targets"], ["analysis", "jsonb", "analysis"], ["batch_id", "uuid", "batchId"],
];
const ITEM_SQL = {
  columns: sql.raw(ITEM_COLUMNS.map(([c]) => `"${c}"`).join(", ")),
  record: sql.raw(ITEM_COLUMNS.map(([c, t]) => `"${c}" ${t}`).join(", ")),
  select: sql.raw(ITEM_COLUMNS.map(([c]) =>
    c === "hallmarks" || c === "targets" ? `array(select jsonb_array_elements_text(x."${c}"))` : `x."${c}"`).join(", ")),
};

function itemConditions(filter: SpeechItemFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.country) where.push(eq(speechItems.countryIso3, filter.country));
  if (filter.from) where.push(gte(speechItems.time, filter.from));
  if (filter.to) where.push(lt(speechItems.time, filter.to));
  if (filter.organisationId) where.push(eq(speechItems.organisationId, filter.organisationId));
  // The operator's own archive loads (no organisation) are exempt: backfilling history is their job.
  if (filter.maxBackdateDays !== undefined) where.push(sql`(${speechItems.organisationId} is null or ${speechItems.time} >= ${speechItems.createdAt} - make_interval(days => ${filter.maxBackdateDays}::int))`);
  return where;
}

/** SQL for speech items and lexicon entries. Accepts a database or a transaction. */
export class SpeechRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts items whose client id is not stored yet for their organisation (ids are unique per
   * organisation, the operator's null organisation included); stored ones are left exactly as they are
   * (ON CONFLICT DO NOTHING), so re-sending a batch is harmless.
   * @param rows items (a client id must not repeat within one call)
   * @returns the client ids actually inserted
   */
  async insertNew(rows: readonly NewSpeechItemRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const payload = JSON.stringify(rows.map((r) => Object.fromEntries(ITEM_COLUMNS.map(([c, , k]) => [c, r[k] ?? null]))));
    const result = await this.db.execute(sql`
      insert into ${speechItems} (${ITEM_SQL.columns})
      select ${ITEM_SQL.select} from jsonb_to_recordset(${payload}::jsonb) as x(${ITEM_SQL.record})
      on conflict ("organisation_id", "client_id") do nothing
      returning "client_id"`);
    return (result as unknown as { rows: { client_id: string }[] }).rows.map((r) => r.client_id);
  }

  /**
   * One page of items in (time, id) order.
   * @param filter country / time window
   * @param limit rows to return
   * @param after position of the previous page's last item
   */
  async listItems(filter: SpeechItemFilter, limit: number, after?: SpeechItemPosition): Promise<SpeechItemRow[]> {
    const where = itemConditions(filter);
    if (after) where.push(or(gt(speechItems.time, after.time), and(eq(speechItems.time, after.time), gt(speechItems.id, after.id)))!);
    return this.db.select().from(speechItems).where(and(...where)).orderBy(asc(speechItems.time), asc(speechItems.id)).limit(limit);
  }

  /**
   * The columns trends need, for every item matching the filter, in time order.
   * @param filter country / time window
   */
  async trendItems(filter: SpeechItemFilter): Promise<TrendItem[]> {
    const rows = await this.db
      .select({ time: speechItems.time, country: speechItems.countryIso3, hallmarks: speechItems.hallmarks, targets: speechItems.targets, label: speechItems.label })
      .from(speechItems)
      .where(and(...itemConditions(filter)))
      .orderBy(asc(speechItems.time), asc(speechItems.id));
    // PGlite and node-postgres both return timestamptz as text in mode "string"; normalise to ISO.
    return rows.map((r) => ({ ...r, time: new Date(r.time).toISOString() }));
  }

  /** Number of stored items. */
  async countItems(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(speechItems);
    return row.n;
  }

  /**
   * Lexicon entries in id order.
   * @param filter language / category / source (exact)
   * @param limit rows to return (undefined: all)
   * @param afterId id of the previous page's last entry
   */
  async listLexicon(filter: LexiconFilter = {}, limit?: number, afterId?: number): Promise<SpeechLexiconRow[]> {
    const where: SQL[] = [];
    if (filter.language) where.push(eq(speechLexiconEntries.language, filter.language));
    if (filter.category) where.push(eq(speechLexiconEntries.category, filter.category));
    if (filter.source) where.push(eq(speechLexiconEntries.source, filter.source));
    if (afterId !== undefined) where.push(gt(speechLexiconEntries.id, afterId));
    const q = this.db.select().from(speechLexiconEntries).where(and(...where)).orderBy(asc(speechLexiconEntries.id));
    return limit === undefined ? q : q.limit(limit);
  }

  /** One entry by id, or undefined. */
  async getLexicon(id: number): Promise<SpeechLexiconRow | undefined> {
    const [row] = await this.db.select().from(speechLexiconEntries).where(eq(speechLexiconEntries.id, id));
    return row;
  }

  /** The entry with this key (term, language, category, source), or undefined. */
  async findLexicon(e: Pick<LexiconEntry, "term" | "language" | "category" | "source">): Promise<SpeechLexiconRow | undefined> {
    const [row] = await this.db.select().from(speechLexiconEntries).where(and(
      eq(speechLexiconEntries.term, e.term), eq(speechLexiconEntries.language, e.language),
      eq(speechLexiconEntries.category, e.category), eq(speechLexiconEntries.source, e.source)));
    return row;
  }

  /**
   * Inserts one entry.
   * @returns the new row, or undefined when an entry with the same key exists
   */
  async createLexicon(e: LexiconEntry, now: Date): Promise<SpeechLexiconRow | undefined> {
    const [row] = await this.db.insert(speechLexiconEntries)
      .values({ term: e.term, language: e.language, category: e.category, weight: e.weight, target: e.target, source: e.source, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    return row;
  }

  /**
   * Replaces an entry's fields.
   * @returns the updated row, or undefined when no entry has this id
   */
  async updateLexicon(id: number, e: LexiconEntry, now: Date): Promise<SpeechLexiconRow | undefined> {
    const [row] = await this.db.update(speechLexiconEntries)
      .set({ term: e.term, language: e.language, category: e.category, weight: e.weight, target: e.target, source: e.source, updatedAt: now })
      .where(eq(speechLexiconEntries.id, id))
      .returning();
    return row;
  }

  /**
   * The organisation that created a shared entry over the API (from the audit log), or null for
   * entries the operator imported (HurtLex, CLI) or created before organisations were recorded.
   */
  async lexiconCreatorOrganisation(id: number): Promise<string | null> {
    const result = await this.db.execute(sql`select organisation_id::text as org from audit_log
      where entity = 'speech_lexicon_entry' and entity_id = ${String(id)} and action = 'speech_lexicon.created' order by seq desc limit 1`);
    return (result as unknown as { rows: { org: string | null }[] }).rows[0]?.org ?? null;
  }

  /** Deletes an entry; returns the deleted row, or undefined when none had this id. */
  async deleteLexicon(id: number): Promise<SpeechLexiconRow | undefined> {
    const [row] = await this.db.delete(speechLexiconEntries).where(eq(speechLexiconEntries.id, id)).returning();
    return row;
  }

  /**
   * Inserts or updates entries keyed by (term, language, category, source) (for imports such as
   * HurtLex); unchanged rows are left alone.
   * @param entries validated entries, a key at most once
   * @returns how many keys were new and how many changed
   */
  async upsertLexicon(entries: readonly LexiconEntry[], now: Date): Promise<{ inserted: number; updated: number }> {
    if (entries.length === 0) return { inserted: 0, updated: 0 };
    const payload = JSON.stringify(entries.map((e) => ({ term: e.term, language: e.language, category: e.category, weight: e.weight, target: e.target, source: e.source })));
    const result = await this.db.execute(sql`
      insert into ${speechLexiconEntries} ("term", "language", "category", "weight", "target", "source", "created_at", "updated_at")
      select x.term, x.language, x.category, x.weight, x.target, x.source, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${payload}::jsonb) as x("term" text, "language" text, "category" text, "weight" double precision, "target" text, "source" text)
      on conflict ("term", "language", "category", "source") do update
        set "weight" = excluded."weight", "target" = excluded."target", "updated_at" = excluded."updated_at"
        where (${speechLexiconEntries}."weight", ${speechLexiconEntries}."target") is distinct from (excluded."weight", excluded."target")
      returning (xmax = 0) as inserted`);
    const rows = (result as unknown as { rows: { inserted: boolean }[] }).rows;
    const inserted = rows.filter((r) => r.inserted).length;
    return { inserted, updated: rows.length - inserted };
  }

  /**
   * A value that changes whenever the lexicon table does (count, newest change, highest id), so a
   * process can tell that another one edited the lexicon without reading it all.
   */
  async lexiconFingerprint(): Promise<string> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int`, t: sql<string | null>`max(${speechLexiconEntries.updatedAt})::text`, id: sql<number | null>`max(${speechLexiconEntries.id})` })
      .from(speechLexiconEntries);
    return `${row.n}|${row.t ?? ""}|${row.id ?? ""}`;
  }

  // -------------------------------------------------------------------------------------------
  // Stored models and re-analysis.

  /**
   * Stores a model (inactive).
   * @returns the new row, or undefined when a model with the same JSON hash is stored
   */
  async insertModel(m: { name: string; model: SpeechModelFile; modelSha256: string; createdBy: string; organisationId: string | null; now: Date }): Promise<SpeechModelRow | undefined> {
    const [row] = await this.db.insert(speechModels).values({
      name: m.name, model: m.model, dataSha256: m.model.training.dataSha256, labels: [...m.model.labels], modelSha256: m.modelSha256,
      createdBy: m.createdBy, organisationId: m.organisationId, createdAt: m.now,
      trainingRows: m.model.training.rows ?? null, labelCounts: m.model.training.labelCounts ? { ...m.model.training.labelCounts } : null,
      crossValidation: m.model.training.crossValidation ? { ...m.model.training.crossValidation } : null,
    }).onConflictDoNothing().returning();
    return row;
  }

  /** One model by id (with its weights), or undefined. */
  async getModel(id: number): Promise<SpeechModelRow | undefined> {
    const [row] = await this.db.select().from(speechModels).where(eq(speechModels.id, id));
    return row;
  }

  /** The model whose JSON has this hash, or undefined. */
  async findModelBySha(modelSha256: string): Promise<SpeechModelRow | undefined> {
    const [row] = await this.db.select().from(speechModels).where(eq(speechModels.modelSha256, modelSha256));
    return row;
  }

  /** The active model (with its weights), or undefined when none is active. */
  async activeModel(): Promise<SpeechModelRow | undefined> {
    const [row] = await this.db.select().from(speechModels).where(eq(speechModels.active, true));
    return row;
  }

  /** Id of the active model, or null (one indexed row, for cache checks). */
  async activeModelId(): Promise<number | null> {
    const [row] = await this.db.select({ id: speechModels.id }).from(speechModels).where(eq(speechModels.active, true));
    return row?.id ?? null;
  }

  /** Every stored model without its weights, newest first. */
  async listModels(): Promise<Omit<SpeechModelRow, "model">[]> {
    return this.db.select({
      id: speechModels.id, name: speechModels.name, dataSha256: speechModels.dataSha256, labels: speechModels.labels, modelSha256: speechModels.modelSha256,
      createdBy: speechModels.createdBy, organisationId: speechModels.organisationId, createdAt: speechModels.createdAt, active: speechModels.active,
      activatedAt: speechModels.activatedAt, trainingRows: speechModels.trainingRows, labelCounts: speechModels.labelCounts, crossValidation: speechModels.crossValidation,
    }).from(speechModels).orderBy(desc(speechModels.id));
  }

  /**
   * Makes one model the only active one (call inside a transaction: the previous one is
   * deactivated first so the one-active index is never violated).
   * @returns the activated row, or undefined for an unknown id
   */
  async activateModel(id: number, now: Date): Promise<SpeechModelRow | undefined> {
    await this.db.update(speechModels).set({ active: false }).where(and(eq(speechModels.active, true), ne(speechModels.id, id)));
    const [row] = await this.db.update(speechModels).set({ active: true, activatedAt: now }).where(eq(speechModels.id, id)).returning();
    return row;
  }

  /**
   * Items to re-analyse, in id order: those not labelled by `modelId` (all items with `all`).
   * @param modelId the active model's id, or null (items labelled by any model then qualify)
   * @param afterId id of the previous batch's last item
   * @param limit batch size
   * @param all every item, whatever model labelled it
   */
  async itemsToReanalyse(modelId: number | null, afterId: number, limit: number, all: boolean): Promise<SpeechItemRow[]> {
    const where: SQL[] = [gt(speechItems.id, afterId)];
    if (!all) where.push(modelId === null ? sql`${speechItems.modelId} is not null` : or(isNull(speechItems.modelId), ne(speechItems.modelId, modelId))!);
    return this.db.select().from(speechItems).where(and(...where)).orderBy(asc(speechItems.id)).limit(limit);
  }

  /** Number of items not labelled by `modelId` (see {@link SpeechRepository.itemsToReanalyse}). */
  async countToReanalyse(modelId: number | null, all: boolean): Promise<number> {
    const where: SQL[] = [];
    if (!all) where.push(modelId === null ? sql`${speechItems.modelId} is not null` : or(isNull(speechItems.modelId), ne(speechItems.modelId, modelId))!);
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(speechItems).where(and(...where));
    return row.n;
  }

  /**
   * Replaces the analysis columns of stored items (the text, time, source and ids stay).
   * @param rows item id with its new language, label, probabilities, model, hallmarks, targets and analysis
   */
  async updateAnalyses(rows: readonly { id: number; language: string; label: string | null; probabilities: Record<string, number> | null; modelId: number | null; hallmarks: string[]; targets: string[]; analysis: unknown }[]): Promise<void> {
    if (rows.length === 0) return;
    const payload = JSON.stringify(rows);
    await this.db.execute(sql`
      update ${speechItems} as s set
        "language" = x."language", "label" = x."label", "probabilities" = x."probabilities", "model_id" = x."modelId",
        "hallmarks" = array(select jsonb_array_elements_text(x."hallmarks")), "targets" = array(select jsonb_array_elements_text(x."targets")),
        "analysis" = x."analysis"
      from jsonb_to_recordset(${payload}::jsonb) as x("id" bigint, "language" text, "label" text, "probabilities" jsonb, "modelId" integer, "hallmarks" jsonb, "targets" jsonb, "analysis" jsonb)
      where s."id" = x."id"`);
  }
}
