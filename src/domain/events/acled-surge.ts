/**
 * ACLED's published surge rule, the baseline detector.
 *
 * ACLED Subnational Surge Tracker (Early Warning Research Hub, acleddata.com): an admin1 unit is
 * flagged when the number of violent events in the most recent week is at least 100% above (i.e.
 * ≥ 2×) the average number of events per week over the previous four weeks; units whose
 * four-week average is below one event are not shown ("this setting weeds out cases in which a
 * first-order administrative division that does not usually experience political violence
 * registers a single event"). Violent events are battles, explosions/remote violence, violence
 * against civilians and riots (see `isViolent`).
 *
 *   flag(t)  ⇔  y_t ≥ ratio · m_t  and  m_t ≥ minBaselineMean,   m_t = (1/B) Σ_{i=1..B} y_{t−i}
 *   score(t) = y_t / m_t
 *
 * Weekly defaults: ratio 2, B = 4 weeks, minBaselineMean 1 event/week (ACLED's exact rule).
 * Monthly: ACLED's companion Subnational Threat Tracker compares the latest month's weekly average
 * with the weekly average over the past year; on monthly counts that is B = 12 months and
 * minBaselineMean = 52/12 ≈ 4.33 events/month (one a week). The rule is applied identically at
 * country level. Every flagged period is its own alert, as on ACLED's dashboard (no episode
 * merging); periods without B full periods of history before them are not assessed.
 */
import type { DetectorHit } from "./detector.ts";
import type { PlaceSeries } from "./series.ts";

/** Options of {@link acledSurge}; defaults depend on the series period (see module comment). */
export interface AcledSurgeOptions {
  /** Multiple of the baseline mean the latest period must reach (default 2, i.e. +100%). */
  ratio?: number;
  /** Number of preceding periods in the baseline (default 4 weeks or 12 months). */
  baselinePeriods?: number;
  /** Smallest baseline mean (events per period) for which the rule is applied (default 1/week, 52/12 per month). */
  minBaselineMean?: number;
}

/**
 * Applies ACLED's surge rule to one series of event counts.
 * @param series the place series (uses `events`, the unweighted count)
 * @param options rule parameters
 * @returns one hit per flagged period, score = latest / baseline mean
 * @throws {RangeError} on a non-positive ratio or baseline length
 */
export function acledSurge(series: PlaceSeries, options: AcledSurgeOptions = {}): DetectorHit[] {
  const weekly = series.period === "week";
  const ratio = options.ratio ?? 2;
  const b = options.baselinePeriods ?? (weekly ? 4 : 12);
  const minMean = options.minBaselineMean ?? (weekly ? 1 : 52 / 12);
  if (!(ratio > 0)) throw new RangeError(`ratio must be > 0, got ${ratio}`);
  if (!Number.isInteger(b) || b < 1) throw new RangeError(`baselinePeriods must be a positive integer, got ${b}`);
  const y = series.points.map((p) => p.events);
  const hits: DetectorHit[] = [];
  let windowSum = 0;
  for (let t = 0; t < y.length; t++) {
    if (t >= b) {
      const mean = windowSum / b;
      // A tiny epsilon keeps exact ties (y = 2m) flagged despite float sums of spread events.
      if (mean >= minMean - 1e-9 && mean > 0 && y[t] >= ratio * mean - 1e-9) {
        hits.push({ startIndex: t, endIndex: t, peakIndex: t, score: y[t] / mean, flaggedPeriods: 1 });
      }
      windowSum -= y[t - b];
    }
    windowSum += y[t];
  }
  return hits;
}
