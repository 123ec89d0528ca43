/**
 * Trends and spike alerts over analysed speech items: counts and rates per country and period
 * (UTC day, or ISO week starting Monday), for each hallmark, target group and classifier label,
 * plus the overall volume; and a spike detector that compares each period with the periods
 * before it.
 *
 * Rate = items with the key / all items of that country in that period. Spike test for a series
 * (country, dimension, key) at period t, with B = the up-to-`baselinePeriods` earlier periods:
 * - expected = (Σ_B count / Σ_B total) × total_t — the baseline rate applied to this period's
 *   volume, so a rise in volume alone does not alarm; for the `volume` series, expected = mean of
 *   the baseline counts;
 * - z = (count_t − expected) / √max(expected, 1) (Poisson approximation);
 * - alert when count_t ≥ `minCount`, z ≥ `minZ`, count_t ≥ `minRatio` × expected, and at least
 *   `minBaselinePeriods` earlier periods exist. Periods without items count as zero.
 */
import type { HallmarkKind } from "./analysis.ts";

/** The minimum an analysed item must carry for trends. */
export interface TrendItem {
  /** ISO 8601 time. */
  readonly time: string;
  readonly country: string;
  readonly hallmarks: readonly HallmarkKind[] | readonly string[];
  readonly targets: readonly string[];
  /** Classifier label, when a classifier was used. */
  readonly label?: string | null;
}

/** Trend period: UTC day or ISO week (Monday start). */
export type Period = "day" | "week";
/** What a trend row counts: all items, or items with a hallmark, a target group or a label. */
export type TrendDimension = "volume" | "hallmark" | "target" | "label";

/** One cell of the trend table. */
export interface TrendRow {
  /** First day of the period, `YYYY-MM-DD`. */
  readonly period: string;
  readonly country: string;
  readonly dimension: TrendDimension;
  /** Hallmark kind, group id, label, or `all` for volume. */
  readonly key: string;
  readonly count: number;
  /** All items of the country in the period. */
  readonly total: number;
  readonly rate: number;
}

const DAY = 86_400_000;

/**
 * First day of the period holding a time.
 * @param time ISO 8601 time
 * @param period `day` or `week` (ISO week, Monday start)
 * @returns `YYYY-MM-DD` (UTC)
 * @throws {RangeError} for an unparseable time
 */
export function periodStart(time: string, period: Period): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: "${time}"`);
  let day = Math.floor(ms / DAY);
  if (period === "week") day -= (new Date(day * DAY).getUTCDay() + 6) % 7;
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/**
 * Counts and rates per country, period, dimension and key. Every period between a country's
 * first and last item appears in the volume series (zero-filled); other series list only
 * non-zero cells.
 *
 * @param items analysed items
 * @param period `day` or `week`
 * @returns rows sorted by country, dimension, key, period
 */
export function speechTrends(items: readonly TrendItem[], period: Period): TrendRow[] {
  const totals = new Map<string, Map<string, number>>();
  const counts = new Map<string, number>();
  const bump = (k: string): void => { counts.set(k, (counts.get(k) ?? 0) + 1); };
  for (const it of items) {
    const p = periodStart(it.time, period);
    const byP = totals.get(it.country) ?? new Map<string, number>();
    byP.set(p, (byP.get(p) ?? 0) + 1);
    totals.set(it.country, byP);
    for (const h of new Set(it.hallmarks)) bump(`${it.country}\u0000hallmark\u0000${h}\u0000${p}`);
    for (const g of new Set(it.targets)) bump(`${it.country}\u0000target\u0000${g}\u0000${p}`);
    if (it.label) bump(`${it.country}\u0000label\u0000${it.label}\u0000${p}`);
  }
  const rows: TrendRow[] = [];
  for (const [country, byP] of totals) {
    for (const p of periodRange([...byP.keys()], period)) {
      const total = byP.get(p) ?? 0;
      rows.push({ period: p, country, dimension: "volume", key: "all", count: total, total, rate: total ? 1 : 0 });
    }
  }
  for (const [k, count] of counts) {
    const [country, dimension, key, p] = k.split("\u0000");
    const total = totals.get(country)?.get(p) ?? 0;
    rows.push({ period: p, country, dimension: dimension as TrendDimension, key, count, total, rate: total ? count / total : 0 });
  }
  return rows.sort((a, b) =>
    a.country.localeCompare(b.country) || a.dimension.localeCompare(b.dimension) || a.key.localeCompare(b.key) || a.period.localeCompare(b.period));
}

function periodRange(periods: string[], period: Period): string[] {
  const sorted = [...periods].sort();
  const step = period === "week" ? 7 : 1;
  const out: string[] = [];
  const end = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`);
  for (let ms = Date.parse(`${sorted[0]}T00:00:00Z`); ms <= end; ms += step * DAY) out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

