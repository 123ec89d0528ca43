/**
 * Elastic-net penalised logistic regression with glmnet semantics, written by hand.
 *
 * Why hand-written: there is no well-kept JavaScript/TypeScript library that fits a glmnet-style
 * elastic-net path (standardised predictors, lambda path with warm starts, binomial deviance);
 * the numeric packages on npm either fit only ridge/OLS or are unmaintained. The algorithm is
 * small enough to own and test against known answers.
 *
 * Problem solved for each λ on the path (Friedman, Hastie & Tibshirani 2010, J. Stat. Softw. 33):
 *
 *   min_{a, b}  −(1/n) Σ_i [y_i (a + x̃_i·b) − log(1 + e^{a + x̃_i·b})]
 *               + λ Σ_j [ (1−α)/2 · b_j² + α |b_j| ]
 *
 * where x̃ are the predictors standardised to mean 0 and population variance 1 (glmnet's
 * `standardize = TRUE` with unit weights), the intercept a is not penalised, and coefficients are
 * reported back on the original scale. Because α < 1 adds a ridge term the problem is strictly
 * convex, so any convergent algorithm reaches glmnet's solution; we use the same one glmnet does:
 * iteratively reweighted least squares (a quadratic approximation of the log-likelihood) with
 * cyclic coordinate descent inside, warm starts along the path, and the sequential strong rule
 * (Tibshirani et al. 2012) with a KKT check so that skipped predictors are never wrongly left out.
 *
 * glmnet defaults reproduced: nlambda = 100; λ_max = max_j |x̃_j·(y − ȳ)| / (n·max(α, 0.001));
 * λ_k = λ_max · ratio^{k/(nlambda−1)} with ratio = 0.01 when n < p else 1e-4; the path stops
 * early (after ≥ 5 values) when the deviance ratio gains < 1e-5 or exceeds 0.999 (only for a
 * computed path, never for a user-supplied λ sequence, as in glmnet); fitted probabilities are
 * clamped to [1e-5, 1 − 1e-5] inside IRLS; convergence threshold 1e-7 scaled by the null deviance.
 * Missing values are not allowed: callers pass complete rows only.
 *
 * Speed: the quadratic model uses the weighted Gram matrix over the strong set (refreshed only
 * when steps stop contracting), warm starts are extrapolated along the log-spaced path, and the
 * O(n) loops (dot products, axpy, logistic residuals and weights) run in small hand-assembled
 * WebAssembly SIMD kernels (simd-kernels.ts) with a plain-JavaScript fallback.
 */
import type { Matrix } from "./matrix.ts";
import { arena, kernels } from "./simd-kernels.ts";
import { sigmoid } from "./sigmoid.ts";

/** Options of {@link fitElasticNetPath}; defaults are glmnet's. */
export interface ElasticNetOptions {
  /** Mixing parameter α ∈ [0, 1]: 1 = lasso, 0 = ridge. Default 0.5 (EWP's choice; glmnet's own default is 1). */
  alpha?: number;
  /** Number of λ values when the path is computed. Default 100. */
  nlambda?: number;
  /** λ_min / λ_max. Default 0.01 when n < p, else 1e-4. */
  lambdaMinRatio?: number;
  /** A user λ sequence (decreasing). When given, nlambda/lambdaMinRatio are ignored and the path never stops early. */
  lambda?: ArrayLike<number>;
  /** Convergence threshold (glmnet `thresh`). Default 1e-7. */
  thresh?: number;
  /** Cap on coordinate-descent passes over the whole path (glmnet `maxit`). Default 1e5. */
  maxit?: number;
  /**
   * Newton iterations per λ before the step is safeguarded (glmnet.control's `mxitnr`, default 25).
   * From then on each step is halved until the penalised objective decreases; after 4 × mxitnr
   * iterations the λ is abandoned at its best point and reported in `nonConverged`.
   */
  mxitnr?: number;
  /** Per-predictor penalty factors (0 = unpenalised). Default all 1. Rescaled to sum to p, as glmnet does. */
  penaltyFactor?: ArrayLike<number>;
}

