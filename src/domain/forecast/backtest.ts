/**
 * Walk-forward backtest with the Early Warning Project's protocol, and single forecasts.
 *
 * For each last training year T = firstTrainYear … lastTrainYear (default 1991 … maxYear − 3):
 *   1. train on the complete rows (no missing predictor or outcome) with year ≤ T, outcome
 *      `mk_onset_1or2`; the model receives ONLY these rows (a {@link TrainingSet}), so any
 *      hyperparameter it chooses can only come from years ≤ T — outer results cannot leak in;
 *   2. forecast the rows of year T + 2 that have every predictor.
 * The risk for year Y is max(forecast from data of Y − 1, forecast from data of Y − 2) (`maxrisk2`),
 * and its rank min(rank from Y − 1, rank from Y − 2) (`minrank2`), where a rank is the position
 * among all countries forecast from the same data year (1 = highest; ties share the best rank).
 */
import { EWP_PREDICTORS, type EwpCountryYear } from "../ewp/predictors.ts";
import { auc, brier, recallAtK } from "./metrics.ts";
import type { Matrix } from "./matrix.ts";
import { predictProbabilities, type FittedModel, type ModelSpec, type TrainingSet } from "./model.ts";

/** Options of {@link walkForward}. */
export interface BacktestOptions {
  /** Training outcome column. Default `mk_onset_1or2`. */
  outcome?: string;
  /** Evaluation outcome column written as `mk_onset`. Default `mk_onset`. */
  evalOutcome?: string;
  /** Predictor columns. Default the 39 EWP predictors. */
  predictors?: readonly string[];
  /** First last-training year. Default 1991. */
  firstTrainYear?: number;
  /** Last last-training year. Default max year in the table − 3. */
  lastTrainYear?: number;
  /** Seed passed to every fit (the same for each T, so a walk is reproducible). Default 1. */
  seed?: number;
  /** Progress callback (the CLI prints it on stderr). */
  onProgress?: (message: string) => void;
  /** Clock for timings (milliseconds); injected to keep the domain pure. Default: none (timings 0). */
  now?: () => number;
}

/** One forecast: a country's risk from one data year, with its rank that year. */
export interface Forecast {
  readonly dataYear: number;
  readonly ewpName: string;
  readonly ccode: number;
  readonly risk: number;
  readonly rank: number;
}

/** One row of the backtest output (the CLI's CSV contract). */
export interface BacktestRow {
  year: number;
  ewpName: string;
  ccode: number;
  mkOnset: number | null;
  riskPrev: number | null;
  rankPrev: number | null;
  riskTwoYearsPrior: number | null;
  rankTwoYearsPrior: number | null;
  maxrisk2: number | null;
  minrank2: number | null;
}

/** Output of {@link walkForward}. */
export interface BacktestResult {
  readonly rows: BacktestRow[];
  readonly forecasts: Forecast[];
  /** Wall time of the walk in milliseconds (0 without a clock). */
  readonly elapsedMs: number;
  readonly modelId: string;
  /** `describe()` of each yearly model, by last training year. */
  readonly models: { trainTo: number; nTrain: number; info: Record<string, unknown> }[];
}

/**
 * Builds the training set: complete rows with year ≤ trainTo.
 * @param rows the EWP table
 * @param trainTo last training year (inclusive)
 * @param predictors predictor columns
 * @param outcome outcome column
 * @returns the training set (may be empty)
 */
export function trainingSet(rows: readonly EwpCountryYear[], trainTo: number, predictors: readonly string[] = EWP_PREDICTORS, outcome = "mk_onset_1or2"): TrainingSet {
  const sel = rows.filter((r) => r.year <= trainTo && isComplete(r, predictors) && isBinary(r.values[outcome]));
  const X = designMatrix(sel, predictors);
  return {
    X,
    y: Float64Array.from(sel, (r) => r.values[outcome] as number),
    years: Int32Array.from(sel, (r) => r.year),
    featureNames: predictors,
  };
}

function isBinary(v: number | null | undefined): boolean {
  return v === 0 || v === 1;
}

/**
 * Whether every predictor of a row is present and finite.
 * @param r a country-year
 * @param predictors predictor columns
 */
export function isComplete(r: EwpCountryYear, predictors: readonly string[] = EWP_PREDICTORS): boolean {
  for (const p of predictors) {
    const v = r.values[p];
    if (v === null || v === undefined || !Number.isFinite(v)) return false;
  }
  return true;
}

/**
 * Design matrix of the given rows (rows must be complete).
 * @param rows country-years
 * @param predictors columns, in order
 * @returns the column-major matrix
 */
