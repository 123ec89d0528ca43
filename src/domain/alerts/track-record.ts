/**
 * The track record of the alert levels (issue 7 part 5), pure: replay the structural part of the
 * level rules over the out-of-sample walk-forward history of the forecasting model (each year's
 * risk comes from a model trained only on earlier years; EWP protocol), with the same hysteresis
 * across years as live computations, and score the levels it would have set against the mass-killing
 * onsets that followed.
 *
 * Definitions, for a level L and a horizon of H years (default 2, the forecasts' own target window):
 * - an alert is a country-year whose level (from data of year d) is ≥ L; it is a hit when an onset
 *   happens in d+1 … d+H. Country-years whose outcome years are not all coded (and had no onset)
 *   are left out.
 * - hit rate = hits / alerts (precision); false-alarm ratio = 1 − hit rate;
 *   false-alarm rate = alerts not followed by an onset / country-years not followed by one.
 * - an onset in year Y is caught when some data year in Y−H … Y−1 had level ≥ L; recall = caught / onsets.
 * - lead time of a caught onset = Y − d₀ in years, where d₀ is the first year of the unbroken run
 *   of years at ≥ L that reaches into the window (data of year Y−1 gives a lead of 1 year).
 * The thresholds are the rules' defaults, fixed before this was first computed (see `rules.ts`).
 */
import { computeLevel, holdingLevel, nextLevel, type AlertState } from "./compute.ts";
import { ALERT_LEVELS, levelRank, type AlertLevel } from "./level.ts";
import { structuralRules, type AlertRules } from "./rules.ts";
import { forecastSignals } from "./signal.ts";

/** One out-of-sample forecast of the walk-forward history. */
export interface HistoryPoint {
  iso3: string;
  /** Year of the data the forecast was made from (it covers dataYear+1 … dataYear+2). */
  dataYear: number;
  risk: number;
  rank: number;
}

/** A coded outcome: whether a mass-killing onset began in that country-year (null = not coded). */
export interface OutcomePoint {
  iso3: string;
  year: number;
  onset: 0 | 1 | null;
}

/** Scores of one level. */
export interface LevelRecord {
  level: Exclude<AlertLevel, "none">;
  /** Country-years at ≥ level with a known outcome. */
  alerts: number;
  hits: number;
  /** hits / alerts (null without alerts). */
  hitRate: number | null;
  /** 1 − hit rate. */
  falseAlarmRatio: number | null;
  /** Alerts not followed by an onset / country-years not followed by one. */
  falseAlarmRate: number | null;
  onsets: number;
  caught: number;
  /** caught / onsets. */
  recall: number | null;
  /** Lead times of caught onsets, in years. */
  leadTime: { median: number; mean: number; min: number; max: number } | null;
}

