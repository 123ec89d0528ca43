import { index, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * One imported file of a public data set. Re-importing the same bytes (same dataset + sha256)
 * replaces that version's rows; a different file becomes a new version and the current one.
 */
export const datasetVersions = pgTable(
  "dataset_versions",
  {
    id: serial("id").primaryKey(),
    /** Logical data set, e.g. `ewp-predictors`, `ewp-episodes`. */
    dataset: text("dataset").notNull(),
    /** Where it came from: a URL or `mirror:ewp/<file>`. */
    source: text("source").notNull(),
    /** Upstream commit or release the file belongs to, when known. */
    sourceCommit: text("source_commit"),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    /** Row counts by kind, e.g. `{ "rows": 9463, "countries": 173 }`. */
    rowCounts: jsonb("row_counts").$type<Record<string, number>>().notNull(),
    /** Warnings raised while importing (suspicious but usable data). */
    warnings: jsonb("warnings").$type<string[]>().notNull().default([]),
  },
  (t) => [uniqueIndex("dataset_versions_dataset_sha").on(t.dataset, t.sha256), index("dataset_versions_dataset").on(t.dataset)],
);

export type DatasetVersionRow = typeof datasetVersions.$inferSelect;
export type NewDatasetVersionRow = typeof datasetVersions.$inferInsert;

/** Small key/value table for store-level facts such as which first-run imports were done. */
export const storeMeta = pgTable("store_meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

