/** Weekly dangerous-speech volume of one country, with its most frequent hallmarks as lines. */
import * as Plot from "@observablehq/plot";
import { accessibleChart } from "./accessible.ts";
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
    ? `${summary.weeks.length} weeks from ${summary.weeks[0].period} to ${summary.weeks.at(-1)!.period}: ${summary.total} items analysed, most in the week of ${peak!.period} (${peak!.items}).` +
      (summary.hallmarks.length ? ` Most frequent hallmarks: ${summary.hallmarks.map((h) => `${h.key} ${h.count}`).join(", ")}.` : " No hallmarks found.")
    : "No speech items.";
  return accessibleChart(Plot.plot({
    document,
    width,
    height,
    marginLeft: 44,
    ariaLabel: `Dangerous speech per week${country ? ` in ${country}` : ""}`,
    ariaDescription: description,
    x: { type: "utc", label: null },
    y: { label: "items per week", grid: true },
    // Lines are labelled at their ends instead of a legend, so the chart stays one SVG image.
    color: { type: "categorical", scheme: "Dark2" },
    marginRight: summary.hallmarks.length ? 110 : 20,
    style: { fontSize: "12px", fontFamily: "inherit" },
    marks: [
      // Volume as a light area under a thin line, so the hallmark lines stay readable over it.
      Plot.areaY(summary.weeks, { x: (w: { period: string }) => date(w.period), y: "items", fill: "#e2e8f0", className: "volume" }),
      Plot.lineY(summary.weeks, { x: (w: { period: string }) => date(w.period), y: "items", stroke: "#64748b", marker: "dot", className: "weeks" }),
      Plot.lineY(summary.hallmarkSeries, { x: (p: { period: string }) => date(p.period), y: "count", stroke: "key", strokeWidth: 2, marker: "dot", className: "hallmarks" }),
      Plot.text(summary.hallmarkSeries, Plot.selectLast({ x: (p: { period: string }) => date(p.period), y: "count", z: "key", text: (p: { key: string }) => p.key.replace(/_/g, " "), fill: "key", textAnchor: "start", dx: 6 })),
      Plot.ruleY([0]),
    ],
  }), description);
}
