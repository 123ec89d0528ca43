/**
 * Explanations of single forecasts: additive contributions per predictor on the log-odds scale.
 *
 * For every model in this folder, score = baseline + Σ_j contribution_j exactly, and the risk is
 * σ(score). The elastic net contributes β_j (x_j − x̄_j) (baseline: the training-mean country);
 * the boosted trees contribute Saabas path attributions (baseline: the trees' root values); the
 * production model combines both through its affine Platt calibration (see ensemble.ts).
 */
import type { Explanation, FittedModel } from "./model.ts";
import { sigmoid } from "./sigmoid.ts";

/** An explanation with the risk and the contributions ranked by size. */
export interface ForecastExplanation extends Explanation {
  /** σ(score). */
  readonly risk: number;
  /** Predictors ordered by |contribution|, largest first. */
  readonly ranked: readonly { feature: string; contribution: number; value: number }[];
}

/**
 * Explains one forecast.
 * @param model a fitted model
 * @param row predictor values in the model's feature order
 * @returns score, baseline, contributions (summing to score − baseline), risk and a ranking
 * @throws {RangeError} when the row length differs from the model's feature count or a value is not finite
 */
export function explain(model: FittedModel, row: ArrayLike<number>): ForecastExplanation {
  if (row.length !== model.featureNames.length) {
    throw new RangeError(`row has ${row.length} values, model ${model.modelId} has ${model.featureNames.length} predictors`);
  }
  for (let j = 0; j < row.length; j++) {
    if (!Number.isFinite(row[j])) throw new RangeError(`predictor ${model.featureNames[j]} is missing or not finite`);
  }
  const e = model.explain(row);
  const ranked = Array.from(e.contributions, (c, j) => ({ feature: e.featureNames[j], contribution: c, value: row[j] }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const z = e.score;
  const risk = sigmoid(z);
  return { ...e, risk, ranked };
}
