/**
 * How far in the past a speech item may be dated, relative to when it was stored, and still count in
 * spike detection (issue 14 point 8). A monitor who posts texts dated months back can otherwise
 * build a quiet baseline or a fake spike after the fact; real monitoring feeds texts within days.
 *
 * Items an organisation submitted (API) dated more than `SPEECH_BACKDATE_WINDOW_DAYS` days before they
 * were stored are kept (they are listed and show in trends) but never enter spike baselines nor spike
 * periods. The instance operator's command-line loads (`tocsin speech ingest --store`, no
 * organisation) are exempt: loading a historical archive is how an instance is set up. 30 days leaves room
 * for a monthly batch of transcripts or a delayed archive upload; one month is also the alert rules'
 * speech window (`DEFAULT_RULES.recentDays.speech`), so nothing that could still raise a level today
 * is lost to it.
 */
export const SPEECH_BACKDATE_WINDOW_DAYS = 30;

/**
 * True when an item dated `time` and stored at `storedAt` is within the window (counts for spikes).
 * @example
 * ```ts
 * isWithinBackdateWindow("2026-01-01T00:00:00Z", new Date("2026-03-01T00:00:00Z")); // false
 * ```
 */
export function isWithinBackdateWindow(time: string | Date, storedAt: Date, days = SPEECH_BACKDATE_WINDOW_DAYS): boolean {
  return new Date(time).getTime() >= storedAt.getTime() - days * 86_400_000;
}