export function designMatrix(rows: readonly EwpCountryYear[], predictors: readonly string[] = EWP_PREDICTORS): Matrix {
  const n = rows.length;
  const p = predictors.length;
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[j * n + i] = rows[i].values[predictors[j]] as number;
  return { nrow: n, ncol: p, data };
}

/**
 * Ranks risks, 1 = highest; ties share the best rank ("min" ranking).
 * @param risk risks
 * @returns ranks
 */
export function rankDescending(risk: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: risk.length }, (_, i) => i).sort((a, b) => risk[b] - risk[a]);
  const rank = new Int32Array(risk.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    rank[i] = k > 0 && risk[order[k - 1]] === risk[i] ? rank[order[k - 1]] : k + 1;
  }
  return rank;
}

/**
 * Fits a model on complete rows with year ≤ trainTo and forecasts the complete rows of dataYear.
 * Use it for the live forecast too: EWP's 2025–26 forecast is trainTo = 2022, dataYear = 2024.
 * @param rows the EWP table
 * @param spec the learner
 * @param trainTo last training year
 * @param dataYear year whose rows are forecast
 * @param options predictors, outcome, seed
 * @returns the fitted model and one forecast per forecastable country
 * @throws {RangeError} when there are no training rows or no forecastable rows
 */
export function forecastYear(
  rows: readonly EwpCountryYear[], spec: ModelSpec, trainTo: number, dataYear: number,
  options: Pick<BacktestOptions, "predictors" | "outcome" | "seed"> = {},
): { model: FittedModel; forecasts: Forecast[]; nTrain: number } {
  const predictors = options.predictors ?? EWP_PREDICTORS;
  const train = trainingSet(rows, trainTo, predictors, options.outcome ?? "mk_onset_1or2");
  if (train.X.nrow === 0) throw new RangeError(`no complete training rows with year ≤ ${trainTo}`);
  const target = rows.filter((r) => r.year === dataYear && isComplete(r, predictors));
  const model = spec.fit(train, options.seed ?? 1);
  if (target.length === 0) return { model, forecasts: [], nTrain: train.X.nrow };
  const risk = predictProbabilities(model, designMatrix(target, predictors));
  const rank = rankDescending(risk);
  return {
    model, nTrain: train.X.nrow,
    forecasts: target.map((r, i) => ({ dataYear, ewpName: r.ewpName, ccode: r.ccode, risk: risk[i], rank: rank[i] })),
  };
}

/**
 * The last-training years of a walk: firstTrainYear … lastTrainYear (defaults 1991 … max year − 3).
 * @param rows the EWP table
 * @param options first/last training year
 * @returns the years, ascending
 * @throws {RangeError} when the table is empty or the range is empty
 */
