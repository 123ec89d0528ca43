import { sql } from "drizzle-orm";
import { bigserial, check, doublePrecision, index, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { SpeechAnalysis } from "../../../domain/speech/analysis.ts";
import { countries } from "./countries.ts";

/**
 * Dangerous-speech monitoring (issue 5). Speech items are public-source texts (news, posts, radio
 * transcripts) fed in by monitors or scripts, stored with their analysis; they carry no reporter
 * data and no organisation (the same public text is the same item for everyone). `client_id` is
 * the caller's id, unique, so a retried batch stores nothing twice.
 */
export const speechItems = pgTable(
  "speech_items",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The submitter's identifier of the text (unique; re-submitting it changes nothing). */
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
    /** Hallmark kinds detected (`dehumanisation`, `call_to_violence` …), for trends and filters. */
    hallmarks: text("hallmarks").array().notNull(),
    /** Target group ids named in the text, for trends and filters. */
    targets: text("targets").array().notNull(),
    /** The whole analysis (hallmarks with evidence, targets, hits, Rabat factors). */
    analysis: jsonb("analysis").$type<SpeechAnalysis>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("speech_items_client_id").on(t.clientId),
    // Listing and trends read one country's items in time order; the id breaks ties for cursors.
    index("speech_items_country_time").on(t.countryIso3, t.time, t.id),
    index("speech_items_time").on(t.time, t.id),
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
