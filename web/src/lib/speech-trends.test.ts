import assert from "node:assert/strict";
import { test } from "node:test";
import type { SpeechTrendRow } from "../api.ts";
import { summariseSpeechTrends } from "./speech-trends.ts";

const row = (period: string, dimension: SpeechTrendRow["dimension"], key: string, count: number, total: number): SpeechTrendRow => ({ period, country: "ETH", dimension, key, count, total, rate: total ? count / total : 0 });

test("summariseSpeechTrends() orders weeks, totals keys with their peak week and keeps the top ones", () => {
  const rows = [
    row("2026-11-09", "volume", "all", 30, 30), row("2026-11-02", "volume", "all", 10, 10),
    row("2026-11-02", "hallmark", "dehumanisation", 2, 10), row("2026-11-09", "hallmark", "dehumanisation", 12, 30),
    row("2026-11-09", "hallmark", "threat", 3, 30), row("2026-11-02", "hallmark", "threat", 5, 10),
    row("2026-11-09", "target", "ethnic", 9, 30), row("2026-11-09", "label", "hateful", 4, 30),
  ];
  const s = summariseSpeechTrends(rows, 1);
  assert.deepEqual(s.weeks, [{ period: "2026-11-02", items: 10 }, { period: "2026-11-09", items: 30 }]);
  assert.equal(s.total, 40);
  assert.deepEqual(s.hallmarks, [{ key: "dehumanisation", count: 14, share: 14 / 40, peakPeriod: "2026-11-09" }]);
  assert.deepEqual(s.targets.map((t) => t.key), ["ethnic"]);
  assert.deepEqual(s.hallmarkSeries.map((p) => `${p.period}:${p.key}`), ["2026-11-02:dehumanisation", "2026-11-09:dehumanisation"]);
});

test("summariseSpeechTrends() of nothing", () => {
  assert.deepEqual(summariseSpeechTrends([]), { weeks: [], total: 0, hallmarks: [], targets: [], hallmarkSeries: [] });
});