export function walkTrainYears(rows: readonly EwpCountryYear[], options: Pick<BacktestOptions, "firstTrainYear" | "lastTrainYear"> = {}): number[] {
  if (rows.length === 0) throw new RangeError("the table has no rows");
  let maxYear = -Infinity;
  for (const r of rows) if (r.year > maxYear) maxYear = r.year;
  const first = options.firstTrainYear ?? 1991;
  const last = options.lastTrainYear ?? maxYear - 3;
  if (last < first) throw new RangeError(`empty training range ${first}…${last} (max year ${maxYear})`);
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

/**
 * Turns the forecasts of a walk into per-country-year rows: for each row of the table with year Y
 * in [first + 3, last + 4], the forecasts from data years Y − 1 and Y − 2 (matched on `ccode`),
 * their max risk and min rank.
 * @param rows the EWP table
 * @param forecasts all forecasts of the walk
 * @param trainYears the walk's last-training years
 * @param evalOutcome outcome column reported as `mkOnset` (default `mk_onset`)
 * @returns rows sorted by year, then name
 */
export function assembleBacktest(rows: readonly EwpCountryYear[], forecasts: readonly Forecast[], trainYears: readonly number[], evalOutcome = "mk_onset"): BacktestRow[] {
  const byKey = new Map<string, Forecast>();
  for (const f of forecasts) byKey.set(`${f.ccode}|${f.dataYear}`, f);
  const first = Math.min(...trainYears);
  const last = Math.max(...trainYears);
  const out: BacktestRow[] = [];
  const sorted = rows.filter((r) => r.year >= first + 3 && r.year <= last + 4)
    .sort((a, b) => a.year - b.year || a.ewpName.localeCompare(b.ewpName));
  for (const r of sorted) {
    const prev = byKey.get(`${r.ccode}|${r.year - 1}`);
    const prior = byKey.get(`${r.ccode}|${r.year - 2}`);
    const risks = [prev?.risk, prior?.risk].filter((v): v is number => v !== undefined);
    const ranks = [prev?.rank, prior?.rank].filter((v): v is number => v !== undefined);
    const o = r.values[evalOutcome];
    out.push({
      year: r.year, ewpName: r.ewpName, ccode: r.ccode,
      mkOnset: o === undefined ? null : o,
      riskPrev: prev?.risk ?? null, rankPrev: prev?.rank ?? null,
      riskTwoYearsPrior: prior?.risk ?? null, rankTwoYearsPrior: prior?.rank ?? null,
      maxrisk2: risks.length ? Math.max(...risks) : null,
      minrank2: ranks.length ? Math.min(...ranks) : null,
    });
  }
  return out;
}

/**
 * Runs the walk-forward backtest sequentially (see the module comment). The CLI can spread the
 * same per-year fits over worker threads; results are identical because each fit depends only on
 * the table, T and the seed.
 * @param rows the EWP table (any vintage)
 * @param spec the learner
 * @param options see {@link BacktestOptions}
 * @returns per-country-year rows for years firstTrainYear + 3 … lastTrainYear + 4 that exist in the table
 * @throws {RangeError} when the table is empty or the training range is empty
 */
export function walkForward(rows: readonly EwpCountryYear[], spec: ModelSpec, options: BacktestOptions = {}): BacktestResult {
  const now = options.now ?? (() => 0);
  const t0 = now();
  const years = walkTrainYears(rows, options);
  const forecasts: Forecast[] = [];
  const models: BacktestResult["models"] = [];
  for (const T of years) {
    const ts = now();
    const res = walkStep(rows, spec, T, options);
    if (!res) continue;
    forecasts.push(...res.forecasts);
    models.push({ trainTo: T, nTrain: res.nTrain, info: res.info });
    if (options.now) options.onProgress?.(`${spec.id}: T=${T} done in ${(now() - ts).toFixed(0)} ms`);
  }
  const out = assembleBacktest(rows, forecasts, years, options.evalOutcome);
  return { rows: out, forecasts, elapsedMs: now() - t0, modelId: spec.id, models };
}

/**
 * One step of the walk: train ≤ T, forecast the rows of T + 2.
 * @param rows the EWP table
 * @param spec the learner
 * @param T last training year
 * @param options predictors, outcome, seed, progress
 * @returns the forecasts and model info, or null when the step cannot be fitted (reported via onProgress)
 */
export function walkStep(rows: readonly EwpCountryYear[], spec: ModelSpec, T: number, options: BacktestOptions = {}): { forecasts: Forecast[]; nTrain: number; info: Record<string, unknown> } | null {
  try {
    const res = forecastYear(rows, spec, T, T + 2, options);
    options.onProgress?.(`${spec.id}: trained ≤ ${T} (${res.nTrain} rows), forecast ${res.forecasts.length} countries from ${T + 2}`);
    return { forecasts: res.forecasts, nTrain: res.nTrain, info: res.model.describe() };
  } catch (e) {
    options.onProgress?.(`${spec.id}: T=${T} skipped (${(e as Error).message})`);
    return null;
  }
}

/** AUC, recall@k and Brier of backtest rows. */
export interface BacktestScore {
  readonly n: number;
  readonly onsets: number;
  readonly auc: number;
  readonly recallAt30: number;
  readonly onsetsInTop30: number;
  readonly brier: number;
}

/**
 * Scores backtest rows (those with both `maxrisk2` and `mkOnset`) in a year range.
 * @param rows backtest rows (or reference rows mapped to the same shape)
 * @param fromYear first year (inclusive), default −∞
 * @param toYear last year (inclusive), default +∞
 * @param k the recall cut-off, default 30
 * @returns the score
 */
export function scoreBacktest(rows: readonly BacktestRow[], fromYear = -Infinity, toYear = Infinity, k = 30): BacktestScore {
  const sel = rows.filter((r) => r.year >= fromYear && r.year <= toYear && r.maxrisk2 !== null && (r.mkOnset === 0 || r.mkOnset === 1));
  const y = sel.map((r) => r.mkOnset);
  const onsets = sel.filter((r) => r.mkOnset === 1).length;
  const hits = sel.filter((r) => r.mkOnset === 1 && r.minrank2 !== null && r.minrank2 <= k).length;
  return {
    n: sel.length, onsets, onsetsInTop30: hits,
    auc: auc(sel.map((r) => r.maxrisk2), y),
    recallAt30: recallAtK(sel.map((r) => r.minrank2), y, k),
    brier: brier(sel.map((r) => r.maxrisk2), y),
  };
}
