/**
 * Use cases of dangerous-speech monitoring over the store: ingesting batches of public-source texts
 * (validated as a whole, analysed, stored once per client id), the run-time lexicon (list, create,
 * update, delete; HurtLex imported from the operator's copy), and trends and spike alerts per
 * country computed from the stored items.
 *
 * The analyser is the built-in lexicon plus every stored lexicon entry. It is built once per store
 * and rebuilt when the lexicon changes: after an edit through this module, and also when another
 * process edited the table (a one-row fingerprint query before each batch tells).
 *
 * Access: functions taking an `actor` call `authorize` first (`speech:write` to ingest,
 * `lexicon:manage` to read or change the lexicon); functions without one are for the local
 * operator (the CLI) and must not be reached from HTTP.
 */
import { createHash, randomUUID } from "node:crypto";
import type { CountryRegistry } from "../domain/country/registry.ts";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import type { AnalysisInput, SpeechAnalyser, SpeechAnalysis } from "../domain/speech/analysis.ts";
import { buildSpeechAnalyser, type AnalyserSpec } from "../domain/speech/analyser-spec.ts";
import { SpeechClassifier, type SpeechModelFile } from "../domain/speech/classifier.ts";
import { resolveModelLexicon } from "../domain/speech/model-lexicon.ts";
import { builtinLexicon } from "../domain/speech/builtin-lexicon.ts";
import { Lexicon, LexiconEntryError, validateLexiconEntry, type LexiconEntry } from "../domain/speech/lexicon.ts";
import { parseSpeechBatch, SpeechItemError, toSpeechItem, type SpeechItem } from "../domain/speech/items.ts";
import { SPEECH_BACKDATE_WINDOW_DAYS } from "../domain/speech/backdating.ts";
import { detectSpeechSpikes, periodStart, speechTrends, type Period, type SpeechAlert, type SpikeOptions, type TrendRow } from "../domain/speech/trends.ts";
import { readHurtlexDir } from "../infra/importers/hurtlex.importer.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { SpeechRepository, type LexiconFilter, type SpeechItemFilter, type SpeechItemPosition } from "../infra/store/speech.repository.ts";
import type { NewSpeechItemRow, SpeechItemRow, SpeechLexiconRow, SpeechModelRow } from "../infra/store/schema/mod.ts";
import { actorLabel, recordAudit, speechBatchAuditRow } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { requireCountry } from "./country.service.ts";

/** Largest item text stored (characters); longer texts are refused, not cut. */
export const MAX_TEXT_CHARS = 20_000;
/** Largest client id, source or language tag (characters). */
const MAX_SHORT_CHARS = 500;
/** Largest batch accepted per call. */
export const MAX_BATCH_ITEMS = 5_000;
/**
 * Largest batch body over HTTP (bytes of JSON). With {@link MAX_BATCH_ITEMS} it bounds the work one
 * request can ask for: a 15.7 MB batch once held a server for 93 s and 4.5 GB. 5,000 tweet-sized
 * items fit; larger sets are sent as several batches.
 */
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;
/**
 * Batches with at most this many characters of text are analysed in process: a few milliseconds,
 * less than a round trip to a worker thread costs.
 */
export const IN_PROCESS_ANALYSIS_CHARS = 4_000;
/**
 * Items per INSERT statement inside the batch's one transaction. Small, because PGlite runs each
 * statement in this thread: 1,000 analysed items held the event loop for over a second, 100 take about 0.1 s.
 */
const INSERT_CHUNK = 50;

// PostgreSQL text and jsonb cannot hold NUL; refuse it with a clear message rather than fail in SQL.
const NUL = /\u0000/;

// ---------------------------------------------------------------------------------------------
// The analyser cache.

interface CachedAnalyser { fingerprint: string; analyser: SpeechAnalyser; modelId: number | null; spec: AnalyserSpec }
const analysers = new WeakMap<Store, CachedAnalyser>();

/** The analyser of a store and the id of the stored model it classifies with (null: lexicon only). */
export interface StoreAnalyser {
  readonly analyser: SpeechAnalyser;
  readonly modelId: number | null;
  /** What the analyser was built from, for a worker to build the same one. */
  readonly spec: AnalyserSpec;
}

/**
 * The analyser for a store: built-in lexicon + stored entries, plus the active stored model (if
 * any) for labels and probabilities; rebuilt when the stored lexicon's fingerprint or the active
 * model changed since it was built.
 * @param store the store
 * @returns the analyser and the active model's id
 */
