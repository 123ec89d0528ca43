/**
 * The trainable, language-agnostic speech classifier: hashed word 1–2-grams and character
 * 2–5-grams ({@link Featuriser}) with sublinear TF, IDF and per-block L2 normalisation, optionally
 * a block of lexicon features ({@link LexiconFeatureSpec}), fed to multinomial logistic regression
 * with an L2 penalty ({@link fitMultinomial}).
 *
 * Training tunes, on an inner stratified validation split of the training rows only (never on any
 * test set): the penalty λ, the class-weight exponent a (row weight `(n / (k · n_c))^a`, so a = 0
 * is unweighted and a = 1 "balanced"); then per-class score offsets added to the logits before the
 * softmax, chosen by coordinate search to maximise macro-F1 on out-of-fold logits of a K-fold
 * cross-validation over all training rows at the chosen λ and a (default K = 5; `offsetFolds: 0`
 * tunes them on the inner split instead). The chosen λ and a are then refitted on all training rows. Reported probabilities are `softmax(logits + offsets)`, so the label
 * is always the most probable class.
 *
 * The model is a plain JSON object ({@link SpeechModelFile}) with weights as base64 Float32 arrays,
 * storing only slots seen in training; it records labels, feature settings, the training data's
 * SHA-256 (supplied by the caller) and the tuning results.
 */
import { Featuriser, DEFAULT_FEATURES, applyIdf, fitIdf, type FeatureConfig, type SparseVector } from "./features.ts";
import { fitMultinomial, type SparseRows } from "./logistic.ts";
import { evaluate, seededRandom, stratifiedSplit } from "./metrics.ts";
import type { Lexicon } from "./lexicon.ts";
import { prepareText } from "./text.ts";

/** Format tag written into every model file. */
export const MODEL_FORMAT = "tocsin-speech-model";
/** Model file version this build writes and reads. */
export const MODEL_VERSION = 1;

/** The serialised model (JSON-safe). */
export interface SpeechModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  /** Class names; probability columns follow this order. */
  readonly labels: readonly string[];
  readonly features: FeatureConfig;
  /** Lexicon features used, or null; classifying needs the same lexicon. */
  readonly lexiconFeatures: LexiconFeatureSpec | null;
  readonly training: TrainingRecord;
  /** Slots with learned weights (base64 little-endian Int32). */
  readonly slots: string;
  /** `slots.length × labels.length` weights, slot-major (base64 little-endian Float32). */
  readonly weights: string;
  /** IDF of each stored slot, same order as `slots` (base64 Float32). */
  readonly idf: string;
  /** IDF of slots never seen in training. */
  readonly idfUnseen: number;
  readonly bias: readonly number[];
  /** Tuned per-class logit offsets. */
  readonly offsets: readonly number[];
  /** Version 2: the naive Bayes and fastText-style members and the weights combining them. */
  readonly ensemble?: EnsembleParts;
}

/**
 * Which lexicon supplied symbolic features: for every lexicon hit in a text, two extra word-block
 * features, its category (`slur`) and its category with target (`slur|lgbtq`), so the model can
 * generalise from the slurs and cues it saw to others of the same kind.
 */
export interface LexiconFeatureSpec {
  /** Lexicon sources, e.g. `tocsin-builtin:<sha256 prefix>`, `hurtlex-1.2:en`. */
  readonly sources: readonly string[];
  /** Language passed to the matcher (`und` = every language). */
  readonly language: string;
}

/** A lexicon plus the description stored in the model. */
export interface LexiconFeatures {
  readonly lexicon: Lexicon;
  readonly spec: LexiconFeatureSpec;
}

/**
 * The extra features a lexicon adds for one text (see {@link LexiconFeatureSpec}).
 * @param lexicon compiled lexicon
 * @param tokens prepared tokens
 * @param language matcher language
 * @returns feature names (with repeats, one pair per hit)
 */
export function lexiconFeatureNames(lexicon: Lexicon, tokens: readonly string[], language: string): string[] {
  const out: string[] = [];
  for (const h of lexicon.match(tokens, language)) {
    out.push(h.entry.category);
    if (h.entry.target) out.push(`${h.entry.category}|${h.entry.target}`);
  }
  return out;
}

