/**
 * The reference model of the speech benchmark, re-implemented so it runs in the same process on
 * the same split: scikit-learn's `FeatureUnion(TfidfVectorizer(analyzer="word", ngram_range=(1, 2)),
 * TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)))` + `LogisticRegression(C=1)` (lbfgs,
 * multinomial, no class weights unless asked, at most 100 iterations).
 *
 * Matches scikit-learn's defaults: lower-casing, word tokens `(?u)\b\w\w+\b` (here
 * `[\p{L}\p{N}_]{2,}`), `char_wb` n-grams inside space-padded words (a word shorter than n gives
 * one n-gram, itself padded), raw counts, smooth IDF `ln((1+n)/(1+df)) + 1`, L2 normalisation per
 * vectoriser, exact vocabulary fitted on the training rows (min_df = 1). The penalty λ = 1/(C·n)
 * equals scikit-learn's objective divided by C·n. Our L-BFGS stops on a relative objective change
 * below 1e-7 or 100 iterations; scikit-learn stops on a projected-gradient tolerance, so scores can
 * differ slightly from the published 0.743.
 */
import { fitMultinomial, type LogisticFit } from "../src/domain/speech/logistic.ts";

const WORD = /[\p{L}\p{N}_]{2,}/gu;

function wordNgrams(text: string): string[] {
  const toks = text.toLowerCase().match(WORD) ?? [];
  const out = [...toks];
  for (let i = 0; i + 1 < toks.length; i++) out.push(`${toks[i]} ${toks[i + 1]}`);
  return out;
}

function charWbNgrams(text: string): string[] {
  const out: string[] = [];
  for (const w0 of text.toLowerCase().split(/\s+/)) {
    if (!w0) continue;
    const w = ` ${w0} `;
    for (let n = 2; n <= 5; n++) {
      let offset = 0;
      out.push(w.slice(offset, offset + n));
      while (offset + n < w.length) {
        offset++;
        out.push(w.slice(offset, offset + n));
      }
    }
  }
  return out;
}

interface Vectoriser {
  vocab: Map<string, number>;
  idf: Float64Array;
}

function fitVectoriser(docs: readonly string[][]): Vectoriser {
  const vocab = new Map<string, number>();
  const df: number[] = [];
  for (const d of docs) {
    for (const g of new Set(d)) {
      let j = vocab.get(g);
      if (j === undefined) { j = vocab.size; vocab.set(g, j); df.push(0); }
      df[j]++;
    }
  }
  const n = docs.length;
  return { vocab, idf: Float64Array.from(df, (x) => Math.log((1 + n) / (1 + x)) + 1) };
}

function transform(v: Vectoriser, doc: readonly string[], offset: number, idx: number[], val: number[]): void {
  const counts = new Map<number, number>();
  for (const g of doc) {
    const j = v.vocab.get(g);
    if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
  }
  let norm = 0;
  const start = val.length;
  for (const [j, c] of counts) {
    const x = c * v.idf[j];
    idx.push(offset + j);
    val.push(x);
    norm += x * x;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = start; i < val.length; i++) val[i] *= inv;
}

/** A fitted baseline. */
export interface Baseline {
  readonly labels: readonly string[];
  predict(texts: readonly string[]): string[];
  readonly features: number;
  readonly fit: LogisticFit;
}

/**
 * Fits the reference TF-IDF + logistic regression.
 * @param texts training texts
 * @param labels training labels
 * @param C inverse regularisation strength (scikit-learn's C, default 1)
 * @param balanced scikit-learn's `class_weight="balanced"`: row weight n / (k · n_class)
 * @returns the fitted baseline
 */
export function fitTfidfBaseline(texts: readonly string[], labels: readonly string[], C = 1, balanced = false): Baseline {
  const classes = [...new Set(labels)].sort();
  const wDocs = texts.map(wordNgrams);
  const cDocs = texts.map(charWbNgrams);
  const wv = fitVectoriser(wDocs);
  const cv = fitVectoriser(cDocs);
  const dim = wv.vocab.size + cv.vocab.size;
  const rowsOf = (ws: readonly string[][], cs: readonly string[][]) => {
    const indptr = new Int32Array(ws.length + 1);
    const idx: number[] = [];
    const val: number[] = [];
    ws.forEach((w, i) => {
      transform(wv, w, 0, idx, val);
      transform(cv, cs[i], wv.vocab.size, idx, val);
      indptr[i + 1] = idx.length;
    });
    return { indptr, indices: Int32Array.from(idx), values: Float32Array.from(val), dim };
  };
  const y = Int32Array.from(labels, (l) => classes.indexOf(l));
  const counts = classes.map((_, c) => y.filter((v) => v === c).length);
  // scikit-learn multiplies each row's loss by its class weight and keeps the penalty unscaled;
  // dividing by Σ weights (= n when balanced) reproduces that with λ = 1 / (C · n).
  const sampleWeights = balanced ? Float64Array.from(y, (c) => texts.length / (classes.length * counts[c])) : undefined;
  const fit = fitMultinomial(rowsOf(wDocs, cDocs), y, classes.length, { l2: 1 / (C * texts.length), maxIter: 100, sampleWeights });
  const k = classes.length;
  return {
    labels: classes,
    features: dim,
    fit,
    predict(test: readonly string[]): string[] {
      const rows = rowsOf(test.map(wordNgrams), test.map(charWbNgrams));
      const out: string[] = [];
      for (let i = 0; i < test.length; i++) {
        const z = Array.from(fit.theta.subarray(dim * k, dim * k + k));
        for (let p = rows.indptr[i]; p < rows.indptr[i + 1]; p++) {
          for (let c = 0; c < k; c++) z[c] += rows.values[p] * fit.theta[rows.indices[p] * k + c];
        }
        let best = 0;
        for (let c = 1; c < k; c++) if (z[c] > z[best]) best = c;
        out.push(classes[best]);
      }
      return out;
    },
  };
}