export async function storeAnalyser(store: Store): Promise<StoreAnalyser> {
  const repo = new SpeechRepository(store.db);
  const fingerprint = `${await repo.lexiconFingerprint()}|model:${(await repo.activeModelId()) ?? ""}`;
  const cached = analysers.get(store);
  if (cached && cached.fingerprint === fingerprint) return cached;
  const stored = (await repo.listLexicon()).map(rowToEntry);
  const active = await repo.activeModel();
  const spec: AnalyserSpec = { fingerprint, stored, model: active?.model ?? null };
  const built = { fingerprint, analyser: buildSpeechAnalyser(spec), modelId: active?.id ?? null, spec };
  analysers.set(store, built);
  return built;
}

/**
 * The store's analyser alone (see {@link storeAnalyser}).
 * @param store the store
 */
export async function speechAnalyser(store: Store): Promise<SpeechAnalyser> {
  return (await storeAnalyser(store)).analyser;
}

/** Drops the cached analyser so the next use rebuilds it (after a lexicon change). */
function invalidate(store: Store): void {
  analysers.delete(store);
}

function rowToEntry(r: SpeechLexiconRow): LexiconEntry {
  return { term: r.term, language: r.language, category: r.category, weight: r.weight, target: r.target, source: r.source };
}

// ---------------------------------------------------------------------------------------------
// Ingestion.

/**
 * Scores texts off the event loop: a port, implemented by the worker pool in
 * `infra/workers/speech-analysis-pool.ts`. Analysis is CPU-bound (tokenising, lexicon, model),
 * and done in the server's thread a large batch stops every other request meanwhile.
 */
export interface SpeechAnalysisRunner {
  /**
   * Analyses texts with the analyser `spec` describes.
   * @returns one analysis per input, in order
   */
  analyse(spec: AnalyserSpec, inputs: readonly AnalysisInput[]): Promise<SpeechAnalysis[]>;
}

/** Outcome of an ingest. */
export interface SpeechIngestSummary {
  /** Items stored by this call. */
  inserted: number;
  /** Items whose client id was already stored, or repeated within the batch (nothing written for them). */
  duplicates: number;
  /** Client ids of the items that were already stored or repeated. */
  duplicateIds: string[];
}

function checkStorable(item: SpeechItem, where: string): void {
  if (item.text.length > MAX_TEXT_CHARS) throw new SpeechItemError(`${where}: field "text" has ${item.text.length} characters; at most ${MAX_TEXT_CHARS}`);
  for (const field of ["clientId", "source", "language"] as const) {
    const v = item[field];
    if (v !== null && v.length > MAX_SHORT_CHARS) throw new SpeechItemError(`${where}: field "${field}" has more than ${MAX_SHORT_CHARS} characters`);
  }
  for (const field of ["clientId", "text", "source", "language"] as const) {
    const v = item[field];
    if (v !== null && NUL.test(v)) throw new SpeechItemError(`${where}: field "${field}" must not contain NUL characters`);
  }
  if (item.language !== null && !/^[A-Za-z]{2,3}([_-][A-Za-z0-9]{1,8})*$/.test(item.language)) {
    throw new SpeechItemError(`${where}: field "language" must be a language tag such as "en" or "pt-BR", got "${item.language}"`);
  }
  if (item.reach !== null && item.reach > 1e12) throw new SpeechItemError(`${where}: field "reach" is implausibly large (${item.reach})`);
}

/** Resolves ISO alpha-2 or alpha-3 to the registry key, or throws naming the item. */
function countryKey(registry: CountryRegistry, code: string, where: string): string {
  const c = code.length === 2 ? registry.byIso2(code) : registry.byIso3(code);
  if (!c) throw new SpeechItemError(`${where}: field "country" is not a known ISO 3166 code: "${code}"`);
  return c.key;
}

/**
 * Validates, analyses and stores a batch, for the local operator (no access check; HTTP goes
 * through {@link ingestSpeech}). All-or-nothing: the first invalid item rejects the whole batch
 * before anything is written; the valid batch is written in one transaction. Items whose client id
 * is already stored are skipped untouched, so re-sending a batch stores nothing twice.
 *
 * @param store the store
 * @param registry country registry (items may name ISO alpha-2 or alpha-3 codes)
 * @param body an array of items or `{ items: [...] }` (see `parseSpeechBatch`)
 * @param options `maxItems`: largest batch (default 5,000); `locate`: names record i in error
 *   messages (default `items[i]`; the CLI passes `file.csv:LINE`)
 * @returns counts of inserted and duplicate items
 * @throws {SpeechItemError} naming the item and field, for any invalid item
 */
