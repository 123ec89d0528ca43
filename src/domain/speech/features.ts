/**
 * Hashed word and character n-gram features for the speech classifier. Language-agnostic: the
 * same code handles any script because words come from `Intl.Segmenter` and character n-grams
 * need no vocabulary.
 *
 * For one text the feature vector has two blocks that share one hashed index space of
 * `2^bits` slots (32-bit FNV-1a over UTF-16 code units, finished with the murmur3 mixer):
 * - words: n-grams of {@link prepareText} tokens for n in `wordNgrams` (default 1–2);
 * - characters: n-grams for n in `charNgrams` (default 2–5) inside each token padded with one
 *   space on each side (scikit-learn's `char_wb`), so n-grams mark word starts and ends.
 * - extra (optional): symbolic features supplied by the caller, e.g. lexicon categories.
 * Each count c becomes `1 + ln c` when `sublinearTf` is set, is multiplied by the slot's inverse
 * document frequency `ln((1 + n) / (1 + df)) + 1` when IDF has been fitted, and each block is
 * scaled to unit L2 norm. Empty texts give an empty vector.
 */
import { prepareText } from "./text.ts";

/** Settings of the featuriser; stored in the model file so classification repeats training exactly. */
export interface FeatureConfig {
  /** log2 of the number of hashed slots. */
  readonly bits: number;
  /** Inclusive range of word n-gram lengths, e.g. `[1, 2]`. */
  readonly wordNgrams: readonly [number, number];
  /** Inclusive range of character n-gram lengths, e.g. `[2, 5]`; `[0, 0]` turns characters off. */
  readonly charNgrams: readonly [number, number];
  /** Use `1 + ln(count)` instead of the raw count. */
  readonly sublinearTf: boolean;
  /** L2 norm of the extra block (default 1; the word and character blocks have norm 1). */
  readonly extraWeight?: number;
}

/** The default configuration: 2^20 slots, words 1–2, characters 2–5, sublinear TF. */
export const DEFAULT_FEATURES: FeatureConfig = {
  bits: 20, wordNgrams: [1, 2], charNgrams: [2, 5], sublinearTf: true,
};

/** A sparse vector: parallel arrays of slot indices and values (indices may repeat across blocks). */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** Entries before this position are word features. */
  readonly split: number;
  /** Entries from `split` to before this position are character features; the rest are extra features. */
  readonly split2: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x9e3779b9;
const BIGRAM_SEED = 0x85ebca6b;
const EXTRA_SEED = 0x27d4eb2f;

