import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isStale, nextRun, parseSchedule, ScheduleError } from "./schedule.ts";

describe("parseSchedule / nextRun", () => {
  test("intervals count from the end of the previous run", () => {
    const s = parseSchedule("every 15 minutes");
    assert.equal(nextRun(s, new Date("2026-12-07T10:03:20Z")).toISOString(), "2026-12-07T10:18:20.000Z");
    assert.equal(nextRun(parseSchedule("90"), new Date("2026-12-07T10:00:00Z")).toISOString(), "2026-12-07T11:30:00.000Z");
    assert.equal(nextRun(parseSchedule("every 1 day"), new Date("2026-12-07T10:00:00Z")).toISOString(), "2026-12-08T10:00:00.000Z");
  });
  test("cron steps, lists and ranges fire at the next matching minute (UTC)", () => {
    assert.equal(nextRun(parseSchedule("*/15 * * * *"), new Date("2026-12-07T10:03:20Z")).toISOString(), "2026-12-07T10:15:00.000Z");
    assert.equal(nextRun(parseSchedule("*/15 * * * *"), new Date("2026-12-07T10:15:00Z")).toISOString(), "2026-12-07T10:30:00.000Z");
    assert.equal(nextRun(parseSchedule("0 6 * * 1"), new Date("2026-12-07T10:00:00Z")).toISOString(), "2026-12-14T06:00:00.000Z"); // 7 Dec 2026 is a Monday
    assert.equal(nextRun(parseSchedule("30 2 1 1,7 *"), new Date("2026-12-07T10:00:00Z")).toISOString(), "2027-01-01T02:30:00.000Z");
    assert.equal(nextRun(parseSchedule("0 0 * * 7"), new Date("2026-12-07T10:00:00Z")).toISOString(), "2026-12-13T00:00:00.000Z");
  });
  test("bad schedules name the part at fault", () => {
    assert.throws(() => parseSchedule("every 5 weeks"), /unknown unit "weeks"/);
    assert.throws(() => parseSchedule("61 * * * *"), (e: Error) => e instanceof ScheduleError && /minute "61"/.test(e.message));
    assert.throws(() => parseSchedule("* * *"), /5-field cron/);
    assert.throws(() => parseSchedule("0"), /1 minute to 366 days/);
    assert.throws(() => nextRun(parseSchedule("0 0 31 2 *"), new Date("2026-01-01T00:00:00Z")), /never fires/);
  });
  test("isStale: silence longer than the rhythm, never while paused", () => {
    const base = { paused: false, lastSuccessAt: new Date("2026-12-07T10:00:00Z"), createdAt: new Date("2026-12-01T00:00:00Z"), expectedRhythmMinutes: 60 };
    assert.equal(isStale(base, new Date("2026-12-07T10:59:00Z")), false);
    assert.equal(isStale(base, new Date("2026-12-07T11:01:00Z")), true);
    assert.equal(isStale({ ...base, paused: true }, new Date("2026-12-08T00:00:00Z")), false);
    assert.equal(isStale({ ...base, lastSuccessAt: null }, new Date("2026-12-01T00:30:00Z")), false);
  });
});