/** Settings of the fastText-style member. */
export interface FastTextSettings {
  /** Vector size (default 16). */
  readonly dim: number;
  /** log2 of the number of vector buckets (default 16). */
  readonly bucketBits: number;
  /** Passes over the training rows (default 6). */
  readonly epochs: number;
  /** Starting learning rate, decayed linearly to 0 (default 0.5). */
  readonly learningRate: number;
}

/** What the recipe chose, and the cross-validated scores of the final combination. */
export interface RecipeRecord {
  readonly folds: number;
  readonly lr: { readonly c: number; readonly classWeightPower: number; readonly oofMacroF1: number };
  readonly nb: { readonly alpha: number; readonly oofMacroF1: number };
  readonly ft: FastTextSettings & { readonly oofMacroF1: number };
  /** Weights of the members' log-probabilities (lr, nb, ft). */
  readonly memberWeights: readonly [number, number, number];
  readonly tried: readonly { readonly member: string; readonly setting: string; readonly oofMacroF1: number }[];
}

/** Cross-validated scores shown before a model is activated. */
export interface CrossValidation {
  readonly folds: number;
  readonly macroF1: number;
  readonly accuracy: number;
  readonly perClass: Readonly<Record<string, { readonly precision: number; readonly recall: number; readonly f1: number; readonly support: number }>>;
  /** `confusionMatrix[i][j]`: rows of true class `labels[i]` predicted as `labels[j]`. */
  readonly confusionMatrix: readonly (readonly number[])[];
}

/** The extra parts of a version-2 model file. */
export interface EnsembleParts {
  readonly memberWeights: readonly [number, number, number];
  /** NB log-probabilities, `slots × k`, same slot order as the model's `slots` (base64 Float32). */
  readonly nb: string;
  readonly nbPrior: readonly number[];
  readonly ft: {
    readonly dim: number;
    readonly bucketBits: number;
    /** `2^bucketBits × dim` input vectors (base64 Float32). */
    readonly input: string;
    /** `dim × k` output weights (base64 Float32). */
    readonly output: string;
    readonly bias: readonly number[];
  };
}

/** What the model file says about how it was trained. */
export interface TrainingRecord {
  /** SHA-256 (hex) of the training data, as computed by the caller (e.g. of the file bytes). */
  readonly dataSha256: string;
  readonly rows: number;
  readonly labelCounts: Readonly<Record<string, number>>;
  readonly l2: number;
  readonly classWeightPower: number;
  /** Macro-F1 of the chosen settings on the inner validation split (null when not tuned). */
  readonly validationMacroF1: number | null;
  /** Every setting tried and its validation macro-F1. */
  readonly grid: readonly { l2: number; classWeightPower: number; macroF1: number }[];
  /**
   * Where the offsets were tuned: `validation` (the inner split), `cv<K>` (K-fold out-of-fold
   * logits over all training rows), `none` (zero). Absent in models written before it existed.
   */
  readonly offsetSource?: "validation" | "none" | `cv${number}`;
  /** Free-form provenance from the caller (column names, source file name…). */
  readonly meta: Readonly<Record<string, string>>;
  /** Version-2 models: what the recipe chose (see `recipe.ts`). */
  readonly recipe?: RecipeRecord;
  /** Version-2 models: out-of-fold scores of the final combination on the training rows. */
  readonly crossValidation?: CrossValidation;
}