/** A fitted path: one coefficient vector per λ, on the original (unstandardised) scale. */
export interface ElasticNetPath {
  /** λ values actually fitted (may be shorter than requested when the path stopped early). */
  readonly lambda: Float64Array;
  /** Intercepts, one per λ. */
  readonly a0: Float64Array;
  /** Coefficients, λ-major: `beta[k * p + j]` is predictor j at λ_k (original scale). */
  readonly beta: Float64Array;
  /** Fraction of null deviance explained at each λ. */
  readonly devRatio: Float64Array;
  /** Null deviance, −2 Σ log-likelihood of the intercept-only model. */
  readonly nullDev: number;
  /** Number of predictors p. */
  readonly p: number;
  /** Column means used for standardisation. */
  readonly xMean: Float64Array;
  /** Column population standard deviations (0 for constant columns, whose coefficient stays 0). */
  readonly xSd: Float64Array;
  /** Number of coordinate-descent passes used (for benchmarks). */
  readonly passes: number;
  /**
   * Indices of λ values that did not meet the convergence threshold — the Newton iterations hit the
   * cap (4 × `mxitnr`) or step-halving could no longer lower the objective; their coefficients are
   * the last point reached (the path is not truncated, so user-λ callers keep their indexing).
   * Empty on a normal fit.
   */
  readonly nonConverged: readonly number[];
}

const PMIN = 1e-5;

/**
 * Fits an elastic-net logistic regression path.
 * @param X n × p predictors (complete; no NaN)
 * @param y n outcomes, each 0 or 1
 * @param options see {@link ElasticNetOptions}
 * @returns the fitted path
 * @throws {RangeError} on shape mismatch, α outside [0, 1], y not 0/1, or y constant
 */
