import assert from "node:assert/strict";
import { test } from "node:test";
import { AssessmentWorkflowError, decide, type AssessmentStatus, type VersionState } from "./workflow.ts";

const state = (status: AssessmentStatus, over: Partial<VersionState> = {}): VersionState => ({ status, authorId: "author", reviewerId: null, latest: true, ...over });
const refuses = (fn: () => unknown, code: string) => assert.throws(fn, (e) => e instanceof AssessmentWorkflowError && e.code === code, code);

test("decide() walks draft → submitted → reviewed → published", () => {
  assert.equal(decide(state("draft"), { type: "submit" }, "author").status, "submitted");
  const reviewed = decide(state("submitted"), { type: "review", decision: "approve", note: "checked" }, "reviewer");
  assert.deepEqual([reviewed.status, reviewed.reviewerId, reviewed.event], ["reviewed", "reviewer", "assessment.reviewed"]);
  assert.equal(decide(state("reviewed", { reviewerId: "reviewer" }), { type: "publish" }, "author").status, "published");
});

test("decide() refuses a review by the author (four-eyes rule)", () => {
  refuses(() => decide(state("submitted"), { type: "review", decision: "approve", note: "ok" }, "author"), "four_eyes");
});

test("decide() reviews only submitted versions, with a note; a return goes back to draft", () => {
  for (const s of ["draft", "reviewed"] as const) refuses(() => decide(state(s), { type: "review", decision: "approve", note: "ok" }, "reviewer"), "invalid_transition");
  refuses(() => decide(state("submitted"), { type: "review", decision: "approve", note: "  " }, "reviewer"), "note_required");
  assert.equal(decide(state("submitted"), { type: "review", decision: "return", note: "more evidence" }, "reviewer").status, "draft");
});

test("decide() keeps published versions immutable and revises them into a new draft", () => {
  for (const action of [{ type: "edit" }, { type: "submit" }, { type: "publish" }, { type: "review", decision: "approve", note: "x" }] as const) refuses(() => decide(state("published"), action, "author"), "immutable");
  const next = decide(state("published"), { type: "revise" }, "someone");
  assert.deepEqual([next.status, next.newVersion], ["draft", true]);
  refuses(() => decide(state("draft"), { type: "revise" }, "author"), "invalid_transition");
});

test("decide() lets only the author edit or submit, only on the newest version, and publishes only reviewed ones", () => {
  refuses(() => decide(state("draft"), { type: "edit" }, "other"), "not_author");
  refuses(() => decide(state("draft"), { type: "submit" }, "other"), "not_author");
  refuses(() => decide(state("submitted"), { type: "edit" }, "author"), "invalid_transition");
  refuses(() => decide(state("submitted"), { type: "publish" }, "author"), "invalid_transition");
  refuses(() => decide(state("published", { latest: false }), { type: "revise" }, "author"), "not_latest");
});
