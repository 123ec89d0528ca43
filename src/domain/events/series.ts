/**
 * Bucketing events into regular count series per place (country or admin1) and period (week or
 * month), the input of every escalation detector.
 *
 * How events with imprecise or long dates are counted (the choice matters for surge detection):
 * - An event whose span (`dateEnd − dateStart + 1` days) is at most `spreadAboveDays` (default 7,
 *   i.e. GED `date_prec` 1–3 and ACLED/GDELT day or week precision) is counted whole in the period
 *   that holds the middle day of its span. Such events are real point-in-time information.
 * - A longer event (GED `date_prec` 4–5, e.g. a month-long clearance operation or UCDP's
 *   year-long "AGGREGATION" rows) is spread uniformly over its days: each period receives the
 *   share of the event, fatalities and civilian deaths that falls on its days. Counts therefore
 *   may be fractional. Detectors that need whole counts use `Math.floor` of the period total, so a
 *   thin smear of aggregated events cannot by itself raise an alarm, while its deaths still enter
 *   the baseline in proportion.
 * - Each period lists the keys of all events that contributed to it (whole or in part), so an
 *   alert can name the events behind it.
 * - At admin1 level, events without an admin1 (country-level precision) are left out; they still
 *   count at country level. Non-violent events (see {@link isViolent}) are left out everywhere.
 * - Every place's series covers the whole window `[from, to]` with zeros where nothing happened,
 *   so a place that was quiet for years has a quiet baseline rather than no baseline.
 */
import { effectiveCivilianDeaths, eventKey, isViolent } from "./event.ts";
import type { Event } from "./event.ts";

/** Calendar period of a series. */
export type Period = "week" | "month";
/** Spatial level of a series. */
export type Level = "country" | "admin1";

/** A place a series is about. `admin1` is `null` at country level. */
export interface Place {
  /** ISO3 when resolved; otherwise `null` and `countryName` identifies the country. */
  countryIso3: string | null;
  countryName: string;
  admin1: string | null;
}

/** One period of a series. All sums are over the (shares of) events attributed to the period. */
export interface SeriesPoint {
  /** First day, `YYYY-MM-DD`. */
  periodStart: string;
  /** Last day, `YYYY-MM-DD`. */
  periodEnd: string;
  /** Number of events (fractional when long events are spread). */
  events: number;
  /** Events weighted by civilian/identity targeting (see {@link SeriesOptions.civilianWeight}). */
  weightedEvents: number;
  /** Events that are one-sided or target civilians. */
  civilianTargetingEvents: number;
  /** Sum of best fatality estimates (missing counts as 0). */
  fatalities: number;
  /** Civilian deaths ({@link effectiveCivilianDeaths}). */
  civilianDeaths: number;
  /** Civilian deaths weighted by identity targeting. */
  weightedCivilianDeaths: number;
  /** Keys (`source:sourceId`) of the events that contributed. */
  eventKeys: string[];
}

/** A regular series for one place. */
export interface PlaceSeries {
  place: Place;
  level: Level;
  period: Period;
  points: SeriesPoint[];
}

/** Options for {@link buildSeries}. */
export interface SeriesOptions {
  level: Level;
  period: Period;
  /** First day of the window (`YYYY-MM-DD`); default: the earliest event start. */
  from?: string;
  /** Last day of the window (`YYYY-MM-DD`); default: the latest event end. */
  to?: string;
  /** Events spanning more days than this are spread over their span (default 7). */
  spreadAboveDays?: number;
  /** Day weeks start on, 0 = Sunday … 6 = Saturday (default 1, Monday, ISO 8601; ACLED uses Saturday). */
  weekStartsOn?: number;
  /** Extra weight of an event that is one-sided or targets civilians: weight = 1 + this (default 1). */
  civilianWeight?: number;
  /** Extra weight when the victims were targeted as an identity group (default 1). */
  identityWeight?: number;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Converts an ISO date to a day number (days since 1970-01-01, UTC).
 * @throws {RangeError} when the string is not a valid `YYYY-MM-DD` date
 */
export function toDayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms).toISOString().slice(0, 10);
  if (back !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms / DAY_MS;
}

/** Converts a day number back to `YYYY-MM-DD`. */
export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The first day of the period holding `day`.
 * @param day day number
 * @param period week or month
 * @param weekStartsOn 0–6, Sunday-based
 * @returns the day number of the period's first day
 */