export async function storeSpeechBatch(
  store: Store, registry: CountryRegistry, body: unknown,
  options: {
    maxItems?: number; locate?: (index: number) => string; organisationId?: string | null; actor?: string; now?: Date;
    /** Where texts are analysed; without one (the CLI) they are analysed in this thread. */
    runner?: SpeechAnalysisRunner;
  } = {},
): Promise<SpeechIngestSummary> {
  const maxItems = options.maxItems ?? MAX_BATCH_ITEMS;
  const list: unknown = Array.isArray(body) ? body : (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(list)) throw new SpeechItemError(`body must be an array of items or {"items": [...]}`);
  if (list.length > maxItems) throw new SpeechItemError(`batch has ${list.length} items; at most ${maxItems} per request`);
  const where = options.locate ?? ((i: number) => `items[${i}]`);
  // Every record is checked, repeated ids included, so the batch is valid as a whole or refused.
  const countryOf = new Map<string, string>();
  list.forEach((raw: unknown, i) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new SpeechItemError(`${where(i)}: must be an object`);
    const item = toSpeechItem(raw as Record<string, unknown>, where(i));
    checkStorable(item, where(i));
    const key = countryKey(registry, item.country, where(i));
    if (!countryOf.has(item.clientId)) countryOf.set(item.clientId, key);
  });
  const batch = parseSpeechBatch(list, maxItems);
  const countries = batch.items.map((item) => countryOf.get(item.clientId)!);
  const organisationId = options.organisationId ?? null;
  const batchId = randomUUID();
  // Every ingest is audited (issue 14 point 8): who, how many, which time range — never the texts,
  // only their digest, which `audit verify` recomputes from the stored items (point 4).
  const audit = (tx: Db, inserted: NewSpeechItemRow[], duplicates: number) => {
    const times = inserted.map((r) => Date.parse(r.time)).sort((a, b) => a - b);
    return recordAudit(tx, {
      organisationId, actor: options.actor ?? "cli", action: "speech.ingested", entity: "speech_batch", entityId: batchId,
      // An ingest that stored nothing (all duplicates) vouches for no rows.
      row: inserted.length === 0 ? undefined : speechBatchAuditRow(batchId, inserted.map((r) => ({ organisationId, clientId: r.clientId, text: r.text, time: r.time, source: r.source, countryIso3: r.countryIso3, languageGiven: r.languageGiven ?? null, reach: r.reach ?? null }))),
      details: { count: inserted.length, duplicates, from: times.length ? new Date(times[0]).toISOString() : null, to: times.length ? new Date(times.at(-1)!).toISOString() : null },
      at: options.now ?? new Date(),
    });
  };
  if (batch.items.length === 0) {
    await store.transaction((tx) => audit(tx, [], batch.duplicateIds.length));
    return { inserted: 0, duplicates: batch.duplicateIds.length, duplicateIds: [...batch.duplicateIds] };
  }
  const { analyser, modelId, spec } = await storeAnalyser(store);
  const chars = batch.items.reduce((n, item) => n + item.text.length, 0);
  const analyses = options.runner && chars > IN_PROCESS_ANALYSIS_CHARS
    ? await options.runner.analyse(spec, batch.items.map((item) => ({ text: item.text, language: item.language, reach: item.reach })))
    : batch.items.map((item) => analyser.analyse(item));
  const rows: NewSpeechItemRow[] = batch.items.map((item, i) => {
    const analysis = analyses[i];
    return {
      organisationId, batchId, clientId: item.clientId, text: item.text, time: item.time, source: item.source, countryIso3: countries[i],
      languageGiven: item.language, language: analysis.language, reach: item.reach, label: analysis.label,
      probabilities: analysis.probabilities as Record<string, number> | null, modelId: analysis.label === null ? null : modelId,
      hallmarks: analysis.hallmarks.map((h) => h.kind), targets: analysis.targets.map((t) => t.group), analysis,
    };
  });
  const inserted = await store.transaction(async (tx) => {
    const repo = new SpeechRepository(tx);
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      ids.push(...(await repo.insertNew(rows.slice(i, i + INSERT_CHUNK))));
      // PGlite answers with resolved promises only: without this, other requests' timers and
      // sockets would wait for the whole transaction.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const done = new Set(ids);
    await audit(tx, rows.filter((r) => done.has(r.clientId)), rows.length - done.size + batch.duplicateIds.length);
    return done;
  });
  const already = batch.items.filter((i) => !inserted.has(i.clientId)).map((i) => i.clientId);
  const duplicateIds = [...already, ...batch.duplicateIds];
  return { inserted: inserted.size, duplicates: duplicateIds.length, duplicateIds };
}

/**
 * `POST /api/speech/items`: {@link storeSpeechBatch} for an actor holding `speech:write`.
 * @throws {ForbiddenError} without the permission
 * @throws {InvalidInputError} (field `items`) for an invalid batch; nothing is stored
 */
