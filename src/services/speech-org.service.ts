/**
 * Each organisation's own speech analysis (issue 16 part 1) and training from the dashboard
 * (issue 18 part 4).
 *
 * Shared defaults: the built-in lexicon, the lexicon entries the operator imported into
 * `speech_lexicon_entries`, and the operator's active model; these label stored items (a public
 * text has one public analysis). On top, each organisation has its own lexicon additions, its
 * removals of shared entries, and its own active model (with the previous one kept for roll-back).
 * They change only that organisation's analysis: every read and write of them runs in `withOrg`
 * (row-level security), and the analyser is cached per organisation. Every change is audited.
 */
import { createHash } from "node:crypto";
import { builtinLexicon } from "../domain/speech/builtin-lexicon.ts";
import { SpeechAnalyser, type SpeechAnalysis } from "../domain/speech/analysis.ts";
import { SpeechClassifier, type SpeechModelFile } from "../domain/speech/classifier.ts";
import { Lexicon, type LexiconEntry } from "../domain/speech/lexicon.ts";
import { resolveModelLexicon } from "../domain/speech/model-lexicon.ts";
import { trainRecipe } from "../domain/speech/recipe.ts";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import type { Store } from "../infra/store/database.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { SpeechRepository } from "../infra/store/speech.repository.ts";
import { SpeechOrgRepository, type LexiconKey } from "../infra/store/speech-org.repository.ts";
import type { SpeechModelRow } from "../infra/store/schema/speech.ts";
import type { SpeechOrgLexiconRow, SpeechOrgRemovalRow } from "../infra/store/schema/speech-org.ts";
import { columnValues, parseSpeechCsv, SpeechTableError } from "../infra/importers/speech-table.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { validEntry } from "./speech.service.ts";

type User = Extract<Actor, { kind: "user" }>;

/** Largest training upload (characters of CSV). */
export const MAX_TRAINING_CSV_CHARS = 20 * 1024 * 1024;
/** Most training rows trained in one request. */
export const MAX_TRAINING_ROWS = 50_000;

interface Cached { fingerprint: string; analyser: SpeechAnalyser; modelId: number | null }
const cache = new WeakMap<Store, Map<string, Cached>>();

const keyOf = (e: LexiconKey): string => JSON.stringify([e.term, e.language, e.category, e.source]);

function rowEntry(r: { term: string; language: string; category: string; weight: number; target: string | null; source: string }): LexiconEntry {
  return { term: r.term, language: r.language, category: r.category, weight: r.weight, target: r.target, source: r.source };
}

/**
 * The analyser an organisation sees: shared defaults minus its removals plus its additions, and
 * its own active model (else the operator's). Rebuilt when either side changed.
 * @param store the store
 * @param organisationId the organisation
 * @returns the analyser and the id of the model it classifies with (null: lexicon only)
 */
export async function organisationAnalyser(store: Store, organisationId: string): Promise<{ analyser: SpeechAnalyser; modelId: number | null }> {
  const shared = new SpeechRepository(store.db);
  const own = await withOrg(store, organisationId, async (tx) => {
    const repo = new SpeechOrgRepository(tx, organisationId);
    return { fingerprint: await repo.fingerprint(), activation: await repo.activation() };
  });
  const fingerprint = `${await shared.lexiconFingerprint()}|${(await shared.activeModelId()) ?? ""}|${own.fingerprint}`;
  let byOrg = cache.get(store);
  if (!byOrg) cache.set(store, (byOrg = new Map()));
  const hit = byOrg.get(organisationId);
  if (hit && hit.fingerprint === fingerprint) return hit;
  const { additions, removals } = await withOrg(store, organisationId, async (tx) => {
    const repo = new SpeechOrgRepository(tx, organisationId);
    return { additions: await repo.listEntries(), removals: await repo.listRemovals() };
  });
  const removed = new Set(removals.map(keyOf));
  const sharedEntries = [...builtinLexicon(), ...(await shared.listLexicon()).map(rowEntry)].filter((e) => !removed.has(keyOf(e)));
  const entries = [...sharedEntries, ...additions.map(rowEntry)];
  const modelRow = own.activation ? await shared.getModel(own.activation.modelId) : await shared.activeModel();
  let classifier: SpeechClassifier | undefined;
  if (modelRow) {
    const lex = resolveModelLexicon(modelRow.model.lexiconFeatures, entries);
    classifier = new SpeechClassifier(modelRow.model, modelRow.model.lexiconFeatures ? new Lexicon(lex.entries) : undefined);
  }
  const built = { fingerprint, analyser: new SpeechAnalyser(new Lexicon(entries), classifier), modelId: modelRow?.id ?? null };
  byOrg.set(organisationId, built);
  return built;
}

