/** Weekly dangerous-speech volume of one country, with its most frequent hallmarks as lines. */
import * as Plot from "@observablehq/plot";
import { accessibleChart } from "./accessible.ts";
import { t, tDynamic } from "../i18n/i18n.ts";
import type { SpeechSummary } from "../lib/speech-trends.ts";

/**
 * Draws items analysed per week (grey area and line, a dot per week) and the weekly count of each top hallmark (coloured lines).
 * @param summary from `summariseSpeechTrends`
 * @returns an SVG with `aria-label` and a description of the numbers
 */
export function speechTrendsChart(summary: SpeechSummary, options: { width?: number; height?: number; document?: Document; country?: string } = {}): SVGSVGElement | HTMLElement {
  const { width = 640, height = 220, document, country } = options;
  const date = (period: string) => new Date(`${period}T00:00:00Z`);
  const peak = summary.weeks.reduce<{ period: string; items: number } | null>((b, w) => (b === null || w.items > b.items ? w : b), null);
  const description = summary.weeks.length
    ? t("chart.speech.desc", { weeks: summary.weeks.length, from: summary.weeks[0].period, to: summary.weeks.at(-1)!.period, total: summary.total, peak: peak!.period, peakItems: peak!.items }) + " " +
      (summary.hallmarks.length ? t("chart.speech.hallmarks", { list: summary.hallmarks.map((h) => `${h.key} ${h.count}`).join(", ") }) : t("chart.speech.noHallmarks"))
    : t("chart.speech.none");
  return accessibleChart(Plot.plot({
    document,
    width,
    height,
    marginLeft: 44,
    ariaLabel: country ? t("chart.speech.labelIn", { country }) : t("chart.speech.label"),
    ariaDescription: description,
    x: { type: "utc", label: null },
    y: { label: t("chart.speech.axis"), grid: true },
    // Lines are labelled at their ends instead of a legend, so the chart stays one SVG image.
    color: { type: "categorical", scheme: "Dark2" },
    marginRight: summary.hallmarks.length ? 110 : 20,
    style: { fontSize: "12px", fontFamily: "inherit" },
    marks: [
      // Volume as a light area under a thin line, so the hallmark lines stay readable over it.
      Plot.areaY(summary.weeks, { x: (w: { period: string }) => date(w.period), y: "items", fill: "#e2e8f0", className: "volume" }),
      Plot.lineY(summary.weeks, { x: (w: { period: string }) => date(w.period), y: "items", stroke: "#64748b", marker: "dot", className: "weeks" }),
      Plot.lineY(summary.hallmarkSeries, { x: (p: { period: string }) => date(p.period), y: "count", stroke: "key", strokeWidth: 2, marker: "dot", className: "hallmarks" }),
      Plot.text(summary.hallmarkSeries, Plot.selectLast({ x: (p: { period: string }) => date(p.period), y: "count", z: "key", text: (p: { key: string }) => tDynamic(`hallmark.${p.key}`, p.key.replace(/_/g, " ")), fill: "key", textAnchor: "start", dx: 6 })),
      Plot.ruleY([0]),
    ],
  }), description);
}