export async function ingestSpeech(store: Store, registry: CountryRegistry, actor: Actor, body: unknown, runner?: SpeechAnalysisRunner): Promise<SpeechIngestSummary> {
  authorize(actor, "speech:write");
  try {
    // Client ids are unique per organisation: another organisation's text with the same id is not a duplicate.
    return await storeSpeechBatch(store, registry, body, { runner, ...(actor.kind === "user" ? { organisationId: actor.organisationId, actor: actorLabel(actor) } : {}) });
  } catch (error) {
    if (error instanceof SpeechItemError) throw new InvalidInputError(error.message, "items");
    throw error;
  }
}

/** A stored item as the API shows it. */
export interface SpeechItemView {
  id: number;
  clientId: string;
  text: string;
  time: string;
  source: string;
  country: string;
  languageGiven: string | null;
  reach: number | null;
  analysis: SpeechAnalysis;
  createdAt: string;
}

function itemView(r: SpeechItemRow): SpeechItemView {
  return {
    id: r.id, clientId: r.clientId, text: r.text, time: new Date(r.time).toISOString(), source: r.source, country: r.countryIso3,
    languageGiven: r.languageGiven, reach: r.reach, analysis: r.analysis, createdAt: r.createdAt.toISOString(),
  };
}

/**
 * One page of stored items with their analyses, in (time, id) order.
 * @param store the store
 * @param filter country (ISO3, any case), from (inclusive) / to (exclusive) instants
 * @param limit page size (1…500)
 * @param after position of the previous page's last item
 * @returns items and the position to continue after (null on the last page)
 * @throws {RangeError} for a limit out of range
 */
export async function listSpeechItems(store: Store, filter: SpeechItemFilter, limit: number, after?: SpeechItemPosition): Promise<{ items: SpeechItemView[]; next: SpeechItemPosition | null }> {
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 500)) throw new RangeError(`limit must be an integer in [1, 500], got ${limit}`);
  const rows = await new SpeechRepository(store.db).listItems({ ...filter, country: filter.country?.toUpperCase() }, limit + 1, after);
  const items = rows.slice(0, limit).map(itemView);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { time: last.time, id: last.id } : null };
}

// ---------------------------------------------------------------------------------------------
// Trends and alerts.

/** The country code of `iso3` (upper case), or a NotFoundError. */
const requireCountryCode = async (store: Store, iso3: string): Promise<string> => (await requireCountry(store.db, iso3)).iso3;

/**
 * A country's speech trends from the stored items (`speechTrends`: counts and rates per period for
 * volume, hallmarks, target groups and labels).
 * @param store the store
 * @param iso3 country, any case
 * @param period `day` or `week`
 * @param range optional from (inclusive) / to (exclusive) instants on the item time
 * @throws {NotFoundError} for an unknown country
 */
export async function countrySpeechTrends(store: Store, iso3: string, period: Period, range: { from?: string; to?: string } = {}): Promise<TrendRow[]> {
  const country = await requireCountryCode(store, iso3);
  return speechTrends(await new SpeechRepository(store.db).trendItems({ country, ...range }), period);
}

/** A from (inclusive) / to (exclusive) window on item times, as ISO 8601 instants. */
export interface SpeechRange {
  from?: string;
  to?: string;
}

/**
 * Spike alerts (`detectSpeechSpikes`) over the stored items, for one country or all of them.
 *
 * With a range, alerts are those of the periods that overlap it (a period starting before `to`
 * and ending after `from`); items from the baseline periods before `from` are still read, so an
 * alert in the first period of the range is judged against the same baseline as without a range.
 * @param store the store
 * @param query country (ISO3, any case; all countries when absent), period, thresholds, range
 * @returns alerts, strongest first
 * @throws {NotFoundError} for an unknown country
 * @throws {RangeError} when `from` is after `to`
 */
export async function speechAlerts(store: Store, query: { country?: string; period: Period; options?: SpikeOptions; organisationId?: string } & SpeechRange): Promise<SpeechAlert[]> {
  const country = query.country ? await requireCountryCode(store, query.country) : undefined;
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) throw new RangeError("from must not be after to");
  const days = query.period === "week" ? 7 : 1;
  const lookback = ((query.options?.baselinePeriods ?? 8) + 1) * days * 86_400_000;
  const readFrom = query.from ? new Date(Date.parse(query.from) - lookback).toISOString() : undefined;
  // Backdated items never enter a baseline or a spike (SPEECH_BACKDATE_WINDOW_DAYS); with an
  // organisation, only the texts it fed in (its private signal).
  const items = await new SpeechRepository(store.db).trendItems({ country, from: readFrom, to: query.to, organisationId: query.organisationId, maxBackdateDays: SPEECH_BACKDATE_WINDOW_DAYS });
  const firstPeriod = query.from ? periodStart(query.from, query.period) : undefined;
  return detectSpeechSpikes(speechTrends(items, query.period), query.options)
    .filter((a) => firstPeriod === undefined || a.period >= firstPeriod)
    .filter((a) => query.to === undefined || Date.parse(`${a.period}T00:00:00Z`) < Date.parse(query.to!));
}

