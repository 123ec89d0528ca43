/**
 * The learner contract shared by the walk-forward backtest, explanations and bootstrap intervals:
 * a {@link ModelSpec} fits a {@link FittedModel} from a {@link TrainingSet}. Every model scores on
 * the logit scale, so explanations are additive in log-odds and the probability is σ(score).
 */
import type { Matrix } from "./matrix.ts";
import { sigmoid } from "./sigmoid.ts";

/** Training data: complete rows only (no NaN), outcome 0/1, plus each row's year for time-ordered inner validation. */
export interface TrainingSet {
  readonly X: Matrix;
  readonly y: Float64Array;
  /** Calendar year of each row (for inner, time-ordered validation; never for outer results). */
  readonly years: Int32Array;
  readonly featureNames: readonly string[];
}

/**
 * Additive explanation of one forecast on the log-odds scale:
 * `score = baseline + Σ_j contributions[j]` exactly (up to floating-point rounding).
 */
export interface Explanation {
  /** The model's score for the row (log-odds of the calibrated probability). */
  readonly score: number;
  /** The reference score the contributions are measured from; how it is defined is in `baselineDefinition`. */
  readonly baseline: number;
  /** One contribution per predictor, same order as the training features. */
  readonly contributions: Float64Array;
  readonly featureNames: readonly string[];
  /** Plain-language definition of the baseline. */
  readonly baselineDefinition: string;
}

/** A fitted model. */
export interface FittedModel {
  readonly modelId: string;
  readonly featureNames: readonly string[];
  /**
   * Scores rows on the logit scale.
   * @param X rows × the training features, same order
   * @returns one log-odds per row
   */
  predictLink(X: Matrix): Float64Array;
  /**
   * Additive contributions for one row.
   * @param row predictor values in training-feature order
   */
  explain(row: ArrayLike<number>): Explanation;
  /** Fitted hyperparameters and diagnostics (JSON-safe), for reports and the store. */
  describe(): Record<string, unknown>;
  /**
   * Optional: refits the model on other rows with every data-chosen hyperparameter of this fit
   * frozen (λ, boosting rounds, weights, calibration — each model documents what it freezes),
   * skipping cross-validation and inner validation. Used by bootstrap intervals
   * ({@link ../bootstrap.ts}) for a fast bootstrap conditional on the tuning.
   * @param train the rows to refit on (e.g. a bootstrap resample)
   * @param seed seed for any random choice (subsamples)
   * @returns a model of the same kind
   */
  refitFrozen?(train: TrainingSet, seed: number): FittedModel;
}

/** A learner with its hyperparameters fixed. */
export interface ModelSpec {
  readonly id: string;
  readonly description: string;
  /**
   * Fits the model.
   * @param train complete training rows
   * @param seed seed for every random choice (folds, subsamples)
   */
  fit(train: TrainingSet, seed: number): FittedModel;
}

/**
 * Probabilities σ(link) for a vector of log-odds.
 * @param link log-odds
 * @returns probabilities in (0, 1)
 */
export function toProbabilities(link: Float64Array): Float64Array {
  const out = new Float64Array(link.length);
  for (let i = 0; i < link.length; i++) {
    out[i] = sigmoid(link[i]);
  }
  return out;
}

/**
 * Probabilities for rows from any fitted model.
 * @param model fitted model
 * @param X rows
 * @returns σ(model.predictLink(X))
 */
export function predictProbabilities(model: FittedModel, X: Matrix): Float64Array {
  return toProbabilities(model.predictLink(X));
}
