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

test("heavy-endpoint rate limits, analysis workers and trusted proxies are read from the environment", () => {
  const d = loadConfig({});
  assert.deepEqual(d.rateLimits, { speechIngest: { perToken: 12, perAddress: 30 }, pdfBrief: { perToken: 10, perAddress: 20 } });
  assert.equal(d.trustProxy, false);
  assert.equal(d.analysisWorkers, undefined);
  const c = loadConfig({ TOCSIN_RATE_SPEECH_TOKEN: "0", TOCSIN_RATE_BRIEF_ADDRESS: "5", TOCSIN_ANALYSIS_WORKERS: "3", TOCSIN_TRUST_PROXY: "10.0.0.1, 192.168.0.0/16" });
  assert.deepEqual(c.rateLimits.speechIngest, { perToken: 0, perAddress: 30 });
  assert.equal(c.rateLimits.pdfBrief.perAddress, 5);
  assert.equal(c.analysisWorkers, 3);
  assert.deepEqual(c.trustProxy, ["10.0.0.1", "192.168.0.0/16"]);
  assert.equal(loadConfig({ TOCSIN_TRUST_PROXY: "2" }).trustProxy, 2);
  assert.throws(() => loadConfig({ TOCSIN_RATE_SPEECH_ADDRESS: "-1" }), /TOCSIN_RATE_SPEECH_ADDRESS must be a whole number ≥ 0/);
  // "true" would let any client choose its own address through X-Forwarded-For.
  assert.throws(() => loadConfig({ TOCSIN_TRUST_PROXY: "true" }), /TOCSIN_TRUST_PROXY must be/);
});
