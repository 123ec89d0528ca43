/**
 * Bootstrap intervals for forecast risks: refit the model on B resamples of the training rows
 * (drawn with replacement, seeded) and take percentiles of the resulting risks for each row to
 * forecast. This reflects estimation uncertainty of the model given the data, not uncertainty
 * about the predictors themselves.
 *
 * Interval for row i at level L: [q_{(1−L)/2}, q_{(1+L)/2}] of the B bootstrap risks, with
 * quantiles by linear interpolation (R's type 7). Resamples whose outcome is constant cannot be
 * fitted and are redrawn (up to 10 × B draws).
 *
 * Two kinds of refit:
 * - full (default): every resample is refitted with `spec.fit`, re-running the model's own
 *   cross-validation and inner validation, so the interval includes the variability of the tuning;
 * - frozen (`fitted` given and it has {@link FittedModel.refitFrozen}): every resample is refitted
 *   by `fitted.refitFrozen`, which keeps the hyperparameters the full-data fit chose (λ, rounds,
 *   weights, calibration) and re-estimates only the parameters — the standard bootstrap
 *   conditional on the tuning. It is 10–50× cheaper and slightly narrower (it omits the
 *   selection variability); production forecasts use it (see forecast-run.ts).
 */
import { selectEntries, selectRows, type Matrix } from "./matrix.ts";
import { predictProbabilities, type FittedModel, type ModelSpec, type TrainingSet } from "./model.ts";
import { createRng } from "./random.ts";

/** Options of {@link bootstrapRiskIntervals}. */
export interface BootstrapOptions {
  /** Number of resamples B. Default 50. */
  resamples?: number;
  /** Confidence level L. Default 0.9. */
  level?: number;
  /** Seed of the resampling stream (each refit also gets a derived seed). Default 1. */
  seed?: number;
  /**
   * Resample whole years instead of rows (block bootstrap); keeps within-year dependence.
   * Default false.
   */
  byYear?: boolean;
  /**
   * The model fitted on all of `train`. When given and it implements `refitFrozen`, resamples are
   * refitted with its hyperparameters frozen (conditional bootstrap); otherwise `spec.fit` runs
   * in full. Default: none (full refits).
   */
  fitted?: FittedModel;
}

/** One interval per forecast row. */
export interface RiskInterval {
  readonly lower: number;
  readonly upper: number;
  /** Median of the bootstrap risks. */
  readonly median: number;
}

/**
 * Percentile bootstrap intervals for the risks of `target` rows.
 * @param spec the learner to refit
 * @param train training rows
 * @param target rows to forecast (same predictors)
 * @param options see {@link BootstrapOptions}
 * @returns one interval per target row
 * @throws {RangeError} on bad options or when no resample can be fitted
 */
export function bootstrapRiskIntervals(spec: ModelSpec, train: TrainingSet, target: Matrix, options: BootstrapOptions = {}): RiskInterval[] {
  const B = options.resamples ?? 50;
  const level = options.level ?? 0.9;
  if (!Number.isInteger(B) || B < 2) throw new RangeError(`resamples must be an integer ≥ 2, got ${B}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const rng = createRng(options.seed ?? 1);
  const n = train.X.nrow;
  const m = target.nrow;
  const draws: Float64Array[] = [];
  const yearRows = new Map<number, number[]>();
  if (options.byYear) for (let i = 0; i < n; i++) { const yr = train.years[i]; (yearRows.get(yr) ?? yearRows.set(yr, []).get(yr)!).push(i); }
  const years = [...yearRows.keys()];
  const frozen = options.fitted?.refitFrozen ? options.fitted : undefined;
  let attempts = 0;
  while (draws.length < B) {
    if (++attempts > 10 * B) throw new RangeError("could not draw resamples with both outcomes present");
    let idx: number[];
    if (options.byYear) {
      idx = [];
      for (let k = 0; k < years.length; k++) idx.push(...yearRows.get(years[rng.int(years.length)])!);
    } else {
      idx = Array.from({ length: n }, () => rng.int(n));
    }
    const y = selectEntries(train.y, idx);
    let s = 0;
    for (const v of y) s += v;
    if (s === 0 || s === y.length) continue;
    const resample: TrainingSet = { X: selectRows(train.X, idx), y, years: Int32Array.from(selectEntries(train.years, idx)), featureNames: train.featureNames };
    const refitSeed = rng.int(2 ** 31);
    const model = frozen ? frozen.refitFrozen!(resample, refitSeed) : spec.fit(resample, refitSeed);
    draws.push(predictProbabilities(model, target));
  }
  const out: RiskInterval[] = [];
  const col = new Float64Array(B);
  for (let i = 0; i < m; i++) {
    for (let b = 0; b < B; b++) col[b] = draws[b][i];
    col.sort();
    out.push({ lower: quantile(col, (1 - level) / 2), upper: quantile(col, (1 + level) / 2), median: quantile(col, 0.5) });
  }
  return out;
}

/**
 * Type-7 quantile of sorted values.
 * @param sorted ascending values (non-empty)
 * @param q probability in [0, 1]
 * @returns the interpolated quantile
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