/** Options of {@link trainClassifier}. */
export interface TrainOptions {
  /** SHA-256 of the training data (recorded, not checked). */
  readonly dataSha256: string;
  readonly features?: FeatureConfig;
  /** Penalties to try (default `[3e-5, 1e-5]`). */
  readonly l2Grid?: readonly number[];
  /** Class-weight exponents to try (default `[0.5, 1]`). */
  readonly classWeightPowers?: readonly number[];
  /** Share of training rows held out for tuning (default 0.2). */
  readonly validationFraction?: number;
  /** Seed of the inner split (default 42). */
  readonly seed?: number;
  /** Drop slots seen in fewer training texts than this (default 2). */
  readonly minDf?: number;
  /** L-BFGS iterations per fit (default 100). */
  readonly maxIter?: number;
  /**
   * Supervised term weighting β (default 0 = off): each slot's IDF is multiplied by
   * `1 + β · max_c max(0, ln(P(slot | c) / P(slot | not c)))`. Measured on Davidson it did not help.
   */
  readonly supervisedWeighting?: number;
  /** Tune offsets on the validation split (default true). */
  readonly tuneOffsets?: boolean;
  /**
   * Folds of the cross-validation over all training rows that tunes the offsets once λ and a are
   * chosen (default 5; 0 or 1: keep the offsets tuned on the inner split). Out-of-fold logits
   * cover every training row, so rare classes get offsets from all their examples instead of the
   * fifth in the inner split; it costs one extra fit per fold.
   */
  readonly offsetFolds?: number;
  readonly meta?: Readonly<Record<string, string>>;
  /** Lexicon features (default none). */
  readonly lexiconFeatures?: LexiconFeatures;
  /** Progress messages (e.g. to stderr). */
  readonly log?: (message: string) => void;
}

/**
 * Trains a classifier.
 *
 * @param texts raw texts, any language or script
 * @param labels one class label per text (at least two distinct labels)
 * @param options tuning and provenance; see {@link TrainOptions}
 * @returns the serialisable model
 * @throws {RangeError} when lengths differ or there are fewer than two classes. Tuning needs at
 *   least 5 rows in every class; with fewer, the first grid values are used untuned.
 */
