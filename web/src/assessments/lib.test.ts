import assert from "node:assert/strict";
import { test } from "node:test";
import { TEN_STAGES } from "../../../src/domain/assessment/frameworks/mod.ts";
import { synthesize } from "../../../src/domain/assessment/scoring.ts";
import type { IndicatorAnswer, PublishedAssessment } from "./client.ts";
import { compareSyntheses, describeChange, differingAnswers, latestPerFramework, markRestUnknown, parseAssessmentRoute, parseVersionRef, progress } from "./lib.ts";

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const ans = (answer: IndicatorAnswer["answer"], confidence: IndicatorAnswer["confidence"] = "high"): IndicatorAnswer => ({ answer, confidence, rationale: "r", evidence: [] });

test("parseAssessmentRoute() knows the list, new, work, history and compare pages and nothing else", () => {
  assert.deepEqual(parseAssessmentRoute("/assessments/", "?country=mmr"), { view: "list", country: "MMR" });
  assert.deepEqual(parseAssessmentRoute("/assessments", "?country=../x"), { view: "list", country: null });
  assert.deepEqual(parseAssessmentRoute("/assessments/new", "?country=SDN"), { view: "new", country: "SDN" });
  assert.deepEqual(parseAssessmentRoute(`/assessments/${ID.toUpperCase()}`, ""), { view: "work", id: ID });
  assert.deepEqual(parseAssessmentRoute(`/assessments/${ID}/history`, ""), { view: "history", id: ID });
  assert.deepEqual(parseAssessmentRoute("/assessments/compare", `?a=${ID}@1&b=${ID}@2`), { view: "compare", a: { id: ID, version: 1 }, b: { id: ID, version: 2 } });
  assert.deepEqual(parseAssessmentRoute("/assessments/compare", `?a=${ID}@0&b=${ID}`), { view: "missing" });
  assert.deepEqual(parseAssessmentRoute("/assessments/nope", ""), { view: "missing" });
  assert.equal(parseVersionRef(`${ID}@x`), null);
});

test("compareSyntheses() lines factors up by id with the change, and differingAnswers() lists changed indicators in order", () => {
  const [first, second] = TEN_STAGES.factors;
  const a = { [first.indicators[0].id]: ans("absent"), [second.indicators[0].id]: ans("present") };
  const b = { [first.indicators[0].id]: ans("strongly_present"), [second.indicators[0].id]: ans("present", "low") };
  const rows = compareSyntheses(synthesize(TEN_STAGES, { assessedOn: "2025-01-01", summary: "", answers: a }), synthesize(TEN_STAGES, { assessedOn: "2025-01-01", summary: "", answers: b }));
  assert.equal(rows.length, TEN_STAGES.factors.length);
  assert.deepEqual([rows[0].a, rows[0].b, rows[0].delta], [0, 1, 1]);
  assert.deepEqual([rows[1].a, rows[1].b, rows[1].delta], [0.5, 0.5, 0]);
  assert.deepEqual([rows[2].a, rows[2].delta], [null, null]);
  assert.deepEqual(differingAnswers(TEN_STAGES, a, b).map((d) => d.indicatorId), [first.indicators[0].id, second.indicators[0].id]);
  assert.deepEqual(differingAnswers(TEN_STAGES, a, a), []);
});

test("markRestUnknown() fills only the missing indicators, and progress() counts them", () => {
  const id = TEN_STAGES.factors[0].indicators[0].id;
  const before = { [id]: { ...ans("present"), rationale: "" } };
  assert.deepEqual(progress(TEN_STAGES, before), { answered: 1, withRationale: 0, total: 25 });
  const filled = markRestUnknown(TEN_STAGES, before);
  assert.equal(filled[id], before[id]);
  assert.deepEqual(progress(TEN_STAGES, filled), { answered: 25, withRationale: 24, total: 25 });
});

test("latestPerFramework() keeps the first (newest) of each framework version; describeChange() words a diff", () => {
  const p = (id: string, key: string) => ({ id, framework: { key, version: 1, name: key } }) as PublishedAssessment;
  assert.deepEqual(latestPerFramework([p("1", "a"), p("2", "b"), p("3", "a")]).map((x) => x.id), ["1", "2"]);
  assert.equal(describeChange({ path: "answers.2.1.answer", kind: "changed", indicatorId: "2.1", from: "present", to: "absent" }), "Indicator 2.1 answer: Present → Absent");
  assert.equal(describeChange({ path: "answers.2.1", kind: "added", indicatorId: "2.1", from: null, to: ans("unknown", "low") }), "Indicator 2.1 answered: Unknown (low confidence)");
  assert.equal(describeChange({ path: "assessedOn", kind: "changed", from: "2025-01-01", to: "2025-02-01" }), "Date: “2025-01-01” → “2025-02-01”");
});
