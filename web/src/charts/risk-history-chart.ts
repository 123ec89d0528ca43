/**
 * A country's risk over time: stored forecasts with their intervals, with EWP's onset years as
 * ticks; and the timeline of its mass-killing episodes over the whole EWP record.
 */
import * as Plot from "@observablehq/plot";
import type { BacktestPoint, Episode, ForecastPoint } from "../api.ts";
import { accessibleChart } from "./accessible.ts";
import { t } from "../i18n/i18n.ts";

/** Data of {@link riskHistoryChart}. */
export interface RiskHistoryData {
  /** Stored forecasts; only the two-year horizon is drawn, at its first target year. */
  history: readonly ForecastPoint[];
  /** Out-of-sample backtest risks (a model trained only on earlier years), drawn as a line. */
  backtest?: readonly BacktestPoint[];
  /** Years EWP codes a new mass-killing onset (`mkOnset = 1`). */
  onsetYears: readonly number[];
  /** Last year of the EWP record. */
  lastYear: number;
}

/** Options of the charts in this file. */
export interface HistoryChartOptions {
  width?: number;
  height?: number;
  document?: Document;
  country?: string;
}

/** Years shown before the first forecast, so recent onsets give the forecasts context. */
export const HISTORY_CONTEXT_YEARS = 15;

/**
 * Draws the forecast history (dots with interval rules, in %) from {@link HISTORY_CONTEXT_YEARS}
 * years before the first forecast to the last target year, with onset years as dark ticks.
 * @param data history, onset years, last EWP year
 * @param options width, height, document, country
 * @returns an SVG element with `aria-label` and a description of every forecast
 */
export function riskHistoryChart(data: RiskHistoryData, options: HistoryChartOptions = {}): SVGSVGElement | HTMLElement {
  const { width = 640, height = 220, document, country } = options;
  const points = data.history
    .filter((h) => h.horizon === "two-year")
    .map((h) => ({ ...h, year: h.targetFrom, pct: h.risk * 100, low: h.interval.low * 100, high: h.interval.high * 100 }));
  const past = (data.backtest ?? []).map((b) => ({ year: b.targetFrom, pct: b.risk * 100 }));
  const lastYear = Math.max(data.lastYear + 1, ...points.map((p) => p.targetTo));
  const firstYear = past.length ? Math.min(...past.map((p) => p.year)) - 1 : Math.min(data.lastYear, ...points.map((p) => p.targetFrom)) - HISTORY_CONTEXT_YEARS;
  const onsets = data.onsetYears.filter((y) => y >= firstYear);
  const maxPct = Math.max(1, ...points.map((p) => p.high), ...past.map((p) => p.pct)) * 1.15;
  const description = [
    points.length
      ? t("chart.history.forecasts", { list: points.map((p) => `${p.targetFrom}–${p.targetTo} ${p.pct.toFixed(1)} % (${p.low.toFixed(1)}–${p.high.toFixed(1)} %)`).join("; ") })
      : t("chart.history.noForecasts"),
    past.length ? t("chart.history.backtest", { from: String(past[0].year), to: String(past.at(-1)!.year), peak: Math.max(...past.map((p) => p.pct)).toFixed(1) }) : "",
    onsets.length ? t("chart.history.onsets", { since: String(firstYear), list: onsets.join(", ") }) : t("chart.history.noOnsets", { since: String(firstYear) }),
  ].filter(Boolean).join(" ");
  return accessibleChart(Plot.plot({
    document,
    width,
    height,
    marginLeft: 44,
    ariaLabel: country ? t("chart.history.labelOf", { country }) : t("chart.history.label"),
    ariaDescription: description,
    x: { domain: [firstYear, lastYear + 1], label: t("chart.year"), tickFormat: "d", labelAnchor: "right" },
    y: { domain: [0, maxPct], label: t("chart.history.axis"), grid: true },
    style: { fontSize: "12px", fontFamily: "inherit" },
    marks: [
      Plot.ruleX(onsets, { x: (y: number) => y + 0.5, y1: 0, y2: maxPct * 0.15, stroke: "#111827", strokeWidth: 2, className: "onsets" }),
      Plot.line(past, { x: (p: { year: number }) => p.year + 0.5, y: "pct", stroke: "#7f6f6f", strokeWidth: 1.5, className: "backtest" }),
      Plot.ruleX(points, { x: (p: { year: number }) => p.year + 0.5, y1: "low", y2: "high", stroke: "#bd0026", strokeWidth: 2, className: "intervals" }),
      Plot.dot(points, {
        x: (p: { year: number }) => p.year + 0.5, y: "pct", fill: "#bd0026", r: 4, className: "forecasts",
        title: (p: { targetFrom: number; targetTo: number; pct: number }) => `${p.targetFrom}–${p.targetTo}: ${p.pct.toFixed(1)} %`,
      }),
      Plot.text(points, {
        x: (p: { year: number }) => p.year + 0.5, y: "pct", text: (p: { pct: number }) => `${p.pct.toFixed(1)} %`, dx: -8, textAnchor: "end", fill: "#1b1b1b",
      }),
      Plot.ruleY([0]),
    ],
  }), description);
}

/**
 * Draws EWP's mass-killing episodes of one country as a timeline, one row per episode, over the
 * whole EWP record; open-ended episodes run to `lastYear`.
 * @param episodes the country's episodes
 * @param range first and last year of the axis
 * @param options width, document, country
 * @returns an SVG element with `aria-label` and a description listing the episodes
 */
export function episodeTimeline(
  episodes: readonly Episode[],
  range: { firstYear: number; lastYear: number },
  options: HistoryChartOptions = {},
): SVGSVGElement | HTMLElement {
  const { width = 640, document, country } = options;
  const rows = [...episodes]
    .sort((a, b) => a.startYear - b.startYear)
    .map((e) => ({ ...e, label: `${e.startYear}–${e.endYear ?? t("country.ongoing")}`, x1: Math.max(e.startYear, range.firstYear), x2: (e.endYear ?? range.lastYear) + 1 }));
  const description = rows.length ? rows.map((r) => `${r.label}: ${r.name}`).join("; ") : t("chart.episodes.none");
  return accessibleChart(Plot.plot({
    document,
    width,
    height: 50 + Math.max(1, rows.length) * 24,
    marginLeft: 120,
    ariaLabel: t("chart.episodes.label", { country: country ?? "none", years: `${range.firstYear}–${range.lastYear}` }),
    ariaDescription: description,
    x: { domain: [range.firstYear, range.lastYear + 1], label: t("chart.year"), tickFormat: "d", labelAnchor: "right" },
    y: { domain: rows.map((r) => r.code), tickFormat: (code: string) => rows.find((r) => r.code === code)?.label ?? code, label: null, tickSize: 0 },
    style: { fontSize: "12px", fontFamily: "inherit" },
    marks: [
      Plot.barX(rows, { x1: "x1", x2: "x2", y: "code", fill: (r: Episode) => (r.stateLed === false ? "#6b7280" : "#7f1d1d"), className: "episodes", title: "name", insetTop: 3, insetBottom: 3 }),
      Plot.frame({ stroke: "#ddd" }),
    ],
  }), description);
}
