import assert from "node:assert/strict";
import { test } from "node:test";
import { applyAssessmentToAlert, compareViews } from "./disagreement.ts";
import type { Synthesis } from "./scoring.ts";
import { levelOf } from "./scoring.ts";

const synth = (score: number | null, sufficient = true): Synthesis => ({
  framework: { key: "k", version: 1 }, score, level: score === null ? null : levelOf(score), coverage: sufficient ? 1 : 0.1, sufficient, factors: [], rule: "",
});
const stat = (rank: number, ranked = 160) => ({ rank, ranked, risk: 0.01 });

test("compareViews() flags analysts high while the model ranks the country low", () => {
  const d = compareViews(synth(0.8), stat(120));
  assert.equal(d.flag, "analyst-higher");
  assert.match(d.explanation, /ranks the country 120 of 160/);
});

test("compareViews() flags analysts low while the model ranks the country in its top 30", () => {
  assert.equal(compareViews(synth(0.1), stat(5)).flag, "analyst-lower");
});

test("compareViews() stays quiet at the thresholds' edges and in the middle band", () => {
  assert.equal(compareViews(synth(0.8), stat(80)).flag, null); // 80 is not > max(60, 160/2)
  assert.equal(compareViews(synth(0.8), stat(81)).flag, "analyst-higher");
  assert.equal(compareViews(synth(0.59), stat(150)).flag, null);
  assert.equal(compareViews(synth(0.6), stat(150)).flag, "analyst-higher");
  assert.equal(compareViews(synth(0.25), stat(30)).flag, "analyst-lower");
  assert.equal(compareViews(synth(0.26), stat(30)).flag, null);
  assert.equal(compareViews(synth(0.1), stat(31)).flag, null);
});

test("compareViews() ignores insufficient assessments and missing forecasts", () => {
  assert.equal(compareViews(synth(0.9, false), stat(150)).flag, null);
  assert.equal(compareViews(synth(0.9), null).flag, null);
  assert.equal(compareViews(null, stat(1)).analyst, null);
  assert.throws(() => compareViews(synth(0.5), stat(0)), RangeError);
});

test("applyAssessmentToAlert() raises severity for high assessments and never lowers it", () => {
  assert.deepEqual(applyAssessmentToAlert("moderate", synth(0.9)).severity, "high");
  assert.equal(applyAssessmentToAlert("critical", synth(0.9)).severity, "critical");
  assert.equal(applyAssessmentToAlert("low", synth(0.6)).severity, "moderate");
  assert.equal(applyAssessmentToAlert("high", synth(0.1)).severity, "high");
  assert.equal(applyAssessmentToAlert("low", synth(0.9, false)).severity, "low");
  assert.match(applyAssessmentToAlert("low", synth(0.9)).reason!, /very high/);
});
