import assert from "node:assert/strict";
import { test } from "node:test";
import type { AssessmentContent } from "./assessment.ts";
import { diffContent } from "./diff.ts";

const base: AssessmentContent = {
  assessedOn: "2025-01-31",
  summary: "first",
  answers: {
    "1.1": { answer: "present", confidence: "medium", rationale: "a", evidence: [{ kind: "event", ref: "ged:1" }, { kind: "episode", ref: "MMR-1" }] },
    "10.2": { answer: "absent", confidence: "low", rationale: "b", evidence: [] },
  },
};

test("diffContent() of identical versions is empty, whatever the evidence order", () => {
  const same = structuredClone(base);
  same.answers["1.1"].evidence.reverse();
  assert.deepEqual(diffContent(base, same), []);
});

test("diffContent() lists changed fields per indicator in indicator order", () => {
  const after = structuredClone(base);
  after.summary = "second";
  after.answers["10.2"].answer = "strongly_present";
  after.answers["1.1"].evidence.push({ kind: "url", ref: "https://example.org/r" });
  after.answers["2.1"] = { answer: "unknown", confidence: "low", rationale: "c", evidence: [] };
  delete (after.answers as Record<string, unknown>)["1.1"];
  const changes = diffContent(base, after);
  assert.deepEqual(changes.map((c) => [c.path, c.kind]), [["summary", "changed"], ["answers.1.1", "removed"], ["answers.2.1", "added"], ["answers.10.2.answer", "changed"]]);
  assert.deepEqual([changes[3].from, changes[3].to], ["absent", "strongly_present"]);
});

test("diffContent() reports evidence and confidence changes", () => {
  const after = structuredClone(base);
  after.answers["1.1"].confidence = "high";
  after.answers["1.1"].evidence.pop();
  assert.deepEqual(diffContent(base, after).map((c) => c.path), ["answers.1.1.confidence", "answers.1.1.evidence"]);
});