/**
 * Speech spike alerts of one country in a window, for the alert-levels helper (issue 7): the one
 * function other signals call to join speech spikes. Weekly periods, default thresholds.
 * @param deps `store` (anything holding one, e.g. the app context)
 * @param iso3 country, any case
 * @param range from (inclusive) / to (exclusive) instants; alerts of the weeks overlapping it
 * @returns alerts, strongest first
 * @throws {NotFoundError} for an unknown country
 */
export async function speechSpikesForCountry(deps: { store: Store }, iso3: string, range: SpeechRange = {}): Promise<SpeechAlert[]> {
  return speechAlerts(deps.store, { country: iso3, period: "week", ...range });
}

// ---------------------------------------------------------------------------------------------
// Stored models.

/** Largest model JSON accepted (characters); the Davidson model is about 2 MB. */
export const MAX_MODEL_CHARS = 64 * 1024 * 1024;

/** A stored model as the API shows it (no weights). */
export interface SpeechModelView {
  id: number;
  name: string;
  dataSha256: string;
  modelSha256: string;
  labels: string[];
  createdBy: string;
  createdAt: string;
  active: boolean;
  activatedAt: string | null;
}

function modelView(r: Omit<SpeechModelRow, "model">): SpeechModelView {
  return {
    id: r.id, name: r.name, dataSha256: r.dataSha256, modelSha256: r.modelSha256, labels: r.labels, createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(), active: r.active, activatedAt: r.activatedAt ? r.activatedAt.toISOString() : null,
  };
}

/** The model is not usable here: not a Tocsin model, or its lexicon sources are missing from the store. */
export class SpeechModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SpeechModelError";
  }
}

/**
 * Checks that `json` is a model this build can classify with, given the stored lexicon.
 * @returns the model, its canonical JSON's SHA-256 and warnings
 * @throws {SpeechModelError} naming what is wrong
 */
async function checkModel(store: Store, json: unknown): Promise<{ model: SpeechModelFile; sha256: string; warnings: string[] }> {
  const model = json as SpeechModelFile;
  const text = JSON.stringify(model);
  if (text.length > MAX_MODEL_CHARS) throw new SpeechModelError(`model is ${text.length} characters; at most ${MAX_MODEL_CHARS}`);
  if (NUL.test(text)) throw new SpeechModelError("model must not contain NUL characters");
  const stored = (await new SpeechRepository(store.db).listLexicon()).map(rowToEntry);
  let warnings: string[] = [];
  try {
    const lex = resolveModelLexicon(model?.lexiconFeatures ?? null, stored);
    if (lex.missing.length) {
      throw new SpeechModelError(`model uses lexicon features from ${lex.missing.join(", ")}, which the store does not have; import them first (tocsin speech lexicon import-hurtlex DIR --store)`);
    }
    warnings = lex.warnings;
    const clf = new SpeechClassifier(model, model.lexiconFeatures ? new Lexicon(lex.entries) : undefined);
    // One prediction proves the arrays decode and the sizes agree.
    clf.predictProba("model check");
    if (typeof model.training?.dataSha256 !== "string" || !/^[0-9a-f]{64}$/.test(model.training.dataSha256)) {
      throw new SpeechModelError("model training.dataSha256 must be a SHA-256 in hex");
    }
  } catch (error) {
    if (error instanceof SpeechModelError) throw error;
    throw new SpeechModelError(`not a usable speech model: ${(error as Error).message}`);
  }
  return { model, sha256: createHash("sha256").update(text).digest("hex"), warnings };
}

/** Outcome of storing a model. */
export interface StoredSpeechModel {
  model: SpeechModelView;
  /** False when the same model JSON was already stored (nothing new written). */
  created: boolean;
  warnings: string[];
}

/**
 * Stores a model and optionally activates it (audited), for the local operator (CLI: `speech
 * models activate MODEL.json`); HTTP goes through {@link uploadSpeechModel}.
 * @param store the store
 * @param json the parsed model file
 * @param options name, activate, and who (`cli` by default) with their organisation
 * @throws {SpeechModelError} for a model this store cannot use
 */