export function trainClassifier(texts: readonly string[], labels: readonly string[], options: TrainOptions): SpeechModelFile {
  if (texts.length !== labels.length) throw new RangeError(`${texts.length} texts but ${labels.length} labels`);
  const classes = [...new Set(labels)].sort();
  if (classes.length < 2) throw new RangeError(`need at least two distinct labels, got ${classes.length}`);
  const labelCounts: Record<string, number> = {};
  for (const l of labels) labelCounts[l] = (labelCounts[l] ?? 0) + 1;
  const log = options.log ?? (() => {});
  const config = options.features ?? DEFAULT_FEATURES;
  const feat = new Featuriser(config);
  const lf = options.lexiconFeatures;
  const vecs = texts.map((t) => {
    const tokens = prepareText(t).tokens;
    return feat.vectoriseTokens(tokens, lf ? lexiconFeatureNames(lf.lexicon, tokens, lf.spec.language) : []);
  });
  const y = Int32Array.from(labels, (l) => classes.indexOf(l));
  const k = classes.length;
  const minDf = options.minDf ?? 2;
  const l2Grid = options.l2Grid ?? [3e-5, 1e-5];
  const powers = options.classWeightPowers ?? [0.5, 1];
  const maxIter = options.maxIter ?? 100;
  const grid: { l2: number; classWeightPower: number; macroF1: number }[] = [];
  let best: { l2: number; classWeightPower: number; macroF1: number; offsets: number[] } = { l2: l2Grid[0], classWeightPower: powers[0], macroF1: -1, offsets: new Array<number>(k).fill(0) };
  const needTuning = l2Grid.length * powers.length > 1 || options.tuneOffsets !== false;
  const minPerClass = Math.min(...Object.values(labelCounts));
  if (needTuning && minPerClass >= 5) {
    const split = stratifiedSplit(labels, options.validationFraction ?? 0.2, options.seed ?? 42);
    const trainVecs = split.train.map((i) => vecs[i]);
    const yTrain = Int32Array.from(split.train, (i) => y[i]);
    const design = buildDesign(trainVecs, feat.dimension, minDf, yTrain, k, options.supervisedWeighting ?? 0, config.extraWeight ?? 1);
    const valVecs = split.test.map((i) => applyIdf(vecs[i], design.idf, config.extraWeight ?? 1));
    const valTruth = split.test.map((i) => labels[i]);
    for (const power of powers) {
      const weights = classWeights(yTrain, k, power);
      let init: Float64Array | undefined;
      // Strongest penalty first so each fit warm-starts the next one.
      for (const l2 of [...l2Grid].sort((a, b) => b - a)) {
        const fit = fitMultinomial(design.rows, yTrain, k, { l2, sampleWeights: weights, maxIter, init });
        init = fit.theta;
        const logits = valVecs.map((v) => logitsCompact(v, design.compact, fit.theta, k, design.rows.dim));
        const offsets = options.tuneOffsets === false ? new Array<number>(k).fill(0) : tuneOffsets(logits, valTruth, classes);
        const pred = logits.map((z) => classes[argmaxWith(z, offsets)]);
        const macroF1 = evaluate(valTruth, pred, classes).macro_f1;
        grid.push({ l2, classWeightPower: power, macroF1 });
        log(`speech train: l2=${l2} classWeightPower=${power} validation macro-F1=${macroF1.toFixed(4)} (${fit.iterations} iterations)`);
        if (macroF1 > best.macroF1) best = { l2, classWeightPower: power, macroF1, offsets };
      }
    }
  }
  const folds = options.offsetFolds ?? 5;
  let offsetSource: TrainingRecord["offsetSource"] = best.macroF1 >= 0 && options.tuneOffsets !== false ? "validation" : "none";
  if (options.tuneOffsets !== false && folds >= 2 && minPerClass >= folds) {
    const fold = stratifiedFolds(y, k, folds, (options.seed ?? 42) + 1);
    const oof: Float64Array[] = new Array(texts.length);
    for (let f = 0; f < folds; f++) {
      const tr: number[] = [];
      const va: number[] = [];
      fold.forEach((g, i) => (g === f ? va : tr).push(i));
      const yTr = Int32Array.from(tr, (i) => y[i]);
      const d = buildDesign(tr.map((i) => vecs[i]), feat.dimension, minDf, yTr, k, options.supervisedWeighting ?? 0, config.extraWeight ?? 1);
      const fitF = fitMultinomial(d.rows, yTr, k, { l2: best.l2, sampleWeights: classWeights(yTr, k, best.classWeightPower), maxIter });
      for (const i of va) oof[i] = logitsCompact(applyIdf(vecs[i], d.idf, config.extraWeight ?? 1), d.compact, fitF.theta, k, d.rows.dim);
      log(`speech train: offset fold ${f + 1}/${folds} (${fitF.iterations} iterations)`);
    }
    best = { ...best, offsets: tuneOffsets(oof, labels, classes) };
    offsetSource = `cv${folds}`;
    const cvF1 = evaluate(labels, oof.map((z) => classes[argmaxWith(z, best.offsets)]), classes).macro_f1;
    log(`speech train: offsets [${best.offsets.join(", ")}] from ${folds}-fold out-of-fold logits, macro-F1 ${cvF1.toFixed(4)}`);
  }
  const design = buildDesign(vecs, feat.dimension, minDf, y, k, options.supervisedWeighting ?? 0, config.extraWeight ?? 1);
  const fit = fitMultinomial(design.rows, y, k, {
    l2: best.l2, sampleWeights: classWeights(y, k, best.classWeightPower), maxIter,
  });
  log(`speech train: final fit on ${texts.length} rows, ${design.rows.dim} features, ${fit.iterations} iterations`);
  const nSlots = design.rows.dim;
  const slots = new Int32Array(nSlots);
  const weights = new Float32Array(nSlots * k);
  const idf = new Float32Array(nSlots);
  design.compact.forEach((j, slot) => {
    slots[j] = slot;
    idf[j] = design.idf[slot];
    for (let c = 0; c < k; c++) weights[j * k + c] = fit.theta[j * k + c];
  });
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels: classes,
    features: config,
    lexiconFeatures: lf ? lf.spec : null,
    training: {
      dataSha256: options.dataSha256,
      rows: texts.length,
      labelCounts,
      l2: best.l2,
      classWeightPower: best.classWeightPower,
      validationMacroF1: best.macroF1 >= 0 ? best.macroF1 : null,
      grid,
      offsetSource,
      meta: options.meta ?? {},
    },
    slots: toBase64(slots),
    weights: toBase64(weights),
    idf: toBase64(idf),
    idfUnseen: Math.log(1 + texts.length) + 1,
    bias: Array.from(fit.theta.subarray(nSlots * k), (b) => b),
    offsets: best.offsets,
  };
}

