/**
 * The background work a Tocsin server does by itself, as use cases the job registry calls
 * (issue 13 part 3, issue 15 parts 1 and 5): import everything in the public-data mirror that has a
 * place in the store (EWP, the UCDP GED file), keep forecasts current, recompute alert levels.
 * Each is idempotent — a file already imported is recognised by its sha256, forecasts by their data
 * version — because a job may run again after a replica died mid-way.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import type { CountryRegistry } from "../domain/country/registry.ts";
import { EWP_IMPORT_FILES } from "../infra/importers/ewp-source.ts";
import type { Store } from "../infra/store/database.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import { EventRepository } from "../infra/store/event.repository.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { runWalk } from "../infra/workers/forecast-walk.ts";
import { forecastInWorker } from "../infra/workers/forecast-worker.ts";
import { computeAlertLevels, type AlertDeps } from "./alert-level.service.ts";
import { importEvents } from "./event-import.service.ts";
import { EWP_PREDICTORS_DATASET, importEwp } from "./ewp-import.service.ts";
import { runBacktest, runForecast } from "./forecast.service.ts";

/** Mirror-relative paths of the event files the first start imports. */
export const MIRROR_EVENT_FILES = [{ source: "ged" as const, path: "ucdp-ged/ged_myanmar_1989_2023.csv", label: "UCDP GED (Myanmar)" }];

/** What the background use cases need. */
export interface BackgroundDeps {
  store: Store;
  registry: CountryRegistry;
  onLevelChange: AlertDeps["onLevelChange"];
  /** Folders searched for public data, in order (the mirror, then files pulled into the home). */
  dataDirs: string[];
  /** One line for the server's log (counts and names, never personal data). */
  log: (line: string) => void;
  /** Progress of long imports (label, done, total). */
  progress?: (label: string, done?: number, total?: number) => void;
}

/** What one mirror import did. */
export interface MirrorImportResult {
  ewp: "imported" | "present" | "missing";
  events: { file: string; status: "imported" | "present" | "missing"; inserted?: number }[];
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Imports what the mirror holds and the store lacks: EWP (once a predictors version exists, it is
 * kept) and each event file not yet imported in full.
 */
export async function importMirror(deps: BackgroundDeps): Promise<MirrorImportResult> {
  const result: MirrorImportResult = { ewp: "present", events: [] };
  if (!(await new DatasetRepository(deps.store.db).current(EWP_PREDICTORS_DATASET))) {
    const dir = deps.dataDirs.find((d) => existsSync(join(d, EWP_IMPORT_FILES.predictors)));
    if (!dir) {
      result.ewp = "missing";
      deps.log("No EWP data found: run `npx tocsin data pull ewp` (online) or set TOCSIN_MIRROR, then restart.");
    } else {
      const episodes = join(dir, EWP_IMPORT_FILES.episodes);
      deps.log(`First run: importing public data from ${dir}`);
      const imported = await importEwp(
        deps.store,
        deps.registry,
        { predictors: join(dir, EWP_IMPORT_FILES.predictors), episodes: existsSync(episodes) ? episodes : undefined },
        { source: `mirror:${EWP_IMPORT_FILES.predictors.split("/")[0]}`, onProgress: (p) => p.phase !== "done" && deps.progress?.(`${p.phase} ${p.file ?? ""}`.trim(), p.done, p.total) },
      );
      result.ewp = "imported";
      deps.log(
        `Imported EWP: ${imported.countryYears?.rows ?? 0} country-years for ${imported.countryYears?.countries ?? 0} countries` +
          (imported.episodes ? `, ${imported.episodes.rows} mass-killing episodes` : ", no episode list found"),
      );
    }
  }
  for (const file of MIRROR_EVENT_FILES) {
    const dir = deps.dataDirs.find((d) => existsSync(join(d, file.path)));
    if (!dir) {
      result.events.push({ file: file.path, status: "missing" });
      continue;
    }
    const path = join(dir, file.path);
    const earlier = await new EventRepository(deps.store.db).findImport(file.source, await sha256Of(path));
    if (earlier?.status === "done") {
      result.events.push({ file: file.path, status: "present" });
      continue;
    }
    deps.log(`Importing ${file.label} from ${path}`);
    const summary = await importEvents(deps.store, deps.registry, { source: file.source, path }, {
      origin: `mirror:${file.path}`,
      skipInvalid: true,
      onProgress: (p) => p.phase !== "done" && deps.progress?.(`${p.phase} ${p.file}`, p.done, p.total),
    });
    deps.log(`Imported ${file.label}: ${summary.inserted} new events, ${summary.updated} updated, ${summary.rejectedCount} rejected, in ${summary.seconds.toFixed(1)} s`);
    result.events.push({ file: file.path, status: "imported", inserted: summary.inserted });
  }
  return result;
}

/**
 * Makes sure the current EWP data has a production forecast and a backtest (in worker threads, so
 * the server answers meanwhile), then recomputes alert levels.
 * @returns true when a forecast was computed
 */
export async function ensureForecasts(deps: BackgroundDeps, signal?: AbortSignal): Promise<boolean> {
  const data = await new DatasetRepository(deps.store.db).current(EWP_PREDICTORS_DATASET);
  if (!data) return false;
  const latest = await new ForecastRepository(deps.store.db).latestRun("default");
  if (latest && latest.dataVersionId === data.id) return false;
  const started = Date.now();
  deps.log("Computing risk forecasts in the background (the API answers meanwhile)…");
  const { run, countries } = await runForecast(
    deps.store,
    { onProgress: (m) => deps.log(`  forecast: ${m}`) },
    (rows, modelId, options) => forecastInWorker(rows, modelId, options, signal),
  );
  deps.log(`Forecasts ready: ${countries} countries from ${run.baseYear} data, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  signal?.throwIfAborted();
  // The out-of-sample history behind each country's risk chart and the model's track record.
  const backtests = await new ForecastRepository(deps.store.db).backtests(["default"]);
  if (!backtests.some((b) => b.dataVersionId === data.id)) {
    deps.log("Back-testing the model on EWP's protocol in the background…");
    const { scores } = await runBacktest(deps.store, "default", {}, (rows, spec) =>
      runWalk(rows, { modelId: spec.id, onProgress: (m) => deps.log(`  backtest: ${m}`), signal }),
    );
    const all = scores["1994-2024"];
    if (all) deps.log(`Backtest 1994–2024: AUC ${all.auc.toFixed(3)}, recall@30 ${all.recallAt30.toFixed(3)}, Brier ${all.brier.toFixed(5)}`);
  }
  return true;
}

/** Recomputes every alert level from the stored signals; changes are written and audited by the service. */
export async function recomputeAlerts(deps: BackgroundDeps, signal?: AbortSignal): Promise<{ subjects: number; changes: number }> {
  signal?.throwIfAborted();
  const started = Date.now();
  const { subjects, changes } = await computeAlertLevels({ store: deps.store, onLevelChange: deps.onLevelChange });
  deps.log(`Alert levels computed for ${subjects} countries and situations: ${changes.length} change(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { subjects, changes: changes.length };
}