/** Output of {@link trackRecord}. */
export interface TrackRecord {
  horizonYears: number;
  /** First and last data year replayed. */
  years: [number, number] | null;
  /** Country-years with a known outcome. */
  countryYears: number;
  /** Country-years followed by an onset. */
  positives: number;
  levels: LevelRecord[];
  /** The level set for each country and data year (for charts and checks). */
  replay: { iso3: string; dataYear: number; level: AlertLevel }[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Replays the structural rules year by year per country and scores the levels (definitions in the
 * module doc).
 * @param history out-of-sample forecasts (any order)
 * @param outcomes coded onsets per country-year
 * @param rules the full rule set; only its structural part and hysteresis are used
 * @param horizonYears years after the data year an onset counts (default 2)
 * @throws {RangeError} for a horizon below 1
 */
export function trackRecord(history: readonly HistoryPoint[], outcomes: readonly OutcomePoint[], rules: AlertRules, horizonYears = 2): TrackRecord {
  if (!(Number.isInteger(horizonYears) && horizonYears >= 1)) throw new RangeError(`horizonYears must be an integer ≥ 1, got ${horizonYears}`);
  const structural = structuralRules(rules);
  const ranked = new Map<number, number>();
  for (const p of history) ranked.set(p.dataYear, (ranked.get(p.dataYear) ?? 0) + 1);
  const byCountry = new Map<string, HistoryPoint[]>();
  for (const p of history) byCountry.set(p.iso3, [...(byCountry.get(p.iso3) ?? []), p]);
  const outcome = new Map(outcomes.map((o) => [`${o.iso3}|${o.year}`, o.onset]));

  const levelAt = new Map<string, AlertLevel>();
  const replay: TrackRecord["replay"] = [];
  for (const [iso3, points] of byCountry) {
    points.sort((a, b) => a.dataYear - b.dataYear);
    let state: AlertState | null = null;
    let prev: HistoryPoint | null = null;
    for (const p of points) {
      const point = (q: HistoryPoint) => ({ baseYear: q.dataYear, rank: q.rank, ranked: ranked.get(q.dataYear)!, risk: q.risk, source: `backtest ${q.dataYear}` });
      const signals = forecastSignals(iso3, point(p), prev && prev.dataYear === p.dataYear - 1 ? point(prev) : null);
      const proposed: AlertLevel = computeLevel(signals, structural, holdingLevel(state)).level;
      // One computation a year, dated when the year's forecast would have been published.
      state = nextLevel(state, proposed, new Date(Date.UTC(p.dataYear + 1, 0, 1)), structural).state;
      levelAt.set(`${iso3}|${p.dataYear}`, state.level);
      replay.push({ iso3, dataYear: p.dataYear, level: state.level });
      prev = p;
    }
  }

  // Which country-years are followed by an onset (null: not known).
  const followed = (iso3: string, d: number): boolean | null => {
    let unknown = false;
    for (let y = d + 1; y <= d + horizonYears; y++) {
      const o = outcome.get(`${iso3}|${y}`);
      if (o === 1) return true;
      if (o === undefined || o === null) unknown = true;
    }
    return unknown ? null : false;
  };
  const evaluable = replay.map((r) => ({ ...r, positive: followed(r.iso3, r.dataYear) })).filter((r) => r.positive !== null);
  const positives = evaluable.filter((r) => r.positive).length;
  const negatives = evaluable.length - positives;
  const onsetList = outcomes.filter((o) => o.onset === 1 && byCountry.has(o.iso3));

  const levels = ALERT_LEVELS.filter((l): l is Exclude<AlertLevel, "none"> => l !== "none").map((level): LevelRecord => {
    const at = (iso3: string, d: number) => {
      const l = levelAt.get(`${iso3}|${d}`);
      return l !== undefined && levelRank(l) >= levelRank(level);
    };
    const alerts = evaluable.filter((r) => levelRank(r.level) >= levelRank(level));
    const hits = alerts.filter((r) => r.positive).length;
    let onsets = 0;
    const leads: number[] = [];
    for (const o of onsetList) {
      const window = Array.from({ length: horizonYears }, (_, i) => o.year - horizonYears + i).filter((d) => levelAt.has(`${o.iso3}|${d}`));
      if (!window.length) continue; // no forecast could have warned of it
      onsets += 1;
      const latest = [...window].reverse().find((d) => at(o.iso3, d));
      if (latest === undefined) continue;
      let d0 = latest;
      while (at(o.iso3, d0 - 1)) d0 -= 1;
      leads.push(o.year - d0);
    }
    return {
      level,
      alerts: alerts.length,
      hits,
      hitRate: alerts.length ? hits / alerts.length : null,
      falseAlarmRatio: alerts.length ? 1 - hits / alerts.length : null,
      falseAlarmRate: negatives ? (alerts.length - hits) / negatives : null,
      onsets,
      caught: leads.length,
      recall: onsets ? leads.length / onsets : null,
      leadTime: leads.length ? { median: median(leads), mean: leads.reduce((a, b) => a + b, 0) / leads.length, min: Math.min(...leads), max: Math.max(...leads) } : null,
    };
  });
  const years = replay.length ? ([Math.min(...replay.map((r) => r.dataYear)), Math.max(...replay.map((r) => r.dataYear))] as [number, number]) : null;
  return { horizonYears, years, countryYears: evaluable.length, positives, levels, replay };
}