/** Assigns each row to one of `folds` folds, class by class in a seeded shuffle (stratified). */
export function stratifiedFolds(y: Int32Array, k: number, folds: number, seed: number): Int32Array {
  const rnd = seededRandom(seed);
  const out = new Int32Array(y.length);
  for (let c = 0; c < k; c++) {
    const idx: number[] = [];
    y.forEach((v, i) => { if (v === c) idx.push(i); });
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    idx.forEach((row, p) => { out[row] = p % folds; });
  }
  return out;
}

/** Row weights `(n / (k · n_c))^power` for class c. */
export function classWeights(y: Int32Array, k: number, power: number): Float64Array {
  const counts = new Float64Array(k);
  for (const c of y) counts[c]++;
  return Float64Array.from(y, (c) => (y.length / (k * counts[c])) ** power);
}

export interface Design {
  rows: SparseRows;
  /** Hashed slot → compact column. */
  compact: Map<number, number>;
  idf: Float32Array;
}

/** Fits IDF on `vecs`, keeps slots with df ≥ minDf, and builds compact CSR rows. */
export function buildDesign(vecs: readonly SparseVector[], dimension: number, minDf: number, y?: Int32Array, k = 0, beta = 0, extraWeight = 1): Design {
  const idf = fitIdf(vecs, dimension);
  const n = vecs.length;
  const compact = new Map<number, number>();
  for (let s = 0; s < dimension; s++) {
    // df = (1 + n) / exp(idf - 1) - 1, recovered to avoid a second pass.
    const df = Math.round((1 + n) / Math.exp(idf[s] - 1) - 1);
    if (df >= minDf) compact.set(s, compact.size);
  }
  if (beta > 0 && y) supervisedScale(vecs, y, k, idf, beta);
  const indptr = new Int32Array(n + 1);
  const idx: number[] = [];
  const val: number[] = [];
  vecs.forEach((v0, i) => {
    const v = applyIdf(v0, idf, extraWeight);
    for (let p = 0; p < v.indices.length; p++) {
      const j = compact.get(v.indices[p]);
      if (j !== undefined) {
        idx.push(j);
        val.push(v.values[p]);
      }
    }
    indptr[i + 1] = idx.length;
  });
  return { rows: { indptr, indices: Int32Array.from(idx), values: Float32Array.from(val), dim: compact.size }, compact, idf };
}

/**
 * Multiplies each slot's IDF by `1 + beta · max_c max(0, ln(P(slot | c) / P(slot | not c)))`, the
 * largest smoothed (add-one) log ratio of document frequencies in one class versus the rest, so
 * slots typical of some class weigh more (a multi-class form of NB-SVM's log-count ratio).
 */
function supervisedScale(vecs: readonly SparseVector[], y: Int32Array, k: number, idf: Float32Array, beta: number): void {
  const dfc = new Map<number, Float64Array>();
  const nc = new Float64Array(k);
  vecs.forEach((v, i) => {
    const c = y[i];
    nc[c]++;
    const seen = new Set<number>();
    for (const s of v.indices) {
      if (seen.has(s)) continue;
      seen.add(s);
      let a = dfc.get(s);
      if (!a) { a = new Float64Array(k); dfc.set(s, a); }
      a[c]++;
    }
  });
  const n = vecs.length;
  for (const [s, a] of dfc) {
    const total = a.reduce((x, z) => x + z, 0);
    let best = 0;
    for (let c = 0; c < k; c++) {
      const r = Math.log(((a[c] + 1) / (nc[c] + 2)) / ((total - a[c] + 1) / (n - nc[c] + 2)));
      if (r > best) best = r;
    }
    idf[s] *= 1 + beta * best;
  }
}

function logitsCompact(v: SparseVector, compact: Map<number, number>, theta: Float64Array, k: number, dim: number): Float64Array {
  const z = Float64Array.from(theta.subarray(dim * k, dim * k + k));
  for (let p = 0; p < v.indices.length; p++) {
    const j = compact.get(v.indices[p]);
    if (j === undefined) continue;
    for (let c = 0; c < k; c++) z[c] += v.values[p] * theta[j * k + c];
  }
  return z;
}

export function argmaxWith(z: ArrayLike<number>, offsets: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c] + offsets[c] > z[best] + offsets[best]) best = c;
  return best;
}

