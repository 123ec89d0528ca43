import assert from "node:assert/strict";
import { test } from "node:test";
import { JSDOM } from "jsdom";
import type { Episode, ForecastPoint } from "../api.ts";
import { episodeTimeline, riskHistoryChart } from "./risk-history-chart.ts";

const { document } = new JSDOM("<!doctype html><body></body>").window;
const point = (horizon: string, targetFrom: number, targetTo: number, risk: number): ForecastPoint => ({
  runId: 1, baseYear: targetFrom - 1, horizon, targetFrom, targetTo, risk, rank: 1, interval: { low: risk * 0.8, high: risk * 1.25 },
});
const episode = (code: string, startYear: number, endYear: number | null, stateLed: boolean | null = true): Episode => ({ code, name: `episode ${code}`, countryName: "Testland", summary: null, startYear, endYear, stateLed });

test("riskHistoryChart() draws two-year forecasts with intervals and recent onsets", () => {
  const svg = riskHistoryChart(
    { history: [point("one-year", 2025, 2025, 0.06), point("two-year", 2025, 2026, 0.104), point("two-year", 2024, 2025, 0.08)], onsetYears: [1978, 2016, 2021], lastYear: 2024 },
    { document, country: "Myanmar" },
  );
  assert.equal(svg.getAttribute("role"), "img");
  assert.match(svg.getAttribute("aria-label")!, /Risk history of Myanmar/);
  assert.equal(svg.querySelectorAll("g.forecasts circle").length, 2, "only the two-year horizon");
  assert.equal(svg.querySelectorAll("g.intervals line").length, 2);
  assert.equal(svg.querySelectorAll("g.onsets line").length, 2, "1978 is before the window (2009–)");
  const desc = svg.querySelector("desc")!.textContent!;
  assert.match(desc, /2025–2026 10\.4 % \(8\.3–13\.0 %\)/);
  assert.match(desc, /Onset years since 2009: 2016, 2021/);
});

test("riskHistoryChart() says when there is nothing to show", () => {
  const svg = riskHistoryChart({ history: [], onsetYears: [], lastYear: 2024 }, { document });
  assert.equal(svg.querySelectorAll("circle").length, 0);
  assert.equal(svg.querySelector("desc")!.textContent, "No stored forecasts. No onsets since 2009.");
});

test("episodeTimeline() draws one bar per episode, open-ended ones to the last year", () => {
  const svg = episodeTimeline([episode("b", 2016, null), episode("a", 1948, 1990), episode("c", 1988, 1988, false)], { firstYear: 1960, lastYear: 2024 }, { document, country: "Myanmar" });
  const bars = [...svg.querySelectorAll("g.episodes rect")];
  assert.equal(bars.length, 3);
  assert.equal(bars[1].getAttribute("fill"), "#6b7280", "non-state-led in grey");
  assert.match(svg.textContent!, /1948–1990/);
  assert.match(svg.querySelector("desc")!.textContent!, /^1948–1990: episode a; 1988–1988: episode c; 2016–ongoing: episode b$/);
  // 1948–1990 is clipped at 1960 (31 years), 2016–ongoing runs to 2024 (9 years), 1988 is one year.
  const widths = bars.map((b) => Number(b.getAttribute("width")));
  assert.ok(Math.abs(widths[0] / widths[2] - 31 / 9) < 0.1, `widths ${widths}`);
  assert.ok(Math.abs(widths[2] / widths[1] - 9) < 0.6, `widths ${widths}`);
});

test("riskHistoryChart() draws the out-of-sample backtest as a line and describes it", () => {
  const { document } = new JSDOM("<!doctype html><body></body>").window;
  const svg = riskHistoryChart(
    { history: [], backtest: [{ dataYear: 2014, targetFrom: 2015, targetTo: 2016, risk: 0.02, rank: 9 }, { dataYear: 2015, targetFrom: 2016, targetTo: 2017, risk: 0.05, rank: 3 }], onsetYears: [2016], lastYear: 2024 },
    { document: document as unknown as Document },
  );
  assert.equal(svg.querySelectorAll(".backtest path").length, 1);
  assert.match(svg.getAttribute("aria-description") ?? svg.textContent ?? "", /Out-of-sample risk 2015–2016: peak 5\.0 %/);
});
