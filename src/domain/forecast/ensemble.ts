/**
 * The production model: a calibrated combination of the elastic net and boosted trees.
 *
 *   s_w(x) = w · logit p̂_enet(x) + (1 − w) · F_gbt(x)     (a weighted average of log-odds)
 *   score(x) = a + b · s_w(x)                               (Platt calibration)
 *   risk(x) = σ(score(x))
 *
 * Everything data-driven is chosen by an inner, time-ordered mini-walk that sees only the
 * training rows (years ≤ T, the outer training cut-off) and copies the outer protocol's geometry:
 * for each inner origin t ∈ {T − 2, T − 2 − step, …} (`innerOrigins` of them, `innerStep` apart)
 * the components are fitted on rows ≤ t and score the rows of years t + 2 and t + 3 — exactly
 * the two forecast distances that make up the outer `maxrisk2`. The pooled inner forecasts
 * (all of years ≤ T, so no outer label is ever touched) give
 *   (1) the number of boosting rounds (minimum of the pooled, moving-average log-loss curve),
 *   (2) the weight w from a grid fixed in advance (lowest calibrated log loss; any w within
 *       `weightTolerance` of the best counts as a tie, and ties go to the larger w, i.e. the
 *       simpler linear model), and
 *   (3) the Platt coefficients a, b (maximum likelihood on the pooled inner scores).
 * Scoring at the outer forecast distances matters: a first design validated on the 8 most recent
 * years with inner training ≤ T − 10 (distances 3–10 years) learned Platt shifts of up to 1.5
 * logits that did not transfer to models trained up to T.
 * The elastic net's λ is chosen once, by its own 10-fold CV on all rows ≤ T; the inner elastic nets
 * reuse that λ (refitted on the inner rows), so no extra CV is run. The final components are
 * refitted on all rows ≤ T with these choices. Outer backtest results never feed back.
 *
 * Because Platt scaling is affine on the log-odds scale, explanations stay exactly additive:
 * contribution_j = b·(w·c_enet,j + (1 − w)·c_gbt,j), baseline = a + b·(w·base_enet + (1 − w)·base_gbt).
 */
import { explainBoosted, fitBoostedTrees, predictBoostedLink, type BoostedTreesOptions } from "./boosted-trees.ts";
import { cvElasticNet } from "./cross-validation.ts";
import { fitElasticNetPath, predictPathLink } from "./elastic-net.ts";
import { linearLogisticModel } from "./glmnet-model.ts";
import type { Matrix } from "./matrix.ts";
import type { Explanation, FittedModel, ModelSpec, TrainingSet } from "./model.ts";
import { innerOriginSplit } from "./inner-origin.ts";

/** Hyperparameters of {@link calibratedEnsembleSpec} (fixed in advance; see model-registry.ts). */
export interface EnsembleOptions {
  id: string;
  description: string;
  /** Elastic-net component. */
  alpha: number;
  nfolds: number;
  lambdaRule: "min" | "1se";
  /** Boosted-trees component; `nRounds` is the maximum, the inner validation picks the actual count. */
  trees: BoostedTreesOptions & { nRounds: number };
  /** Minimum boosting rounds. */
  minRounds: number;
  /** Moving-average window over the inner validation loss curve. */
  roundsWindow: number;
  /** Candidate weights w of the elastic net on the log-odds scale (the inner validation picks one). */
  linearWeights: number[];
  /** Number of inner mini-walk origins. */
  innerOrigins: number;
  /** Years between inner origins. */
  innerStep: number;
  /** Relative log-loss tolerance within which a larger weight w is preferred. */
  weightTolerance: number;
}

/** Result of {@link fitPlatt}. */
export interface PlattCoefficients {
  a: number;
  b: number;
  /** False when the fit fell back to the identity (too few events, or a non-positive slope). */
  fitted: boolean;
}

/**
 * Platt scaling: maximum-likelihood logistic regression y ~ a + b·s (Newton–Raphson).
 * Falls back to the identity (a = 0, b = 1) with fewer than 3 events or non-events, on
 * non-convergence, or when the slope is not positive (a calibration must not reverse the ranking).
 * @param s scores (log-odds)
 * @param y outcomes 0/1
 * @returns the coefficients
 */
export function fitPlatt(s: ArrayLike<number>, y: ArrayLike<number>): PlattCoefficients {
  const n = s.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i];
  const identity = { a: 0, b: 1, fitted: false };
  if (pos < 3 || n - pos < 3) return identity;
  let a = Math.log(pos / (n - pos));
  let b = 0;
  for (let it = 0; it < 100; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < n; i++) {
      const z = a + b * s[i];
      const pr = 1 / (1 + Math.exp(-z));
      const r = y[i] - pr;
      const w = Math.max(pr * (1 - pr), 1e-12);
      ga += r; gb += r * s[i];
      haa += w; hab += w * s[i]; hbb += w * s[i] * s[i];
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) return identity;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da; b += db;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return identity;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) return b > 0 ? { a, b, fitted: true } : identity;
  }
  return identity;
}

