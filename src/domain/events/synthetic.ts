/**
 * Synthetic events and count series with known change points, for tests and benchmarks of the
 * escalation detectors. Deterministic: every generator takes a seed.
 */
import type { Event } from "./event.ts";
import { fromDayNumber, toDayNumber } from "./series.ts";
import type { Level, Period, PlaceSeries, SeriesPoint } from "./series.ts";
import { seededRandom } from "../random.ts";

export { seededRandom };

/**
 * Draws from a Poisson distribution (Knuth's method for small means, normal approximation above 50).
 * @param mean rate (≥ 0)
 * @param rand uniform generator
 */
export function poisson(mean: number, rand: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 50) {
    const u = Math.max(1e-12, rand());
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

/**
 * A one-day event with sensible defaults; override any field.
 * @param over fields to set (`sourceId` and `dateStart` at least, usually)
 */
export function syntheticEvent(over: Partial<Event> & { sourceId: string; dateStart: string }): Event {
  return {
    source: "ged",
    dateEnd: over.dateStart,
    datePrecision: 1,
    countryIso3: "TST",
    countryName: "Testland",
    gwCode: null,
    admin1: "North",
    admin2: null,
    lat: null,
    lon: null,
    locationPrecision: 1,
    violenceType: "state-based",
    civilianTargeting: false,
    identityTargeting: false,
    actor1: null,
    actor2: null,
    fatalitiesBest: 1,
    fatalitiesLow: null,
    fatalitiesHigh: null,
    civilianDeaths: 0,
    sourceText: null,
    eventType: null,
    ...over,
  };
}

/**
 * A regular series from per-period counts (and optional civilian deaths), as `buildSeries` would
 * produce; weighted fields equal the unweighted ones unless `weightedEvents` is given.
 * @param counts events per period
 * @param opts period, level, start day, civilian deaths, weighted events
 */
export function seriesFromCounts(
  counts: readonly number[],
  opts: { period?: Period; level?: Level; start?: string; civilianDeaths?: readonly number[]; weightedEvents?: readonly number[] } = {},
): PlaceSeries {
  const period = opts.period ?? "week";
  let day = toDayNumber(opts.start ?? "2000-01-03"); // a Monday
  const points: SeriesPoint[] = counts.map((c, i) => {
    const start = day;
    if (period === "week") day += 7;
    else {
      const d = new Date(day * 86_400_000);
      day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86_400_000;
    }
    const civ = opts.civilianDeaths?.[i] ?? 0;
    return {
      periodStart: fromDayNumber(start),
      periodEnd: fromDayNumber(day - 1),
      events: c,
      weightedEvents: opts.weightedEvents?.[i] ?? c,
      civilianTargetingEvents: 0,
      fatalities: civ,
      civilianDeaths: civ,
      weightedCivilianDeaths: civ,
      eventKeys: Array.from({ length: Math.round(c) }, (_, k) => `ged:${i}-${k}`),
    };
  });
  return { place: { countryIso3: "TST", countryName: "Testland", admin1: "North" }, level: opts.level ?? "admin1", period, points };
}

/**
 * Poisson counts with one change point: mean `before` for `n0` periods, then `after` for `n1`.
 * @returns the counts; the change point is index `n0`
 */
export function changePointCounts(n0: number, before: number, n1: number, after: number, seed: number): number[] {
  const rand = seededRandom(seed);
  return [...Array.from({ length: n0 }, () => poisson(before, rand)), ...Array.from({ length: n1 }, () => poisson(after, rand))];
}
