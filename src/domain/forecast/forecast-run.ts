/**
 * A production forecast: fit a model for each horizon on every year whose outcome is known by the
 * base year, forecast each country from the base year's data, explain every forecast additively
 * and bound it with a bootstrap interval. Pure: the caller loads rows and stores the result.
 */
import { EWP_PREDICTORS, type EwpCountryYear } from "../ewp/predictors.ts";
import { designMatrix, isComplete, rankDescending, trainingSet } from "./backtest.ts";
import { bootstrapRiskIntervals } from "./bootstrap.ts";
import { explain } from "./explain.ts";
import { predictProbabilities, type ModelSpec } from "./model.ts";

/** The two horizons: EWP's own target (an onset in Y+1 or Y+2) and the next year alone. */
export const HORIZONS = {
  "two-year": { outcome: "mk_onset_1or2", lag: 2 },
  "one-year": { outcome: "mk_onset_1", lag: 1 },
} as const;
export type Horizon = keyof typeof HORIZONS;

export interface ForecastRunOptions {
  /** Last data year to forecast from. Default: the latest year with complete rows. */
  baseYear?: number;
  /** Bootstrap resamples B for the intervals. Default 20. */
  resamples?: number;
  /** Interval level. Default 0.9. */
  level?: number;
  /**
   * How the bootstrap refits the model for the intervals (see bootstrap.ts):
   * - "frozen" (default): each resample is refitted with the hyperparameters the full-data fit
   *   chose held fixed (the model's `refitFrozen`; for the elastic net: λ; for the ensemble: λ,
   *   boosting rounds, weight and Platt coefficients), so no cross-validation or inner validation
   *   is repeated. This is the bootstrap conditional on the tuning: intervals reflect the
   *   estimation uncertainty of the coefficients given the chosen λ, not that of choosing λ.
   *   A model without `refitFrozen` falls back to full refits.
   * - "full": each resample re-runs the model's whole fit, tuning included (B × the fit's cost).
   */
  intervalRefit?: "frozen" | "full";
  /** Seed of every fit and resample. Default 1. */
  seed?: number;
  onProgress?: (message: string) => void;
}

/** One country's forecast for one horizon. */
export interface CountryForecast {
  /** Index of the row in the input array (the caller maps it back to its country). */
  rowIndex: number;
  horizon: Horizon;
  targetFrom: number;
  targetTo: number;
  risk: number;
  rank: number;
  intervalLow: number;
  intervalHigh: number;
  score: number;
  baseline: number;
  contributions: Record<string, number>;
  inputs: Record<string, number>;
}

export interface ForecastRunResult {
  baseYear: number;
  forecasts: CountryForecast[];
  /** Per horizon: last training year, training rows and the model's own description. */
  params: Record<string, unknown>;
  baselineDefinition: string;
  intervals: { resamples: number; level: number; seed: number; refit: "frozen" | "full" };
}

/**
 * Runs a production forecast.
 * @param rows the EWP table (any vintage with the 39 predictors)
 * @param spec the model
 * @throws {RangeError} when the base year has no complete rows or a horizon has no training rows
 */
export function runProductionForecast(rows: readonly EwpCountryYear[], spec: ModelSpec, options: ForecastRunOptions = {}): ForecastRunResult {
  const { resamples = 20, level = 0.9, seed = 1, intervalRefit = "frozen", onProgress = () => {} } = options;
  let baseYear = options.baseYear ?? -Infinity;
  if (options.baseYear === undefined) for (const r of rows) if (r.year > baseYear && isComplete(r)) baseYear = r.year;
  const targetIdx: number[] = [];
  rows.forEach((r, i) => { if (r.year === baseYear && isComplete(r)) targetIdx.push(i); });
  if (targetIdx.length === 0) throw new RangeError(`no country has complete predictors for ${baseYear}`);
  const target = targetIdx.map((i) => rows[i]);
  const X = designMatrix(target, EWP_PREDICTORS);
  const forecasts: CountryForecast[] = [];
  const params: Record<string, unknown> = {};
  let baselineDefinition = "";
  for (const [horizon, { outcome, lag }] of Object.entries(HORIZONS) as [Horizon, (typeof HORIZONS)[Horizon]][]) {
    // An outcome `lag` years ahead is known only for rows up to baseYear − lag.
    const train = trainingSet(rows, baseYear - lag, EWP_PREDICTORS, outcome);
    if (train.X.nrow === 0) throw new RangeError(`no complete training rows for ${horizon} up to ${baseYear - lag}`);
    onProgress(`${spec.id} ${horizon}: fitting on ${train.X.nrow} country-years ≤ ${baseYear - lag}`);
    const model = spec.fit(train, seed);
    params[horizon] = { trainedThrough: baseYear - lag, rows: train.X.nrow, ...model.describe() };
    const risk = predictProbabilities(model, X);
    const rank = rankDescending(risk);
    const frozen = intervalRefit === "frozen" && model.refitFrozen !== undefined;
    onProgress(`${spec.id} ${horizon}: ${resamples} ${frozen ? "frozen-hyperparameter" : "full"} bootstrap refits for the intervals`);
    const intervals = bootstrapRiskIntervals(spec, train, X, { resamples, level, seed, fitted: frozen ? model : undefined });
    target.forEach((r, i) => {
      const row = EWP_PREDICTORS.map((p) => r.values[p] as number);
      const e = explain(model, row);
      baselineDefinition = e.baselineDefinition;
      forecasts.push({
        rowIndex: targetIdx[i], horizon, targetFrom: baseYear + 1, targetTo: baseYear + lag,
        risk: risk[i], rank: rank[i],
        // The percentile interval of refits need not contain the full-data fit; widen it so it does.
        intervalLow: Math.min(intervals[i].lower, risk[i]), intervalHigh: Math.max(intervals[i].upper, risk[i]),
        score: e.score, baseline: e.baseline,
        contributions: Object.fromEntries(e.featureNames.map((f, j) => [f, e.contributions[j]])),
        inputs: Object.fromEntries(EWP_PREDICTORS.map((p, j) => [p, row[j]])),
      });
    });
  }
  return { baseYear, forecasts, params, baselineDefinition, intervals: { resamples, level, seed, refit: intervalRefit } };
}