/**
 * `POST /api/speech/analyse`: analyses texts with the caller's organisation's analyser (nothing
 * stored).
 * @throws {ForbiddenError} without `speech:write`
 */
export async function analyseForOrganisation(store: Store, actor: Actor, texts: readonly { text: string; language?: string }[]): Promise<{ modelId: number | null; analyses: SpeechAnalysis[] }> {
  authorize(actor, "speech:write");
  const { analyser, modelId } = await organisationAnalyser(store, actor.organisationId);
  return { modelId, analyses: texts.map((t) => analyser.analyse({ text: t.text, language: t.language })) };
}

// ---------------------------------------------------------------------------------------------
// Lexicon.

/** An organisation's lexicon changes. */
export interface OrganisationLexiconView {
  additions: (LexiconEntry & { id: number; createdBy: string; createdAt: string })[];
  removals: (LexiconKey & { id: number; createdBy: string; createdAt: string })[];
}

const additionView = (r: SpeechOrgLexiconRow) => ({ id: r.id, ...rowEntry(r), createdBy: r.createdBy, createdAt: r.createdAt.toISOString() });
const removalView = (r: SpeechOrgRemovalRow) => ({ id: r.id, term: r.term, language: r.language, category: r.category, source: r.source, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() });

function auditLexicon(tx: Parameters<typeof recordAudit>[0], actor: User, action: string, id: number, details: Record<string, unknown>, now: Date) {
  return recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action, entity: "speech_org_lexicon", entityId: String(id), details, at: now });
}

/**
 * `GET /api/speech/org-lexicon`: the caller's organisation's additions and removals.
 * @throws {ForbiddenError} without `lexicon:manage`
 */
export async function organisationLexicon(store: Store, actor: Actor): Promise<OrganisationLexiconView> {
  authorize(actor, "lexicon:manage");
  return withOrg(store, actor.organisationId, async (tx) => {
    const repo = new SpeechOrgRepository(tx, actor.organisationId);
    return { additions: (await repo.listEntries()).map(additionView), removals: (await repo.listRemovals()).map(removalView) };
  });
}

/**
 * Adds an entry to the caller's organisation's lexicon only (audited).
 * @throws {InvalidInputError} naming the field; {@link ConflictError} for a repeated key
 */
export async function addOrganisationLexiconEntry(store: Store, actor: Actor, input: LexiconEntry, now = new Date()) {
  authorize(actor, "lexicon:manage");
  const entry = validEntry(input);
  return withOrg(store, actor.organisationId, async (tx) => {
    const row = await new SpeechOrgRepository(tx, actor.organisationId).addEntry(entry, actorLabel(actor), now);
    if (!row) throw new ConflictError("Your organisation already has this term, language, category and source", { term: entry.term });
    await auditLexicon(tx, actor, "speech_org_lexicon.added", row.id, { language: row.language, category: row.category, source: row.source }, now);
    return additionView(row);
  });
}

/**
 * Deletes one of the caller's organisation's own entries (audited). Another organisation's id is
 * not found (row-level security hides it).
 * @throws {NotFoundError}
 */
export async function deleteOrganisationLexiconEntry(store: Store, actor: Actor, id: number, now = new Date()): Promise<void> {
  authorize(actor, "lexicon:manage");
  await withOrg(store, actor.organisationId, async (tx) => {
    const row = await new SpeechOrgRepository(tx, actor.organisationId).deleteEntry(id);
    if (!row) throw new NotFoundError("organisation lexicon entry", String(id));
    await auditLexicon(tx, actor, "speech_org_lexicon.deleted", id, { language: row.language, category: row.category, source: row.source }, now);
  });
}

/**
 * Removes a shared entry (built-in or operator-imported) from the caller's organisation's analysis
 * only (audited); the shared entry and every other organisation's analysis are untouched.
 * @throws {InvalidInputError} (field `term`) when no shared entry has this key
 */
