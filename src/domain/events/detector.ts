/**
 * What every escalation detector returns for one place series, before it is turned into an
 * {@link EscalationAlert} by `escalation.ts`: index ranges into the series' points.
 */

/** One alert of a detector on one series: the periods `[startIndex, endIndex]` it covers. */
export interface DetectorHit {
  /** First flagged period (index into `PlaceSeries.points`). */
  startIndex: number;
  /** Last flagged period of the episode (equal to `startIndex` for one-period alerts). */
  endIndex: number;
  /** The period with the highest score. */
  peakIndex: number;
  /** The detector's score at the peak (detector-specific scale, larger = stronger). */
  score: number;
  /** How many periods inside the episode were flagged by themselves. */
  flaggedPeriods: number;
}

/**
 * Merges per-period flags into episodes: a flagged period within `gap` periods after the last
 * flagged period of the current episode extends it; otherwise it starts a new episode. So a
 * sustained surge is one alert, not one alert per period.
 * @param flags per-period score when the period is flagged, `null` otherwise
 * @param gap how many unflagged periods may separate flags of one episode (≥ 0)
 * @returns the episodes in time order
 * @throws {RangeError} when `gap` is negative or not an integer
 */
export function mergeEpisodes(flags: ReadonlyArray<number | null>, gap: number): DetectorHit[] {
  if (!Number.isInteger(gap) || gap < 0) throw new RangeError(`gap must be a non-negative integer, got ${gap}`);
  const out: DetectorHit[] = [];
  let cur: DetectorHit | null = null;
  for (let i = 0; i < flags.length; i++) {
    const s = flags[i];
    if (s === null) continue;
    if (cur && i - cur.endIndex - 1 <= gap) {
      cur.endIndex = i;
      cur.flaggedPeriods++;
      if (s > cur.score) {
        cur.score = s;
        cur.peakIndex = i;
      }
    } else {
      cur = { startIndex: i, endIndex: i, peakIndex: i, score: s, flaggedPeriods: 1 };
      out.push(cur);
    }
  }
  return out;
}
