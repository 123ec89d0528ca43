import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { buildSeries, fromDayNumber, periodStartDay, toDayNumber } from "./series.ts";
import { syntheticEvent } from "./synthetic.ts";

test("weeks start on Monday by default (or the given day); months on the 1st", () => {
  const wed = toDayNumber("2017-08-23");
  assert.equal(fromDayNumber(periodStartDay(wed, "week")), "2017-08-21");
  assert.equal(fromDayNumber(periodStartDay(wed, "week", 6)), "2017-08-19");
  assert.equal(fromDayNumber(periodStartDay(wed, "month")), "2017-08-01");
  assert.throws(() => toDayNumber("2017-02-30"), RangeError);
});

test("short events count whole in the period of their middle day; long ones are spread by days", () => {
  const events = [
    syntheticEvent({ sourceId: "a", dateStart: "2016-10-09", fatalitiesBest: 4 }),
    // 3-day event straddling a week boundary: middle day 2016-10-10 (Monday) decides.
    syntheticEvent({ sourceId: "b", dateStart: "2016-10-09", dateEnd: "2016-10-11", datePrecision: 2 }),
    // A year-long aggregate: spread, 31/366 in January.
    syntheticEvent({ sourceId: "c", dateStart: "2016-01-01", dateEnd: "2016-12-31", datePrecision: 5, fatalitiesBest: 366 }),
  ];
  const [s] = buildSeries(events, { level: "country", period: "month" });
  assert.equal(s.points.length, 12);
  const jan = s.points[0];
  assert.ok(Math.abs(jan.events - 31 / 366) < 1e-12);
  assert.ok(Math.abs(jan.fatalities - 31) < 1e-9);
  const oct = s.points[9];
  assert.ok(Math.abs(oct.events - (2 + 31 / 366)) < 1e-12);
  assert.deepEqual(oct.eventKeys, ["ged:a", "ged:b", "ged:c"]);
  const [w] = buildSeries(events.slice(0, 2), { level: "country", period: "week" });
  assert.deepEqual(w.points.map((p) => [p.periodStart, p.events]), [["2016-10-03", 1], ["2016-10-10", 1]]);
});

test("admin1 level leaves out events without admin1; non-violent events are left out; windows fill zeros", () => {
  const events = [
    syntheticEvent({ sourceId: "1", dateStart: "2020-01-06", admin1: "North" }),
    syntheticEvent({ sourceId: "2", dateStart: "2020-02-03", admin1: null }),
    syntheticEvent({ sourceId: "3", dateStart: "2020-02-04", admin1: "South", violenceType: "other", source: "acled", eventType: "Protests: Peaceful protest" }),
    syntheticEvent({ sourceId: "4", dateStart: "2020-02-05", admin1: "South", violenceType: "other", source: "acled", eventType: "Riots: Mob violence" }),
  ];
  const a1 = buildSeries(events, { level: "admin1", period: "week", from: "2019-12-30", to: "2020-03-01" });
  assert.deepEqual(a1.map((s) => s.place.admin1), ["North", "South"]);
  assert.ok(a1.every((s) => s.points.length === 9));
  assert.equal(a1[1].points.reduce((t, p) => t + p.events, 0), 1, "riot counts, peaceful protest does not");
  const c = buildSeries(events, { level: "country", period: "week" });
  assert.equal(c.length, 1);
  assert.equal(c[0].points.reduce((t, p) => t + p.events, 0), 3);
});

test("civilian and identity targeting weigh events and civilian deaths", () => {
  const events = [
    syntheticEvent({ sourceId: "1", dateStart: "2020-01-06", violenceType: "one-sided", civilianTargeting: true, civilianDeaths: 3, fatalitiesBest: 3 }),
    syntheticEvent({ sourceId: "2", dateStart: "2020-01-07", violenceType: "one-sided", civilianTargeting: true, identityTargeting: true, civilianDeaths: null, fatalitiesBest: 2, source: "acled" }),
    syntheticEvent({ sourceId: "3", dateStart: "2020-01-08" }),
  ];
  const [s] = buildSeries(events, { level: "country", period: "week" });
  const p = s.points[0];
  assert.equal(p.events, 3);
  assert.equal(p.weightedEvents, 2 + 3 + 1);
  assert.equal(p.civilianDeaths, 5, "one-sided fatalities count as civilian deaths when not separated");
  assert.equal(p.weightedCivilianDeaths, 3 + 2 * 2);
  const [u] = buildSeries(events, { level: "country", period: "week", civilianWeight: 0, identityWeight: 0 });
  assert.equal(u.points[0].weightedEvents, 3);
});

test("property: spreading conserves each event's count and deaths inside the window", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 700 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.constantFrom("week" as const, "month" as const),
      (offset, span, deaths, period) => {
        const start = toDayNumber("2015-01-01") + offset;
        const e = syntheticEvent({ sourceId: "x", dateStart: fromDayNumber(start), dateEnd: fromDayNumber(start + span), fatalitiesBest: deaths });
        const [s] = buildSeries([e], { level: "country", period, from: "2014-01-01", to: "2018-12-31" });
        const total = s.points.reduce((t, p) => t + p.events, 0);
        const dead = s.points.reduce((t, p) => t + p.fatalities, 0);
        return Math.abs(total - 1) < 1e-9 && Math.abs(dead - deaths) < 1e-6;
      },
    ),
    { numRuns: 200 },
  );
});
