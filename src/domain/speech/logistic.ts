/**
 * Multinomial (softmax) logistic regression on sparse rows, fitted by L-BFGS.
 *
 * Objective (minimised): `(1 / Σ s_i) Σ_i s_i · −ln p(y_i | x_i) + (λ / 2) ‖W‖²`, where
 * `p(k | x) = softmax(W_k · x + b_k)`, `s_i` are sample weights (default 1) and the biases `b`
 * are not penalised. With λ = 1 / (C · n) this is scikit-learn's `LogisticRegression(C)` with the
 * lbfgs solver, up to its stopping rule.
 */

/** Compressed sparse rows over a compact feature space of `dim` columns. */
export interface SparseRows {
  /** Row i occupies entries `indptr[i] .. indptr[i + 1] - 1`. */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** Number of columns. */
  readonly dim: number;
}

/** Options of {@link fitMultinomial}. */
export interface LogisticOptions {
  /** L2 penalty λ (≥ 0). */
  readonly l2: number;
  /** Weight of each row (e.g. class weights); default 1. */
  readonly sampleWeights?: Float64Array;
  /** Maximum L-BFGS iterations (default 300). */
  readonly maxIter?: number;
  /** Stop when the relative decrease of the objective falls below this (default 1e-7). */
  readonly tol?: number;
  /** Number of correction pairs kept (default 8). */
  readonly history?: number;
  /** Starting point (weights then biases, as returned in `theta`); default zeros. */
  readonly init?: Float64Array;
}

/** A fitted model: `theta` holds the weights feature-major (`theta[j * k + c]`) then k biases. */
export interface LogisticFit {
  readonly theta: Float64Array;
  readonly k: number;
  readonly dim: number;
  readonly iterations: number;
  readonly objective: number;
}

/**
 * Fits multinomial logistic regression.
 *
 * @param rows the design matrix
 * @param y class index of each row, in 0..k-1
 * @param k number of classes (≥ 2)
 * @param options penalty and solver settings
 * @returns the fitted parameters
 * @throws {RangeError} on mismatched sizes, k < 2, or a label outside 0..k-1
 */
export function fitMultinomial(rows: SparseRows, y: Int32Array, k: number, options: LogisticOptions): LogisticFit {
  const n = rows.indptr.length - 1;
  if (y.length !== n) throw new RangeError(`y has ${y.length} entries for ${n} rows`);
  if (k < 2) throw new RangeError(`need at least 2 classes, got ${k}`);
  for (const c of y) if (c < 0 || c >= k) throw new RangeError(`label index ${c} outside 0..${k - 1}`);
  const sw = options.sampleWeights ?? new Float64Array(n).fill(1);
  const swSum = sw.reduce((a, b) => a + b, 0);
  const nw = rows.dim * k;
  const size = nw + k;
  const l2 = options.l2;
  const z = new Float64Array(k);

  const evaluateAt = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const { indptr, indices, values } = rows;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) z[c] = theta[nw + c];
      const lo = indptr[i];
      const hi = indptr[i + 1];
      for (let p = lo; p < hi; p++) {
        const base = indices[p] * k;
        const v = values[p];
        for (let c = 0; c < k; c++) z[c] += v * theta[base + c];
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (z[c] > max) max = z[c];
      let sum = 0;
      for (let c = 0; c < k; c++) {
        z[c] = Math.exp(z[c] - max);
        sum += z[c];
      }
      const w = sw[i] / swSum;
      loss -= w * Math.log(z[y[i]] / sum);
      for (let c = 0; c < k; c++) z[c] = w * (z[c] / sum - (c === y[i] ? 1 : 0));
      for (let c = 0; c < k; c++) grad[nw + c] += z[c];
      for (let p = lo; p < hi; p++) {
        const base = indices[p] * k;
        const v = values[p];
        for (let c = 0; c < k; c++) grad[base + c] += v * z[c];
      }
    }
    let reg = 0;
    for (let j = 0; j < nw; j++) {
      reg += theta[j] * theta[j];
      grad[j] += l2 * theta[j];
    }
    return loss + 0.5 * l2 * reg;
  };

  const m = options.history ?? 8;
  const maxIter = options.maxIter ?? 300;
  const tol = options.tol ?? 1e-7;
  const x = options.init ? Float64Array.from(options.init) : new Float64Array(size);
  if (x.length !== size) throw new RangeError(`init has ${x.length} entries, expected ${size}`);
  let g = new Float64Array(size);
  let f = evaluateAt(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(size);
  const xNew = new Float64Array(size);
  let gNew = new Float64Array(size);
  const alpha = new Float64Array(m);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    // Two-loop recursion: d = -H g.
    for (let j = 0; j < size; j++) d[j] = -g[j];
    for (let h = S.length - 1; h >= 0; h--) {
      alpha[h] = rho[h] * dot(S[h], d);
      axpy(-alpha[h], Y[h], d);
    }
    if (S.length) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let j = 0; j < size; j++) d[j] *= gamma;
    } else {
      const gn = Math.sqrt(dot(g, g));
      if (gn === 0) break;
      for (let j = 0; j < size; j++) d[j] /= gn;
    }
    for (let h = 0; h < S.length; h++) {
      const beta = rho[h] * dot(Y[h], d);
      axpy(alpha[h] - beta, S[h], d);
    }
    let gd = dot(g, d);
    if (gd >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0; Y.length = 0; rho.length = 0;
      for (let j = 0; j < size; j++) d[j] = -g[j];
      gd = dot(g, d);
    }
    let t = 1;
    let fNew = 0;
    for (let ls = 0; ls < 30; ls++) {
      for (let j = 0; j < size; j++) xNew[j] = x[j] + t * d[j];
      fNew = evaluateAt(xNew, gNew);
      if (fNew <= f + 1e-4 * t * gd) break;
      t *= 0.5;
    }
    if (!(fNew <= f)) break;
    const s = new Float64Array(size);
    const yv = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = xNew[j] - x[j];
      yv[j] = gNew[j] - g[j];
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(yv); rho.push(1 / sy);
    }
    x.set(xNew);
    [g, gNew] = [gNew, g];
    const rel = (f - fNew) / Math.max(1, Math.abs(f));
    f = fNew;
    if (rel < tol) { iter++; break; }
  }
  return { theta: x, k, dim: rows.dim, iterations: iter, objective: f };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}
