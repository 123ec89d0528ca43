/**
 * Tocsin's one training recipe for every language (model file version 2): three members over the
 * same hashed word 1–2-gram + character 2–5-gram TF-IDF features ({@link Featuriser}), combined
 * into one calibrated score.
 *
 * - `lr`: multinomial logistic regression with an L2 penalty and class weights (the discriminative
 *   member; penalty C and class-weight power chosen by cross-validation);
 * - `nb`: multinomial naive Bayes over the TF-IDF weights, i.e. the log-count ratios of NB-SVM
 *   without the SVM (additive smoothing α chosen by cross-validation). It is nearly free to fit,
 *   strong on small data and makes different errors from `lr`;
 * - `ft`: a fastText-style model trained from scratch: each hashed n-gram slot has a small dense
 *   vector (buckets of the slot index), a text is the TF-IDF-weighted sum of its vectors, and a
 *   softmax layer reads it; trained by SGD with class weights. The shared low-rank layer lets
 *   n-grams seen with one class generalise to n-grams used alike.
 *
 * Every choice is made by K-fold cross-validation inside the training rows (default K = 4): for
 * each member setting the out-of-fold (OOF) class log-probabilities of every training row; the
 * member setting with the best OOF macro-F1 (after per-class offsets) is kept; then the weights of
 * the members' log-probabilities (a weighted product of experts, so each weight is also that
 * member's temperature) are chosen by OOF log-likelihood — the calibration step; then per-class
 * offsets by OOF macro-F1 (the thresholds). Finally each member is refitted on all training rows.
 * The OOF scores of the final combination and its confusion matrix are kept in the model file
 * (`training.crossValidation`): they are what an organisation sees before activating a model.
 *
 * Pure: no I/O, deterministic given the seed.
 */
import { DEFAULT_FEATURES, Featuriser, applyIdf, type FeatureConfig, type SparseVector } from "./features.ts";
import { fitMultinomial, type SparseRows } from "./logistic.ts";
import { evaluate, seededRandom } from "./metrics.ts";
import { prepareText } from "./text.ts";
import {
  MODEL_FORMAT, argmaxWith, buildDesign, classWeights, lexiconFeatureNames, stratifiedFolds, toBase64, tuneOffsets,
  type CrossValidation, type EnsembleParts, type FastTextSettings, type LexiconFeatures, type RecipeRecord, type SpeechModelFile,
} from "./classifier.ts";

/** Model file version written by the recipe. */
export const RECIPE_MODEL_VERSION = 2;

/** Options of {@link trainRecipe}. */
export interface RecipeOptions {
  /** SHA-256 of the training data (recorded, not checked). */
  readonly dataSha256: string;
  readonly features?: FeatureConfig;
  /** Cross-validation folds (default 4; at least 2). */
  readonly folds?: number;
  /** Logistic regression: values of scikit-learn's C to try (λ = 1 / (C · n); default [1, 4]). */
  readonly cGrid?: readonly number[];
  /** Logistic regression: class-weight powers to try (default [0.5, 1]). */
  readonly classWeightPowers?: readonly number[];
  /** Naive Bayes smoothing values to try (default [0.03, 0.1, 0.3]). */
  readonly nbAlphas?: readonly number[];
  readonly fastText?: Partial<FastTextSettings>;
  /** L-BFGS iterations per fit (default 80). */
  readonly maxIter?: number;
  /** Drop slots seen in fewer training texts than this (default 2). */
  readonly minDf?: number;
  readonly seed?: number;
  readonly lexiconFeatures?: LexiconFeatures;
  readonly meta?: Readonly<Record<string, string>>;
  readonly log?: (message: string) => void;
}

const DEFAULT_FT: FastTextSettings = { dim: 16, bucketBits: 16, epochs: 6, learningRate: 0.5 };

/** Log-softmax in place. */
function logSoftmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (const v of z) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  for (let c = 0; c < z.length; c++) z[c] -= lse;
  return z;
}

/** Member log-probabilities for rows of a compact design (column → original slot in `slotOf`). */
interface Member {
  logProba(rows: SparseRows, i: number): Float64Array;
}

function lrMember(theta: Float64Array, k: number, dim: number): Member {
  return {
    logProba(rows, i) {
      const z = Float64Array.from(theta.subarray(dim * k, dim * k + k));
      for (let p = rows.indptr[i]; p < rows.indptr[i + 1]; p++) {
        const base = rows.indices[p] * k;
        const v = rows.values[p];
        for (let c = 0; c < k; c++) z[c] += v * theta[base + c];
      }
      return logSoftmax(z);
    },
  };
}

