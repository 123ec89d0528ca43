/**
 * Accuracy metrics for probabilistic forecasts of a rare binary event.
 * Rows whose prediction or outcome is missing (NaN / null) are skipped by every metric.
 */

/** Pairs (prediction, outcome) with the missing ones dropped. */
function clean(pred: ArrayLike<number | null>, y: ArrayLike<number | null>): { p: number[]; y: number[] } {
  if (pred.length !== y.length) throw new RangeError(`pred has ${pred.length} entries, y has ${y.length}`);
  const p: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i];
    const b = y[i];
    if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b)) continue;
    if (b !== 0 && b !== 1) throw new RangeError(`outcome ${i} is ${b}; must be 0 or 1`);
    p.push(a);
    o.push(b);
  }
  return { p, y: o };
}

/**
 * Area under the ROC curve, tie-aware: the Mann–Whitney statistic with mid-ranks,
 * AUC = (Σ_{positives} rank − n₁(n₁+1)/2) / (n₁ n₀), so a tied positive–negative pair counts ½.
 * @param pred scores (higher = more likely positive)
 * @param y outcomes 0/1
 * @returns AUC in [0, 1], or NaN when there are no positives or no negatives
 */
export function auc(pred: ArrayLike<number | null>, y: ArrayLike<number | null>): number {
  const c = clean(pred, y);
  const n = c.p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => c.p[a] - c.p[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && c.p[order[j + 1]] === c.p[order[i]]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (c.y[order[k]] === 1) { rankSumPos += mid; nPos++; }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Recall at k: the share of positives whose rank (1 = highest risk, ranked within its own
 * forecast year) is ≤ k. EWP's "27 of 39 onsets in the top 30" is recallAtK(minrank2, onset, 30).
 * @param rank ranks (1-based; null = not ranked, skipped)
 * @param y outcomes 0/1
 * @param k cut-off (default 30)
 * @returns share in [0, 1], NaN without positives
 */
export function recallAtK(rank: ArrayLike<number | null>, y: ArrayLike<number | null>, k = 30): number {
  const c = clean(rank, y);
  let pos = 0;
  let hit = 0;
  for (let i = 0; i < c.p.length; i++) if (c.y[i] === 1) { pos++; if (c.p[i] <= k) hit++; }
  return pos === 0 ? NaN : hit / pos;
}

/**
 * Brier score, mean of (p − y)²; lower is better.
 * @param prob probabilities in [0, 1]
 * @param y outcomes 0/1
 * @returns the score, NaN on no rows
 */
export function brier(prob: ArrayLike<number | null>, y: ArrayLike<number | null>): number {
  const c = clean(prob, y);
  let s = 0;
  for (let i = 0; i < c.p.length; i++) s += (c.p[i] - c.y[i]) ** 2;
  return c.p.length ? s / c.p.length : NaN;
}

/**
 * Log loss, −mean[y ln p + (1 − y) ln(1 − p)] (natural log), with p clamped to [1e-15, 1 − 1e-15].
 * @param prob probabilities
 * @param y outcomes 0/1
 * @returns the loss, NaN on no rows
 */
export function logLoss(prob: ArrayLike<number | null>, y: ArrayLike<number | null>): number {
  const c = clean(prob, y);
  let s = 0;
  for (let i = 0; i < c.p.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, c.p[i]));
    s -= c.y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return c.p.length ? s / c.p.length : NaN;
}

/** One bin of a calibration table. */
export interface CalibrationBin {
  /** Lower and upper predicted-probability edges of the bin (upper inclusive in the last bin). */
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin (NaN when empty). */
  meanPredicted: number;
  /** Observed event rate in the bin (NaN when empty). */
  observedRate: number;
  events: number;
}

/**
 * Calibration (reliability) table over fixed probability edges.
 * @param prob probabilities
 * @param y outcomes 0/1
 * @param edges increasing bin edges; default [0, .01, .02, .05, .1, .2, 1] (suited to rare events)
 * @returns one row per bin; a prediction p falls in [edge_b, edge_{b+1})
 * @throws {RangeError} when edges are not increasing
 */
export function calibrationTable(
  prob: ArrayLike<number | null>,
  y: ArrayLike<number | null>,
  edges: number[] = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 1],
): CalibrationBin[] {
  for (let i = 1; i < edges.length; i++) if (!(edges[i] > edges[i - 1])) throw new RangeError("edges must increase");
  const c = clean(prob, y);
  const bins = edges.slice(0, -1).map((lower, b) => ({ lower, upper: edges[b + 1], count: 0, sp: 0, events: 0 }));
  for (let i = 0; i < c.p.length; i++) {
    let b = bins.findIndex((x, k) => c.p[i] < x.upper || k === bins.length - 1);
    if (b < 0) b = bins.length - 1;
    bins[b].count++;
    bins[b].sp += c.p[i];
    bins[b].events += c.y[i];
  }
  return bins.map((x) => ({
    lower: x.lower, upper: x.upper, count: x.count, events: x.events,
    meanPredicted: x.count ? x.sp / x.count : NaN,
    observedRate: x.count ? x.events / x.count : NaN,
  }));
}

/**
 * Spearman rank correlation (Pearson correlation of mid-ranks).
 * @param a first variable
 * @param b second variable, same length
 * @returns ρ in [−1, 1]; NaN when either is constant or fewer than 2 complete pairs
 */
export function spearman(a: ArrayLike<number | null>, b: ArrayLike<number | null>): number {
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const u = a[i];
    const v = b[i];
    if (u === null || v === null || Number.isNaN(u) || Number.isNaN(v)) continue;
    xa.push(u);
    xb.push(v);
  }
  if (xa.length < 2) return NaN;
  const ra = midRanks(xa);
  const rb = midRanks(xb);
  const n = ra.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n;
  const mb = rb.reduce((s, v) => s + v, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (ra[i] - ma) * (rb[i] - mb); saa += (ra[i] - ma) ** 2; sbb += (rb[i] - mb) ** 2; }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * Mid-ranks, ascending (smallest value gets rank 1; ties share the mean rank).
 * @param v values
 * @returns ranks
 */
export function midRanks(v: readonly number[]): number[] {
  const order = v.map((_, i) => i).sort((x, y) => v[x] - v[y]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}
