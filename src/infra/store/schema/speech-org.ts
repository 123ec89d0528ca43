import { sql } from "drizzle-orm";
import { check, doublePrecision, index, integer, pgTable, serial, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./identity.ts";
import { speechModels } from "./speech.ts";

/**
 * Each organisation's own speech analysis (issue 16 part 1): the shared defaults (built-in lexicon,
 * `speech_lexicon_entries` imported by the operator, the operator's active model) plus, per
 * organisation, its own lexicon additions, its removals of shared entries, and its own active
 * model. One organisation's rows never change another's analysis; row-level security (migration
 * 20261207207000_speech_org) hides them from other organisations.
 */
export const speechOrgLexiconEntries = pgTable(
  "speech_org_lexicon_entries",
  {
    id: serial("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    term: text("term").notNull(),
    language: text("language").notNull(),
    category: text("category").notNull(),
    weight: doublePrecision("weight").notNull(),
    target: text("target"),
    source: text("source").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("speech_org_lexicon_entries_key").on(t.organisationId, t.term, t.language, t.category, t.source),
    check("speech_org_lexicon_entries_weight", sql`${t.weight} > 0 and ${t.weight} <= 1`),
    check("speech_org_lexicon_entries_group_target", sql`${t.category} <> 'group' or ${t.target} is not null`),
  ],
);

/** An organisation's removal of a shared (built-in or operator-imported) entry from its own analysis. */
export const speechOrgLexiconRemovals = pgTable(
  "speech_org_lexicon_removals",
  {
    id: serial("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    term: text("term").notNull(),
    language: text("language").notNull(),
    category: text("category").notNull(),
    source: text("source").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("speech_org_lexicon_removals_key").on(t.organisationId, t.term, t.language, t.category, t.source)],
);

/** The model an organisation analyses with, and the one before it (for roll-back). */
export const speechOrgModels = pgTable(
  "speech_org_models",
  {
    organisationId: uuid("organisation_id").primaryKey().references(() => organisations.id),
    modelId: integer("model_id").notNull().references(() => speechModels.id),
    previousModelId: integer("previous_model_id").references(() => speechModels.id),
    activatedBy: text("activated_by").notNull(),
    activatedAt: timestamp("activated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("speech_org_models_model").on(t.modelId)],
);

export type SpeechOrgLexiconRow = typeof speechOrgLexiconEntries.$inferSelect;
export type SpeechOrgRemovalRow = typeof speechOrgLexiconRemovals.$inferSelect;
export type SpeechOrgModelRow = typeof speechOrgModels.$inferSelect;