/**
 * Chooses the number of boosting rounds from a validation-loss curve: the minimum of its
 * trailing moving average, but at least `minRounds`.
 * @param loss validation loss after each round
 * @param window moving-average window
 * @param minRounds lower bound
 * @returns a round count in [minRounds, loss.length]
 */
export function chooseRounds(loss: Float64Array, window: number, minRounds: number): number {
  if (loss.length === 0) return minRounds;
  let best = Math.min(minRounds, loss.length);
  let bestVal = Infinity;
  let acc = 0;
  for (let m = 0; m < loss.length; m++) {
    acc += loss[m];
    if (m >= window) acc -= loss[m - window];
    const avg = acc / Math.min(m + 1, window);
    if (m + 1 >= minRounds && avg < bestVal) { bestVal = avg; best = m + 1; }
  }
  return best;
}

/**
 * Mean log loss of calibrated scores σ(a + b·s).
 * @param s scores
 * @param y outcomes 0/1
 * @param c Platt coefficients
 */
function plattLogLoss(s: Float64Array, y: Float64Array, c: PlattCoefficients): number {
  let l = 0;
  for (let i = 0; i < s.length; i++) {
    const z = c.a + c.b * s[i];
    const t = y[i] === 1 ? -z : z;
    l += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }
  return l / s.length;
}

/**
 * The calibrated elastic-net + boosted-trees learner.
 * @param o hyperparameters (fixed in advance)
 * @returns the spec
 */
export function calibratedEnsembleSpec(o: EnsembleOptions): ModelSpec {
  return {
    id: o.id,
    description: o.description,
    fit(train: TrainingSet, seed: number): FittedModel {
      const n = train.X.nrow;
      const p = train.X.ncol;
      // Elastic net on all rows ≤ T, λ by its own CV (as EWP).
      const cv = cvElasticNet(train.X, train.y, { alpha: o.alpha, nfolds: o.nfolds, seed });
      const k = o.lambdaRule === "min" ? cv.indexMin : cv.index1se;
      const lin = linearLogisticModel(`${o.id}/enet`, train.featureNames, cv.fit.a0[k], cv.fit.beta.slice(k * p, (k + 1) * p), cv.fit.xMean, { lambda: cv.fit.lambda[k] });

      let maxYear = -Infinity;
      for (let i = 0; i < n; i++) if (train.years[i] > maxYear) maxYear = train.years[i];
      let rounds = Math.max(o.minRounds, Math.round(o.trees.nRounds / 2));
      let platt: PlattCoefficients = { a: 0, b: 1, fitted: false };
      let w = Math.max(...o.linearWeights);
      const innerReport: Record<string, number> = {};
      // Inner mini-walk: origins t = T − 2, T − 2 − step, …; fit ≤ t, score years t + 2 and t + 3.
      const sl: number[] = [];
      const yv: number[] = [];
      const lossCurve = new Float64Array(o.trees.nRounds);
      const innerModels: { gbt: ReturnType<typeof fitBoostedTrees>; valX: Matrix }[] = [];
      let origins = 0;
      for (let r = 0; r < o.innerOrigins; r++) {
        const split = innerOriginSplit(train, maxYear - 2 - r * o.innerStep);
        if (!split) continue;
        const { inX, inY, valX, valY } = split;
        const path = fitElasticNetPath(inX, inY, { alpha: o.alpha, lambda: cv.fit.lambda.subarray(0, k + 1) });
        const link = predictPathLink(path, valX);
        for (let i = 0; i < valY.length; i++) { sl.push(link[k * valY.length + i]); yv.push(valY[i]); }
        const gbt = fitBoostedTrees(inX, inY, { ...o.trees, seed, validation: { X: valX, y: valY } });
        for (let m = 0; m < lossCurve.length; m++) lossCurve[m] += gbt.validationLoss[m] * valY.length;
        innerModels.push({ gbt, valX });
        origins++;
      }
      let yPos = 0;
      for (const v of yv) yPos += v;
      if (origins > 0 && yPos >= 3 && yPos <= yv.length - 3) {
        rounds = chooseRounds(lossCurve, o.roundsWindow, o.minRounds);
        const sg: number[] = [];
        for (const m of innerModels) sg.push(...predictBoostedLink(m.gbt, m.valX, rounds));
        const yArr = Float64Array.from(yv);
        const fits: { w: number; loss: number; c: PlattCoefficients }[] = [];
        for (const cw of o.linearWeights) {
          const s = new Float64Array(yv.length);
          for (let i = 0; i < s.length; i++) s[i] = cw * sl[i] + (1 - cw) * sg[i];
          const c = fitPlatt(s, yArr);
          const loss = plattLogLoss(s, yArr, c);
          innerReport[`w=${cw}`] = loss;
          fits.push({ w: cw, loss, c });
        }
        const best = Math.min(...fits.map((f) => f.loss));
        // The largest weight within the tolerance of the best: prefer the simpler linear model.
        const chosen = fits.filter((f) => f.loss <= best * (1 + o.weightTolerance)).sort((x, y) => y.w - x.w)[0];
        w = chosen.w;
        platt = chosen.c;
      }
      const valFrom = maxYear - 2 - (o.innerOrigins - 1) * o.innerStep + 2;
      const tuned: EnsembleTuning = {
        lambdaPath: cv.fit.lambda, k, w, rounds, platt,
        info: { innerForecastYears: [valFrom, maxYear], innerOrigins: origins, innerLogLoss: innerReport },
      };
      const gbt = w < 1 ? fitBoostedTrees(train.X, train.y, { ...o.trees, nRounds: rounds, seed }) : undefined;
      return assembleEnsemble(o, train.featureNames, lin, gbt, tuned);
    },
  };
}