export function periodStartDay(day: number, period: Period, weekStartsOn = 1): number {
  if (period === "week") {
    const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
    return day - ((dow - weekStartsOn + 7) % 7);
  }
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** The first day of the period after the one starting on `start`. */
export function nextPeriodStartDay(start: number, period: Period): number {
  if (period === "week") return start + 7;
  const d = new Date(start * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
}

/**
 * The key grouping an event into a place at the given level, or `null` when the event cannot be
 * placed (no admin1 at admin1 level).
 */
export function placeOf(event: Event, level: Level): Place | null {
  if (level === "admin1" && !event.admin1) return null;
  return {
    countryIso3: event.countryIso3,
    countryName: event.countryName,
    admin1: level === "admin1" ? event.admin1 : null,
  };
}

/** A string id for a place, stable across runs. */
export function placeId(place: Place): string {
  return `${place.countryIso3 ?? place.countryName}|${place.admin1 ?? ""}`;
}

/**
 * Buckets events into one regular series per place. See the module comment for how imprecise
 * and long events are attributed.
 * @param events the events (any iterable; read once)
 * @param options level, period, window and weights
 * @returns one series per place that has at least one violent event in the window, sorted by place id
 * @throws {RangeError} on an invalid date in the options or an event, or `from` after `to`
 */
export function buildSeries(events: Iterable<Event>, options: SeriesOptions): PlaceSeries[] {
  const { level, period } = options;
  const spreadAbove = options.spreadAboveDays ?? 7;
  const weekStartsOn = options.weekStartsOn ?? 1;
  const civW = options.civilianWeight ?? 1;
  const idW = options.identityWeight ?? 1;
  if (!(weekStartsOn >= 0 && weekStartsOn <= 6 && Number.isInteger(weekStartsOn))) {
    throw new RangeError(`weekStartsOn must be an integer 0-6, got ${weekStartsOn}`);
  }

  const list: Event[] = [];
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const e of events) {
    if (!isViolent(e)) continue;
    const s = toDayNumber(e.dateStart);
    const t = toDayNumber(e.dateEnd);
    list.push(e);
    minDay = Math.min(minDay, s);
    maxDay = Math.max(maxDay, t);
  }
  const fromDay = options.from ? toDayNumber(options.from) : minDay;
  const toDay = options.to ? toDayNumber(options.to) : maxDay;
  if (!Number.isFinite(fromDay) || !Number.isFinite(toDay)) return [];
  if (fromDay > toDay) throw new RangeError(`from (${options.from}) is after to (${options.to})`);

  // The period grid: starts of all periods overlapping [fromDay, toDay].
  const starts: number[] = [];
  for (let p = periodStartDay(fromDay, period, weekStartsOn); p <= toDay; p = nextPeriodStartDay(p, period)) {
    starts.push(p);
  }
  const indexOf = (day: number): number => {
    // Binary search: the last start ≤ day.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= day) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const byPlace = new Map<string, PlaceSeries>();
  const seriesFor = (place: Place): PlaceSeries => {
    const id = placeId(place);
    let s = byPlace.get(id);
    if (!s) {
      s = {
        place,
        level,
        period,
        points: starts.map((st, i) => ({
          periodStart: fromDayNumber(st),
          periodEnd: fromDayNumber((i + 1 < starts.length ? starts[i + 1] : nextPeriodStartDay(st, period)) - 1),
          events: 0,
          weightedEvents: 0,
          civilianTargetingEvents: 0,
          fatalities: 0,
          civilianDeaths: 0,
          weightedCivilianDeaths: 0,
          eventKeys: [],
        })),
      };
      byPlace.set(id, s);
    }
    return s;
  };

  for (const e of list) {
    const place = placeOf(e, level);
    if (!place) continue;
    const s = toDayNumber(e.dateStart);
    const t = Math.max(s, toDayNumber(e.dateEnd));
    const span = t - s + 1;
    const civ = e.violenceType === "one-sided" || e.civilianTargeting;
    const weight = 1 + (civ ? civW : 0) + (e.identityTargeting ? idW : 0);
    const deaths = e.fatalitiesBest ?? 0;
    const civDeaths = effectiveCivilianDeaths(e);
    const civDeathWeight = 1 + (e.identityTargeting ? idW : 0);
    const key = eventKey(e);
    // Shares of the event per period index.
    const shares: Array<[number, number]> = [];
    if (span <= spreadAbove) {
      const mid = Math.floor((s + t) / 2);
      if (mid >= fromDay && mid <= toDay) shares.push([indexOf(mid), 1]);
    } else {
      const lo = Math.max(s, fromDay);
      const hi = Math.min(t, toDay);
      if (lo <= hi) {
        for (let i = indexOf(lo); i < starts.length && starts[i] <= hi; i++) {
          const pEnd = (i + 1 < starts.length ? starts[i + 1] : Infinity) - 1;
          const overlap = Math.min(hi, pEnd) - Math.max(lo, starts[i]) + 1;
          if (overlap > 0) shares.push([i, overlap / span]);
        }
      }
    }
    if (shares.length === 0) continue;
    const series = seriesFor(place);
    for (const [i, f] of shares) {
      const pt = series.points[i];
      pt.events += f;
      pt.weightedEvents += f * weight;
      if (civ) pt.civilianTargetingEvents += f;
      pt.fatalities += f * deaths;
      pt.civilianDeaths += f * civDeaths;
      pt.weightedCivilianDeaths += f * civDeaths * civDeathWeight;
      pt.eventKeys.push(key);
    }
  }
  return [...byPlace.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}
