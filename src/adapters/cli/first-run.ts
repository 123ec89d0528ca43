import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Tocsin } from "../../app.ts";
import { EWP_IMPORT_FILES } from "../importers/ewp-source.ts";
import { DatasetRepository } from "../store/dataset.repository.ts";
import { EWP_PREDICTORS_DATASET, importEwp } from "../../services/ewp-import.service.ts";
import { createProgress } from "./progress.ts";

/** Folders searched for public data, in order: the mirror, then files pulled into TOCSIN_HOME. */
export function dataDirs(tocsin: Tocsin): string[] {
  return [tocsin.config.mirror, join(tocsin.config.home, "data")].filter((d): d is string => Boolean(d));
}

/**
 * On an empty store, imports the EWP data it can find (mirror or pulled files), with progress on
 * stderr. Does nothing once the data is there.
 */
export async function firstRunImport(tocsin: Tocsin): Promise<void> {
  if (await new DatasetRepository(tocsin.store.db).current(EWP_PREDICTORS_DATASET)) return;
  const dir = dataDirs(tocsin).find((d) => existsSync(join(d, EWP_IMPORT_FILES.predictors)));
  if (!dir) {
    process.stderr.write("No EWP data found: run `npx tocsin data pull ewp` (online) or set TOCSIN_MIRROR, then restart.\n");
    return;
  }
  const episodes = join(dir, EWP_IMPORT_FILES.episodes);
  const progress = createProgress();
  process.stderr.write(`First run: importing public data from ${dir}\n`);
  const result = await importEwp(
    tocsin.store,
    tocsin.registry,
    { predictors: join(dir, EWP_IMPORT_FILES.predictors), episodes: existsSync(episodes) ? episodes : undefined },
    { source: `mirror:${EWP_IMPORT_FILES.predictors.split("/")[0]}`, onProgress: (p) => progress.update(`${p.phase} ${p.file ?? ""}`.trim(), p.done, p.total) },
  );
  progress.done(
    `Imported EWP: ${result.countryYears?.rows ?? 0} country-years for ${result.countryYears?.countries ?? 0} countries` +
      (result.episodes ? `, ${result.episodes.rows} mass-killing episodes` : ", no episode list found"),
  );
}
