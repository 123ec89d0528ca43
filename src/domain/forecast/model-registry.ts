/**
 * The named forecasting models and their hyperparameters, fixed in advance.
 *
 * Nothing here was tuned on the outer 1994–2024 backtest (the outer runs of `default` are all
 * disclosed on {@link DEFAULT_MODEL}). The values are chosen by reasoning
 * (stated beside each) or are left to the inner, time-ordered validation inside each fit, which
 * only sees training years ≤ T (see ensemble.ts and backtest.ts).
 */
import { calibratedEnsembleSpec } from "./ensemble.ts";
import { glmnetSpec } from "./glmnet-model.ts";
import { stableGlmnetSpec } from "./stable-glmnet.ts";
import type { ModelSpec } from "./model.ts";

/** Ids accepted by `tocsin forecast backtest --model`. */
export const MODEL_IDS = ["ewp-glmnet", "default"] as const;
/** A model id accepted by {@link getModelSpec}. */
export type ModelId = (typeof MODEL_IDS)[number];

/**
 * EWP's published model: cv.glmnet(alpha = 0.5, family = "binomial"), 10 folds, λ.min.
 * Fold ids are seeded from our generator, not R's, so λ.min can differ slightly from EWP's.
 */
export const EWP_GLMNET: ModelSpec = glmnetSpec({
  id: "ewp-glmnet",
  description: "EWP replication: elastic-net logistic regression, alpha 0.5, 10-fold CV, lambda.min",
  alpha: 0.5,
  nfolds: 10,
  lambdaRule: "min",
});

/**
 * The production model (v4): EWP's elastic net (α 0.5, the same 39 predictors and objective), with
 * λ chosen by an inner, time-ordered mini-walk instead of random 10-fold CV (see stable-glmnet.ts,
 * selection "forward"): for origins t = T − 2, …, T − 9 the path is fitted on rows ≤ t and scores
 * the rows of years t + 2 and t + 3 (the outer forecast distances); λ minimises the pooled binomial
 * deviance. Only training rows (years ≤ T) are used.
 *
 * Why, reasoned before any result: the target `mk_onset_1or2` is 1 on two consecutive rows of a
 * country and the predictors barely change from one year to the next, so random folds put
 * near-copies of a held-out onset row in the training folds. Random-fold CV then rewards fitting
 * country histories and picks a λ that is too small for forecasting two years ahead into years the
 * model has never seen. A forward mini-walk measures exactly the outer task. Expected effect: a
 * larger λ (more shrinkage), better calibration out of time, rank order close to EWP's.
 * 8 origins (1 year apart) pool ≈ 1,200 scored rows and ≈ 20–40 events per fit; with fewer than
 * 10 scored events it falls back to repeated random CV (5 fold seeds).
 * Frozen refits (bootstrap intervals) refit the coefficients at the chosen λ.
 *
 * How this design was chosen (all before its outer run): six candidates were fixed in advance
 * (bench/forecast-dev-candidates.ts) with a written rule — a candidate other than repeated-CV
 * replaces it only if, on a development walk that ends before the outer test (T = 1985…1990,
 * onset years 1988–1993, every label inside the first outer fit's training set), its AUC beats
 * ewp-glmnet's by ≥ 0.01 and its log loss is no more than 2 % worse; the highest AUC among those
 * wins; otherwise repeated-CV (EWP's estimator with less λ noise). Development walk (steps T = 1986…
 * 1990 that every candidate finished; 21 onsets, so differences are noisy), AUC / top-30 / Brier /
 * log loss: ewp-glmnet 0.677 / 9 / 0.03205 / 0.1424; repeated CV ×5 0.678 / 9 / 0.03194 / 0.1421;
 * bagged ×5 0.677 / 9 / 0.03193 / 0.1421; year-blocked CV 0.682 / 9 / 0.03082 / 0.1377;
 * forward 0.690 / 9 / 0.02943 / 0.1319; ensemble v3 0.658 / 9 / 0.03004 / 0.1362; α-mix
 * {0.1, 0.5, 1} not scored (its α = 0.1 and 1 fits ran into the solver's slow case on early
 * years). Forward met the rule. Earlier development steps (T < 1986) were dropped because some
 * elastic-net fits on those small early tables (≈ 2–3 k rows, 20–40 events) run for minutes in
 * the solver for some fold assignments.
 *
 * Outer 1994–2024 evaluations of `default` (disclosure; every run is listed, max 3 per round):
 * 1. v1 (ensemble: depth 3, Σh ≥ 1, L2 5, 32 bins, w fixed at 0.5, Platt on the last 5 years after
 *    a 2-year gap): AUC 0.788, 29/39, Brier 0.00926.
 * 2. v2 (ensemble, tree setting of v3, w chosen on the last 8 years with inner training ≤ T − 10):
 *    AUC 0.776, 27/39, Brier 0.00915. Its Platt shifts (up to 1.5 logits) showed its inner
 *    geometry did not match the outer one.
 * 3. v3 ({@link DEFAULT_MODEL_V3}, inner mini-walk at the outer distances): AUC 0.789, 28/39,
 *    Brier 0.00857.
 * 4. v4 (this model), run once after the choice above: AUC 0.829, 28/39 (recall@30 0.718),
 *    Brier 0.00811 (ewp-glmnet on the same walk: 0.826, 28/39, 0.00859; EWP published 0.825,
 *    27/39, 0.00861). λ per T ranged 0.0006–0.0143 (larger than random-CV λ.min in the 1990s,
 *    smaller after 2016). The targets AUC ≥ 0.87 and recall@30 ≥ 0.85 are not met; Brier
 *    ≤ 0.0083 is. No further design was run on the outer walk: none had been validated before
 *    the test, and trying more would turn the test into a tuning set.
 */
