import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Tocsin } from "../../app.ts";
import { EWP_IMPORT_FILES } from "../../infra/importers/ewp-source.ts";
import { DatasetRepository } from "../../infra/store/dataset.repository.ts";
import { EWP_PREDICTORS_DATASET, importEwp } from "../../services/ewp-import.service.ts";
import { runBacktest, runForecast } from "../../services/forecast.service.ts";
import { computeAlertLevels } from "../../services/alert-level.service.ts";
import { runWalk } from "../../infra/workers/forecast-walk.ts";
import { ForecastRepository } from "../../infra/store/forecast.repository.ts";
import { forecastInWorker } from "../../infra/workers/forecast-worker.ts";
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
    { source: `mirror:${EWP_IMPORT_FILES.predictors.split("/")[0]}`, onProgress: (p) => p.phase !== "done" && progress.update(`${p.phase} ${p.file ?? ""}`.trim(), p.done, p.total) },
  );
  progress.done(
    `Imported EWP: ${result.countryYears?.rows ?? 0} country-years for ${result.countryYears?.countries ?? 0} countries` +
      (result.episodes ? `, ${result.episodes.rows} mass-killing episodes` : ", no episode list found"),
  );
}

/**
 * Makes sure the current EWP data has a production forecast. Runs in a worker thread so the server
 * answers meanwhile; progress goes to stderr. Resolves `false` when nothing needed doing.
 */
export async function ensureForecasts(tocsin: Tocsin, signal?: AbortSignal): Promise<boolean> {
  const data = await new DatasetRepository(tocsin.store.db).current(EWP_PREDICTORS_DATASET);
  if (!data) return false;
  const latest = await new ForecastRepository(tocsin.store.db).latestRun("default");
  if (latest && latest.dataVersionId === data.id) {
    // Forecasts are current, but events, speech, reports or assessments may have changed since.
    await recomputeAlerts(tocsin, signal);
    return false;
  }
  const started = Date.now();
  process.stderr.write("Computing risk forecasts in the background (the API answers meanwhile)…\n");
  const { run, countries } = await runForecast(
    tocsin.store,
    { onProgress: (m) => process.stderr.write(`  forecast: ${m}\n`) },
    (rows, modelId, options) => forecastInWorker(rows, modelId, options, signal),
  );
  process.stderr.write(`Forecasts ready: ${countries} countries from ${run.baseYear} data, in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (signal?.aborted) return true;
  // The out-of-sample history behind each country's risk chart and the model's track record.
  const backtests = await new ForecastRepository(tocsin.store.db).backtests(["default"]);
  if (!backtests.some((b) => b.dataVersionId === data.id)) {
    process.stderr.write("Back-testing the model on EWP's protocol in the background…\n");
    const { scores } = await runBacktest(tocsin.store, "default", {}, (rows, spec, o) =>
      runWalk(rows, { modelId: spec.id, onProgress: (m) => process.stderr.write(`  backtest: ${m}\n`), signal }),
    );
    const all = scores["1994-2024"];
    if (all) process.stderr.write(`Backtest 1994–2024: AUC ${all.auc.toFixed(3)}, recall@30 ${all.recallAt30.toFixed(3)}, Brier ${all.brier.toFixed(5)}\n`);
  }
  await recomputeAlerts(tocsin, signal);
  return true;
}

/**
 * Recomputes every alert level from the stored signals (after new forecasts, and at each start);
 * changes are written and audited by the service. Progress goes to stderr.
 */
export async function recomputeAlerts(tocsin: Tocsin, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  const started = Date.now();
  const { subjects, changes } = await computeAlertLevels({ store: tocsin.store, onLevelChange: tocsin.context.onLevelChange });
  process.stderr.write(`Alert levels computed for ${subjects} countries and situations: ${changes.length} change(s) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
