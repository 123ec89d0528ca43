import assert from "node:assert/strict";
import { test } from "node:test";
import { JSDOM } from "jsdom";
import { summariseSpeechTrends } from "../lib/speech-trends.ts";
import { speechTrendsChart } from "./speech-trends-chart.ts";

const { document } = new JSDOM("<!doctype html><body></body>").window;
const row = (period: string, dimension: "volume" | "hallmark", key: string, count: number) => ({ period, country: "ETH", dimension, key, count, total: 20, rate: count / 20 });

test("speechTrendsChart() draws the weekly volume, a line per top hallmark and describes them", () => {
  const summary = summariseSpeechTrends([row("2026-11-02", "volume", "all", 8), row("2026-11-09", "volume", "all", 20), row("2026-11-02", "hallmark", "threat", 1), row("2026-11-09", "hallmark", "threat", 6), row("2026-11-09", "hallmark", "dehumanisation", 2)]);
  const chart = speechTrendsChart(summary, { document, country: "Ethiopia" });
  const svg = chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector("svg")!;
  assert.equal(svg.querySelectorAll("g.weeks path").length, 1);
  assert.equal(svg.querySelectorAll("marker").length > 0, true, "a dot per week");
  assert.equal(svg.querySelectorAll("g.hallmarks path").length, 2);
  assert.match(svg.getAttribute("aria-label")!, /Dangerous speech per week in Ethiopia/);
  assert.equal(svg.querySelector("desc")!.textContent, "2 weeks from 2026-11-02 to 2026-11-09: 28 items analysed, most in the week of 2026-11-09 (20). Most frequent hallmarks: threat 7, dehumanisation 2.");
});