/** The hyperparameters an ensemble fit chose (frozen by `refitFrozen`). */
interface EnsembleTuning {
  /** The elastic net's λ sequence from λ_max and the index of the chosen λ. */
  lambdaPath: Float64Array;
  k: number;
  w: number;
  rounds: number;
  platt: PlattCoefficients;
  info: Record<string, unknown>;
}

/**
 * Builds the fitted ensemble from its components and tuning.
 * `refitFrozen(train, seed)` refits the elastic net at the frozen λ (path λ_max … λ_k, no CV) and,
 * when w < 1, the trees with the frozen number of rounds (fresh seeded subsample); the weight w
 * and the Platt coefficients a, b stay frozen (re-estimating the calibration would need the
 * inner mini-walk again, which is what the frozen refit avoids).
 */
function assembleEnsemble(
  o: EnsembleOptions, featureNames: readonly string[], lin: ReturnType<typeof linearLogisticModel>,
  gbt: ReturnType<typeof fitBoostedTrees> | undefined, t: EnsembleTuning,
): FittedModel {
  const p = featureNames.length;
  const { w, rounds, platt } = t;
  const { a, b } = platt;
  return {
    modelId: o.id,
    featureNames,
    predictLink(X: Matrix): Float64Array {
      const sl = lin.predictLink(X);
      const sg = gbt ? predictBoostedLink(gbt, X) : new Float64Array(X.nrow);
      const out = new Float64Array(X.nrow);
      for (let i = 0; i < out.length; i++) out[i] = a + b * (w * sl[i] + (1 - w) * sg[i]);
      return out;
    },
    explain(row: ArrayLike<number>): Explanation {
      const el = lin.explain(row);
      const eg = gbt ? explainBoosted(gbt, row) : { score: 0, baseline: 0, contributions: new Float64Array(p) };
      const contributions = new Float64Array(p);
      for (let j = 0; j < p; j++) contributions[j] = b * (w * el.contributions[j] + (1 - w) * eg.contributions[j]);
      return {
        score: a + b * (w * el.score + (1 - w) * eg.score),
        baseline: a + b * (w * el.baseline + (1 - w) * eg.baseline),
        contributions, featureNames,
        baselineDefinition: "calibrated log-odds at the reference point: the elastic net at the training means, the trees at their root values",
      };
    },
    describe: () => ({
      modelId: o.id, linearWeight: w, platt, rounds: gbt ? rounds : 0, ...t.info, lambda: t.lambdaPath[t.k],
    }),
    refitFrozen(train: TrainingSet, seed: number): FittedModel {
      const path = fitElasticNetPath(train.X, train.y, { alpha: o.alpha, lambda: t.lambdaPath.subarray(0, t.k + 1) });
      const kk = path.lambda.length - 1;
      const pp = train.X.ncol;
      const lin2 = linearLogisticModel(`${o.id}/enet`, train.featureNames, path.a0[kk], path.beta.slice(kk * pp, (kk + 1) * pp), path.xMean, { lambda: path.lambda[kk] });
      const gbt2 = w < 1 ? fitBoostedTrees(train.X, train.y, { ...o.trees, nRounds: rounds, seed }) : undefined;
      return assembleEnsemble(o, train.featureNames, lin2, gbt2, t);
    },
  };
}
