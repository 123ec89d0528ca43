/** Monthly conflict events and civilian deaths of one country. */
import * as Plot from "@observablehq/plot";
import { accessibleChart } from "./accessible.ts";
import { t } from "../i18n/i18n.ts";

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
import type { EventMonth } from "../api.ts";

/** What {@link eventsChart} draws per month. */
export type EventMeasure = "events" | "civilianDeaths";

const LABELS: Record<EventMeasure, "chart.events.events" | "chart.events.civilianDeaths"> = { events: "chart.events.events", civilianDeaths: "chart.events.civilianDeaths" };
const COLORS: Record<EventMeasure, string> = { events: "#4b5563", civilianDeaths: "#bd0026" };

/**
 * Draws one measure per month as bars.
 * @param months consecutive months (`YYYY-MM-01`), zeros included
 * @param options.measure `events` or `civilianDeaths` (default `events`)
 * @returns an SVG element with `aria-label` and a description (span, total, peak month)
 * @throws {RangeError} for an unknown measure
 */
export function eventsChart(
  months: readonly EventMonth[],
  options: { measure?: EventMeasure; width?: number; height?: number; document?: Document; country?: string } = {},
): SVGSVGElement | HTMLElement {
  const { measure = "events", width = 640, height = 180, document, country } = options;
  if (!(measure in LABELS)) throw new RangeError(`measure must be events or civilianDeaths, got ${measure}`);
  const rows = months.map((m) => ({ date: new Date(`${m.month}T00:00:00Z`), value: m[measure] }));
  const total = rows.reduce((s, r) => s + r.value, 0);
  const peak = months.reduce<EventMonth | null>((best, m) => (best === null || m[measure] > best[measure] ? m : best), null);
  const description = months.length
    ? t("chart.events.desc", { from: months[0].month.slice(0, 7), to: months.at(-1)!.month.slice(0, 7), total: Math.round(total), peak: Math.round(peak![measure]), peakMonth: peak!.month.slice(0, 7) })
    : t("chart.events.none");
  return accessibleChart(Plot.plot({
    document,
    width,
    height,
    marginLeft: 48,
    ariaLabel: country ? t(measure === "events" ? "chart.events.eventsIn" : "chart.events.civilianDeathsIn", { country }) : capitalise(t(LABELS[measure])),
    ariaDescription: description,
    x: { type: "utc", label: null },
    y: { label: t(LABELS[measure]), grid: true },
    style: { fontSize: "12px", fontFamily: "inherit" },
    marks: [
      Plot.rectY(rows, { x: "date", interval: "month", y: "value", fill: COLORS[measure], inset: 0, className: "months" }),
      Plot.ruleY([0]),
    ],
  }), description);
}
