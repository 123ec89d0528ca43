import { test } from "node:test";
import assert from "node:assert/strict";
import { describeSchedule, latestSlot, nextSlot, slotKey } from "./schedule.ts";

test("a period cuts time into slots aligned on the epoch", () => {
  const now = new Date("2026-12-07T20:14:37.500Z");
  assert.equal(slotKey(latestSlot({ everyMs: 15 * 60_000 }, now)), "2026-12-07T20:00:00.000Z");
  assert.equal(slotKey(nextSlot({ everyMs: 15 * 60_000 }, now)), "2026-12-07T20:15:00.000Z");
  assert.equal(slotKey(latestSlot({ everyMs: 5000 }, now)), "2026-12-07T20:14:35.000Z");
});

test("a cron slot is the latest run at or before now, in UTC", () => {
  assert.equal(slotKey(latestSlot({ cron: "0 * * * *" }, new Date("2026-12-07T20:14:00Z"))), "2026-12-07T20:00:00.000Z");
  assert.equal(slotKey(latestSlot({ cron: "0 * * * *" }, new Date("2026-12-07T20:00:00Z"))), "2026-12-07T20:00:00.000Z");
  assert.equal(slotKey(latestSlot({ cron: "30 3 * * *" }, new Date("2026-12-07T02:00:00Z"))), "2026-12-06T03:30:00.000Z");
  assert.equal(slotKey(nextSlot({ cron: "30 3 * * *" }, new Date("2026-12-07T02:00:00Z"))), "2026-12-07T03:30:00.000Z");
});

test("bad schedules are refused with the reason", () => {
  assert.throws(() => latestSlot({ everyMs: 10 }, new Date()), /≥ 1000/);
  assert.throws(() => latestSlot({ cron: "61 * * * *" }, new Date()), /invalid cron expression "61 \* \* \* \*"/);
  assert.equal(describeSchedule({ everyMs: 900_000 }), "every 15 min");
  assert.equal(describeSchedule({ cron: "0 * * * *" }), "cron 0 * * * *");
});
