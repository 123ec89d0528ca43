/**
 * The country page's speech panel as data: weekly volume, and the hallmarks and target groups that
 * occur most, from the rows of `GET /api/countries/:iso3/speech/trends?period=week`.
 */
import type { SpeechTrendRow } from "../api.ts";

/** A key's total over the whole span, with the week it peaked. */
export interface KeyTotal {
  key: string;
  count: number;
  /** Share of all analysed items in the span (0–1). */
  share: number;
  peakPeriod: string;
}

/** What {@link summariseSpeechTrends} returns. */
export interface SpeechSummary {
  /** Items analysed per week, in period order. */
  weeks: { period: string; items: number }[];
  total: number;
  hallmarks: KeyTotal[];
  targets: KeyTotal[];
  /** Per-week counts of the top hallmarks, for a line per hallmark. */
  hallmarkSeries: { period: string; key: string; count: number }[];
}

function totals(rows: readonly SpeechTrendRow[], dimension: SpeechTrendRow["dimension"], total: number, top: number): KeyTotal[] {
  const by = new Map<string, { count: number; peak: SpeechTrendRow }>();
  for (const r of rows) {
    if (r.dimension !== dimension) continue;
    const t = by.get(r.key);
    if (!t) by.set(r.key, { count: r.count, peak: r });
    else {
      t.count += r.count;
      if (r.count > t.peak.count) t.peak = r;
    }
  }
  return [...by.entries()]
    .map(([key, t]) => ({ key, count: t.count, share: total ? t.count / total : 0, peakPeriod: t.peak.period }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, top);
}

/**
 * Summarises weekly trend rows.
 * @param rows trend rows of one country (any order); `volume` rows give the items per week
 * @param top how many hallmarks and targets to keep (default 5)
 */
export function summariseSpeechTrends(rows: readonly SpeechTrendRow[], top = 5): SpeechSummary {
  const weeks = rows.filter((r) => r.dimension === "volume").map((r) => ({ period: r.period, items: r.count })).sort((a, b) => a.period.localeCompare(b.period));
  const total = weeks.reduce((s, w) => s + w.items, 0);
  const hallmarks = totals(rows, "hallmark", total, top);
  const keep = new Set(hallmarks.map((h) => h.key));
  const hallmarkSeries = rows
    .filter((r) => r.dimension === "hallmark" && keep.has(r.key))
    .map((r) => ({ period: r.period, key: r.key, count: r.count }))
    .sort((a, b) => a.period.localeCompare(b.period) || a.key.localeCompare(b.key));
  return { weeks, total, hallmarks, targets: totals(rows, "target", total, top), hallmarkSeries };
}
