/** Use case: the provenance list of imported data set versions. */
import type { Store } from "../infra/store/database.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";

/**
 * Every imported data set version, newest first.
 * @param dataset only this logical data set (e.g. `ewp-predictors`) when given
 */
export async function listDatasets(store: Store, dataset?: string) {
  const rows = await new DatasetRepository(store.db).list();
  return rows.filter((r) => !dataset || r.dataset === dataset).map((r) => ({ ...r, importedAt: new Date(r.importedAt).toISOString() }));
}
