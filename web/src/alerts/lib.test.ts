import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRoute } from "../navigation.ts";
import { alertsPageOf, daysSince, formatHours, formatRatio, formatWhen, groupByInstrument, matchesAlertFilter, parseCountryList, untilFromInput } from "./lib.ts";

test("the alert filter keeps all, any raised level, none, or one level", () => {
  assert.equal(matchesAlertFilter("", undefined), true);
  assert.equal(matchesAlertFilter("any", undefined), false);
  assert.equal(matchesAlertFilter("any", "watch"), true);
  assert.equal(matchesAlertFilter("none", undefined), true);
  assert.equal(matchesAlertFilter("none", "warning"), false);
  assert.equal(matchesAlertFilter("warning", "warning"), true);
  assert.equal(matchesAlertFilter("warning", "emergency"), false);
});

test("recommendations group by instrument in catalogue order, unknown last", () => {
  const groups = groupByInstrument([{ i: "legal" }, { i: "diplomatic" }, { i: null }, { i: "legal" }], (x) => x.i);
  assert.deepEqual(groups.map((g) => [g.instrument, g.items.length]), [["diplomatic", 1], ["legal", 2], ["other", 1]]);
  assert.equal(groups[1].label, "Legal and accountability");
});

test("durations read in minutes, hours or days", () => {
  assert.equal(formatHours(null), "—");
  assert.equal(formatHours(0.5), "30 min");
  assert.equal(formatHours(5.25), "5.3 h");
  assert.equal(formatHours(72), "3 days");
});

test("dates, ratios and ages", () => {
  assert.equal(formatWhen("2026-11-23T04:18:09.123Z"), "2026-11-23 04:18 UTC");
  assert.equal(formatWhen(null), "—");
  assert.equal(formatRatio(0.256), "26 %");
  assert.equal(formatRatio(null), "—");
  assert.equal(daysSince("2026-11-20T00:00:00Z", new Date("2026-11-23T12:00:00Z")), 3);
});

test("country lists parse to upper-case ISO3 and report the rest", () => {
  assert.deepEqual(parseCountryList("mmr, SDN  mmr;xx1 SSD"), { countries: ["MMR", "SDN", "SSD"], invalid: ["xx1"] });
  assert.deepEqual(parseCountryList(" "), { countries: [], invalid: [] });
});

test("an override's until is read as UTC", () => {
  assert.equal(untilFromInput(""), undefined);
  assert.equal(untilFromInput("2026-12-01T10:00"), "2026-12-01T10:00:00.000Z");
  assert.throws(() => untilFromInput("soon"), RangeError);
});

test("everything under /alerts goes to the alert pages, which know three", () => {
  assert.deepEqual(parseRoute("/alerts"), { page: "alerts", path: "/alerts" });
  assert.deepEqual(parseRoute("/alerts/gaps"), { page: "alerts", path: "/alerts/gaps" });
  assert.deepEqual(parseRoute("/alertsx"), { page: "missing", path: "/alertsx" });
  assert.equal(alertsPageOf("/alerts"), "inbox");
  assert.equal(alertsPageOf("/alerts/"), "inbox");
  assert.equal(alertsPageOf("/alerts/gaps"), "gaps");
  assert.equal(alertsPageOf("/alerts/track-record"), "track-record");
  assert.equal(alertsPageOf("/alerts/nope"), null);
});

test("the dashboard's instrument and level labels are the domain's, entry for entry", async () => {
  const domain = await import("../../../src/domain/response/catalogue.ts");
  const levels = await import("../../../src/domain/alerts/level.ts");
  const web = await import("./lib.ts");
  for (const i of domain.INSTRUMENTS) assert.equal(web.INSTRUMENT_LABELS[i], domain.INSTRUMENT_LABELS[i], i);
  assert.deepEqual(Object.keys(web.INSTRUMENT_LABELS), [...domain.INSTRUMENTS]);
  for (const l of levels.ALERT_LEVELS) assert.equal(web.LEVEL_LABELS[l], levels.LEVEL_LABELS[l], l);
});
