import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { datasetVersions, storeMeta, type DatasetVersionRow, type NewDatasetVersionRow } from "./schema/mod.ts";

/** SQL for dataset versions (provenance of every import) and store-level facts. */
export class DatasetRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<DatasetVersionRow[]> {
    return this.db.select().from(datasetVersions).orderBy(desc(datasetVersions.importedAt), desc(datasetVersions.id));
  }

  /** The most recently imported version of `dataset`. */
  async current(dataset: string): Promise<DatasetVersionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(datasetVersions)
      .where(eq(datasetVersions.dataset, dataset))
      .orderBy(desc(datasetVersions.importedAt), desc(datasetVersions.id))
      .limit(1);
    return row;
  }

  /**
   * Records an import. The same dataset and sha256 is the same version: its record is refreshed
   * (new time, counts and warnings) rather than duplicated.
   */
  async record(version: NewDatasetVersionRow): Promise<DatasetVersionRow> {
    const [row] = await this.db
      .insert(datasetVersions)
      .values(version)
      .onConflictDoUpdate({
        target: [datasetVersions.dataset, datasetVersions.sha256],
        set: {
          source: sql`excluded.source`, sourceCommit: sql`excluded.source_commit`, fileName: sql`excluded.file_name`,
          importedAt: sql`now()`, rowCounts: sql`excluded.row_counts`, warnings: sql`excluded.warnings`,
        },
      })
      .returning();
    return row;
  }

  /**
   * A short string that changes whenever any of `datasets` is imported again (newest version id and
   * time); caches of derived data key on it.
   */
  async fingerprint(datasets: string[]): Promise<string> {
    const [row] = await this.db
      .select({ id: sql<number>`coalesce(max(${datasetVersions.id}), 0)`.mapWith(Number), at: sql<string>`coalesce(max(${datasetVersions.importedAt})::text, '')` })
      .from(datasetVersions)
      .where(inArray(datasetVersions.dataset, datasets));
    return `${row.id}@${row.at}`;
  }

  async findBySha(dataset: string, sha256: string): Promise<DatasetVersionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(datasetVersions)
      .where(and(eq(datasetVersions.dataset, dataset), eq(datasetVersions.sha256, sha256)));
    return row;
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const [row] = await this.db.select().from(storeMeta).where(eq(storeMeta.key, key));
    return row?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db
      .insert(storeMeta)
      .values({ key, value })
      .onConflictDoUpdate({ target: storeMeta.key, set: { value: sql`excluded.value`, updatedAt: sql`now()` } });
  }
}
