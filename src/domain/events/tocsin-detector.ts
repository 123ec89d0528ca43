/**
 * Tocsin's escalation detector: two statistical monitors on a place's series, with a settable
 * false-alarm rate, merged into alert episodes.
 *
 * A. Count surprise under a Poisson–gamma (negative-binomial) baseline.
 *    y_t = ⌊weighted events in period t⌋, where an event weighs 1, +`civilianWeight` when it is
 *    one-sided or targets civilians, +`identityWeight` when victims were targeted as an identity
 *    group (weights are applied in `buildSeries`). The baseline is the trailing window of W periods
 *    before t (W = 52 weeks or 12 months; it tracks slow trends, so a new normal stops alarming
 *    after about a window's length). With n periods summing to S:
 *      μ = (a₀ + S) / (b₀ + n)                     gamma(a₀ = 0.5, b₀ = 1) prior on the rate
 *      k = min( μ² / (s² − μ)  [moment estimate of over-dispersion, ∞ when s² ≤ μ],  a₀ + S )
 *    (the second bound is the shape of the posterior predictive of a Poisson–gamma model, so little
 *    history means heavy tails). p_t = P(Y ≥ y_t), Y ~ NegBin(mean μ, size k); score_A = −log₁₀ p_t.
 * B. One-sided CUSUM on the weighted count, for sustained shifts too small to be surprising in a
 *    single period: z_t = (y_t − μ)/max(1, √(μ + μ²/k)) with the baseline above,
 *      C_t = max(0, C_{t−1} + z_t − κ),   κ = 0.5.
 * C. One-sided CUSUM on civilian deaths: x_t = ln(1 + weighted civilian deaths in t), standardised
 *    with the window's mean m and standard deviation s (s floored at `minSd`, default 0.5, so a
 *    quiet place's first deaths are not infinitely surprising):
 *      D_t = max(0, D_{t−1} + (x_t − m)/s − κ)
 *    For both CUSUMs the alarm threshold h is set through Siegmund's approximation of the
 *    in-control average run length, ARL(h) ≈ (e^{2κb} − 2κb − 1)/(2κ²), b = h + 1.166; a CUSUM is
 *    reset to 0 after it alarms. Its score is log₁₀ ARL(C_t), the −log₁₀ false-alarm rate at which
 *    C_t would be the threshold, so all three monitors share one scale.
 * The false-alarm rate α is split evenly over the three monitors (Bonferroni): each alarms at
 * −log₁₀(α/3), and the period's score is the largest of the three. A period is flagged when a
 * monitor alarms and the period is material: at least `minEvents` events (unweighted) or
 * `minCivilianDeaths` civilian deaths in it. Flagged periods no more than `episodeGap` periods
 * apart form one episode = one alert.
 *
 * Calibration: α is a per-place, per-period false-alarm probability under the model; the CUSUMs'
 * Gaussian approximation is rough for zero-heavy series, which the materiality floor guards. Missing values: periods without events are zeros; periods before `minHistory`
 * periods of history are not assessed. No seasonality term is fitted: the trailing window absorbs
 * trend; a seasonal baseline is left as a documented extension.
 */
import { mergeEpisodes } from "./detector.ts";
import type { DetectorHit } from "./detector.ts";
import type { PlaceSeries } from "./series.ts";

/** Options of {@link tocsinDetect}. */
export interface TocsinDetectorOptions {
  /** Per-place, per-period false-alarm probability (default 0.001). */
  alpha?: number;
  /** Baseline window length in periods (default 52 weeks or 12 months). */
  window?: number;
  /** Periods of history needed before a period is assessed (default window / 2). */
  minHistory?: number;
  /** Smallest number of (unweighted) events that makes a period material (default 3). */
  minEvents?: number;
  /** Smallest number of civilian deaths that makes a period material (default 10). */
  minCivilianDeaths?: number;
  /** Floor of the civilian-death CUSUM's baseline standard deviation, in log-deaths (default 0.5). */
  minSd?: number;
  /** CUSUM reference value κ in standard deviations (default 0.5). */
  cusumK?: number;
  /** Unflagged periods allowed inside one episode (default 8 weeks or 2 months). */
  episodeGap?: number;
}

