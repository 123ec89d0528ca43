import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "./config.ts";

test("alert levels are recomputed every 15 minutes unless TOCSIN_ALERT_INTERVAL_MINUTES says otherwise", () => {
  assert.equal(loadConfig({}).alertIntervalMinutes, 15);
  assert.equal(loadConfig({ TOCSIN_ALERT_INTERVAL_MINUTES: "0" }).alertIntervalMinutes, 0);
  assert.equal(loadConfig({ TOCSIN_ALERT_INTERVAL_MINUTES: "2.5" }).alertIntervalMinutes, 2.5);
  for (const bad of ["-1", "soon", "Infinity"]) {
    assert.throws(() => loadConfig({ TOCSIN_ALERT_INTERVAL_MINUTES: bad }), /TOCSIN_ALERT_INTERVAL_MINUTES must be a number of minutes ≥ 0, got "/);
  }
});

test("PORT must be a port number", () => {
  assert.equal(loadConfig({ PORT: "9000" }).port, 9000);
  assert.throws(() => loadConfig({ PORT: "70000" }), /PORT must be a whole number from 0 to 65535/);
});