export async function storeSpeechModel(
  store: Store, json: unknown, options: { name: string; activate: boolean; by?: string; organisationId?: string | null; now?: Date },
): Promise<StoredSpeechModel> {
  const now = options.now ?? new Date();
  const by = options.by ?? "cli";
  const organisationId = options.organisationId ?? null;
  const checked = await checkModel(store, json);
  const result = await store.transaction(async (tx) => {
    const repo = new SpeechRepository(tx);
    let row = await repo.insertModel({ name: options.name, model: checked.model, modelSha256: checked.sha256, createdBy: by, organisationId, now });
    const created = row !== undefined;
    if (row) {
      await recordAudit(tx, {
        organisationId, actor: by, action: "speech_model.created", entity: "speech_model", entityId: String(row.id),
        details: { name: row.name, dataSha256: row.dataSha256, modelSha256: row.modelSha256, labels: row.labels }, at: now,
      });
    } else {
      row = (await repo.findModelBySha(checked.sha256))!;
    }
    if (options.activate && !row.active) row = await activateIn(tx, row.id, by, organisationId, now);
    return { row, created };
  });
  invalidate(store);
  return { model: modelView(result.row), created: result.created, warnings: checked.warnings };
}

async function activateIn(tx: Db, id: number, by: string, organisationId: string | null, now: Date): Promise<SpeechModelRow> {
  const repo = new SpeechRepository(tx);
  const previous = await repo.activeModelId();
  const row = await repo.activateModel(id, now);
  if (!row) throw new NotFoundError("speech model", String(id));
  await recordAudit(tx, {
    organisationId, actor: by, action: "speech_model.activated", entity: "speech_model", entityId: String(id),
    details: { previous, modelSha256: row.modelSha256 }, at: now,
  });
  return row;
}

/**
 * `POST /api/speech/models`: stores an uploaded model and optionally activates it.
 * @throws {ForbiddenError} without `speech:manage-model`
 * @throws {InvalidInputError} (field `model`) for a model this store cannot use
 */
export async function uploadSpeechModel(store: Store, actor: Actor, body: { name: string; model: unknown; activate: boolean }, now = new Date()): Promise<StoredSpeechModel> {
  authorize(actor, "speech:manage-model");
  try {
    return await storeSpeechModel(store, body.model, { name: body.name, activate: body.activate, by: actorLabel(actor), organisationId: actor.organisationId, now });
  } catch (error) {
    if (error instanceof SpeechModelError) throw new InvalidInputError(error.message, "model");
    throw error;
  }
}

/**
 * `POST /api/speech/models/:id/activate`: makes a stored model the active one (audited). Items
 * stored earlier keep their labels until `tocsin speech reanalyse` runs.
 * @throws {ForbiddenError} without `speech:manage-model`
 * @throws {NotFoundError} for an unknown id
 * @throws {InvalidInputError} when the store no longer has the model's lexicon sources
 */
export async function activateSpeechModel(store: Store, actor: Actor, id: number, now = new Date()): Promise<SpeechModelView> {
  authorize(actor, "speech:manage-model");
  const existing = await new SpeechRepository(store.db).getModel(id);
  if (!existing) throw new NotFoundError("speech model", String(id));
  try {
    await checkModel(store, existing.model);
  } catch (error) {
    if (error instanceof SpeechModelError) throw new InvalidInputError(error.message, "model");
    throw error;
  }
  const row = await store.transaction((tx) => activateIn(tx, id, actorLabel(actor), actor.organisationId, now));
  invalidate(store);
  return modelView(row);
}

/**
 * `GET /api/speech/models`: stored models without weights, newest first.
 * @throws {ForbiddenError} without `speech:manage-model`
 */
export async function listSpeechModels(store: Store, actor: Actor): Promise<SpeechModelView[]> {
  authorize(actor, "speech:manage-model");
  return (await new SpeechRepository(store.db).listModels()).map(modelView);
}

/** Outcome of {@link reanalyseSpeechItems}. */
export interface ReanalyseSummary {
  /** Active model id used (null: lexicon only). */
  modelId: number | null;
  /** Items re-analysed. */
  items: number;
}

/**
 * Re-analyses stored items with the current lexicon and active model, for the local operator (CLI:
 * `tocsin speech reanalyse`): by default the items not labelled by the active model; with `all`,
 * every item (e.g. after a lexicon change). Works in batches, one transaction each, in id order, so
 * an interrupted run resumes where it stopped when run again.
 * @param store the store
 * @param options `all`, batch size (default 1,000), progress callback
 */
