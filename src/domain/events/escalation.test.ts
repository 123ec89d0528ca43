import { test } from "node:test";
import assert from "node:assert/strict";
import { detectEscalations, severityOf } from "./escalation.ts";
import type { Event } from "./event.ts";
import { fromDayNumber, toDayNumber } from "./series.ts";
import { poisson, seededRandom, syntheticEvent } from "./synthetic.ts";

/**
 * Two provinces over 4 years of weeks: "North" is stationary (Poisson 2/week); "South" goes from
 * 1/week to 8/week of one-sided attacks in the week of 2018-12-31 (week 156).
 */
function scenario(seed = 3): Event[] {
  const rand = seededRandom(seed);
  const start = toDayNumber("2016-01-04");
  const events: Event[] = [];
  let id = 0;
  for (let w = 0; w < 208; w++) {
    const day = fromDayNumber(start + 7 * w + 2);
    for (let k = poisson(2, rand); k > 0; k--) events.push(syntheticEvent({ sourceId: String(++id), dateStart: day, admin1: "North" }));
    const surge = w >= 156;
    for (let k = poisson(surge ? 8 : 1, rand); k > 0; k--) {
      events.push(
        syntheticEvent({
          sourceId: String(++id),
          dateStart: day,
          admin1: "South",
          violenceType: surge ? "one-sided" : "state-based",
          civilianTargeting: surge,
          civilianDeaths: surge ? 3 : 0,
          fatalitiesBest: surge ? 3 : 1,
        }),
      );
    }
  }
  events.push(syntheticEvent({ sourceId: "other-country", dateStart: "2019-01-09", countryIso3: "OTH", countryName: "Otherland", admin1: "South" }));
  return events;
}

test("tocsin: alerts the surging province at its change point, names detector, place, period, score and events", () => {
  const events = scenario();
  const alerts = detectEscalations(events, { detector: "tocsin", level: "admin1", period: "week", country: "TST", from: "2018-06-01" });
  const south = alerts.filter((a) => a.admin1 === "South");
  // 52 surge weeks give one episode at the onset; once the trailing baseline is half old level,
  // half new, the CUSUM may open one more (a documented limitation), never one per week.
  assert.ok(south.length >= 1 && south.length <= 2, `${south.length} episodes`);
  const [a] = south;
  assert.ok(a.flaggedPeriods >= 2);
  assert.equal(a.detector, "tocsin");
  assert.equal(a.countryIso3, "TST");
  assert.equal(a.level, "admin1");
  assert.equal(a.period, "week");
  assert.ok(a.periodStart >= "2018-12-31" && a.periodStart <= "2019-01-14", a.periodStart);
  assert.ok(a.score >= -Math.log10(0.001 / 3));
  // The events behind it are exactly the South events inside the episode's weeks.
  const expected = events
    .filter((e) => e.admin1 === "South" && e.countryIso3 === "TST" && e.dateStart >= a.periodStart && e.dateStart <= a.periodEnd)
    .map((e) => `ged:${e.sourceId}`)
    .sort();
  assert.deepEqual(a.eventKeys, expected);
  assert.equal(a.events, expected.length);
  assert.equal(a.civilianDeaths, 3 * expected.length);
  assert.equal(a.severity, "critical");
  assert.ok(alerts.filter((x) => x.admin1 === "North").length <= 1, "stationary province stays (almost) quiet");
  assert.ok(alerts.every((x) => x.countryIso3 === "TST"));
});

test("acled-surge flags the change week too, and raises one alert per flagged week", () => {
  const alerts = detectEscalations(scenario(), { detector: "acled-surge", level: "admin1", period: "week", country: "TST" });
  const south = alerts.filter((a) => a.admin1 === "South" && a.periodStart >= "2018-12-31");
  assert.ok(south.length >= 1);
  assert.ok(south[0].periodStart <= "2019-01-07");
  assert.ok(south.every((a) => a.periodStart === a.peakPeriodStart && a.flaggedPeriods === 1));
});

test("country level aggregates provinces; from/to bound the reported alerts but not the baseline", () => {
  const all = detectEscalations(scenario(), { detector: "tocsin", level: "country", period: "month", country: "TST" });
  assert.ok(all.some((a) => a.periodStart >= "2018-12-01" && a.periodStart <= "2019-01-01" && a.admin1 === null));
  const first = all.find((a) => a.periodStart >= "2018-12-01")!;
  const only = detectEscalations(scenario(), { detector: "tocsin", level: "country", period: "month", country: "TST", from: first.periodStart, to: first.periodEnd });
  assert.deepEqual(only.map((a) => a.periodStart), [first.periodStart]);
  const before = detectEscalations(scenario(), { detector: "tocsin", level: "country", period: "month", country: "TST", to: "2018-11-30" });
  assert.deepEqual(before.filter((a) => a.periodStart >= "2018-12-01"), []);
});

test("invalid arguments are RangeErrors", () => {
  assert.throws(() => detectEscalations([], { detector: "x" as never, level: "admin1", period: "week" }), RangeError);
  assert.throws(() => detectEscalations([], { detector: "tocsin", level: "admin2" as never, period: "week" }), RangeError);
  assert.throws(() => detectEscalations([], { detector: "tocsin", level: "admin1", period: "week", from: "2020-01-02", to: "2020-01-01" }), RangeError);
  assert.deepEqual(detectEscalations([], { detector: "tocsin", level: "admin1", period: "week" }), []);
});

test("severity grades civilian deaths and fatalities", () => {
  assert.equal(severityOf(0, 0), "low");
  assert.equal(severityOf(5, 0), "moderate");
  assert.equal(severityOf(0, 250), "high");
  assert.equal(severityOf(100, 0), "critical");
});