function fnv(s: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function fmix(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Turns texts into hashed sparse vectors. One instance keeps a scratch buffer, so it is cheap to
 * reuse and must not be shared between concurrent callers (JavaScript is single-threaded, so this
 * only matters for workers).
 */
export class Featuriser {
  /** The configuration in use. */
  readonly config: FeatureConfig;
  private readonly mask: number;
  private readonly counts: Float64Array;
  private readonly touched: number[] = [];
  private idf: Float32Array | undefined;

  /**
   * @param config featuriser settings (defaults to {@link DEFAULT_FEATURES})
   * @param idf optional per-slot IDF weights of length `2^bits`
   * @throws {RangeError} when bits is outside 10–24 or an n-gram range is invalid
   */
  constructor(config: FeatureConfig = DEFAULT_FEATURES, idf?: Float32Array) {
    if (!Number.isInteger(config.bits) || config.bits < 10 || config.bits > 24) {
      throw new RangeError(`bits must be an integer in 10..24, got ${config.bits}`);
    }
    for (const [name, [lo, hi]] of [["wordNgrams", config.wordNgrams], ["charNgrams", config.charNgrams]] as const) {
      if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 0 && hi >= lo && hi <= 8)) {
        throw new RangeError(`${name} must be [lo, hi] with 0 <= lo <= hi <= 8, got [${lo}, ${hi}]`);
      }
    }
    this.config = config;
    this.mask = (1 << config.bits) - 1;
    this.counts = new Float64Array(1 << config.bits);
    if (idf && idf.length !== 1 << config.bits) throw new RangeError(`idf length ${idf.length} != 2^${config.bits}`);
    this.idf = idf;
  }

  /** Number of hashed slots (`2^bits`). */
  get dimension(): number {
    return this.mask + 1;
  }

  /** Sets (or clears) the IDF weights applied by {@link Featuriser.vectorise}. */
  setIdf(idf: Float32Array | undefined): void {
    if (idf && idf.length !== this.dimension) throw new RangeError(`idf length ${idf.length} != ${this.dimension}`);
    this.idf = idf;
  }

  /**
   * Vectorises one raw text (runs {@link prepareText} first).
   * @param raw the text as received
   * @returns the sparse feature vector
   */
  vectorise(raw: string): SparseVector {
    return this.vectoriseTokens(prepareText(raw).tokens);
  }

  /**
   * Vectorises already-prepared tokens.
   * @param tokens output of `prepareText(...).tokens`
   * @param extra extra symbolic features (e.g. lexicon categories), hashed with their own seed
   *   into a third block with its own L2 normalisation
   * @returns the sparse feature vector
   */
  vectoriseTokens(tokens: readonly string[], extra: readonly string[] = []): SparseVector {
    const [wlo, whi] = this.config.wordNgrams;
    const [clo, chi] = this.config.charNgrams;
    const wordIdx: number[] = [];
    const wordVal: number[] = [];
    const counts = this.counts;
    const touched = this.touched;
    const mask = this.mask;
    const add = (slot: number): void => {
      if (counts[slot] === 0) touched.push(slot);
      counts[slot] += 1;
    };
    // Word block.
    if (whi > 0) {
      const hashes = tokens.map((t) => fnv(t, WORD_SEED));
      for (let i = 0; i < hashes.length; i++) {
        let h = hashes[i];
        for (let n = 1; n <= whi && i + n <= hashes.length; n++) {
          if (n > 1) h = Math.imul(h ^ hashes[i + n - 1], FNV_PRIME) ^ BIGRAM_SEED;
          if (n >= wlo) add(fmix(h + n) & mask);
        }
      }
    }
    this.flush(wordIdx, wordVal);
    const split = wordIdx.length;
    // Character block: n-grams inside " token ".
    if (chi > 0) {
      for (const t of tokens) {
        const s = ` ${t} `;
        const len = s.length;
        for (let i = 0; i < len - 1; i++) {
          let h = FNV_OFFSET;
          for (let n = 1; n <= chi && i + n <= len; n++) {
            h = Math.imul(h ^ s.charCodeAt(i + n - 1), FNV_PRIME);
            if (n >= clo) add(fmix(h + n * 0x27d4eb2d) & mask);
          }
        }
      }
    }
    this.flush(wordIdx, wordVal);
    const split2 = wordIdx.length;
    // Extra block: symbolic features, normalised on their own so a few of them are not drowned
    // by hundreds of n-grams.
    for (const x of extra) add(fmix(fnv(x, EXTRA_SEED)) & mask);
    this.flush(wordIdx, wordVal, this.config.extraWeight ?? 1);
    return { indices: Int32Array.from(wordIdx), values: Float32Array.from(wordVal), split, split2 };
  }

  /** Moves the scratch counts of one block into the output arrays, weighted and L2-normalised. */
  private flush(idx: number[], val: number[], scale = 1): void {
    const start = idx.length;
    const counts = this.counts;
    const idf = this.idf;
    const sub = this.config.sublinearTf;
    let norm = 0;
    for (let i = 0; i < this.touched.length; i++) {
      const slot = this.touched[i];
      let v = sub ? 1 + Math.log(counts[slot]) : counts[slot];
      if (idf) v *= idf[slot];
      counts[slot] = 0;
      if (v === 0) continue;
      idx.push(slot);
      val.push(v);
      norm += v * v;
    }
    if (norm > 0) {
      const inv = scale / Math.sqrt(norm);
      for (let i = start; i < val.length; i++) val[i] *= inv;
    }
    this.touched.length = 0;
  }
}

/**
 * Fits smoothed IDF weights over hashed slots: `idf = ln((1 + n) / (1 + df)) + 1`, where n is the
 * number of documents and df the number containing the slot (scikit-learn's smooth IDF).
 *
 * @param docs sparse vectors computed without IDF
 * @param dimension number of slots
 * @returns per-slot IDF weights (slots never seen get the weight of df = 0)
 */
export function fitIdf(docs: readonly SparseVector[], dimension: number): Float32Array {
  const df = new Float64Array(dimension);
  const seen = new Int32Array(dimension).fill(-1);
  docs.forEach((d, di) => {
    for (let i = 0; i < d.indices.length; i++) {
      const s = d.indices[i];
      if (seen[s] !== di) {
        seen[s] = di;
        df[s]++;
      }
    }
  });
  const n = docs.length;
  const idf = new Float32Array(dimension);
  for (let s = 0; s < dimension; s++) idf[s] = Math.log((1 + n) / (1 + df[s])) + 1;
  return idf;
}

/**
 * Re-weights a vector computed without IDF: each value is multiplied by its slot's IDF and each
 * block re-scaled to unit L2 norm. Equal to vectorising with the IDF set, because the block
 * normalisation is scale-invariant.
 *
 * @param v a vector from a featuriser without IDF
 * @param idf per-slot weights from {@link fitIdf}
 * @param extraWeight L2 norm of the extra block (see {@link FeatureConfig.extraWeight})
 * @returns a new vector
 */
export function applyIdf(v: SparseVector, idf: Float32Array, extraWeight = 1): SparseVector {
  const values = new Float32Array(v.values.length);
  for (const [lo, hi, scale] of [[0, v.split, 1], [v.split, v.split2, 1], [v.split2, v.values.length, extraWeight]] as const) {
    let norm = 0;
    for (let i = lo; i < hi; i++) {
      const x = v.values[i] * idf[v.indices[i]];
      values[i] = x;
      norm += x * x;
    }
    if (norm > 0) {
      const inv = scale / Math.sqrt(norm);
      for (let i = lo; i < hi; i++) values[i] *= inv;
    }
  }
  return { indices: v.indices, values, split: v.split, split2: v.split2 };
}