/** Multinomial NB over non-negative TF-IDF weights: log θ_cj = ln((N_cj + α) / (N_c + α·V)). */
function fitNb(rows: SparseRows, y: Int32Array, k: number, alpha: number): { logTheta: Float32Array; prior: number[] } {
  const dim = rows.dim;
  const sums = new Float64Array(dim * k);
  const total = new Float64Array(k);
  const nc = new Float64Array(k);
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    nc[c]++;
    for (let p = rows.indptr[i]; p < rows.indptr[i + 1]; p++) {
      sums[rows.indices[p] * k + c] += rows.values[p];
      total[c] += rows.values[p];
    }
  }
  const logTheta = new Float32Array(dim * k);
  for (let j = 0; j < dim; j++) {
    for (let c = 0; c < k; c++) logTheta[j * k + c] = Math.log((sums[j * k + c] + alpha) / (total[c] + alpha * dim));
  }
  const prior = Array.from(nc, (x) => Math.log((x + 1) / (y.length + k)));
  return { logTheta, prior };
}

function nbMember(nb: { logTheta: Float32Array; prior: number[] }, k: number): Member {
  return {
    logProba(rows, i) {
      const z = Float64Array.from(nb.prior);
      for (let p = rows.indptr[i]; p < rows.indptr[i + 1]; p++) {
        const base = rows.indices[p] * k;
        const v = rows.values[p];
        for (let c = 0; c < k; c++) z[c] += v * nb.logTheta[base + c];
      }
      return logSoftmax(z);
    },
  };
}

interface FtFit { input: Float32Array; output: Float32Array; bias: Float64Array; dim: number; mask: number }

/** Hidden vector of row i: Σ x_j · input[bucket(slot_j)]. */
function ftHidden(ft: FtFit, rows: SparseRows, i: number, slotOf: Int32Array, h: Float64Array): void {
  h.fill(0);
  const d = ft.dim;
  for (let p = rows.indptr[i]; p < rows.indptr[i + 1]; p++) {
    const base = (slotOf[rows.indices[p]] & ft.mask) * d;
    const v = rows.values[p];
    for (let e = 0; e < d; e++) h[e] += v * ft.input[base + e];
  }
}

/**
 * Trains the fastText-style member by SGD on softmax cross-entropy (class-weighted), rows visited
 * in a seeded shuffle each epoch, learning rate decayed linearly to zero as fastText does.
 */
function fitFastText(rows: SparseRows, y: Int32Array, k: number, slotOf: Int32Array, weights: Float64Array, s: FastTextSettings, seed: number): FtFit {
  const rnd = seededRandom(seed);
  const d = s.dim;
  const buckets = 1 << s.bucketBits;
  const input = new Float32Array(buckets * d);
  for (let i = 0; i < input.length; i++) input[i] = (rnd() * 2 - 1) / d;
  const ft: FtFit = { input, output: new Float32Array(d * k), bias: new Float64Array(k), dim: d, mask: buckets - 1 };
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const h = new Float64Array(d);
  const z = new Float64Array(k);
  const gh = new Float64Array(d);
  const steps = s.epochs * n;
  let step = 0;
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const lr = s.learningRate * (1 - step++ / steps);
      ftHidden(ft, rows, i, slotOf, h);
      for (let c = 0; c < k; c++) {
        let v = ft.bias[c];
        for (let e = 0; e < d; e++) v += ft.output[e * k + c] * h[e];
        z[c] = v;
      }
      logSoftmax(z);
      gh.fill(0);
      const w = weights[i];
      for (let c = 0; c < k; c++) {
        const g = (Math.exp(z[c]) - (c === y[i] ? 1 : 0)) * w * lr;
        if (g === 0) continue;
        ft.bias[c] -= g;
        for (let e = 0; e < d; e++) {
          gh[e] += g * ft.output[e * k + c];
          ft.output[e * k + c] -= g * h[e];
        }
      }
      for (let p = rows.indptr[i]; p < rows.indptr[i + 1]; p++) {
        const base = (slotOf[rows.indices[p]] & ft.mask) * d;
        const v = rows.values[p];
        for (let e = 0; e < d; e++) input[base + e] -= v * gh[e];
      }
    }
  }
  return ft;
}

