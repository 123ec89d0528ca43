/**
 * Use cases of structural risk forecasting: fit the production (or another registered) model on
 * everything the store holds, forecast from a base year, explain and bound every forecast, store
 * it; run the walk-forward backtest and store its scores; read forecasts back for the API.
 */
import type { EwpCountryYear } from "../domain/ewp/predictors.ts";
import { EWP_PREDICTORS, EWP_PREDICTOR_LABELS, type EwpPredictor } from "../domain/ewp/predictors.ts";
import { scoreBacktest, walkForward, type BacktestOptions, type BacktestResult } from "../domain/forecast/backtest.ts";
import type { ModelSpec } from "../domain/forecast/model.ts";
import { HORIZONS, runProductionForecast, type ForecastRunOptions, type ForecastRunResult, type Horizon } from "../domain/forecast/forecast-run.ts";
import { getModelSpec, MODEL_IDS } from "../domain/forecast/model-registry.ts";
import type { Store } from "../infra/store/database.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import { ForecastRepository, type NewForecast } from "../infra/store/forecast.repository.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { requireCountry } from "./country.service.ts";
import { EWP_PREDICTORS_DATASET } from "./ewp-import.service.ts";

export { HORIZONS, type Horizon } from "../domain/forecast/forecast-run.ts";

export interface ForecastServiceOptions extends ForecastRunOptions {
  /** Model id from the registry (default `default`, the production model). */
  modelId?: string;
}

async function loadTable(store: Store): Promise<{ rows: (EwpCountryYear & { iso3: string })[]; versionId: number }> {
  const version = await new DatasetRepository(store.db).current(EWP_PREDICTORS_DATASET);
  if (!version) throw new ConflictError("no EWP data in the store: run `tocsin import ewp` first");
  const records = await new CountryRepository(store.db).allCountryYears();
  return { rows: records.map((r) => ({ ewpName: r.ewpName, ccode: r.ccode, year: r.year, values: r.values, iso3: r.countryIso3 })), versionId: version.id };
}

/**
 * Fits the model on everything the store holds, forecasts from the base year (both horizons) and
 * stores the run.
 * @param compute where the CPU-heavy work runs; the server passes a worker thread so it keeps
 *   answering requests (default: in this thread)
 * @throws {ConflictError} when the store has no EWP data
 * @throws {RangeError} for an unknown model id or a base year without complete rows
 */
export async function runForecast(
  store: Store,
  options: ForecastServiceOptions = {},
  compute: (rows: EwpCountryYear[], modelId: string, options: ForecastRunOptions) => Promise<ForecastRunResult> = async (rows, id, o) =>
    runProductionForecast(rows, getModelSpec(id), o),
) {
  const { modelId = "default", onProgress = () => {} } = options;
  const spec = getModelSpec(modelId);
  const { rows, versionId } = await loadTable(store);
  const result = await compute(rows, spec.id, options);
  const out: Omit<NewForecast, "runId">[] = result.forecasts.map(({ rowIndex, ...f }) => ({ ...f, countryIso3: rows[rowIndex].iso3 }));
  const run = await store.transaction((tx) =>
    new ForecastRepository(tx).saveRun(
      {
        modelId: spec.id, modelDescription: spec.description, baseYear: result.baseYear, dataVersionId: versionId,
        params: result.params, baselineDefinition: result.baselineDefinition, intervals: result.intervals,
      },
      out,
    ),
  );
  const countries = new Set(out.map((f) => f.countryIso3)).size;
  onProgress(`stored ${out.length} forecasts for ${countries} countries from ${result.baseYear} (run ${run.id})`);
  return { run, countries };
}

/** Periods the backtest is scored on: EWP's whole test and its three decades. */
export const BACKTEST_PERIODS: [string, number, number][] = [["1994-2024", 1994, 2024], ["1994-2004", 1994, 2004], ["2005-2014", 2005, 2014], ["2015-2024", 2015, 2024]];

/**
 * Runs the EWP-protocol walk-forward backtest of a model on the stored data and stores its scores
 * and every country's out-of-sample risks.
 * @param walk where the walk runs (the CLI passes worker threads; default: in this thread)
 */
export async function runBacktest(
  store: Store,
  modelId: string,
  options: { onProgress?: (m: string) => void; now?: () => number; firstTrainYear?: number; lastTrainYear?: number } = {},
  walk: (rows: EwpCountryYear[], spec: ModelSpec, options: BacktestOptions) => Promise<BacktestResult> = async (rows, spec, o) => walkForward(rows, spec, o),
) {
  const spec = getModelSpec(modelId);
  const { rows, versionId } = await loadTable(store);
  const result = await walk(rows, spec, {
    onProgress: options.onProgress, now: options.now ?? (() => performance.now()), firstTrainYear: options.firstTrainYear, lastTrainYear: options.lastTrainYear,
  });
  const iso3ByCcodeYear = new Map(rows.map((r) => [`${r.ccode}|${r.year}`, r.iso3]));
  // Periods the walk does not reach (or without an onset, where AUC is undefined) are left out.
  const scores = Object.fromEntries(
    BACKTEST_PERIODS.map(([name, from, to]) => [name, scoreBacktest(result.rows, from, to)] as const)
      .filter(([, s]) => s.n > 0 && s.onsets > 0 && Number.isFinite(s.auc))
      .map(([name, s]) => [name, { auc: s.auc, recallAt30: s.recallAt30, brier: s.brier, n: s.n, onsets: s.onsets }]),
  );
  const history = result.forecasts.map((f) => ({ countryIso3: iso3ByCcodeYear.get(`${f.ccode}|${f.dataYear}`)!, dataYear: f.dataYear, risk: f.risk, rank: f.rank }));
  await store.transaction((tx) =>
    new ForecastRepository(tx).saveBacktest({ modelId: spec.id, dataVersionId: versionId, scores, wallMs: Math.round(result.elapsedMs) }, history),
  );
  return { scores, wallMs: result.elapsedMs };
}