export const DEFAULT_MODEL: ModelSpec = stableGlmnetSpec({
  id: "default",
  description: "Elastic-net logistic regression (EWP predictors, alpha 0.5) with lambda chosen by an inner time-ordered mini-walk (forecast distances 2-3 years, 8 origins)",
  alphas: [0.5],
  nfolds: 10,
  selection: "forward",
  forwardOrigins: 8,
  minInnerEvents: 10,
  repeats: 5,
});

/**
 * The previous production model (v3), kept for comparison and its disclosure: EWP's elastic net and
 * boosted trees averaged on the log-odds scale, the
 * weight, the number of boosting rounds and the Platt calibration chosen by an inner
 * out-of-time mini-walk over training years ≤ T only (see ensemble.ts).
 *
 * Fixed choices and why:
 * - elastic net exactly as EWP (α 0.5, 10-fold CV, λ.min): a known-good linear component.
 * - trees of depth 2 with leaves holding Σh ≥ 5 and L2 10: onsets are rare (~100–220 positive
 *   rows in training) and clustered in a few countries; the near-constant country traits
 *   (population, ethnic fractionalisation, infant mortality) fingerprint a country, so small or
 *   deep leaves would memorise where onsets happened instead of learning when they happen.
 *   Σh ≥ 5 forces a leaf to pool ≥ ~50 high-risk country-years (h ≈ 0.1) — more than one
 *   country's history. Depth 2 still captures pairwise interactions (conflict × discrimination).
 * - 16 histogram bins: coarse cuts, again against fingerprinting; most predictors are binary or
 *   coarse indices anyway.
 * - shrinkage 0.05, up to 300 rounds, the count picked by the inner loss (moving average over 20
 *   rounds, at least 30 rounds); row subsample 0.7 (seeded).
 * - weight grid {1, 0.75, 0.5, 0.25, 0}; a larger weight is kept unless a smaller one lowers the
 *   inner log loss by more than 1 % (with ~30 inner events, smaller differences are noise).
 * - inner mini-walk: 4 origins two years apart (T − 2, T − 4, T − 6, T − 8), each scoring the
 *   years 2 and 3 ahead, the outer forecast distances; ≈ 1,100 rows and ≈ 25–30 events pooled.
 * Outer results: see the disclosure on {@link DEFAULT_MODEL}.
 */
export const DEFAULT_MODEL_V3: ModelSpec = calibratedEnsembleSpec({
  id: "default-v3",
  description: "Elastic net + boosted trees on the log-odds scale; weight, rounds and Platt calibration from an inner out-of-time mini-walk",
  alpha: 0.5,
  nfolds: 10,
  lambdaRule: "min",
  trees: { nRounds: 300, learningRate: 0.05, maxDepth: 2, minChildHessian: 5, l2: 10, subsample: 0.7, maxBins: 16 },
  minRounds: 30,
  roundsWindow: 20,
  linearWeights: [1, 0.75, 0.5, 0.25, 0],
  weightTolerance: 0.01,
  innerOrigins: 4,
  innerStep: 2,
});

/**
 * Looks a model up by id.
 * @param id "ewp-glmnet" or "default"
 * @returns its spec
 * @throws {RangeError} for an unknown id
 */
export function getModelSpec(id: string): ModelSpec {
  if (id === "ewp-glmnet") return EWP_GLMNET;
  if (id === "default") return DEFAULT_MODEL;
  throw new RangeError(`unknown model "${id}"; expected one of ${MODEL_IDS.join(", ")}`);
}