function ftMember(ft: FtFit, k: number, slotOf: Int32Array): Member {
  const h = new Float64Array(ft.dim);
  return {
    logProba(rows, i) {
      ftHidden(ft, rows, i, slotOf, h);
      const z = Float64Array.from(ft.bias);
      for (let c = 0; c < k; c++) for (let e = 0; e < ft.dim; e++) z[c] += ft.output[e * k + c] * h[e];
      return logSoftmax(z);
    },
  };
}

/** Column → hashed slot of a compact design. */
function slotsOf(compact: Map<number, number>): Int32Array {
  const out = new Int32Array(compact.size);
  compact.forEach((col, slot) => { out[col] = slot; });
  return out;
}

/** Out-of-fold macro-F1 of log-probabilities after tuning per-class offsets on them. */
function oofScore(logp: readonly Float64Array[], labels: readonly string[], classes: readonly string[]): { macroF1: number; offsets: number[] } {
  const offsets = tuneOffsets(logp, labels, classes);
  return { macroF1: evaluate(labels, logp.map((z) => classes[argmaxWith(z, offsets)]), classes).macro_f1, offsets };
}

/** Weighted sum of member log-probabilities (not normalised; argmax and offsets are unaffected). */
function combine(members: readonly (readonly Float64Array[])[], w: readonly number[], i: number, k: number): Float64Array {
  const z = new Float64Array(k);
  for (let m = 0; m < members.length; m++) {
    if (w[m] === 0) continue;
    const lp = members[m][i];
    for (let c = 0; c < k; c++) z[c] += w[m] * lp[c];
  }
  return z;
}

/**
 * Trains the recipe.
 * @param texts raw texts, any language or script
 * @param labels one label per text (at least two distinct labels, each with at least `folds` rows)
 * @param options provenance and (optional) grids; see {@link RecipeOptions}
 * @returns a version-2 model file, loadable by `SpeechClassifier`
 * @throws {RangeError} on mismatched lengths, fewer than two classes, or a class with fewer rows than folds
 */
