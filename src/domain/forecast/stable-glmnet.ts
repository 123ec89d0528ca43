/**
 * Elastic-net logistic learners whose penalty λ is chosen more stably, or more in keeping with the
 * forecasting task, than one random 10-fold split (EWP's `cv.glmnet`, see glmnet-model.ts).
 *
 * Every variant fits the same glmnet objective as `ewp-glmnet` (elastic-net-penalised binomial
 * likelihood on standardised predictors); only the choice of λ (and, for `alphas`, a log-odds
 * average over several α) differs. Each fitted model is a single linear logistic model, so
 * explanations stay exactly additive:
 *
 * - `repeated-cv`: the cross-validated deviance curve cvm(λ) is averaged over `repeats` seeded
 *   fold assignments and λ.min is taken on the average. One random split puts each fold's
 *   deviance estimate at the mercy of where ~20 onset rows fall; averaging R splits lowers the
 *   variance of the curve roughly R-fold without changing what it estimates.
 * - `bagged`: one `cv.glmnet` per seed, each at its own λ.min, coefficients averaged
 *   (β̄ = mean_r β_r, a0 likewise; on the log-odds scale this is the average of the R models;
 *   a frozen refit refits every member at its own λ).
 * - `blocked-cv`: folds are contiguous blocks of calendar years, so a country-year and its
 *   neighbours (which share the two-year onset label) are rarely split between training and test.
 * - `forward`: an inner time-ordered mini-walk over training years only: for origins
 *   t = T − 2, T − 3, …, (`forwardOrigins` of them) the path (full-data λ sequence) is fitted on
 *   rows ≤ t and scores the rows of years t + 2 and t + 3 — the outer forecast distances; λ
 *   minimises the pooled binomial deviance (largest λ at the minimum). Falls back to `repeated-cv`
 *   when the inner walk has fewer than `minInnerEvents` scored events.
 *
 * Every choice uses only the {@link TrainingSet} (years ≤ T); nothing comes from outer results.
 *
 * Frozen refits (for bootstrap intervals): {@link FittedModel.refitFrozen} refits the
 * coefficients on new rows at the λ already chosen (each α's λ for `alphas`) with no CV — the
 * conditional bootstrap given the tuning, which omits the (small) variability of λ selection.
 */
import { cvElasticNet, makeFoldIds } from "./cross-validation.ts";
import { fitElasticNetPath, predictPathLink } from "./elastic-net.ts";
import { linearLogisticModel, type LinearLogisticModel } from "./glmnet-model.ts";
import type { FittedModel, ModelSpec, TrainingSet } from "./model.ts";
import { innerOriginSplit } from "./inner-origin.ts";

/** How λ is chosen (see the module comment). */
export type LambdaSelection = "repeated-cv" | "bagged" | "blocked-cv" | "forward";

/** Hyperparameters of {@link stableGlmnetSpec} (fixed in advance; see model-registry.ts). */
export interface StableGlmnetOptions {
  id: string;
  description: string;
  /** Elastic-net mixing α values; with more than one, the models' log-odds are averaged with equal weights. */
  alphas: number[];
  /** CV folds (all CV-based selections). */
  nfolds: number;
  selection: LambdaSelection;
  /** Fold assignments for `repeated-cv` and `bagged` (seeds seed, seed + 1, …). Default 5. */
  repeats?: number;
  /** Inner origins for `forward`. Default 8. */
  forwardOrigins?: number;
  /** Minimum pooled scored events for `forward`, else `repeated-cv`. Default 10. */
  minInnerEvents?: number;
}

/** The λ chosen for one α, and the coefficients at it. */
interface AlphaFit { alpha: number; lambdaPath: Float64Array; k: number; a0: number; beta: Float64Array; xMean: Float64Array; selection: string }

