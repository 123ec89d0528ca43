import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_RULES, type AlertRules } from "./rules.ts";
import { trackRecord, type HistoryPoint, type OutcomePoint } from "./track-record.ts";

const rules = DEFAULT_RULES as AlertRules;

/**
 * Synthetic history: 40 countries over 2000–2009. Country C0 sits in the top 10 from 2002 and has an
 * onset in 2006 (warning from 2002: lead 4 years); C1 is in the top 30 only in 2004 and has an onset
 * in 2005 (watch, lead 1); C2 is top 5 throughout with no onset (false alarms); C3 has an onset in
 * 2008 while ranked low (missed). Everyone else is ranked low and quiet.
 */
function synthetic(): { history: HistoryPoint[]; outcomes: OutcomePoint[] } {
  const history: HistoryPoint[] = [];
  const outcomes: OutcomePoint[] = [];
  for (let year = 2000; year <= 2009; year++) {
    for (let c = 0; c < 40; c++) {
      let rank = 40 + c;
      if (c === 0 && year >= 2002) rank = 3;
      if (c === 1 && year === 2004) rank = 25;
      if (c === 2) rank = 5;
      history.push({ iso3: `C${c}`, dataYear: year, rank, risk: rank <= 10 ? 0.2 : rank <= 30 ? 0.035 : 0.005 });
    }
  }
  for (let year = 2000; year <= 2011; year++) {
    for (let c = 0; c < 40; c++) {
      const onset = (c === 0 && year === 2006) || (c === 1 && year === 2005) || (c === 3 && year === 2008) ? 1 : 0;
      outcomes.push({ iso3: `C${c}`, year, onset: year === 2011 ? null : onset });
    }
  }
  return { history, outcomes };
}

test("track record: hit rate, false alarms, recall and lead time per level on synthetic data", () => {
  const { history, outcomes } = synthetic();
  const r = trackRecord(history, outcomes, rules, 2);
  assert.equal(r.horizonYears, 2);
  assert.deepEqual(r.years, [2000, 2009]);
  // 2009 needs 2010 and 2011; 2011 is not coded, so 2009 is left out (no onset in 2010 either).
  assert.equal(r.countryYears, 40 * 9);
  const at = (iso3: string, y: number) => r.replay.find((p) => p.iso3 === iso3 && p.dataYear === y)!.level;
  assert.equal(at("C0", 2001), "none");
  assert.equal(at("C0", 2002), "warning");
  assert.equal(at("C1", 2004), "watch");
  // Hysteresis across years: C1 leaves the top 30 in 2005 but stays at Watch one more year (dwell 2).
  assert.equal(at("C1", 2005), "watch");
  assert.equal(at("C1", 2006), "none");

  const warning = r.levels.find((l) => l.level === "warning")!;
  // Warning country-years: C0 2002–2008 (7) + C2 2000–2008 (9); hits: C0 2004 and 2005 (onset 2006).
  assert.equal(warning.alerts, 16);
  assert.equal(warning.hits, 2);
  assert.equal(warning.hitRate, 2 / 16);
  assert.equal(warning.falseAlarmRatio, 14 / 16);
  const negatives = r.countryYears - r.positives;
  assert.equal(warning.falseAlarmRate, 14 / negatives);
  assert.equal(warning.onsets, 3);
  assert.equal(warning.caught, 1);
  assert.deepEqual(warning.leadTime, { median: 4, mean: 4, min: 4, max: 4 });

  const watch = r.levels.find((l) => l.level === "watch")!;
  assert.equal(watch.caught, 2);
  assert.equal(watch.recall, 2 / 3);
  assert.deepEqual(watch.leadTime, { median: 2.5, mean: 2.5, min: 1, max: 4 });
  assert.ok(watch.alerts > warning.alerts);

  const emergency = r.levels.find((l) => l.level === "emergency")!;
  assert.equal(emergency.alerts, 0, "structural risk alone never sets Emergency");
  assert.equal(emergency.hitRate, null);
});

test("track record: the horizon changes what counts as a hit", () => {
  const { history, outcomes } = synthetic();
  const one = trackRecord(history, outcomes, rules, 1);
  const warning = one.levels.find((l) => l.level === "warning")!;
  assert.equal(warning.hits, 1);
  assert.throws(() => trackRecord(history, outcomes, rules, 0), /horizonYears/);
});