export function trainRecipe(texts: readonly string[], labels: readonly string[], options: RecipeOptions): SpeechModelFile {
  if (texts.length !== labels.length) throw new RangeError(`${texts.length} texts but ${labels.length} labels`);
  const classes = [...new Set(labels)].sort();
  const k = classes.length;
  if (k < 2) throw new RangeError(`need at least two distinct labels, got ${k}`);
  const labelCounts: Record<string, number> = {};
  for (const l of labels) labelCounts[l] = (labelCounts[l] ?? 0) + 1;
  const K = Math.max(2, options.folds ?? 4);
  const small = Object.entries(labelCounts).find(([, n]) => n < K);
  if (small) throw new RangeError(`label "${small[0]}" has ${small[1]} rows; each label needs at least ${K} (one per cross-validation fold)`);
  const log = options.log ?? (() => {});
  const config = options.features ?? DEFAULT_FEATURES;
  const extraWeight = config.extraWeight ?? 1;
  const feat = new Featuriser(config);
  const lf = options.lexiconFeatures;
  const vecs: SparseVector[] = texts.map((t) => {
    const tokens = prepareText(t).tokens;
    return feat.vectoriseTokens(tokens, lf ? lexiconFeatureNames(lf.lexicon, tokens, lf.spec.language) : []);
  });
  const y = Int32Array.from(labels, (l) => classes.indexOf(l));
  const n = texts.length;
  const seed = options.seed ?? 42;
  const minDf = options.minDf ?? 2;
  const maxIter = options.maxIter ?? 80;
  const cGrid = [...(options.cGrid ?? [1, 4])].sort((a, b) => a - b);
  const powers = options.classWeightPowers ?? [0.5, 1];
  const alphas = options.nbAlphas ?? [0.03, 0.1, 0.3];
  const ftSet: FastTextSettings = { ...DEFAULT_FT, ...options.fastText };
  const ftPower = 0.5;

  // Out-of-fold log-probabilities, one array per member setting.
  const lrOof = new Map<string, Float64Array[]>();
  const nbOof = new Map<string, Float64Array[]>();
  const ftOof: Float64Array[] = new Array(n);
  const fold = stratifiedFolds(y, k, K, seed + 1);
  for (let f = 0; f < K; f++) {
    const tr: number[] = [];
    const va: number[] = [];
    fold.forEach((g, i) => (g === f ? va : tr).push(i));
    const yTr = Int32Array.from(tr, (i) => y[i]);
    const d = buildDesign(tr.map((i) => vecs[i]), feat.dimension, minDf);
    const vaRows = compactRows(va.map((i) => applyIdf(vecs[i], d.idf, extraWeight)), d.compact);
    for (const power of powers) {
      let init: Float64Array | undefined;
      // Smallest C (strongest penalty) first so each fit warm-starts the next.
      for (const c of cGrid) {
        const fit = fitMultinomial(d.rows, yTr, k, { l2: 1 / (c * tr.length), sampleWeights: classWeights(yTr, k, power), maxIter, init });
        init = fit.theta;
        const key = `C=${c} power=${power}`;
        const out = lrOof.get(key) ?? new Array<Float64Array>(n);
        const m = lrMember(fit.theta, k, d.rows.dim);
        va.forEach((i, r) => { out[i] = m.logProba(vaRows, r); });
        lrOof.set(key, out);
      }
    }
    for (const alpha of alphas) {
      const m = nbMember(fitNb(d.rows, yTr, k, alpha), k);
      const out = nbOof.get(String(alpha)) ?? new Array<Float64Array>(n);
      va.forEach((i, r) => { out[i] = m.logProba(vaRows, r); });
      nbOof.set(String(alpha), out);
    }
    const slotOf = slotsOf(d.compact);
    const ftm = ftMember(fitFastText(d.rows, yTr, k, slotOf, classWeights(yTr, k, ftPower), ftSet, seed + f), k, slotOf);
    va.forEach((i, r) => { ftOof[i] = ftm.logProba(vaRows, r); });
    log(`speech recipe: fold ${f + 1}/${K} done`);
  }

  const tried: { member: string; setting: string; oofMacroF1: number }[] = [];
  const pick = (member: string, oof: Map<string, Float64Array[]>): { key: string; macroF1: number } => {
    let best = { key: "", macroF1: -1 };
    for (const [key, lp] of oof) {
      const s = oofScore(lp, labels, classes).macroF1;
      tried.push({ member, setting: key, oofMacroF1: s });
      log(`speech recipe: ${member} ${key} OOF macro-F1 ${s.toFixed(4)}`);
      if (s > best.macroF1) best = { key, macroF1: s };
    }
    return best;
  };
  const lrBest = pick("lr", lrOof);
  const nbBest = pick("nb", nbOof);
  const ftScore = oofScore(ftOof, labels, classes).macroF1;
  tried.push({ member: "ft", setting: `dim=${ftSet.dim} epochs=${ftSet.epochs}`, oofMacroF1: ftScore });
  log(`speech recipe: ft OOF macro-F1 ${ftScore.toFixed(4)}`);
  const members = [lrOof.get(lrBest.key)!, nbOof.get(nbBest.key)!, ftOof];

  // Calibration: each member's temperature (a weight on its log-probabilities) by OOF
  // log-likelihood; then the calibrated average of every non-empty subset of members is a
  // candidate, scored by OOF macro-F1 after tuning offsets, and the best is kept.
  const temps = [0.1, 0.2, 0.35, 0.5, 0.7, 1, 1.4, 2];
  const temp = members.map((lp) => {
    let best = { t: 1, ll: -Infinity };
    for (const t of temps) {
      let ll = 0;
      for (let i = 0; i < n; i++) ll += logSoftmax(combine([lp], [t], i, k))[y[i]];
      if (ll > best.ll) best = { t, ll };
    }
    return best.t;
  });
  let bestW: [number, number, number] = [temp[0], 0, 0];
  let bestF1 = -1;
  for (let mask = 1; mask < 8; mask++) {
    const on = [0, 1, 2].filter((m) => mask & (1 << m));
    const w = [0, 1, 2].map((m) => (mask & (1 << m) ? temp[m] / on.length : 0)) as [number, number, number];
    const f1 = oofScore(Array.from({ length: n }, (_, i) => combine(members, w, i, k)), labels, classes).macroF1;
    tried.push({ member: "combination", setting: `[${w.map((x) => x.toFixed(3)).join(", ")}]`, oofMacroF1: f1 });
    log(`speech recipe: combination [${w.map((x) => x.toFixed(3)).join(", ")}] OOF macro-F1 ${f1.toFixed(4)}`);
    if (f1 > bestF1 + 1e-9) { bestF1 = f1; bestW = w; }
  }
  const combined = Array.from({ length: n }, (_, i) => combine(members, bestW, i, k));
  const { offsets } = oofScore(combined, labels, classes);
  const cvEval = evaluate(labels, combined.map((z) => classes[argmaxWith(z, offsets)]), classes);
  log(`speech recipe: member weights [${bestW.join(", ")}], offsets [${offsets.map((o) => o.toFixed(1)).join(", ")}], OOF macro-F1 ${cvEval.macro_f1.toFixed(4)}`);

  // Refit every member on all rows with the chosen settings.
  const [cStr, pStr] = lrBest.key.split(" ").map((s) => Number(s.split("=")[1]));
  const design = buildDesign(vecs, feat.dimension, minDf);
  const fit = bestW[0] > 0
    ? fitMultinomial(design.rows, y, k, { l2: 1 / (cStr * n), sampleWeights: classWeights(y, k, pStr), maxIter })
    : { theta: new Float64Array(design.rows.dim * k + k) };
  const nb = fitNb(design.rows, y, k, Number(nbBest.key));
  const slotOf = slotsOf(design.compact);
  const ft = bestW[2] > 0
    ? fitFastText(design.rows, y, k, slotOf, classWeights(y, k, ftPower), ftSet, seed + K)
    : { input: new Float32Array((1 << ftSet.bucketBits) * ftSet.dim), output: new Float32Array(ftSet.dim * k), bias: new Float64Array(k), dim: ftSet.dim, mask: (1 << ftSet.bucketBits) - 1 };
  const dim = design.rows.dim;
  const weights = new Float32Array(dim * k);
  const idf = new Float32Array(dim);
  for (let j = 0; j < dim; j++) {
    idf[j] = design.idf[slotOf[j]];
    for (let c = 0; c < k; c++) weights[j * k + c] = fit.theta[j * k + c];
  }
  const recipe: RecipeRecord = {
    folds: K,
    lr: { c: cStr, classWeightPower: pStr, oofMacroF1: lrBest.macroF1 },
    nb: { alpha: Number(nbBest.key), oofMacroF1: nbBest.macroF1 },
    ft: { ...ftSet, oofMacroF1: ftScore },
    memberWeights: bestW,
    tried,
  };
  const crossValidation: CrossValidation = {
    folds: K,
    macroF1: cvEval.macro_f1,
    accuracy: cvEval.accuracy,
    perClass: cvEval.per_class,
    confusionMatrix: cvEval.confusion_matrix,
  };
  const ensemble: EnsembleParts = {
    memberWeights: bestW,
    nb: toBase64(nb.logTheta),
    nbPrior: nb.prior,
    ft: { dim: ft.dim, bucketBits: ftSet.bucketBits, input: toBase64(ft.input), output: toBase64(ft.output), bias: Array.from(ft.bias) },
  };
  return {
    format: MODEL_FORMAT,
    version: RECIPE_MODEL_VERSION,
    labels: classes,
    features: config,
    lexiconFeatures: lf ? lf.spec : null,
    training: {
      dataSha256: options.dataSha256,
      rows: n,
      labelCounts,
      l2: 1 / (cStr * n),
      classWeightPower: pStr,
      validationMacroF1: cvEval.macro_f1,
      grid: [],
      offsetSource: `cv${K}`,
      meta: options.meta ?? {},
      recipe,
      crossValidation,
    },
    slots: toBase64(slotOf),
    weights: toBase64(weights),
    idf: toBase64(idf),
    idfUnseen: Math.log(1 + n) + 1,
    bias: Array.from(fit.theta.subarray(dim * k), (b) => b),
    offsets,
    ensemble,
  };
}

/** Maps vectors (hashed slots) to CSR rows over a compact design's columns, dropping unknown slots. */
function compactRows(vs: readonly SparseVector[], compact: Map<number, number>): SparseRows {
  const indptr = new Int32Array(vs.length + 1);
  const idx: number[] = [];
  const val: number[] = [];
  vs.forEach((v, i) => {
    for (let p = 0; p < v.indices.length; p++) {
      const j = compact.get(v.indices[p]);
      if (j !== undefined) { idx.push(j); val.push(v.values[p]); }
    }
    indptr[i + 1] = idx.length;
  });
  return { indptr, indices: Int32Array.from(idx), values: Float32Array.from(val), dim: compact.size };
}