export async function reanalyseSpeechItems(store: Store, options: { all?: boolean; batchSize?: number; progress?: (done: number, total: number) => void } = {}): Promise<ReanalyseSummary> {
  const batchSize = options.batchSize ?? 1000;
  const all = options.all ?? false;
  const { analyser, modelId } = await storeAnalyser(store);
  const repo = new SpeechRepository(store.db);
  const total = await repo.countToReanalyse(modelId, all);
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = await repo.itemsToReanalyse(modelId, after, batchSize, all);
    if (rows.length === 0) break;
    const updates = rows.map((r) => {
      const analysis = analyser.analyse({ text: r.text, language: r.languageGiven, reach: r.reach });
      return {
        id: r.id, language: analysis.language, label: analysis.label, probabilities: analysis.probabilities as Record<string, number> | null,
        modelId: analysis.label === null ? null : modelId, hallmarks: analysis.hallmarks.map((h) => h.kind), targets: analysis.targets.map((t) => t.group), analysis,
      };
    });
    await store.transaction((tx) => new SpeechRepository(tx).updateAnalyses(updates));
    done += rows.length;
    after = rows.at(-1)!.id;
    options.progress?.(done, total);
  }
  return { modelId, items: done };
}

// ---------------------------------------------------------------------------------------------
// The lexicon.

/** A lexicon entry as the API shows it. */
export interface LexiconEntryView extends LexiconEntry {
  id: number;
  createdAt: string;
  updatedAt: string;
}