export async function removeSharedLexiconEntry(store: Store, actor: Actor, key: LexiconKey, now = new Date()) {
  authorize(actor, "lexicon:manage");
  const sharedKeys = new Set([...builtinLexicon(), ...(await new SpeechRepository(store.db).listLexicon()).map(rowEntry)].map(keyOf));
  if (!sharedKeys.has(keyOf(key))) throw new InvalidInputError("no shared lexicon entry has this term, language, category and source", "term");
  return withOrg(store, actor.organisationId, async (tx) => {
    const row = await new SpeechOrgRepository(tx, actor.organisationId).addRemoval(key, actorLabel(actor), now);
    if (!row) throw new ConflictError("Your organisation already removed this entry", { term: key.term });
    await auditLexicon(tx, actor, "speech_org_lexicon.removed_shared", row.id, { language: key.language, category: key.category, source: key.source }, now);
    return removalView(row);
  });
}

/**
 * Undoes a removal (audited).
 * @throws {NotFoundError}
 */
export async function restoreSharedLexiconEntry(store: Store, actor: Actor, removalId: number, now = new Date()): Promise<void> {
  authorize(actor, "lexicon:manage");
  await withOrg(store, actor.organisationId, async (tx) => {
    const row = await new SpeechOrgRepository(tx, actor.organisationId).deleteRemoval(removalId);
    if (!row) throw new NotFoundError("lexicon removal", String(removalId));
    await auditLexicon(tx, actor, "speech_org_lexicon.restored_shared", removalId, { language: row.language, category: row.category, source: row.source }, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Models: training, activation, roll-back.

/** A model as an organisation sees it (no weights). */
export interface OrganisationModelView {
  id: number;
  name: string;
  /** `organisation`: trained or uploaded by this organisation; `shared`: the operator's. */
  owner: "organisation" | "shared";
  labels: string[];
  dataSha256: string;
  trainingRows: number | null;
  labelCounts: Record<string, number> | null;
  crossValidation: Record<string, unknown> | null;
  createdBy: string;
  createdAt: string;
  /** This organisation analyses with it. */
  active: boolean;
  /** It was active before the current one (the roll-back target). */
  previous: boolean;
}

function orgModelView(r: Omit<SpeechModelRow, "model">, active: number | null, previous: number | null): OrganisationModelView {
  return {
    id: r.id, name: r.name, owner: r.organisationId ? "organisation" : "shared", labels: r.labels, dataSha256: r.dataSha256,
    trainingRows: r.trainingRows, labelCounts: r.labelCounts, crossValidation: r.crossValidation, createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(), active: r.id === active, previous: r.id === previous,
  };
}

/**
 * `GET /api/speech/org-models`: the models the caller's organisation may use (its own and the
 * shared ones), which is active for it and which was before.
 * @throws {ForbiddenError} without `speech:manage-model`
 */
export async function organisationModels(store: Store, actor: Actor): Promise<{ models: OrganisationModelView[]; activeModelId: number | null; usesSharedDefault: boolean }> {
  authorize(actor, "speech:manage-model");
  const act = await withOrg(store, actor.organisationId, (tx) => new SpeechOrgRepository(tx, actor.organisationId).activation());
  const sharedActive = await new SpeechRepository(store.db).activeModelId();
  const active = act?.modelId ?? sharedActive;
  const rows = await new SpeechOrgRepository(store.db, actor.organisationId).usableModels();
  return { models: rows.map((r) => orgModelView(r, active, act?.previousModelId ?? null)), activeModelId: active, usesSharedDefault: !act };
}

/** Body of a training request. */
export interface TrainRequest {
  name: string;
  /** The labelled CSV (header row first). */
  csv: string;
  textColumn: string;
  labelColumn: string;
}

/**
 * `POST /api/speech/org-models/train`: trains the recipe on an uploaded labelled CSV and stores the
 * model for the caller's organisation, NOT active: the response carries the cross-validated scores
 * and confusion matrix to look at first. Audited (`speech_model.trained`). The model records the
 * CSV's SHA-256, its size and its label counts.
 * @throws {InvalidInputError} naming the field (`csv`, `textColumn`, `labelColumn`)
 */
export async function trainOrganisationModel(store: Store, actor: Actor, body: TrainRequest, now = new Date()): Promise<OrganisationModelView> {
  authorize(actor, "speech:manage-model");
  if (body.csv.length > MAX_TRAINING_CSV_CHARS) throw new InvalidInputError(`the CSV has ${body.csv.length} characters; at most ${MAX_TRAINING_CSV_CHARS}`, "csv");
  let texts: string[];
  let labels: string[];
  let sha256: string;
  try {
    const table = parseSpeechCsv(body.name, body.csv);
    for (const [field, col] of [["textColumn", body.textColumn], ["labelColumn", body.labelColumn]] as const) {
      if (!table.columns.includes(col)) throw new InvalidInputError(`the CSV has no column "${col}" (columns: ${table.columns.join(", ")})`, field);
    }
    texts = columnValues(table, body.textColumn, "text", true);
    labels = columnValues(table, body.labelColumn, "label");
    sha256 = table.sha256;
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    if (error instanceof SpeechTableError || error instanceof Error) throw new InvalidInputError(error.message, "csv");
    throw error;
  }
  if (texts.length > MAX_TRAINING_ROWS) throw new InvalidInputError(`the CSV has ${texts.length} rows; at most ${MAX_TRAINING_ROWS}`, "csv");
  let model: SpeechModelFile;
  try {
    model = trainRecipe(texts, labels, { dataSha256: sha256, meta: { file: body.name, textColumn: body.textColumn, labelColumn: body.labelColumn } });
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidInputError(error.message, "labelColumn");
    throw error;
  }
  const modelSha256 = createHash("sha256").update(JSON.stringify(model)).digest("hex");
  const row = await store.transaction(async (tx) => {
    const repo = new SpeechRepository(tx);
    const inserted = await repo.insertModel({ name: body.name, model, modelSha256, createdBy: actorLabel(actor), organisationId: actor.organisationId, now });
    const stored = inserted ?? (await repo.findModelBySha(modelSha256))!;
    if (inserted) {
      await recordAudit(tx, {
        organisationId: actor.organisationId, actor: actorLabel(actor), action: "speech_model.trained", entity: "speech_model", entityId: String(stored.id),
        details: { name: stored.name, dataSha256: sha256, rows: texts.length, labelCounts: model.training.labelCounts, cvMacroF1: model.training.crossValidation?.macroF1 ?? null }, at: now,
      });
    }
    return stored;
  });
  return orgModelView(row, null, null);
}

/**
 * `POST /api/speech/org-models/:id/activate`: the caller's organisation analyses with this model
 * from now on; the one it replaces is kept for roll-back. Other organisations are unaffected.
 * Audited (`speech_org_model.activated`).
 * @throws {NotFoundError} for a model that is neither the organisation's own nor shared
 */
export async function activateOrganisationModel(store: Store, actor: Actor, id: number, now = new Date()): Promise<{ activeModelId: number; previousModelId: number | null }> {
  authorize(actor, "speech:manage-model");
  const model = await new SpeechOrgRepository(store.db, actor.organisationId).usableModel(id);
  if (!model) throw new NotFoundError("speech model", String(id));
  const sharedActive = await new SpeechRepository(store.db).activeModelId();
  return withOrg(store, actor.organisationId, async (tx) => {
    const repo = new SpeechOrgRepository(tx, actor.organisationId);
    const current = await repo.activation();
    const previous = current?.modelId ?? sharedActive;
    const row = await repo.activate(id, previous === id ? current?.previousModelId ?? null : previous, actorLabel(actor), now);
    await recordAudit(tx, {
      organisationId: actor.organisationId, actor: actorLabel(actor), action: "speech_org_model.activated", entity: "speech_model", entityId: String(id),
      details: { previous: row.previousModelId, dataSha256: model.dataSha256 }, at: now,
    });
    return { activeModelId: row.modelId, previousModelId: row.previousModelId };
  });
}

/**
 * `POST /api/speech/org-models/rollback`: back to the model active before the current one (which
 * becomes the roll-back target in turn). Audited (`speech_org_model.rolled_back`).
 * @throws {ConflictError} when there is nothing to roll back to
 */
export async function rollbackOrganisationModel(store: Store, actor: Actor, now = new Date()): Promise<{ activeModelId: number; previousModelId: number | null }> {
  authorize(actor, "speech:manage-model");
  return withOrg(store, actor.organisationId, async (tx) => {
    const repo = new SpeechOrgRepository(tx, actor.organisationId);
    const current = await repo.activation();
    if (!current?.previousModelId) throw new ConflictError("There is no previous model to roll back to", {});
    const row = await repo.activate(current.previousModelId, current.modelId, actorLabel(actor), now);
    await recordAudit(tx, {
      organisationId: actor.organisationId, actor: actorLabel(actor), action: "speech_org_model.rolled_back", entity: "speech_model", entityId: String(row.modelId),
      details: { from: current.modelId }, at: now,
    });
    return { activeModelId: row.modelId, previousModelId: row.previousModelId };
  });
}
