/** Bar chart of a forecast's drivers: each predictor's additive log-odds contribution. */
import * as Plot from "@observablehq/plot";
import { accessibleChart } from "./accessible.ts";
import { t } from "../i18n/i18n.ts";
import { driverLabel } from "../i18n/names.ts";
import type { Driver } from "../api.ts";

/** Options of {@link driversChart}. */
export interface DriversChartOptions {
  /** Width in pixels (default 640); the element scales down with CSS. */
  width?: number;
  /** Show at most this many drivers, largest |contribution| first (default 10). */
  max?: number;
  /** The document to create elements in (jsdom under node); default the global one. */
  document?: Document;
  /** Country name for the accessible label. */
  country?: string;
}

/** Ink for drivers that raise (orange-red) and lower (blue) the risk: a colour-blind safe pair. */
export const RAISES = "#c2410c";
export const LOWERS = "#2563eb";

/**
 * Draws the drivers as horizontal bars, positive to the right (raise the risk), labelled with the
 * predictor's name and its value in the base year.
 * @param drivers contributions in log-odds relative to the model's baseline
 * @param options width, max, document, country
 * @returns an SVG element with `aria-label` and a description listing every bar
 * @throws {RangeError} when `max` is not a positive integer
 */
export function driversChart(drivers: readonly Driver[], options: DriversChartOptions = {}): SVGSVGElement | HTMLElement {
  const { width = 640, max = 10, document, country } = options;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  const shown = [...drivers].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, max);
  const rows = shown.map((d) => ({ ...d, text: `${driverLabel(d)}${d.value === null ? "" : ` (${formatValue(d.value)})`}` }));
  const description = rows.map((d) => `${d.text}: ${d.contribution >= 0 ? "+" : ""}${d.contribution.toFixed(2)}`).join("; ");
  return accessibleChart(Plot.plot({
    document,
    width,
    height: 40 + rows.length * 26,
    marginLeft: Math.min(340, width * 0.5),
    marginRight: 48,
    ariaLabel: country ? t("chart.drivers.labelFor", { country }) : t("chart.drivers.label"),
    ariaDescription: description,
    x: { label: t("chart.drivers.axis"), grid: true, labelAnchor: "center" },
    y: { label: null, domain: rows.map((d) => d.text), tickSize: 0 },
    style: { fontSize: "12px", fontFamily: "inherit" },
    marks: [
      Plot.barX(rows, { x: "contribution", y: "text", fill: (d: Driver) => (d.contribution >= 0 ? RAISES : LOWERS), className: "bars" }),
      Plot.ruleX([0], { stroke: "#1b1b1b" }),
      Plot.text(rows, {
        x: "contribution", y: "text", text: (d: Driver) => `${d.contribution >= 0 ? "+" : ""}${d.contribution.toFixed(2)}`,
        textAnchor: "start", dx: 4, fill: "#1b1b1b",
        filter: (d: Driver) => d.contribution >= 0,
      }),
      Plot.text(rows, {
        // Left of a negative bar sit the axis labels, so its value goes right of the zero line.
        x: 0, y: "text", text: (d: Driver) => d.contribution.toFixed(2),
        textAnchor: "start", dx: 4, fill: "#1b1b1b",
        filter: (d: Driver) => d.contribution < 0,
      }),
    ],
  }), description);
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
