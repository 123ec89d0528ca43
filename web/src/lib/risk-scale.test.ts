import assert from "node:assert/strict";
import { test } from "node:test";
import { formatInterval, formatRisk, RISK_BANDS, riskBand } from "./risk-scale.ts";

test("RISK_BANDS tile [0, 1] without gaps, lowest first", () => {
  assert.equal(RISK_BANDS[0].from, 0);
  assert.equal(RISK_BANDS.at(-1)!.to, 1);
  for (let i = 1; i < RISK_BANDS.length; i++) assert.equal(RISK_BANDS[i].from, RISK_BANDS[i - 1].to);
  assert.equal(new Set(RISK_BANDS.map((b) => b.color)).size, RISK_BANDS.length);
});

test("riskBand() puts bounds in the upper band and 1 in the top band", () => {
  assert.equal(riskBand(0).id, "b1");
  assert.equal(riskBand(0.0049).id, "b1");
  assert.equal(riskBand(0.005).id, "b2");
  assert.equal(riskBand(0.04).id, "b5");
  assert.equal(riskBand(0.104).id, "b6");
  assert.equal(riskBand(1).id, "b6");
  assert.throws(() => riskBand(1.2), RangeError);
  assert.throws(() => riskBand(Number.NaN), /got NaN/);
});

test("formatRisk() and formatInterval() print percentages", () => {
  assert.equal(formatRisk(0.0421), "4.2 %");
  assert.equal(formatRisk(0.1041), "10 %");
  assert.equal(formatRisk(0.0004), "<0.1 %");
  assert.equal(formatRisk(0.02), "2 %");
  assert.equal(formatInterval({ low: 0.031, high: 0.05 }), "3.1–5 %");
  assert.equal(RISK_BANDS[0].label, "under 0.5 %");
  assert.equal(RISK_BANDS.at(-1)!.label, "8 % or more");
});