/** Options of {@link detectSpeechSpikes}. */
export interface SpikeOptions {
  /** Earlier periods forming the baseline (default 8). */
  readonly baselinePeriods?: number;
  /** Fewest earlier periods needed before alerting (default 3). */
  readonly minBaselinePeriods?: number;
  /** Fewest items in the period (default 5). */
  readonly minCount?: number;
  /** Smallest z (default 3). */
  readonly minZ?: number;
  /** Smallest count / expected (default 2). */
  readonly minRatio?: number;
}

/** A spike alert, shaped to join the platform's other signals. */
export interface SpeechAlert {
  readonly signal: "speech_spike";
  readonly country: string;
  /** First day of the period. */
  readonly period: string;
  readonly dimension: TrendDimension;
  readonly key: string;
  readonly count: number;
  readonly expected: number;
  readonly z: number;
  readonly rate: number;
  readonly baselineRate: number;
  /** One-line human summary. */
  readonly message: string;
}

/**
 * Finds spikes in trend rows (test in the module summary).
 *
 * @param rows output of {@link speechTrends} (one period granularity)
 * @param options thresholds
 * @returns alerts, strongest z first
 */
export function detectSpeechSpikes(rows: readonly TrendRow[], options: SpikeOptions = {}): SpeechAlert[] {
  const B = options.baselinePeriods ?? 8;
  const minB = options.minBaselinePeriods ?? 3;
  const minCount = options.minCount ?? 5;
  const minZ = options.minZ ?? 3;
  const minRatio = options.minRatio ?? 2;
  const volume = new Map<string, TrendRow[]>();
  const series = new Map<string, TrendRow[]>();
  for (const r of rows) {
    if (r.dimension === "volume") {
      const list = volume.get(r.country) ?? [];
      list.push(r);
      volume.set(r.country, list);
    } else {
      const k = `${r.country}\u0000${r.dimension}\u0000${r.key}`;
      const list = series.get(k) ?? [];
      list.push(r);
      series.set(k, list);
    }
  }
  const alerts: SpeechAlert[] = [];
  const check = (country: string, dimension: TrendDimension, key: string, cells: { period: string; count: number; total: number }[]): void => {
    for (let t = minB; t < cells.length; t++) {
      const base = cells.slice(Math.max(0, t - B), t);
      const cur = cells[t];
      const baseCount = base.reduce((a, c) => a + c.count, 0);
      const baseTotal = base.reduce((a, c) => a + c.total, 0);
      const baselineRate = dimension === "volume" ? 1 : baseTotal ? baseCount / baseTotal : 0;
      const expected = dimension === "volume" ? baseCount / base.length : baselineRate * cur.total;
      const z = (cur.count - expected) / Math.sqrt(Math.max(expected, 1));
      if (cur.count >= minCount && z >= minZ && cur.count >= minRatio * expected) {
        const rate = cur.total ? cur.count / cur.total : 0;
        alerts.push({
          signal: "speech_spike", country, period: cur.period, dimension, key, count: cur.count, expected, z, rate, baselineRate,
          message: dimension === "volume"
            ? `${country}: ${cur.count} texts in the period starting ${cur.period}, expected ${expected.toFixed(1)}`
            : `${country}: ${cur.count} texts with ${dimension} "${key}" in the period starting ${cur.period} (${(100 * rate).toFixed(1)}% of ${cur.total}), expected ${expected.toFixed(1)} at the baseline rate ${(100 * baselineRate).toFixed(1)}%`,
        });
      }
    }
  };
  for (const [country, cells] of volume) check(country, "volume", "all", cells);
  for (const [k, cells] of series) {
    const [country, dimension, key] = k.split("\u0000");
    const vol = volume.get(country) ?? [];
    const byPeriod = new Map(cells.map((c) => [c.period, c.count]));
    // Zero-fill against the country's volume series so quiet periods count as baseline.
    check(country, dimension as TrendDimension, key, vol.map((v) => ({ period: v.period, count: byPeriod.get(v.period) ?? 0, total: v.total })));
  }
  return alerts.sort((a, b) => b.z - a.z);
}
