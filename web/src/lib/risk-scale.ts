/**
 * Risk bands and their colours, shared by the map, the table, the legend and the country page.
 *
 * The numbers are model probabilities of a *new* mass killing starting in the target years
 * (EWP's definition: at least 1,000 civilians deliberately killed by an armed group, in a
 * distinct campaign). EWP itself calls 4 % ("about 1 in 25") high; the bands double from 0.5 %
 * so each step is twice the risk of the one below.
 */
import { currentLocale, fmtPercent, t } from "../i18n/i18n.ts";

function isEnglish(): boolean {
  return currentLocale().startsWith("en");
}

/**
 * Wraps a number in Unicode first-strong isolates (FSI … PDI): inside an Arabic sentence "8.0%–13%"
 * then keeps its own left-to-right order instead of being reordered around the percent signs.
 */
function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** One risk band: `[from, to)` as probabilities (0–1), its colour and label. */
export interface RiskBand {
  /** Stable id used in URLs and filters. */
  id: string;
  /** Lower bound, inclusive (0–1). */
  from: number;
  /** Upper bound, exclusive (0–1); the top band ends at 1 inclusive. */
  to: number;
  /** Fill colour (ColorBrewer YlOrRd, 6 classes: sequential and colour-blind safe). */
  color: string;
  /** Text colour readable on `color` (WCAG AA). */
  ink: string;
  /** Short human label, e.g. "2–4 %". */
  label: string;
}

const EDGES = [0, 0.005, 0.01, 0.02, 0.04, 0.08, 1];
const COLORS = ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"];
const INKS = ["#1b1b1b", "#1b1b1b", "#1b1b1b", "#1b1b1b", "#1b1b1b", "#ffffff"];

/** The six bands, lowest first. */
export const RISK_BANDS: readonly RiskBand[] = COLORS.map((color, i) => ({
  id: `b${i + 1}`,
  from: EDGES[i],
  to: EDGES[i + 1],
  color,
  ink: INKS[i],
  // A getter: the label is read in the current language, not the one at start-up.
  get label() {
    return i === 0 ? t("risk.band.under", { value: formatRisk(EDGES[1]) })
      : i === COLORS.length - 1 ? t("risk.band.over", { value: formatRisk(EDGES[i]) })
      : t("risk.band.range", { from: formatRisk(EDGES[i]), to: formatRisk(EDGES[i + 1]) });
  },
}));

/** Fill of countries without a forecast (drawn hatched over it on the map). */
export const NO_DATA_COLOR = "#d9d9d9";

/**
 * The band a probability falls in.
 * @param risk probability 0–1
 * @returns its band
 * @throws {RangeError} when `risk` is not a number in [0, 1]
 */
export function riskBand(risk: number): RiskBand {
  if (!Number.isFinite(risk) || risk < 0 || risk > 1) throw new RangeError(`risk must be a probability in [0, 1], got ${risk}`);
  return RISK_BANDS.find((b) => risk < b.to) ?? RISK_BANDS[RISK_BANDS.length - 1];
}

/**
 * Formats a probability as a percentage with sensible precision: one decimal below 10 %,
 * "<0.1 %" for tiny values.
 * @param risk probability 0–1
 * @returns e.g. "4.2 %", "12 %", "<0.1 %"
 */
export function formatRisk(risk: number): string {
  if (!Number.isFinite(risk)) return "—";
  // Other languages get their own digits, separators and percent sign; English keeps "4.2 %".
  if (!isEnglish()) return isolate(risk > 0 && risk < 0.001 ? `<${fmtPercent(0.001)}` : fmtPercent(risk));
  const pct = risk * 100;
  if (pct > 0 && pct < 0.1) return "<0.1 %";
  const text = pct >= 10 || Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1);
  return `${text} %`;
}

/**
 * Formats an interval as "low–high %".
 * @param interval bounds as probabilities
 * @returns e.g. "3.1–5.0 %"
 */
export function formatInterval(interval: { low: number; high: number }): string {
  if (!isEnglish()) return isolate(`${formatRisk(interval.low)}–${formatRisk(interval.high)}`);
  return `${formatRisk(interval.low).replace(" %", "")}–${formatRisk(interval.high)}`;
}