/** Coordinate search over offsets in [-3, 3] (step 0.1, class 0 fixed at 0) maximising macro-F1. */
export function tuneOffsets(logits: readonly Float64Array[], truth: readonly string[], classes: readonly string[]): number[] {
  const k = classes.length;
  const offsets = new Array<number>(k).fill(0);
  const score = (o: number[]): number => evaluate(truth, logits.map((z) => classes[argmaxWith(z, o)]), classes).macro_f1;
  let bestScore = score(offsets);
  for (let round = 0; round < 3; round++) {
    let improved = false;
    for (let c = 1; c < k; c++) {
      for (let step = -30; step <= 30; step++) {
        const trial = [...offsets];
        trial[c] = step / 10;
        const s = score(trial);
        if (s > bestScore + 1e-9) {
          bestScore = s;
          offsets[c] = trial[c];
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return offsets;
}

/** A loaded model, ready to classify. */
export class SpeechClassifier {
  /** Class names, in probability order. */
  readonly labels: readonly string[];
  /** The model file this was loaded from. */
  readonly model: SpeechModelFile;
  private readonly feat: Featuriser;
  private readonly weights: Float32Array;
  private readonly bias: Float64Array;
  private readonly lexicon: Lexicon | undefined;

  /**
   * @param model a model from {@link trainClassifier} (or parsed from its JSON)
   * @param lexicon the lexicon named by `model.lexiconFeatures` (required when that is set)
   * @throws {TypeError} when the object is not a Tocsin speech model of a supported version, or
   *   the model needs a lexicon and none is given
   */
  constructor(model: SpeechModelFile, lexicon?: Lexicon) {
    if (!model || model.format !== MODEL_FORMAT) throw new TypeError(`not a ${MODEL_FORMAT} file (format field is ${String(model?.format)})`);
    if (model.version !== MODEL_VERSION && model.version !== 2) throw new TypeError(`unsupported model version ${model.version}; this build reads ${MODEL_VERSION} and 2`);
    if (model.version === 2 && !model.ensemble) throw new TypeError("version-2 model has no ensemble field");
    if (model.lexiconFeatures && !lexicon) {
      throw new TypeError(`model uses lexicon features (${model.lexiconFeatures.sources.join(", ")}); supply that lexicon`);
    }
    this.lexicon = model.lexiconFeatures ? lexicon : undefined;
    this.model = model;
    this.labels = model.labels;
    const k = model.labels.length;
    const dim = 1 << model.features.bits;
    const slots = new Int32Array(fromBase64(model.slots));
    const w = new Float32Array(fromBase64(model.weights));
    const idfStored = new Float32Array(fromBase64(model.idf));
    if (w.length !== slots.length * k || idfStored.length !== slots.length) throw new TypeError("model arrays have inconsistent lengths");
    this.weights = new Float32Array(dim * k);
    const idf = new Float32Array(dim).fill(model.idfUnseen);
    for (let j = 0; j < slots.length; j++) {
      idf[slots[j]] = idfStored[j];
      for (let c = 0; c < k; c++) this.weights[slots[j] * k + c] += w[j * k + c];
    }
    const ens = model.version === 2 ? model.ensemble : undefined;
    if (ens) {
      // Version 2: members' log-probabilities weighted, offsets added to the sum (see recipe.ts).
      this.bias = Float64Array.from(model.bias);
      const nb = new Float32Array(fromBase64(ens.nb));
      if (nb.length !== slots.length * k) throw new TypeError("model arrays have inconsistent lengths");
      const nbDense = new Float32Array(dim * k);
      const known = new Uint8Array(dim);
      for (let j = 0; j < slots.length; j++) {
        known[slots[j]] = 1;
        for (let c = 0; c < k; c++) nbDense[slots[j] * k + c] = nb[j * k + c];
      }
      const input = new Float32Array(fromBase64(ens.ft.input));
      const output = new Float32Array(fromBase64(ens.ft.output));
      if (input.length !== (1 << ens.ft.bucketBits) * ens.ft.dim || output.length !== ens.ft.dim * k) throw new TypeError("model arrays have inconsistent lengths");
      this.ens = {
        w: ens.memberWeights, nb: nbDense, nbPrior: Float64Array.from(ens.nbPrior), known,
        input, output, ftBias: Float64Array.from(ens.ft.bias), dim: ens.ft.dim, mask: (1 << ens.ft.bucketBits) - 1,
        offsets: Float64Array.from(model.offsets), h: new Float64Array(ens.ft.dim),
      };
    } else {
      this.bias = Float64Array.from(model.bias, (b, c) => b + (model.offsets[c] ?? 0));
    }
    this.feat = new Featuriser(model.features, idf);
  }

  private readonly ens: {
    w: readonly number[]; nb: Float32Array; nbPrior: Float64Array; known: Uint8Array; input: Float32Array; output: Float32Array;
    ftBias: Float64Array; dim: number; mask: number; offsets: Float64Array; h: Float64Array;
  } | undefined;

  /**
   * Class probabilities of one text, in {@link SpeechClassifier.labels} order.
   * @param text raw text
   * @returns probabilities summing to 1
   */
  predictProba(text: string): Float64Array {
    return this.predictProbaTokens(prepareText(text).tokens);
  }

  /**
   * Like {@link SpeechClassifier.predictProba} for already-prepared tokens (saves re-segmenting
   * when the caller has them).
   */
  predictProbaTokens(tokens: readonly string[]): Float64Array {
    const spec = this.model.lexiconFeatures;
    const extra = spec && this.lexicon ? lexiconFeatureNames(this.lexicon, tokens, spec.language) : [];
    return this.probaOfVector(this.feat.vectoriseTokens(tokens, extra));
  }

  /**
   * The most probable label of one text.
   * @param text raw text
   */
  predict(text: string): string {
    const p = this.predictProba(text);
    return this.labels[argmaxWith(p, new Array<number>(p.length).fill(0))];
  }

  private probaOfVector(v: SparseVector): Float64Array {
    if (this.ens) return this.probaOfVectorEnsemble(v, this.ens);
    const k = this.labels.length;
    const z = Float64Array.from(this.bias);
    const w = this.weights;
    for (let p = 0; p < v.indices.length; p++) {
      const base = v.indices[p] * k;
      const x = v.values[p];
      for (let c = 0; c < k; c++) z[c] += x * w[base + c];
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (z[c] > max) max = z[c];
    let sum = 0;
    for (let c = 0; c < k; c++) sum += z[c] = Math.exp(z[c] - max);
    for (let c = 0; c < k; c++) z[c] /= sum;
    return z;
  }

  private probaOfVectorEnsemble(v: SparseVector, e: NonNullable<SpeechClassifier["ens"]>): Float64Array {
    const k = this.labels.length;
    const lr = Float64Array.from(this.bias);
    const nb = Float64Array.from(e.nbPrior);
    const ft = Float64Array.from(e.ftBias);
    const h = e.h.fill(0);
    const d = e.dim;
    for (let p = 0; p < v.indices.length; p++) {
      const s = v.indices[p];
      if (e.known[s] === 0) continue;
      const base = s * k;
      const x = v.values[p];
      for (let c = 0; c < k; c++) {
        lr[c] += x * this.weights[base + c];
        nb[c] += x * e.nb[base + c];
      }
      const fb = (s & e.mask) * d;
      for (let j = 0; j < d; j++) h[j] += x * e.input[fb + j];
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) ft[c] += e.output[j * k + c] * h[j];
    logSoftmaxInPlace(lr);
    logSoftmaxInPlace(nb);
    logSoftmaxInPlace(ft);
    const z = new Float64Array(k);
    for (let c = 0; c < k; c++) z[c] = e.w[0] * lr[c] + e.w[1] * nb[c] + e.w[2] * ft[c] + e.offsets[c];
    logSoftmaxInPlace(z);
    for (let c = 0; c < k; c++) z[c] = Math.exp(z[c]);
    return z;
  }
}

/** `z ← z − logsumexp(z)`. */
function logSoftmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (const v of z) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  for (let c = 0; c < z.length; c++) z[c] -= lse;
}

export function toBase64(a: Int32Array | Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

export function fromBase64(s: string): ArrayBuffer {
  const b = Buffer.from(s, "base64");
  // Copy into a fresh, aligned buffer: typed-array views need 4-byte alignment.
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
}
