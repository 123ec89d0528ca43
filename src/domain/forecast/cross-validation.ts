/**
 * K-fold cross-validation of the elastic-net path, with `cv.glmnet` semantics for a binomial
 * outcome and `type.measure = "deviance"`.
 *
 * Fold ids are a seeded random permutation of `rep(1:K, length = n)` (as `cv.glmnet` draws them),
 * but from our own generator ({@link createRng}); R's Mersenne-Twister draws cannot be
 * reproduced, so the chosen λ can differ slightly from R's for the same data.
 *
 * For each fold k the path is refitted on the other folds with the full-data λ sequence; the
 * held-out deviance per observation is −2[y log p̂ + (1 − y) log(1 − p̂)] with p̂ clamped to
 * [1e-5, 1 − 1e-5]. Per fold the mean is taken, then (grouped = TRUE):
 *   cvm(λ) = Σ_k N_k·mean_k(λ) / Σ_k N_k,
 *   cvsd(λ) = sqrt( Σ_k N_k (mean_k(λ) − cvm(λ))² / Σ_k N_k / (K − 1) ),
 * λ.min = the largest λ attaining min cvm; λ.1se = the largest λ with cvm ≤ cvm(λ.min) + cvsd(λ.min).
 */
import { fitElasticNetPath, predictPathLink, type ElasticNetOptions, type ElasticNetPath } from "./elastic-net.ts";
import { selectEntries, selectRows, type Matrix } from "./matrix.ts";
import { createRng, shuffleInPlace } from "./random.ts";

/** Options of {@link cvElasticNet}. */
export interface CvOptions extends ElasticNetOptions {
  /** Number of folds K (≥ 3, as cv.glmnet requires). Default 10. */
  nfolds?: number;
  /** Seed for the fold ids. Default 1. */
  seed?: number;
  /** Explicit fold ids 0…K−1, overriding the seeded draw. */
  foldId?: ArrayLike<number>;
}

/** The result of {@link cvElasticNet}. */
export interface CvElasticNet {
  /** The path fitted on all rows. */
  readonly fit: ElasticNetPath;
  /** Mean cross-validated deviance per λ. */
  readonly cvm: Float64Array;
  /** Its standard error per λ. */
  readonly cvsd: Float64Array;
  /** Index (into `fit.lambda`) of λ.min. */
  readonly indexMin: number;
  /** Index of λ.1se. */
  readonly index1se: number;
  readonly lambdaMin: number;
  readonly lambda1se: number;
  /** Fold id of each row (0-based). */
  readonly foldId: Int32Array;
}

/**
 * Seeded fold ids: a random permutation of 0,1,…,K−1,0,1,… of length n.
 * @param n number of rows
 * @param nfolds K
 * @param seed PRNG seed
 * @returns fold id per row
 * @throws {RangeError} when K < 2 or K > n
 */
export function makeFoldIds(n: number, nfolds: number, seed: number): Int32Array {
  if (!Number.isInteger(nfolds) || nfolds < 2 || nfolds > n) throw new RangeError(`nfolds must be an integer in [2, n], got ${nfolds}`);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i % nfolds;
  return shuffleInPlace(ids, createRng(seed));
}

/**
 * Cross-validates an elastic-net logistic path (binomial deviance).
 * @param X n × p complete predictors
 * @param y 0/1 outcomes
 * @param options see {@link CvOptions}
 * @returns the full fit, CV curve, λ.min and λ.1se
 * @throws {RangeError} as {@link fitElasticNetPath}, or when a fold's training part has a constant outcome
 */
export function cvElasticNet(X: Matrix, y: ArrayLike<number>, options: CvOptions = {}): CvElasticNet {
  const n = X.nrow;
  const nfolds = options.nfolds ?? 10;
  if (nfolds < 3) throw new RangeError(`nfolds must be ≥ 3, got ${nfolds}`);
  const foldId = options.foldId ? Int32Array.from(options.foldId) : makeFoldIds(n, nfolds, options.seed ?? 1);
  if (foldId.length !== n) throw new RangeError(`foldId has ${foldId.length} entries, X has ${n} rows`);
  const fit = fitElasticNetPath(X, y, options);
  const nlam = fit.lambda.length;
  const K = Math.max(...foldId) + 1;
  const foldMeans = new Float64Array(K * nlam);
  const foldN = new Float64Array(K);
  const foldOpts: ElasticNetOptions = { ...options, lambda: fit.lambda };
  for (let k = 0; k < K; k++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < n; i++) (foldId[i] === k ? testIdx : trainIdx).push(i);
    foldN[k] = testIdx.length;
    if (testIdx.length === 0) continue;
    const path = fitElasticNetPath(selectRows(X, trainIdx), selectEntries(y, trainIdx), foldOpts);
    const Xt = selectRows(X, testIdx);
    const link = predictPathLink(path, Xt);
    const m = testIdx.length;
    for (let l = 0; l < nlam; l++) {
      let s = 0;
      for (let i = 0; i < m; i++) {
        let pr = 1 / (1 + Math.exp(-link[l * m + i]));
        if (pr < 1e-5) pr = 1e-5; else if (pr > 1 - 1e-5) pr = 1 - 1e-5;
        s += y[testIdx[i]] === 1 ? -2 * Math.log(pr) : -2 * Math.log(1 - pr);
      }
      foldMeans[k * nlam + l] = s / m;
    }
  }
  const cvm = new Float64Array(nlam);
  const cvsd = new Float64Array(nlam);
  let totalN = 0;
  let kUsed = 0;
  for (let k = 0; k < K; k++) if (foldN[k] > 0) { totalN += foldN[k]; kUsed++; }
  for (let l = 0; l < nlam; l++) {
    let s = 0;
    for (let k = 0; k < K; k++) if (foldN[k] > 0) s += foldN[k] * foldMeans[k * nlam + l];
    const m = s / totalN;
    let v = 0;
    for (let k = 0; k < K; k++) if (foldN[k] > 0) { const d = foldMeans[k * nlam + l] - m; v += foldN[k] * d * d; }
    cvm[l] = m;
    cvsd[l] = Math.sqrt(v / totalN / (kUsed - 1));
  }
  let indexMin = 0;
  for (let l = 1; l < nlam; l++) if (cvm[l] < cvm[indexMin]) indexMin = l; // first = largest λ at the minimum
  const bound = cvm[indexMin] + cvsd[indexMin];
  let index1se = indexMin;
  for (let l = 0; l < nlam; l++) if (cvm[l] <= bound) { index1se = l; break; }
  return {
    fit, cvm, cvsd, indexMin, index1se,
    lambdaMin: fit.lambda[indexMin], lambda1se: fit.lambda[index1se], foldId,
  };
}