function drivers(contributions: Record<string, number>, inputs: Record<string, number>, n = 5) {
  return Object.entries(contributions)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, n)
    .map(([predictor, contribution]) => ({ predictor, label: EWP_PREDICTOR_LABELS[predictor as EwpPredictor] ?? predictor, contribution, value: inputs[predictor] ?? null }));
}

/**
 * The ranked forecast list for a target year (the first year forecast), from the newest run.
 * @param year first target year; default the newest run's
 * @throws {NotFoundError} when no run forecasts that year
 */
export async function rankedForecasts(store: Store, options: { year?: number; modelId?: string; horizon?: Horizon } = {}) {
  const { modelId = "default", horizon = "two-year" } = options;
  const repo = new ForecastRepository(store.db);
  const run = await repo.latestRun(modelId, options.year === undefined ? undefined : options.year - 1);
  if (!run) throw new NotFoundError("forecast", `${modelId} for ${options.year ?? "the latest year"}`);
  const rows = await repo.forecastsOf(run.id, horizon);
  return {
    model: { id: run.modelId, description: run.modelDescription },
    run: { id: run.id, baseYear: run.baseYear, dataVersionId: run.dataVersionId, createdAt: new Date(run.createdAt).toISOString(), intervals: run.intervals, baselineDefinition: run.baselineDefinition },
    horizon,
    targetYears: rows.length ? [rows[0].forecast.targetFrom, rows[0].forecast.targetTo] : [run.baseYear + 1, run.baseYear + HORIZONS[horizon].lag],
    forecasts: rows.map(({ forecast: f, name, isoNumeric, region }) => ({
      iso3: f.countryIso3, name, isoNumeric, region, risk: f.risk, rank: f.rank,
      interval: { low: f.intervalLow, high: f.intervalHigh },
      drivers: drivers(f.contributions, f.inputs, 3),
    })),
  };
}

/** One country's stored forecasts (history over runs) and the drivers of the newest. */
export async function countryForecasts(store: Store, iso3: string, modelId = "default") {
  const code = (await requireCountry(store.db, iso3)).iso3;
  const rows = (await new ForecastRepository(store.db).forecastsForCountry(code)).filter((r) => r.run.modelId === modelId);
  const history = rows.map(({ forecast: f, run }) => ({
    runId: run.id, baseYear: run.baseYear, horizon: f.horizon, targetFrom: f.targetFrom, targetTo: f.targetTo,
    risk: f.risk, rank: f.rank, interval: { low: f.intervalLow, high: f.intervalHigh },
  }));
  const latest = rows.filter((r) => r.forecast.horizon === "two-year").at(-1);
  const backtest = (await new ForecastRepository(store.db).backtestHistory(code, modelId)).map((b) => ({ ...b, targetFrom: b.dataYear + 1, targetTo: b.dataYear + 2 }));
  return {
    iso3: code,
    model: modelId,
    history,
    backtest,
    latest: latest && {
      baseYear: latest.run.baseYear, targetFrom: latest.forecast.targetFrom, targetTo: latest.forecast.targetTo,
      risk: latest.forecast.risk, rank: latest.forecast.rank, interval: { low: latest.forecast.intervalLow, high: latest.forecast.intervalHigh },
      score: latest.forecast.score, baseline: latest.forecast.baseline, baselineDefinition: latest.run.baselineDefinition,
      drivers: drivers(latest.forecast.contributions, latest.forecast.inputs, EWP_PREDICTORS.length),
    },
  };
}

/** Registered models with their stored runs and backtest scores. */
export async function listModels(store: Store) {
  const repo = new ForecastRepository(store.db);
  const [runs, backtests] = await Promise.all([repo.runs(), repo.backtests()]);
  return MODEL_IDS.map((id) => {
    const spec = getModelSpec(id);
    return {
      id, description: spec.description,
      runs: runs.filter((r) => r.modelId === id).map((r) => ({ id: r.id, baseYear: r.baseYear, dataVersionId: r.dataVersionId, createdAt: new Date(r.createdAt).toISOString() })),
      backtests: backtests.filter((b) => b.modelId === id).map((b) => ({ dataVersionId: b.dataVersionId, scores: b.scores, wallMs: b.wallMs, createdAt: new Date(b.createdAt).toISOString() })),
    };
  });
}
