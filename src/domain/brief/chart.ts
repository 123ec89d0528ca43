/**
 * The brief's trend chart, drawn as inline SVG from the numbers (no chart library, no external
 * requests, so the same markup prints identically in any browser and in headless Chromium's PDF).
 *
 * Two panels share the x axis (first target year of each two-year forecast): the risk (percent,
 * out-of-sample backtest line, the 90 % interval as a band around stored forecasts, the newest
 * forecast as a filled point), and below it the rank among all countries (1 at the top, so "up"
 * means "more at risk" in both panels).
 */
import type { BriefRisk, RiskPoint } from "./brief.ts";
import { escapeHtml } from "./text.ts";

/** Size of the chart in CSS pixels. */
export interface ChartSize {
  width: number;
  height: number;
}

const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

/** A "nice" upper bound (1, 2, 2.5 or 5 × 10ⁿ) at or above `x`, for axis ends. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x - 1e-12) return m * p;
  return 10 * p;
}

/** Risk as a percentage with sensible precision: `12 %`, `3.4 %`, `0.42 %`. */
export function formatRisk(risk: number): string {
  const pct = risk * 100;
  if (pct === 0) return "0 %";
  if (pct >= 10) return `${pct.toFixed(0)} %`;
  if (pct >= 1) return `${pct.toFixed(1)} %`;
  return `${pct.toFixed(2)} %`;
}

/**
 * Draws the risk-and-rank chart.
 * @param risk the brief's risk section
 * @param size width and height in CSS pixels (default 380 × 230)
 * @returns an `<svg>` element as a string, with a `<title>` and `<desc>` for screen readers
 */
