import assert from "node:assert/strict";
import { test } from "node:test";
import type { AssessmentContent, IndicatorAnswer } from "./assessment.ts";
import { checkContent, AssessmentContentError } from "./assessment.ts";
import { validateFramework } from "./framework.ts";
import { levelOf, synthesize } from "./scoring.ts";

const fw = validateFramework({
  key: "test-frame", version: 1, name: "T", description: "d", source: "s",
  factors: [
    { id: "1", name: "A", description: "d", indicators: [1, 2].map((n) => ({ id: `1.${n}`, text: "t", guidance: "g" })) },
    { id: "2", name: "B", description: "d", weight: 3, indicators: [1, 2].map((n) => ({ id: `2.${n}`, text: "t", guidance: "g" })) },
  ],
});
const ans = (answer: IndicatorAnswer["answer"], confidence: IndicatorAnswer["confidence"] = "high"): IndicatorAnswer => ({ answer, confidence, rationale: "r", evidence: [] });
const content = (answers: AssessmentContent["answers"]): AssessmentContent => ({ assessedOn: "2025-06-30", summary: "s", answers });

test("synthesize() weights indicator values by confidence within a factor", () => {
  // factor 1: strongly present (1, high weight 1) and absent (0, low weight 1/3): 1 / (4/3) = 0.75
  const s = synthesize(fw, content({ "1.1": ans("strongly_present"), "1.2": ans("absent", "low") }));
  assert.ok(Math.abs(s.factors[0].score! - 0.75) < 1e-12);
  assert.equal(s.factors[0].level, "very_high");
});

test("synthesize() weights factors by their weight in the overall score", () => {
  const s = synthesize(fw, content({ "1.1": ans("strongly_present"), "1.2": ans("strongly_present"), "2.1": ans("absent"), "2.2": ans("absent") }));
  assert.ok(Math.abs(s.score! - 0.25) < 1e-12); // (1·1 + 3·0) / 4
  assert.equal(s.coverage, 1);
  assert.equal(s.sufficient, true);
});

test("synthesize() leaves unknowns out of scores and reports them as coverage", () => {
  const s = synthesize(fw, content({ "1.1": ans("present"), "1.2": ans("unknown") }));
  assert.equal(s.factors[0].score, 0.5);
  assert.equal(s.factors[0].unknown, 1);
  assert.equal(s.factors[1].score, null);
  assert.equal(s.factors[1].counts.unanswered, 2);
  assert.equal(s.score, 0.5); // factor 2 has no score, so it does not pull the mean to 0
  assert.equal(s.coverage, 0.25);
  assert.equal(s.sufficient, false);
  assert.equal(synthesize(fw, content({ "1.1": ans("present"), "1.2": ans("unknown") }), { minCoverage: 0.25 }).sufficient, true);
});

test("synthesize() of an empty assessment has no score", () => {
  const s = synthesize(fw, content({}));
  assert.equal(s.score, null);
  assert.equal(s.level, null);
  assert.equal(s.sufficient, false);
});

test("levelOf() bands scores and rejects values outside [0, 1]", () => {
  assert.deepEqual([0, 0.249, 0.25, 0.5, 0.75, 1].map(levelOf), ["low", "low", "moderate", "high", "very_high", "very_high"]);
  assert.throws(() => levelOf(1.5), RangeError);
});

test("checkContent() refuses foreign indicators, bad evidence, and incomplete submissions", () => {
  assert.throws(() => checkContent(fw, content({ "9.1": ans("present") })), (e) => e instanceof AssessmentContentError && e.path === "answers.9.1");
  assert.throws(() => checkContent(fw, content({ "1.1": { ...ans("present"), evidence: [{ kind: "url", ref: "ftp://x" }] } })), /evidence\[0\]\.ref/);
  assert.throws(() => checkContent(fw, content({ "1.1": { ...ans("present"), evidence: [{ kind: "url", ref: "https://x.org/a", archivedSha256: "abc" }] } })), /archivedSha256/);
  assert.throws(() => checkContent(fw, content({ "1.1": { ...ans("present"), evidence: [{ kind: "event", ref: "ged:1", archivedSha256: "a".repeat(64) }] } })), /url evidence only/);
  checkContent(fw, content({ "1.1": { ...ans("present"), evidence: [{ kind: "event", ref: "ged:123" }, { kind: "forecast", ref: "4:MMR" }, { kind: "url", ref: "https://x.org/a", archivedSha256: "a".repeat(64) }] } }));
  assert.throws(() => checkContent(fw, content({ "1.1": ans("present") }), { complete: true }), /answers\.1\.2/);
  assert.throws(() => checkContent(fw, { ...content({}), assessedOn: "2025-13-45" }), /assessedOn/);
});
