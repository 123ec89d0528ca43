import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AssessmentContent } from "../../../domain/assessment/assessment.ts";
import type { Framework } from "../../../domain/assessment/framework.ts";
import type { Synthesis } from "../../../domain/assessment/scoring.ts";
import { countries } from "./countries.ts";
import { organisations, users } from "./identity.ts";

/**
 * Structured analyst assessments (issue 9). Built-in frameworks live in code
 * (`domain/assessment/frameworks/`); frameworks an admin adds are stored here per organisation,
 * one row per version, never updated. Assessments and their versions are organisation-scoped like
 * reports (row-level security in the migration); a published version is public.
 */

/** An organisation's own framework template, one row per `(key, version)`. */
export const assessmentFrameworks = pgTable(
  "assessment_frameworks",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    key: text("key").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    /** The validated template (`validateFramework`). */
    definition: jsonb("definition").$type<Framework>().notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("assessment_frameworks_org_key_version").on(t.organisationId, t.key, t.version)],
);

/** An assessment of a country (or a situation within it) on one framework version; its content lives in versions. */
export const assessments = pgTable(
  "assessments",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    /** A situation within the country (e.g. a region or a group), or null for the whole country. */
    situation: text("situation"),
    title: text("title").notNull(),
    frameworkKey: text("framework_key").notNull(),
    frameworkVersion: integer("framework_version").notNull(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("assessments_org").on(t.organisationId), index("assessments_country").on(t.countryIso3)],
);

/**
 * One version of an assessment: draft → submitted → reviewed → published (`domain/assessment/workflow.ts`).
 * `synthesis` is computed when the version is submitted and kept with it.
 */
export const assessmentVersions = pgTable(
  "assessment_versions",
  {
    id: uuid("id").primaryKey(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    assessmentId: uuid("assessment_id").notNull().references(() => assessments.id),
    version: integer("version").notNull(),
    status: text("status").notNull(),
    authorId: uuid("author_id").notNull().references(() => users.id),
    reviewerId: uuid("reviewer_id").references(() => users.id),
    reviewNote: text("review_note"),
    assessedOn: date("assessed_on", { mode: "string" }).notNull(),
    content: jsonb("content").$type<AssessmentContent>().notNull(),
    synthesis: jsonb("synthesis").$type<Synthesis>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("assessment_versions_assessment_version").on(t.assessmentId, t.version), index("assessment_versions_org_status").on(t.organisationId, t.status)],
);

export type AssessmentFrameworkRow = typeof assessmentFrameworks.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type AssessmentVersionRow = typeof assessmentVersions.$inferSelect;
export type NewAssessmentVersionRow = typeof assessmentVersions.$inferInsert;