export function riskChartSvg(risk: BriefRisk, size: ChartSize = { width: 380, height: 230 }): string {
  const { width: W, height: H } = size;
  const points: (RiskPoint & { kind: "backtest" | "run" | "current" })[] = [
    ...risk.backtest.map((p) => ({ ...p, kind: "backtest" as const })),
    ...risk.earlierRuns.map((p) => ({ ...p, kind: "run" as const })),
    { ...risk.current, kind: "current" as const },
  ].filter((p) => Number.isFinite(p.risk) && Number.isFinite(p.targetFrom));
  const years = points.map((p) => p.targetFrom);
  const x0 = Math.min(...years);
  const x1 = Math.max(...years, x0 + 1);
  const left = 44;
  const right = 40;
  const riskTop = 10;
  const riskH = Math.round((H - 46) * 0.64);
  const rankTop = riskTop + riskH + 16;
  const rankH = H - 46 - riskH - 16 + 10;
  const plotW = W - left - right;
  const xs = (year: number) => left + ((year - x0) / (x1 - x0)) * plotW;
  const riskMax = niceCeil(Math.max(...points.map((p) => Math.max(p.risk, p.interval?.high ?? 0))) * 1.05);
  const ys = (r: number) => riskTop + riskH - (r / riskMax) * riskH;
  const ranked = Math.max(risk.current.ranked, ...points.map((p) => p.rank));
  // Ranks on a log scale: the difference between 2nd and 10th matters far more than 90th and 98th.
  const rankMax = Math.max(10, niceCeil(ranked));
  const yr = (rank: number) => rankTop + (Math.log(Math.max(1, rank)) / Math.log(rankMax)) * rankH;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">Structural risk and rank over time</title>`,
    `<desc id="chart-desc">${escapeHtml(
      `Two-year risk of a new mass-killing onset from ${x0} to ${x1}; newest forecast ${formatRisk(risk.current.risk)} for ${risk.current.targetFrom}–${risk.current.targetTo}` +
        (risk.current.interval ? ` (90 % interval ${formatRisk(risk.current.interval.low)} to ${formatRisk(risk.current.interval.high)})` : "") +
        `, rank ${risk.current.rank} of ${risk.current.ranked}.`,
    )}</desc>`,
  );
  // Risk panel grid and axis.
  for (let i = 0; i <= 4; i++) {
    const v = (riskMax * i) / 4;
    const y = ys(v);
    out.push(`<line x1="${left}" x2="${W - right}" y1="${fmt(y)}" y2="${fmt(y)}" class="grid"/>`);
    out.push(`<text x="${left - 4}" y="${fmt(y + 3)}" class="tick" text-anchor="end">${escapeHtml(formatRisk(v).replace(" ", "\u2009"))}</text>`);
  }
  // Rank panel grid and axis.
  for (const r of [1, 10, 100, 1000].filter((t) => t <= rankMax)) {
    const y = yr(r);
    out.push(`<line x1="${left}" x2="${W - right}" y1="${fmt(y)}" y2="${fmt(y)}" class="grid"/>`);
    out.push(`<text x="${left - 4}" y="${fmt(y + 3)}" class="tick" text-anchor="end">${r}</text>`);
  }
  out.push(`<text x="${left + 3}" y="${riskTop - 1}" class="panel">two-year risk</text>`);
  out.push(`<text x="${left + 3}" y="${rankTop - 4}" class="panel">rank (1 = highest risk, log scale)</text>`);
  // Year ticks.
  const step = x1 - x0 > 24 ? 5 : x1 - x0 > 10 ? 2 : 1;
  for (let year = Math.ceil(x0 / step) * step; year <= x1; year += step) {
    const x = xs(year);
    out.push(`<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${rankTop + rankH}" y2="${rankTop + rankH + 3}" class="axis"/>`);
    out.push(`<text x="${fmt(x)}" y="${rankTop + rankH + 13}" class="tick" text-anchor="middle">${year}</text>`);
  }

  // The interval band: a polygon through every point with an interval (a whisker when only one).
  const withInterval = points.filter((p) => p.interval && p.kind !== "backtest").sort((a, b) => a.targetFrom - b.targetFrom);
  if (withInterval.length > 1) {
    const upper = withInterval.map((p) => `${fmt(xs(p.targetFrom))},${fmt(ys(p.interval!.high))}`);
    const lower = withInterval.map((p) => `${fmt(xs(p.targetFrom))},${fmt(ys(p.interval!.low))}`).reverse();
    out.push(`<polygon points="${[...upper, ...lower].join(" ")}" class="band"/>`);
  }
  for (const p of withInterval) {
    const x = xs(p.targetFrom);
    out.push(`<rect x="${fmt(x - 4)}" y="${fmt(ys(p.interval!.high))}" width="8" height="${fmt(Math.max(1, ys(p.interval!.low) - ys(p.interval!.high)))}" class="band"/>`);
    out.push(`<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${fmt(ys(p.interval!.high))}" y2="${fmt(ys(p.interval!.low))}" class="whisker"/>`);
  }
  // Backtest lines (risk and rank), then stored forecasts as points.
  const backtest = points.filter((p) => p.kind === "backtest").sort((a, b) => a.targetFrom - b.targetFrom);
  if (backtest.length > 1) {
    out.push(`<polyline points="${backtest.map((p) => `${fmt(xs(p.targetFrom))},${fmt(ys(p.risk))}`).join(" ")}" class="line"/>`);
    out.push(`<polyline points="${backtest.map((p) => `${fmt(xs(p.targetFrom))},${fmt(yr(p.rank))}`).join(" ")}" class="line rank"/>`);
  }
  for (const p of backtest.length === 1 ? backtest : []) out.push(`<circle cx="${fmt(xs(p.targetFrom))}" cy="${fmt(ys(p.risk))}" r="2" class="pt"/>`);
  for (const p of points.filter((q) => q.kind !== "backtest")) {
    const current = p.kind === "current";
    out.push(`<circle cx="${fmt(xs(p.targetFrom))}" cy="${fmt(ys(p.risk))}" r="${current ? 4 : 3}" class="${current ? "now" : "pt"}"/>`);
    out.push(`<circle cx="${fmt(xs(p.targetFrom))}" cy="${fmt(yr(p.rank))}" r="${current ? 4 : 3}" class="${current ? "now" : "pt"}"/>`);
  }
  const cx = xs(risk.current.targetFrom);
  out.push(`<text x="${fmt(cx + 7)}" y="${fmt(ys(risk.current.risk) + 3)}" class="label">${escapeHtml(formatRisk(risk.current.risk))}</text>`);
  out.push(`<text x="${fmt(cx + 7)}" y="${fmt(yr(risk.current.rank) + 3)}" class="label">#${risk.current.rank}</text>`);
  out.push(`</svg>`);
  return out.join("");
}