/** Binomial deviance per row, probabilities clamped like cv.glmnet. */
function devianceAt(link: number, y: number): number {
  let pr = 1 / (1 + Math.exp(-link));
  if (pr < 1e-5) pr = 1e-5; else if (pr > 1 - 1e-5) pr = 1 - 1e-5;
  return y === 1 ? -2 * Math.log(pr) : -2 * Math.log(1 - pr);
}

/**
 * Contiguous year-block fold ids: years sorted, split into `nfolds` blocks of about equal row count.
 * @param years calendar year of each row
 * @param nfolds K
 * @returns fold id (0…K−1) per row
 */
export function yearBlockFoldIds(years: ArrayLike<number>, nfolds: number): Int32Array {
  const n = years.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(years[i], (counts.get(years[i]) ?? 0) + 1);
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  const fold = new Map<number, number>();
  let seen = 0;
  for (const yr of sorted) {
    // The block of a year is decided by the share of rows before its middle.
    const c = counts.get(yr)!;
    fold.set(yr, Math.min(nfolds - 1, Math.floor(((seen + c / 2) / n) * nfolds)));
    seen += c;
  }
  return Int32Array.from({ length: n }, (_, i) => fold.get(years[i])!);
}

function fitOneAlpha(train: TrainingSet, alpha: number, o: StableGlmnetOptions, seed: number): AlphaFit {
  const p = train.X.ncol;
  const R = o.repeats ?? 5;
  const at = (cv: ReturnType<typeof cvElasticNet>, k: number, selection: string): AlphaFit => ({
    alpha, lambdaPath: cv.fit.lambda, k, a0: cv.fit.a0[k], beta: cv.fit.beta.slice(k * p, (k + 1) * p), xMean: cv.fit.xMean, selection,
  });
  const repeated = (): AlphaFit => {
    let cv0: ReturnType<typeof cvElasticNet> | undefined;
    let cvm: Float64Array | undefined;
    for (let r = 0; r < R; r++) {
      const cv = cvElasticNet(train.X, train.y, { alpha, nfolds: o.nfolds, foldId: makeFoldIds(train.X.nrow, o.nfolds, seed + r), ...(cv0 ? { lambda: cv0.fit.lambda } : {}) });
      if (!cv0) { cv0 = cv; cvm = Float64Array.from(cv.cvm); } else for (let l = 0; l < cvm!.length; l++) cvm![l] += cv.cvm[l];
    }
    let k = 0;
    for (let l = 1; l < cvm!.length; l++) if (cvm![l] < cvm![k]) k = l;
    return at(cv0!, k, "repeated-cv");
  };
  if (o.selection === "repeated-cv") return repeated();
  if (o.selection === "blocked-cv") {
    const cv = cvElasticNet(train.X, train.y, { alpha, nfolds: o.nfolds, foldId: yearBlockFoldIds(train.years, o.nfolds) });
    return at(cv, cv.indexMin, "blocked-cv");
  }
  if (o.selection === "bagged") throw new RangeError("bagged fits are built by fitAlphaMembers");
  // forward
  const full = fitElasticNetPath(train.X, train.y, { alpha });
  const nlam = full.lambda.length;
  let maxYear = -Infinity;
  for (let i = 0; i < train.X.nrow; i++) if (train.years[i] > maxYear) maxYear = train.years[i];
  const dev = new Float64Array(nlam);
  let events = 0;
  for (let r = 0; r < (o.forwardOrigins ?? 8); r++) {
    const split = innerOriginSplit(train, maxYear - 2 - r);
    if (!split) continue;
    const path = fitElasticNetPath(split.inX, split.inY, { alpha, lambda: full.lambda });
    const link = predictPathLink(path, split.valX);
    const m = split.valY.length;
    for (let i = 0; i < m; i++) {
      const yv = split.valY[i];
      events += yv;
      for (let l = 0; l < nlam; l++) dev[l] += devianceAt(link[l * m + i], yv);
    }
  }
  if (events < (o.minInnerEvents ?? 10)) return { ...repeated(), selection: "forward→repeated-cv" };
  let k = 0;
  for (let l = 1; l < nlam; l++) if (dev[l] < dev[k]) k = l;
  return { alpha, lambdaPath: full.lambda, k, a0: full.a0[k], beta: full.beta.slice(k * p, (k + 1) * p), xMean: full.xMean, selection: "forward" };
}

