/**
 * The one domain interface for escalation alerts: `detectEscalations(events, options)` turns
 * normalised events into {@link EscalationAlert}s with either detector. Alerting, the CLI, the API
 * and the benchmark all go through here.
 */
import { acledSurge } from "./acled-surge.ts";
import type { AcledSurgeOptions } from "./acled-surge.ts";
import type { DetectorHit } from "./detector.ts";
import type { Event } from "./event.ts";
import { buildSeries, placeId, toDayNumber } from "./series.ts";
import type { Level, Period, PlaceSeries, SeriesOptions } from "./series.ts";
import { tocsinDetect } from "./tocsin-detector.ts";
import type { TocsinDetectorOptions } from "./tocsin-detector.ts";

/** Available detectors. */
export type DetectorName = "tocsin" | "acled-surge";
/** All detector names, for argument validation. */
export const DETECTORS: readonly DetectorName[] = ["tocsin", "acled-surge"];

/**
 * How grave the violence behind an alert is, from the alert's civilian deaths and fatalities
 * (not from the detector score, so the two detectors are graded alike):
 * critical ≥ 100 civilian deaths or ≥ 1000 deaths; high ≥ 25 or ≥ 250; moderate ≥ 5 or ≥ 25; low otherwise.
 */
export type Severity = "low" | "moderate" | "high" | "critical";

/** One escalation alert: a detector flagged a place over a run of periods. */
export interface EscalationAlert {
  /** Stable id: `detector|level|period|place|periodStart`. */
  id: string;
  detector: DetectorName;
  level: Level;
  period: Period;
  countryIso3: string | null;
  countryName: string;
  /** `null` for country-level alerts. */
  admin1: string | null;
  /** First day of the first flagged period. */
  periodStart: string;
  /** Last day of the last flagged period of the episode. */
  periodEnd: string;
  /** First day of the highest-scoring period. */
  peakPeriodStart: string;
  /** Detector score at the peak: `tocsin` −log₁₀ p (alarm at −log₁₀ α); `acled-surge` ratio to the baseline mean. */
  score: number;
  /** Periods flagged inside the episode (1 for acled-surge). */
  flaggedPeriods: number;
  /** Number of distinct events behind the alert. */
  events: number;
  /** Keys (`source:sourceId`) of those events. */
  eventKeys: string[];
  /** Deaths (best estimates) attributed to the alert's periods, rounded. */
  fatalities: number;
  /** Civilian deaths attributed to the alert's periods, rounded. */
  civilianDeaths: number;
  severity: Severity;
}

/** Options of {@link detectEscalations}. */
export interface DetectEscalationsOptions {
  detector: DetectorName;
  level: Level;
  period: Period;
  /** Report alerts whose first period starts on or after this day (`YYYY-MM-DD`); earlier events still form the baseline. */
  from?: string;
  /** Report alerts whose first period starts on or before this day; later events are ignored. */
  to?: string;
  /** Keep only events of this country (ISO3, or the source's country name when unresolved). */
  country?: string;
  /** Series construction (weights, spreading of long events, week start). */
  series?: Pick<SeriesOptions, "spreadAboveDays" | "weekStartsOn" | "civilianWeight" | "identityWeight">;
  tocsin?: TocsinDetectorOptions;
  acledSurge?: AcledSurgeOptions;
}

/**
 * Grades an alert (see {@link Severity}).
 * @param civilianDeaths civilian deaths behind the alert
 * @param fatalities all deaths behind the alert
 */
export function severityOf(civilianDeaths: number, fatalities: number): Severity {
  if (civilianDeaths >= 100 || fatalities >= 1000) return "critical";
  if (civilianDeaths >= 25 || fatalities >= 250) return "high";
  if (civilianDeaths >= 5 || fatalities >= 25) return "moderate";
  return "low";
}

function toAlert(s: PlaceSeries, hit: DetectorHit, detector: DetectorName): EscalationAlert {
  const keys = new Set<string>();
  let fatalities = 0;
  let civ = 0;
  for (let i = hit.startIndex; i <= hit.endIndex; i++) {
    const p = s.points[i];
    for (const k of p.eventKeys) keys.add(k);
    fatalities += p.fatalities;
    civ += p.civilianDeaths;
  }
  const first = s.points[hit.startIndex];
  const fat = Math.round(fatalities);
  const civR = Math.round(civ);
  return {
    id: `${detector}|${s.level}|${s.period}|${placeId(s.place)}|${first.periodStart}`,
    detector,
    level: s.level,
    period: s.period,
    countryIso3: s.place.countryIso3,
    countryName: s.place.countryName,
    admin1: s.place.admin1,
    periodStart: first.periodStart,
    periodEnd: s.points[hit.endIndex].periodEnd,
    peakPeriodStart: s.points[hit.peakIndex].periodStart,
    score: hit.score,
    flaggedPeriods: hit.flaggedPeriods,
    events: keys.size,
    eventKeys: [...keys].sort(),
    fatalities: fat,
    civilianDeaths: civR,
    severity: severityOf(civR, fat),
  };
}

/**
 * Detects escalations in a set of events.
 * @param events normalised events (read once; any iterable)
 * @param options detector, level, period, reporting window, country filter and detector options
 * @returns alerts sorted by `periodStart`, then place
 * @throws {RangeError} on an unknown detector, level or period, invalid dates or detector options
 * @example
 * const alerts = detectEscalations(events, { detector: "tocsin", level: "admin1", period: "month", country: "MMR" });
 */
export function detectEscalations(events: Iterable<Event>, options: DetectEscalationsOptions): EscalationAlert[] {
  const { detector, level, period } = options;
  if (!DETECTORS.includes(detector)) throw new RangeError(`unknown detector ${JSON.stringify(detector)} (use ${DETECTORS.join(" or ")})`);
  if (level !== "country" && level !== "admin1") throw new RangeError(`level must be country or admin1, got ${JSON.stringify(level)}`);
  if (period !== "week" && period !== "month") throw new RangeError(`period must be week or month, got ${JSON.stringify(period)}`);
  const fromDay = options.from ? toDayNumber(options.from) : -Infinity;
  const toDay = options.to ? toDayNumber(options.to) : Infinity;
  if (fromDay > toDay) throw new RangeError(`from (${options.from}) is after to (${options.to})`);
  const country = options.country;
  const selected: Event[] = [];
  for (const e of events) {
    if (country && e.countryIso3 !== country && !(e.countryIso3 === null && e.countryName === country)) continue;
    selected.push(e);
  }
  const series = buildSeries(selected, { ...options.series, level, period, to: options.to });
  const alerts: EscalationAlert[] = [];
  for (const s of series) {
    const hits = detector === "tocsin" ? tocsinDetect(s, options.tocsin) : acledSurge(s, options.acledSurge);
    for (const h of hits) {
      const start = toDayNumber(s.points[h.startIndex].periodStart);
      if (start < fromDay || start > toDay) continue;
      alerts.push(toAlert(s, h, detector));
    }
  }
  return alerts.sort((a, b) =>
    a.periodStart !== b.periodStart ? (a.periodStart < b.periodStart ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}
