import { sql } from "drizzle-orm";
import { bigserial, boolean, check, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { SpeechModelFile } from "../../../domain/speech/classifier.ts";
import type { SpeechAnalysis } from "../../../domain/speech/analysis.ts";
import { countries } from "./countries.ts";
import { organisations } from "./identity.ts";

/**
 * Dangerous-speech monitoring (issue 5). Speech items are public-source texts (news, posts, radio
 * transcripts) fed in by monitors or scripts, stored with their analysis; they carry no reporter
 * data. They record the submitting organisation (issue 14 point 8): `client_id` is the caller's
 * id, unique per organisation, so a retried batch stores nothing twice and one organisation cannot
 * silence another's text by sending its id first.
 */
export const speechItems = pgTable(
  "speech_items",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /**
     * The submitting organisation (null: the operator's command line). Client ids are unique per
     * organisation (issue 14 point 8), and an organisation's unconfirmed spikes move only its own view.
     */
    organisationId: uuid("organisation_id").references(() => organisations.id),
    /** The submitter's identifier of the text (unique per organisation; re-submitting it changes nothing). */
    clientId: text("client_id").notNull(),
    text: text("text").notNull(),
    /** When the text was published or broadcast. */
    time: timestamp("time", { withTimezone: true, mode: "string" }).notNull(),
    /** Outlet, platform or station. */
    source: text("source").notNull(),
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    /** Language tag as supplied; null when the submitter did not know it. */
    languageGiven: text("language_given"),
    /** Language the analysis used (the given one, else detected). */
    language: text("language").notNull(),
    /** Followers, audience or circulation; null when unknown. */
    reach: doublePrecision("reach"),
    /** Classifier label, null when no classifier was used. */
    label: text("label"),
    probabilities: jsonb("probabilities").$type<Record<string, number> | null>(),
    /** The stored model (`speech_models.id`) that produced label and probabilities; null without one. */
    modelId: integer("model_id").references(() => speechModels.id),
    /** Hallmark kinds detected (`dehumanisation`, `call_to_violence` …), for trends and filters. */
    hallmarks: text("hallmarks").array().notNull(),
    /** Target group ids named in the text, for trends and filters. */
    targets: text("targets").array().notNull(),
    /** The whole analysis (hallmarks with evidence, targets, hits, Rabat factors). */
    analysis: jsonb("analysis").$type<SpeechAnalysis>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The ingest that stored the item: its audit entry (`speech_batch`) hashes the batch's texts. Null: stored before batches were audited. */
    batchId: uuid("batch_id"),
  },
  (t) => [
    index("speech_items_batch").on(t.batchId),
    // Unique NULLS NOT DISTINCT in the migration (drizzle does not model it).
    uniqueIndex("speech_items_org_client_id").on(t.organisationId, t.clientId),
    // Listing and trends read one country's items in time order; the id breaks ties for cursors.
    index("speech_items_country_time").on(t.countryIso3, t.time, t.id),
    index("speech_items_time").on(t.time, t.id),
    // `speech reanalyse` finds the items not yet labelled by the active model.
    index("speech_items_model").on(t.modelId, t.id),
    check("speech_items_reach", sql`${t.reach} is null or ${t.reach} >= 0`),
  ],
);

/** A stored speech item. */
export type SpeechItemRow = typeof speechItems.$inferSelect;
/** A speech item to insert. */
export type NewSpeechItemRow = typeof speechItems.$inferInsert;

/**
 * Lexicon entries added to the built-in lexicon at run time: analysts' own terms and imported
 * lexicons such as HurtLex (CC BY-NC-SA 4.0, imported from the operator's copy, never bundled).
 * Same fields as the domain `LexiconEntry`; one row per (term, language, category, source).
 */
export const speechLexiconEntries = pgTable(
  "speech_lexicon_entries",
  {
    id: serial("id").primaryKey(),
    term: text("term").notNull(),
    /** ISO 639-1/639-3 code or `*`. */
    language: text("language").notNull(),
    category: text("category").notNull(),
    /** In (0, 1]. */
    weight: doublePrecision("weight").notNull(),
    /** Target group id, required for category `group`. */
    target: text("target"),
    /** `hurtlex-1.2`, an analyst's name, an organisation … */
    source: text("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("speech_lexicon_entries_key").on(t.term, t.language, t.category, t.source),
    check("speech_lexicon_entries_weight", sql`${t.weight} > 0 and ${t.weight} <= 1`),
    check("speech_lexicon_entries_group_target", sql`${t.category} <> 'group' or ${t.target} is not null`),
  ],
);

/** A stored lexicon entry. */
export type SpeechLexiconRow = typeof speechLexiconEntries.$inferSelect;
/** A lexicon entry to insert. */
export type NewSpeechLexiconRow = typeof speechLexiconEntries.$inferInsert;

/**
 * Trained speech classifiers (`tocsin speech train` output) uploaded for the store. Global, like
 * the items they label: a public text gets one analysis whoever reads it, so at most one model is
 * active for the whole installation (a partial unique index enforces it). Rows are never deleted
 * while items point at them; activating another model leaves the old row for provenance.
 */
export const speechModels = pgTable(
  "speech_models",
  {
    id: serial("id").primaryKey(),
    /** Free text given at upload (e.g. the training file's name). */
    name: text("name").notNull(),
    /** The whole model file as uploaded (validated by loading it before storing). */
    model: jsonb("model").$type<SpeechModelFile>().notNull(),
    /** SHA-256 of the training data, copied from the model file. */
    dataSha256: text("data_sha256").notNull(),
    /** Class labels in probability order, copied from the model file. */
    labels: text("labels").array().notNull(),
    /** SHA-256 of the model JSON as stored, so an upload of the same file is recognised. */
    modelSha256: text("model_sha256").notNull(),
    /** Who uploaded it: `actorLabel` for API users, `cli` for the local operator. */
    createdBy: text("created_by").notNull(),
    /** The uploader's organisation (provenance only: the model is global), null from the CLI. */
    organisationId: uuid("organisation_id").references(() => organisations.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    active: boolean("active").notNull().default(false),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    /** Training rows and rows per label, copied from the model file (null for models stored before). */
    trainingRows: integer("training_rows"),
    labelCounts: jsonb("label_counts").$type<Record<string, number>>(),
    /** Cross-validated scores and confusion matrix of a version-2 model (shown before activating). */
    crossValidation: jsonb("cross_validation").$type<Record<string, unknown>>(),
  },
  (t) => [
    uniqueIndex("speech_models_model_sha256").on(t.modelSha256),
    // At most one active model.
    uniqueIndex("speech_models_one_active").on(t.active).where(sql`${t.active}`),
  ],
);

/** A stored speech model. */
export type SpeechModelRow = typeof speechModels.$inferSelect;
