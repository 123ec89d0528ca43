/**
 * The elastic-net learner as a {@link ModelSpec}: `cv.glmnet(alpha, family = "binomial")` and a
 * forecast at λ.min (EWP's choice) or λ.1se.
 */
import { cvElasticNet } from "./cross-validation.ts";
import type { Matrix } from "./matrix.ts";
import type { Explanation, FittedModel, ModelSpec, TrainingSet } from "./model.ts";

/** Hyperparameters of {@link glmnetSpec}. */
export interface GlmnetSpecOptions {
  id: string;
  description: string;
  /** Elastic-net mixing α. */
  alpha: number;
  /** CV folds. */
  nfolds: number;
  /** Which λ to forecast with. */
  lambdaRule: "min" | "1se";
}

/** A linear logistic model a0 + x·β with the training means (for explanations). */
export interface LinearLogisticModel extends FittedModel {
  readonly a0: number;
  readonly beta: Float64Array;
  readonly xMean: Float64Array;
}

/**
 * Wraps intercept and coefficients as a {@link FittedModel}.
 * Explanation: contribution_j = β_j (x_j − x̄_j), baseline = a0 + Σ β_j x̄_j, the score of a
 * hypothetical country at the training means of every predictor.
 * @param modelId id reported by the model
 * @param featureNames predictor names
 * @param a0 intercept
 * @param beta coefficients (original scale)
 * @param xMean training means
 * @param info extra fields for `describe()`
 */
export function linearLogisticModel(
  modelId: string, featureNames: readonly string[], a0: number, beta: Float64Array, xMean: Float64Array,
  info: Record<string, unknown> = {},
): LinearLogisticModel {
  const p = beta.length;
  let baseline = a0;
  for (let j = 0; j < p; j++) baseline += beta[j] * xMean[j];
  return {
    modelId, featureNames, a0, beta, xMean,
    predictLink(X: Matrix): Float64Array {
      if (X.ncol !== p) throw new RangeError(`X has ${X.ncol} columns, the model has ${p}`);
      const n = X.nrow;
      const out = new Float64Array(n).fill(a0);
      for (let j = 0; j < p; j++) {
        const b = beta[j];
        if (b === 0) continue;
        const off = j * n;
        for (let i = 0; i < n; i++) out[i] += b * X.data[off + i];
      }
      return out;
    },
    explain(row: ArrayLike<number>): Explanation {
      if (row.length !== p) throw new RangeError(`row has ${row.length} values, the model has ${p}`);
      const contributions = new Float64Array(p);
      let score = a0;
      for (let j = 0; j < p; j++) { contributions[j] = beta[j] * (row[j] - xMean[j]); score += beta[j] * row[j]; }
      return { score, baseline, contributions, featureNames, baselineDefinition: "log-odds of a country at the training mean of every predictor" };
    },
    describe: () => ({ modelId, a0, beta: Array.from(beta), ...info }),
  };
}

/**
 * An elastic-net logistic learner with CV-chosen λ.
 * @param o hyperparameters
 * @returns the spec
 */
export function glmnetSpec(o: GlmnetSpecOptions): ModelSpec {
  return {
    id: o.id,
    description: o.description,
    fit(train: TrainingSet, seed: number): FittedModel {
      const cv = cvElasticNet(train.X, train.y, { alpha: o.alpha, nfolds: o.nfolds, seed });
      const k = o.lambdaRule === "min" ? cv.indexMin : cv.index1se;
      const p = train.X.ncol;
      return linearLogisticModel(o.id, train.featureNames, cv.fit.a0[k], cv.fit.beta.slice(k * p, (k + 1) * p), cv.fit.xMean, {
        lambda: cv.fit.lambda[k], lambdaRule: o.lambdaRule, alpha: o.alpha, nlambda: cv.fit.lambda.length,
      });
    },
  };
}