function lexiconView(r: SpeechLexiconRow): LexiconEntryView {
  return { id: r.id, ...rowToEntry(r), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/**
 * Validates a lexicon entry for storing (shared or an organisation's own).
 * @throws {InvalidInputError} naming the field
 */
export function validEntry(e: LexiconEntry): LexiconEntry {
  try {
    const v = validateLexiconEntry(e);
    for (const [field, value] of Object.entries(v)) {
      if (typeof value === "string" && (value.length > MAX_SHORT_CHARS || NUL.test(value))) {
        throw new LexiconEntryError(`field "${field}" must be at most ${MAX_SHORT_CHARS} characters without NUL`);
      }
    }
    new Lexicon([v]); // the term must leave at least one token after normalisation
    return v;
  } catch (error) {
    if (error instanceof LexiconEntryError) throw new InvalidInputError(error.message.replace(/^lexicon entry 1 \("[^"]*"\): /, ""), fieldOf(error.message));
    throw error;
  }
}

function fieldOf(message: string): string {
  return /field "([a-z]+)"/.exec(message)?.[1] ?? "entry";
}

/**
 * Stored lexicon entries (not the built-in ones), in id order.
 * @throws {ForbiddenError} without `lexicon:manage` (the list is kept from anonymous readers: it
 *   tells evaders what is watched, and imported lexicons such as HurtLex are not ours to republish)
 */
export async function listLexiconEntries(store: Store, actor: Actor, filter: LexiconFilter, limit: number, afterId?: number): Promise<{ entries: LexiconEntryView[]; nextAfter: number | null }> {
  authorize(actor, "lexicon:manage");
  const rows = await new SpeechRepository(store.db).listLexicon(filter, limit + 1, afterId);
  const entries = rows.slice(0, limit).map(lexiconView);
  return { entries, nextAfter: rows.length > limit ? entries.at(-1)!.id : null };
}

/**
 * Adds an entry (audited). The next analysis uses it.
 * @throws {ForbiddenError} without `lexicon:manage`
 * @throws {InvalidInputError} for an invalid entry (naming the field)
 * @throws {ConflictError} when an entry with the same term, language, category and source exists
 */
export async function createLexiconEntry(store: Store, actor: Actor, input: LexiconEntry, now = new Date()): Promise<LexiconEntryView> {
  authorize(actor, "lexicon:manage");
  const entry = validEntry(input);
  const row = await store.transaction(async (tx) => {
    const created = await new SpeechRepository(tx).createLexicon(entry, now);
    if (!created) throw new ConflictError("A lexicon entry with this term, language, category and source exists", { term: entry.term });
    await audit(tx, actor, "speech_lexicon.created", created, now);
    return created;
  });
  invalidate(store);
  return lexiconView(row);
}

/**
 * Changes an entry's fields (audited); absent fields keep their values.
 * @throws {ForbiddenError} without `lexicon:manage`
 * @throws {NotFoundError} for an unknown id
 * @throws {InvalidInputError} for an invalid result
 * @throws {ConflictError} when the change collides with another entry's key
 */
export async function updateLexiconEntry(store: Store, actor: Actor, id: number, patch: Partial<LexiconEntry>, now = new Date()): Promise<LexiconEntryView> {
  authorize(actor, "lexicon:manage");
  const row = await store.transaction(async (tx) => {
    const repo = new SpeechRepository(tx);
    const current = await repo.getLexicon(id);
    if (!current) throw new NotFoundError("lexicon entry", String(id));
    await mustOwnShared(repo, actor, id);
    const entry = validEntry({ ...rowToEntry(current), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
    const clash = await repo.findLexicon(entry);
    if (clash && clash.id !== id) throw new ConflictError("Another lexicon entry has this term, language, category and source", { id: clash.id });
    const updated = (await repo.updateLexicon(id, entry, now))!;
    await audit(tx, actor, "speech_lexicon.updated", updated, now);
    return updated;
  });
  invalidate(store);
  return lexiconView(row);
}

/**
 * Deletes an entry (audited).
 * @throws {ForbiddenError} without `lexicon:manage`
 * @throws {NotFoundError} for an unknown id
 */
export async function deleteLexiconEntry(store: Store, actor: Actor, id: number, now = new Date()): Promise<void> {
  authorize(actor, "lexicon:manage");
  await store.transaction(async (tx) => {
    const repo = new SpeechRepository(tx);
    if (await repo.getLexicon(id)) await mustOwnShared(repo, actor, id);
    const deleted = await repo.deleteLexicon(id);
    if (!deleted) throw new NotFoundError("lexicon entry", String(id));
    await audit(tx, actor, "speech_lexicon.deleted", deleted, now);
  });
  invalidate(store);
}

/**
 * A shared entry may be changed or deleted over the API only by the organisation that created it:
 * one organisation must never change another's analysis (issue 16). Others remove it from their
 * own analysis instead (`speech-org.service.ts`); operator imports are changed by the operator.
 * @throws {ConflictError} naming the way out
 */
async function mustOwnShared(repo: SpeechRepository, actor: Extract<Actor, { kind: "user" }>, id: number): Promise<void> {
  const creator = await repo.lexiconCreatorOrganisation(id);
  if (creator !== actor.organisationId) {
    throw new ConflictError("This shared lexicon entry was not created by your organisation; remove it from your organisation's analysis instead (POST /api/speech/org-lexicon/removals)", { id });
  }
}

function audit(tx: Db, actor: Extract<Actor, { kind: "user" }>, action: string, row: SpeechLexiconRow, now: Date) {
  return recordAudit(tx, {
    organisationId: actor.organisationId, actor: actorLabel(actor), action, entity: "speech_lexicon_entry", entityId: String(row.id),
    row: row as unknown as Record<string, unknown>,
    details: { language: row.language, category: row.category, source: row.source },
    at: now,
  });
}

/** Outcome of {@link importHurtlexToStore}. */
export interface HurtlexStoreSummary {
  files: { file: string; language: string; rows: number; entries: number }[];
  /** Entries after merging repeats (same term, language, category and source: the highest weight wins). */
  entries: number;
  inserted: number;
  updated: number;
}

/**
 * Imports HurtLex files from the operator's own copy into the stored lexicon, for the local
 * operator (CLI). HurtLex is CC BY-NC-SA 4.0: read at run time, never bundled. One transaction;
 * re-importing the same files changes nothing.
 * @param store the store
 * @param dir folder of `hurtlex_<LANG>.tsv` files
 * @param languages ISO 639-1 codes (default every file found)
 * @throws {HurtlexFormatError} for a missing folder or language, or a malformed file (file, line, field)
 */
export async function importHurtlexToStore(store: Store, dir: string, languages?: readonly string[], now = new Date()): Promise<HurtlexStoreSummary> {
  const files = readHurtlexDir(dir, languages);
  const byKey = new Map<string, LexiconEntry>();
  for (const f of files) {
    for (const e of f.entries) {
      const v = validateLexiconEntry(e);
      const key = `${v.term}\u0000${v.language}\u0000${v.category}\u0000${v.source}`;
      const prev = byKey.get(key);
      if (!prev || v.weight > prev.weight) byKey.set(key, v);
    }
  }
  const entries = [...byKey.values()];
  const counts = await store.transaction(async (tx) => {
    const repo = new SpeechRepository(tx);
    let inserted = 0, updated = 0;
    for (let i = 0; i < entries.length; i += 2000) {
      const r = await repo.upsertLexicon(entries.slice(i, i + 2000), now);
      inserted += r.inserted;
      updated += r.updated;
    }
    return { inserted, updated };
  });
  invalidate(store);
  return {
    files: files.map((f) => ({ file: f.file.split(/[\\/]/).pop() ?? f.file, language: f.language, rows: f.rows, entries: f.entries.length })),
    entries: entries.length,
    ...counts,
  };
}