export function fitElasticNetPath(X: Matrix, y: ArrayLike<number>, options: ElasticNetOptions = {}): ElasticNetPath {
  const n = X.nrow;
  const p = X.ncol;
  if (y.length !== n) throw new RangeError(`y has ${y.length} entries, X has ${n} rows`);
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
  const thresh = options.thresh ?? 1e-7;
  const maxit = options.maxit ?? 1e5;
  const mxitnr = options.mxitnr ?? 25;
  let ysum = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) throw new RangeError(`y[${i}] = ${v}; outcomes must be 0 or 1`);
    ysum += v;
  }
  if (ysum === 0 || ysum === n) throw new RangeError("y is constant; a logistic model cannot be fitted");
  const ybar = ysum / n;

  // Penalty factors, rescaled to sum to p like glmnet.
  const pf = new Float64Array(p).fill(1);
  if (options.penaltyFactor) {
    if (options.penaltyFactor.length !== p) throw new RangeError("penaltyFactor length must equal ncol(X)");
    let s = 0;
    for (let j = 0; j < p; j++) { pf[j] = options.penaltyFactor[j]; s += pf[j]; }
    if (s > 0) for (let j = 0; j < p; j++) pf[j] *= p / s;
  }

  // Standardise (population sd, like glmnet with unit weights).
  const xm = new Float64Array(p);
  const xsd = new Float64Array(p);
  // Working arrays live in the SIMD kernels' scratch arena (see simd-kernels.ts):
  // standardised X column-major at XS, then residuals, η and IRLS weights.
  const XS = 0, RES = n * p, ETA = n * p + n, W = n * p + 2 * n, YS = n * p + 3 * n;
  const A = arena(n * (p + 4));
  const xs = A.subarray(XS, XS + n * p);
  xs.fill(0);
  const usable = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    const off = j * n;
    let m = 0;
    for (let i = 0; i < n; i++) m += X.data[off + i];
    m /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) { const d = X.data[off + i] - m; ss += d * d; }
    const sd = Math.sqrt(ss / n);
    xm[j] = m;
    xsd[j] = sd;
    // Constant columns (sd ≈ 0 relative to the mean) are excluded, as glmnet's `ju` does.
    if (sd > 1e-10 * Math.max(1, Math.abs(m))) {
      usable[j] = 1;
      const inv = 1 / sd;
      for (let i = 0; i < n; i++) xs[off + i] = (X.data[off + i] - m) * inv;
    }
  }

  const nullDev = -2 * (ysum * Math.log(ybar) + (n - ysum) * Math.log(1 - ybar));
  // glmnet scales its thresholds by the null deviance of the unit-weight (weights sum to 1) problem.
  const shr = thresh * (nullDev / n);

  // Gradient at the intercept-only model.
  const grad = new Float64Array(p);
  const res = A.subarray(RES, RES + n); // (y − p̂)/n
  const invN = 1 / n;
  A.subarray(YS, YS + n).set(y);
  for (let i = 0; i < n; i++) res[i] = (y[i] - ybar) / n;
  for (let j = 0; j < p; j++) grad[j] = usable[j] ? kernels.dot(XS + j * n, RES, n) : 0;

  // λ sequence.
  let lambdas: Float64Array;
  const userLambda = options.lambda !== undefined;
  if (options.lambda) {
    lambdas = Float64Array.from(options.lambda);
  } else {
    const nlambda = options.nlambda ?? 100;
    const ratio = options.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4);
    let gmax = 0;
    for (let j = 0; j < p; j++) if (usable[j] && pf[j] > 0) gmax = Math.max(gmax, Math.abs(grad[j]) / pf[j]);
    const lmax = gmax / Math.max(alpha, 1e-3);
    lambdas = new Float64Array(nlambda);
    for (let k = 0; k < nlambda; k++) lambdas[k] = lmax * Math.pow(ratio, nlambda > 1 ? k / (nlambda - 1) : 0);
  }
  const nlam = lambdas.length;

  const outA0 = new Float64Array(nlam);
  const outBeta = new Float64Array(nlam * p);
  const outDev = new Float64Array(nlam);

  // Proximal Newton along the path. The quadratic model of the log-likelihood uses the weighted
  // Gram matrix H = X̃ᵀWX̃ (W = p̂(1−p̂)/n) over the strong set; H is refreshed only when the
  // iterates stop contracting, because with n ≫ p forming H (n·|S|²/2) costs far more than a
  // gradient (n·|S|) and H moves slowly between neighbouring λ. Inner coordinate descent then
  // runs on H in O(|S|) per update, so the expensive O(n) work per λ is a couple of gradients.
  // This is the covariance variant of glmnet's algorithm; the optimum is the same (strict convexity).
  const b = new Float64Array(p);
  let a = Math.log(ybar / (1 - ybar));
  const eta = A.subarray(ETA, ETA + n).fill(a);
  const H = new Float64Array(p * p);
  const h0 = new Float64Array(p);
  let h00 = 0;
  const hHas = new Uint8Array(p); // H row/column of j computed at the current refresh
  const inStrong = new Uint8Array(p);
  const strong: number[] = [];
  const q = new Float64Array(p);
  const d = new Float64Array(p);
  let g0 = 0; // Σ(y − p̂)/n, the intercept's gradient
  let passes = 0;
  let prevLambda = lambdas[0];
  let fitted = 0;
  const nonConverged: number[] = [];
  let dEta: Float64Array | null = null; // step direction in η, for the safeguarded steps

  // Lazy evaluation: η, residuals and gradient describe the point (aEval, bEval); the current
  // coefficients (a, b) may have moved since. `sync` brings η up to date and recomputes residuals
  // (and the log-likelihood when the path needs deviances) — one O(n·|moved|) + O(n) pass.
  const bEval = new Float64Array(p);
  let aEval = a;
  const needDev = !userLambda;
  let ll = 0;
  const sync = (): void => {
    const da = a - aEval;
    if (da !== 0) { for (let i = 0; i < n; i++) eta[i] += da; aEval = a; }
    for (const j of strong) {
      const dj = b[j] - bEval[j];
      if (dj === 0) continue;
      const off = j * n;
      kernels.axpy(dj, XS + off, ETA, n);
      bEval[j] = b[j];
    }
    if (needDev) {
      let s = 0;
      let l = 0;
      for (let i = 0; i < n; i++) {
        let pr = 1 / (1 + Math.exp(-eta[i]));
        if (pr < PMIN) pr = PMIN; else if (pr > 1 - PMIN) pr = 1 - PMIN;
        const r = (y[i] - pr) * invN;
        res[i] = r;
        s += r;
        l += y[i] === 1 ? Math.log(pr) : Math.log(1 - pr);
      }
      g0 = s;
      ll = l;
    } else {
      // Same residuals from the SIMD kernel (no log-likelihood needed for a user λ sequence).
      g0 = kernels.residuals(ETA, YS, RES, n, invN);
    }
    for (const j of strong) grad[j] = kernels.dot(XS + j * n, RES, n);
  };
  const refreshWeights = (): void => {
    h00 = kernels.weights(ETA, W, n, invN);
    hHas.fill(0);
  };
  // Fills H's row/column for j against every strong predictor already in H (and itself).
  const addToH = (j: number): void => {
    const oj = XS + j * n;
    h0[j] = kernels.dot(W, oj, n);
    for (const k of strong) {
      if (!hHas[k] && k !== j) continue;
      const s = kernels.dot3(W, oj, XS + k * n, n);
      H[j * p + k] = s;
      H[k * p + j] = s;
    }
    hHas[j] = 1;
  };
  const rebuildH = (): void => {
    refreshWeights();
    for (const j of strong) addToH(j);
  };

  const bPrev = new Float64Array(p); // solution at λ_{k−1}, for the extrapolated warm start
  let aPrev = a;
  g0 = 0;
  refreshWeights();

  for (let k = 0; k < nlam; k++) {
    const lam = lambdas[k];
    const l1 = lam * alpha;
    const l2 = lam * (1 - alpha);
    // Sequential strong rule: keep j when |g_j| ≥ α(2λ_k − λ_{k−1})·pf_j, plus everything active.
    const cut = alpha * (2 * lam - (k === 0 ? lam : prevLambda));
    for (let j = 0; j < p; j++) {
      if (!usable[j] || inStrong[j]) continue;
      if (b[j] !== 0 || pf[j] === 0 || Math.abs(grad[j]) >= cut * pf[j]) { inStrong[j] = 1; strong.push(j); addToH(j); }
    }
    // Warm start extrapolated along the path (λ is log-spaced, so the last step is a good guess
    // for the next); a coefficient whose guess crosses zero starts at zero.
    if (k >= 2) {
      const bk = a;
      a += a - aPrev;
      aPrev = bk;
      for (const j of strong) {
        const cur = b[j];
        const guess = cur + (cur - bPrev[j]);
        bPrev[j] = cur;
        b[j] = cur !== 0 && Math.sign(guess) === Math.sign(cur) ? guess : cur;
      }
    } else {
      aPrev = a;
      for (const j of strong) bPrev[j] = b[j];
    }
    for (;;) {
      let lastChange = Infinity;
      for (let iter = 0; ; iter++) {
        if (++passes > maxit) throw new RangeError(`elastic net did not converge within maxit = ${maxit} iterations`);
        sync();
        // Solve the penalised quadratic model for the step d (coordinate descent on H).
        let q0 = g0;
        for (const j of strong) { q[j] = grad[j]; d[j] = 0; }
        let d0 = 0;
        // A few coordinate sweeps find the active set and signs; then an exact Newton solve on that
        // set finishes the job. Pure CD would crawl here: `year` and `year_sq` correlate at
        // 0.99996, which makes coordinate descent contract by ~1e-5 per sweep.
        // One cyclic coordinate-descent sweep over the model (intercept last); returns the largest
        // weighted squared move.
        const sweep = (): number => {
          let dl = 0;
          for (const j of strong) {
            const hjj = H[j * p + j];
            const cOld = b[j] + d[j];
            const u = q[j] + hjj * cOld;
            const t = Math.abs(u) - l1 * pf[j];
            const cNew = t > 0 ? Math.sign(u) * t / (hjj + l2 * pf[j]) : 0;
            const delta = cNew - cOld;
            if (delta !== 0) {
              d[j] += delta;
              const row = j * p;
              for (const m of strong) q[m] -= H[row + m] * delta;
              q0 -= h0[j] * delta;
              const dd = hjj * delta * delta;
              if (dd > dl) dl = dd;
            }
          }
          const delta0 = q0 / h00;
          if (delta0 !== 0) {
            d0 += delta0;
            for (const m of strong) q[m] -= h0[m] * delta0;
            q0 = 0;
            const dd = h00 * delta0 * delta0;
            if (dd > dl) dl = dd;
          }
          return dl;
        };
        let newtonOk = true;
        let settled = false;
        for (let round = 0; round < 200 && !settled; round++) {
          for (let s = 0; s < 4; s++) if (sweep() < shr * 1e-3) { settled = true; break; }
          if (settled) break;
          // Once the Newton system is not positive definite, finish with plain coordinate descent.
          if (!newtonOk) continue;
          // Newton solve on the current active set with the current signs.
          const act = strong.filter((j) => b[j] + d[j] !== 0);
          const m = act.length + 1;
          const M = new Float64Array(m * m);
          const rhs = new Float64Array(m);
          M[0] = h00;
          // rhs = gradient of the smooth part at δ for inactive coordinates fixed at c_j = 0.
          let r0 = g0;
          for (const j of strong) if (b[j] + d[j] === 0) r0 -= h0[j] * -b[j];
          rhs[0] = r0;
          for (let u = 0; u < act.length; u++) {
            const j = act[u];
            M[(u + 1) * m] = h0[j];
            M[u + 1] = h0[j];
            for (let v2 = 0; v2 < act.length; v2++) M[(u + 1) * m + v2 + 1] = H[j * p + act[v2]];
            M[(u + 1) * m + u + 1] += l2 * pf[j];
            const s = Math.sign(b[j] + d[j]);
            let r = grad[j] - l2 * pf[j] * b[j] - l1 * pf[j] * s;
            for (const k2 of strong) if (b[k2] + d[k2] === 0) r -= H[j * p + k2] * -b[k2];
            rhs[u + 1] = r;
          }
          const sol = choleskySolve(M, rhs, m);
          if (!sol) { newtonOk = false; continue; }
          // Accept the Newton point where signs hold; a coordinate whose sign flipped goes to zero.
          d0 = sol[0];
          for (const j of strong) if (b[j] + d[j] === 0) d[j] = -b[j];
          for (let u = 0; u < act.length; u++) {
            const j = act[u];
            const s = Math.sign(b[j] + d[j]);
            const c = b[j] + sol[u + 1];
            d[j] = Math.sign(c) === s ? sol[u + 1] : -b[j];
          }
          // Recompute the model gradient q at the new point.
          q0 = g0 - h00 * d0;
          for (const j of strong) q0 -= h0[j] * d[j];
          for (const j of strong) {
            let s = grad[j] - h0[j] * d0;
            const row = j * p;
            for (const k2 of strong) s -= H[row + k2] * d[k2];
            q[j] = s;
          }
        }
        // The active-set Newton rounds can ping-pong (a Newton point zeroes a coordinate whose sign
        // flipped, the sweeps bring it back, ...) and end short of the model's minimiser; such a d
        // need not even be a descent direction, and the outer iteration can then cycle for ever
        // (the 1970 EWP table: a 3-cycle at λ_78, 200 rounds per pass, until maxit = 1e5). Restart
        // from d = 0 with plain coordinate descent: every sweep lowers the model, so the result is a
        // descent direction however many sweeps it gets.
        if (!settled) {
          q0 = g0;
          d0 = 0;
          for (const j of strong) { q[j] = grad[j]; d[j] = 0; }
          for (let s = 0; s < 1000; s++) if (sweep() < shr * 1e-3) break;
        }
        // Second guard. Full proximal-Newton steps normally converge in a handful of iterations (never
        // more than 7 on the EWP replication), but on nearly separable data (many fitted p̂ at the
        // clamp, small λ) progress can still crawl. After mxitnr iterations (glmnet's cap) halve the
        // step until the penalised objective decreases (glmnet.fit's step-halving); after 4×mxitnr
        // give up on this λ at the current point and flag it, instead of spinning up to maxit.
        let stalled = false;
        if (iter >= mxitnr) {
          if (iter >= 4 * mxitnr) { if (nonConverged[nonConverged.length - 1] !== k) nonConverged.push(k); break; }
          dEta ??= new Float64Array(n);
          dEta.fill(d0);
          for (const j of strong) if (d[j] !== 0) { const off = j * n; for (let i = 0; i < n; i++) dEta[i] += d[j] * xs[off + i]; }
          const objective = (t: number): number => {
            let l = 0; // Σ ψ(η_i) − y_i η_i, ψ' = clamped p̂ (see clampedLoss)
            for (let i = 0; i < n; i++) l += clampedLoss(eta[i] + t * dEta![i], y[i]);
            l *= invN;
            let pen = 0;
            for (const j of strong) { const c = b[j] + t * d[j]; pen += pf[j] * (l1 * Math.abs(c) + 0.5 * l2 * c * c); }
            return l + pen;
          };
          const f0 = objective(0);
          let t = 1;
          while (t > 1e-10 && !(objective(t) < f0)) t *= 0.5;
          if (t <= 1e-10) { t = 0; stalled = true; }
          d0 *= t;
          for (const j of strong) d[j] *= t;
        }
        // Take the step; evaluation is deferred to the next sync.
        let change = h00 * d0 * d0;
        a += d0;
        for (const j of strong) {
          const dj = d[j];
          if (dj === 0) continue;
          b[j] += dj;
          const c = H[j * p + j] * dj * dj;
          if (c > change) change = c;
        }
        // Accept when the step is within 10× the threshold: the next Newton step contracts by
        // ~100× in this squared measure (observed along EWP paths), so the remaining error is
        // below the threshold without paying for another O(n·p) evaluation.
        if (stalled) { if (nonConverged[nonConverged.length - 1] !== k) nonConverged.push(k); break; }
        if (change < 10 * shr) break;
        // Slow or growing steps mean the Hessian is stale: rebuild it at the new point.
        if (iter >= 1 || change > lastChange) { sync(); rebuildH(); }
        lastChange = change;
      }
      // KKT check for predictors outside the strong set (their gradient also feeds the next λ's rule).
      let violated = false;
      for (let j = 0; j < p; j++) {
        if (!usable[j] || inStrong[j]) continue;
        const g = kernels.dot(XS + j * n, RES, n);
        grad[j] = g;
        if (Math.abs(g) > l1 * pf[j]) { inStrong[j] = 1; strong.push(j); addToH(j); violated = true; }
      }
      if (!violated) break;
    }
    // The deviance is that of the last evaluated point, which differs from (a, b) by less than the
    // convergence threshold.
    outDev[k] = 1 - (-2 * ll) / nullDev;
    outA0[k] = a;
    for (let j = 0; j < p; j++) outBeta[k * p + j] = b[j];
    prevLambda = lam;
    fitted = k + 1;
    // glmnet's early stop for a computed path: at least 5 λ, then stop when the deviance ratio
    // barely moves (fdev = 1e-5) or the fit is nearly saturated (devmax = 0.999).
    if (needDev && k + 1 >= Math.min(5, nlam)) {
      if (outDev[k] > 0.999 || outDev[k] - outDev[k - 1] < 1e-5) break;
    }
  }

  // Back to the original scale.
  const lambda = lambdas.slice(0, fitted);
  const a0 = new Float64Array(fitted);
  const beta = new Float64Array(fitted * p);
  for (let k = 0; k < fitted; k++) {
    let a0k = outA0[k];
    for (let j = 0; j < p; j++) {
      const bs = outBeta[k * p + j];
      if (bs !== 0) {
        const bo = bs / xsd[j];
        beta[k * p + j] = bo;
        a0k -= bo * xm[j];
      }
    }
    a0[k] = a0k;
  }
  return { lambda, a0, beta, devRatio: outDev.slice(0, fitted), nullDev, p, xMean: xm, xSd: xsd, passes, nonConverged };
}

