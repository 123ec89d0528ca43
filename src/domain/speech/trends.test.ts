import { test } from "node:test";
import assert from "node:assert/strict";
import { detectSpeechSpikes, periodStart, speechTrends, type TrendItem } from "./trends.ts";

test("periodStart: UTC day and ISO week (Monday)", () => {
  assert.equal(periodStart("2024-05-01T23:30:00Z", "day"), "2024-05-01");
  assert.equal(periodStart("2024-05-05T10:00:00Z", "week"), "2024-04-29"); // Sunday → Monday before
  assert.equal(periodStart("2024-04-29T00:00:00Z", "week"), "2024-04-29");
  assert.throws(() => periodStart("nope", "day"), RangeError);
});

function items(): TrendItem[] {
  const out: TrendItem[] = [];
  // Ten quiet weeks: 20 texts a week in MMR, one with dehumanisation.
  for (let w = 0; w < 10; w++) {
    const day = new Date(Date.UTC(2024, 0, 1 + 7 * w)).toISOString();
    for (let i = 0; i < 20; i++) out.push({ time: day, country: "MMR", hallmarks: i === 0 ? ["dehumanisation"] : [], targets: i === 0 ? ["rohingya"] : [] });
  }
  // Week 11: same volume, 12 dehumanising texts against the Rohingya.
  const day = new Date(Date.UTC(2024, 0, 71)).toISOString();
  for (let i = 0; i < 20; i++) out.push({ time: day, country: "MMR", hallmarks: i < 12 ? ["dehumanisation"] : [], targets: i < 12 ? ["rohingya"] : [] });
  return out;
}

test("trend rows give counts and rates per country, dimension and period", () => {
  const rows = speechTrends(items(), "week");
  const last = rows.find((r) => r.dimension === "hallmark" && r.key === "dehumanisation" && r.period === "2024-03-11");
  assert.deepEqual(last && { count: last.count, total: last.total, rate: last.rate }, { count: 12, total: 20, rate: 0.6 });
  assert.equal(rows.filter((r) => r.dimension === "volume").length, 11);
});

test("a rise in the share of dehumanising texts is a spike; steady volume is not", () => {
  const alerts = detectSpeechSpikes(speechTrends(items(), "week"));
  const keys = alerts.map((a) => `${a.dimension}:${a.key}:${a.period}`).sort();
  assert.deepEqual(keys, ["hallmark:dehumanisation:2024-03-11", "target:rohingya:2024-03-11"]);
  assert.ok(alerts[0].z > 3);
  assert.match(alerts[0].message, /MMR/);
  // The same counts without the rise: no alert.
  assert.deepEqual(detectSpeechSpikes(speechTrends(items().slice(0, 200), "week")), []);
});