/**
 * The member models for one α: one for every selection except `bagged`, which keeps one
 * `cv.glmnet` per fold seed (each at its own λ.min) so that a frozen refit can refit each at its λ.
 */
function fitAlphaMembers(train: TrainingSet, alpha: number, o: StableGlmnetOptions, seed: number): AlphaFit[] {
  if (o.selection !== "bagged") return [fitOneAlpha(train, alpha, o, seed)];
  const p = train.X.ncol;
  const out: AlphaFit[] = [];
  for (let r = 0; r < (o.repeats ?? 5); r++) {
    const cv = cvElasticNet(train.X, train.y, { alpha, nfolds: o.nfolds, seed: seed + r });
    const k = cv.indexMin;
    out.push({ alpha, lambdaPath: cv.fit.lambda, k, a0: cv.fit.a0[k], beta: cv.fit.beta.slice(k * p, (k + 1) * p), xMean: cv.fit.xMean, selection: "bagged" });
  }
  return out;
}

/**
 * Refits one α's coefficients on new rows at the frozen λ (path from λ_max down to it, warm-started,
 * so the single λ converges as fast as in a full path).
 */
function refitAlpha(train: TrainingSet, f: AlphaFit): AlphaFit {
  const p = train.X.ncol;
  const path = fitElasticNetPath(train.X, train.y, { alpha: f.alpha, lambda: f.lambdaPath.subarray(0, f.k + 1) });
  const k = path.lambda.length - 1;
  return { ...f, a0: path.a0[k], beta: path.beta.slice(k * p, (k + 1) * p), xMean: path.xMean };
}

/** Combines member fits into one linear model (equal-weight log-odds average; every α has the same number of members), with a frozen-refit hook. */
function combine(o: StableGlmnetOptions, train: TrainingSet, fits: AlphaFit[]): LinearLogisticModel & { refitFrozen: (t: TrainingSet, seed: number) => FittedModel } {
  const p = train.X.ncol;
  const beta = new Float64Array(p);
  const xMean = new Float64Array(p);
  let a0 = 0;
  for (const f of fits) {
    a0 += f.a0 / fits.length;
    for (let j = 0; j < p; j++) { beta[j] += f.beta[j] / fits.length; xMean[j] = f.xMean[j]; }
  }
  const lin = linearLogisticModel(o.id, train.featureNames, a0, beta, xMean, {
    selection: o.selection, alphas: fits.map((f) => f.alpha), lambda: fits.length === 1 ? fits[0].lambdaPath[fits[0].k] : fits.map((f) => f.lambdaPath[f.k]),
    lambdaIndex: fits.map((f) => f.k), how: fits.map((f) => f.selection),
  });
  return { ...lin, refitFrozen: (t: TrainingSet) => combine(o, t, fits.map((f) => refitAlpha(t, f))) };
}

/**
 * An elastic-net logistic learner with a stabilised or time-ordered choice of λ.
 * @param o hyperparameters (fixed in advance)
 * @returns the spec; its fitted models support `refitFrozen`
 * @throws {RangeError} for an empty α list
 */
export function stableGlmnetSpec(o: StableGlmnetOptions): ModelSpec {
  if (o.alphas.length === 0) throw new RangeError("alphas must not be empty");
  return {
    id: o.id,
    description: o.description,
    fit(train: TrainingSet, seed: number): FittedModel {
      return combine(o, train, o.alphas.flatMap((alpha) => fitAlphaMembers(train, alpha, o, seed)));
    },
  };
}