/** Per-period diagnostics of {@link tocsinScores}. */
export interface TocsinPeriodScore {
  /** −log₁₀ of the negative-binomial upper-tail probability (0 when not assessed). */
  countScore: number;
  /** log₁₀ of the count CUSUM's in-control ARL at its current value (0 when C = 0). */
  countCusumScore: number;
  /** log₁₀ of the civilian-death CUSUM's in-control ARL at its current value (0 when D = 0). */
  cusumScore: number;
  /** The largest of the three; a monitor alarms at −log₁₀(α/3). */
  score: number;
  /** Whether the period was assessed (enough history). */
  assessed: boolean;
  /** Whether the period is flagged. */
  flagged: boolean;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * Natural log of the gamma function (Lanczos approximation, g = 7; relative error < 1e-13).
 * @param x positive real
 * @returns ln Γ(x)
 */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Upper tail P(Y ≥ y) of a negative binomial with mean `mu` and size `k` (Poisson when k = ∞).
 * Summed from y upwards in log space so tiny tails keep their precision.
 * @param y threshold count (non-negative integer)
 * @param mu mean (≥ 0)
 * @param k size / dispersion (> 0, or Infinity); variance = μ + μ²/k
 * @returns the probability, at least 1e-300
 * @throws {RangeError} on a negative or non-integer y, negative mu, or non-positive k
 */
export function negBinUpperTail(y: number, mu: number, k: number): number {
  if (!Number.isInteger(y) || y < 0) throw new RangeError(`y must be a non-negative integer, got ${y}`);
  if (!(mu >= 0)) throw new RangeError(`mu must be >= 0, got ${mu}`);
  if (!(k > 0)) throw new RangeError(`k must be > 0, got ${k}`);
  if (y === 0) return 1;
  if (mu === 0) return 1e-300;
  const poisson = !Number.isFinite(k) || k > 1e8;
  const logPmf = (j: number): number =>
    poisson
      ? j * Math.log(mu) - mu - lnGamma(j + 1)
      : lnGamma(j + k) - lnGamma(k) - lnGamma(j + 1) + k * Math.log(k / (k + mu)) + j * Math.log(mu / (k + mu));
  const ratio = (j: number): number => (poisson ? mu / (j + 1) : ((j + k) / (j + 1)) * (mu / (k + mu)));
  if (y <= mu) {
    // Lower part is the small one: 1 − P(Y < y).
    let s = 0;
    for (let j = 0; j < y; j++) s += Math.exp(logPmf(j));
    return Math.min(1, Math.max(1e-300, 1 - s));
  }
  const first = logPmf(y);
  let term = 1;
  let sum = 1;
  for (let j = y; j < y + 100_000; j++) {
    term *= ratio(j);
    sum += term;
    if (term < 1e-16 * sum) break;
  }
  const logP = first + Math.log(sum);
  return Math.min(1, Math.max(1e-300, Math.exp(logP)));
}

const SIEGMUND_SHIFT = 1.166;

/**
 * Siegmund's approximation of a one-sided CUSUM's in-control average run length.
 * ARL(h) ≈ (e^{2κb} − 2κb − 1) / (2κ²), b = h + 1.166 (unit-variance observations, in-control mean 0).
 * @param h decision interval (≥ 0)
 * @param kappa reference value (> 0)
 * @returns expected number of periods between false alarms
 */
export function cusumArl(h: number, kappa: number): number {
  const b = 2 * kappa * (Math.max(0, h) + SIEGMUND_SHIFT);
  return (Math.exp(b) - b - 1) / (2 * kappa * kappa);
}

/**
 * The CUSUM threshold whose in-control ARL is 1/α (inverse of {@link cusumArl}, by bisection).
 * @param alpha false-alarm probability per period, in (0, 1)
 * @param kappa reference value (> 0)
 * @returns h ≥ 0
 * @throws {RangeError} when alpha is outside (0, 1)
 */
export function cusumThreshold(alpha: number, kappa: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const target = 1 / alpha;
  if (cusumArl(0, kappa) >= target) return 0;
  let lo = 0;
  let hi = 1;
  while (cusumArl(hi, kappa) < target) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (cusumArl(mid, kappa) < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

// Monthly defaults are the weekly ones per period (α = 0.001, ≥ 3 events or ≥ 10 civilian deaths),
// which makes the monthly detector stricter in false alarms per place-year (12·α vs 52·α) but its
// materiality floors looser (3 events in a month vs in a week). A "weekly setting in monthly units"
// was written down before it was run (2026-11-23): α_month = α_week·52/12 (equal expected false
// alarms per place-year, 0.052), minEvents = 3·52/12 = 13, minCivilianDeaths = 10·52/12 ≈ 43 (the
// conversion ACLED's monthly surge rule uses for its 1 event/week floor), to be adopted only if it
// cut the Myanmar monthly admin1 alerts (81) and still flagged Rakhine by 2016-11. Run once: 38
// alerts, but Rakhine first flagged only in 2017-08 (Oct 2016 had 11 events and 14 civilian deaths
// after months of none, below the floors), so it was not adopted. See README, bench:events.
function resolveOptions(series: PlaceSeries, o: TocsinDetectorOptions) {
  const weekly = series.period === "week";
  const alpha = o.alpha ?? 0.001;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const window = o.window ?? (weekly ? 52 : 12);
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`window must be an integer >= 2, got ${window}`);
  return {
    alpha,
    window,
    minHistory: o.minHistory ?? Math.ceil(window / 2),
    minEvents: o.minEvents ?? 3,
    minCivilianDeaths: o.minCivilianDeaths ?? 10,
    minSd: o.minSd ?? 0.5,
    kappa: o.cusumK ?? 0.5,
    episodeGap: o.episodeGap ?? (weekly ? 8 : 2),
  };
}

/**
 * Scores every period of a series with both monitors (see the module comment for the formulas).
 * @param series the place series
 * @param options detector options
 * @returns one score per period
 * @throws {RangeError} on invalid options
 */
export function tocsinScores(series: PlaceSeries, options: TocsinDetectorOptions = {}): TocsinPeriodScore[] {
  const o = resolveOptions(series, options);
  const alphaEach = o.alpha / 3;
  const threshold = -Math.log10(alphaEach);
  const h = cusumThreshold(alphaEach, o.kappa);
  const pts = series.points;
  // Whole weighted events; the epsilon absorbs float error of spread shares.
  const y = pts.map((p) => Math.floor(p.weightedEvents + 1e-9));
  const x = pts.map((p) => Math.log1p(p.weightedCivilianDeaths));
  const out: TocsinPeriodScore[] = [];
  let c = 0;
  let cy = 0;
  for (let t = 0; t < pts.length; t++) {
    const lo = Math.max(0, t - o.window);
    const n = t - lo;
    if (n < o.minHistory) {
      out.push({ countScore: 0, countCusumScore: 0, cusumScore: 0, score: 0, assessed: false, flagged: false });
      continue;
    }
    let sy = 0;
    let sy2 = 0;
    let sx = 0;
    let sx2 = 0;
    for (let i = lo; i < t; i++) {
      sy += y[i];
      sy2 += y[i] * y[i];
      sx += x[i];
      sx2 += x[i] * x[i];
    }
    const a0 = 0.5;
    const b0 = 1;
    const mu = (a0 + sy) / (b0 + n);
    const meanY = sy / n;
    const varY = n > 1 ? Math.max(0, (sy2 - n * meanY * meanY) / (n - 1)) : 0;
    const kMoment = varY > meanY ? (meanY * meanY) / (varY - meanY) : Infinity;
    const k = Math.max(1e-3, Math.min(kMoment, a0 + sy));
    const p = negBinUpperTail(y[t], mu, k);
    const countScore = -Math.log10(p);
    const sdY = Math.max(1, Math.sqrt(mu + (Number.isFinite(k) ? (mu * mu) / k : 0)));
    cy = Math.max(0, cy + (y[t] - mu) / sdY - o.kappa);
    const countCusumScore = cy > 0 ? Math.max(0, Math.log10(cusumArl(cy, o.kappa))) : 0;
    const countCusumAlarm = cy >= h;

    const m = sx / n;
    const sd = Math.max(o.minSd, n > 1 ? Math.sqrt(Math.max(0, (sx2 - n * m * m) / (n - 1))) : 0);
    c = Math.max(0, c + (x[t] - m) / sd - o.kappa);
    const cusumScore = c > 0 ? Math.max(0, Math.log10(cusumArl(c, o.kappa))) : 0;
    const cusumAlarm = c >= h;

    const score = Math.max(countScore, countCusumScore, cusumScore);
    const material = pts[t].events >= o.minEvents - 1e-9 || pts[t].civilianDeaths >= o.minCivilianDeaths - 1e-9;
    const flagged = material && (countScore >= threshold || countCusumAlarm || cusumAlarm);
    // Restart monitoring after an alarm, as a CUSUM chart does.
    if (cusumAlarm) c = 0;
    if (countCusumAlarm) cy = 0;
    out.push({ countScore, countCusumScore, cusumScore, score, assessed: true, flagged });
  }
  return out;
}

/**
 * Runs Tocsin's detector on one series and merges flagged periods into episodes.
 * @param series the place series
 * @param options detector options (α, window, materiality, episode gap)
 * @returns one hit per episode; score = the highest period score in it (−log₁₀ scale; alarms at −log₁₀(α/3))
 * @throws {RangeError} on invalid options
 */
export function tocsinDetect(series: PlaceSeries, options: TocsinDetectorOptions = {}): DetectorHit[] {
  const o = resolveOptions(series, options);
  const scores = tocsinScores(series, options);
  return mergeEpisodes(
    scores.map((s) => (s.flagged ? s.score : null)),
    o.episodeGap,
  );
}