/**
 * Linear predictor a0_k + x·β_k for every row at every λ of a path.
 * @param path a fitted path
 * @param X rows to score (same predictors, same order)
 * @returns λ-major array: `out[k * X.nrow + i]` is row i at λ_k
 * @throws {RangeError} when the column count differs from the path's
 */
export function predictPathLink(path: ElasticNetPath, X: Matrix): Float64Array {
  if (X.ncol !== path.p) throw new RangeError(`X has ${X.ncol} columns, the model has ${path.p}`);
  const n = X.nrow;
  const p = path.p;
  const nlam = path.lambda.length;
  const out = new Float64Array(nlam * n);
  for (let k = 0; k < nlam; k++) {
    const o = k * n;
    out.fill(path.a0[k], o, o + n);
    for (let j = 0; j < p; j++) {
      const bj = path.beta[k * p + j];
      if (bj === 0) continue;
      const off = j * n;
      for (let i = 0; i < n; i++) out[o + i] += bj * X.data[off + i];
    }
  }
  return out;
}

const ETA_HI = Math.log((1 - PMIN) / PMIN);
const PSI_HI = ETA_HI + Math.log1p(Math.exp(-ETA_HI)); // log(1 + e^η) at η = ETA_HI

/**
 * The convex, C¹ per-row loss whose derivative is the clamped residual used by IRLS: −(y − p̂) with
 * p̂ = σ(η) clamped to [PMIN, 1 − PMIN]. It is log(1 + e^η) − yη between the clamps and linear beyond,
 * so the safeguarded step is a descent direction for exactly the function the iterations minimise.
 */
function clampedLoss(e: number, y: number): number {
  if (e > ETA_HI) return PSI_HI + (1 - PMIN) * (e - ETA_HI) - y * e;
  if (e < -ETA_HI) return Math.log1p(Math.exp(-ETA_HI)) + PMIN * (e + ETA_HI) - y * e;
  return (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - y * e;
}

/** Logistic function 1 / (1 + e^{−z}) (kept here for existing importers; defined in `sigmoid.ts`). */
export { sigmoid };

/** Log-odds log(p / (1 − p)), with p clamped to [1e-12, 1 − 1e-12] so the result is finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
}

/** Solves M x = r for a small symmetric positive-definite M (row-major, m × m); null when not SPD. */
function choleskySolve(M: Float64Array, r: Float64Array, m: number): Float64Array | null {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = M[i * m + j];
      for (let k = 0; k < j; k++) s -= L[i * m + k] * L[j * m + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * m + i] = Math.sqrt(s);
      } else {
        L[i * m + j] = s / L[j * m + j];
      }
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= L[i * m + k] * z[k];
    z[i] = s / L[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < m; k++) s -= L[k * m + i] * z[k];
    z[i] = s / L[i * m + i];
  }
  return z;
}
