import assert from "node:assert/strict";
import { test } from "node:test";
import { decide, WorkflowError } from "./workflow.ts";

const received = { id: "r1", status: "received" as const, firstReviewerId: null };

test("decide() records the first reviewer on under_review", () => {
  assert.deepEqual(decide(received, { to: "under_review" }, "a1"), { status: "under_review", firstReviewerId: "a1", duplicateOf: null });
});

test("decide() refuses verification by the first reviewer (four eyes)", () => {
  const s = { ...received, status: "under_review" as const, firstReviewerId: "a1" };
  assert.throws(() => decide(s, { to: "verified", reason: "ok" }, "a1"), (e) => e instanceof WorkflowError && e.code === "four_eyes");
  assert.equal(decide(s, { to: "verified", reason: "two sources" }, "a2").status, "verified");
});

test("decide() needs reasons, forbids skipping review and leaving closed states", () => {
  const s = { ...received, status: "under_review" as const, firstReviewerId: "a1" };
  assert.throws(() => decide(s, { to: "false", reason: " " }, "a1"), (e) => e instanceof WorkflowError && e.code === "reason_required");
  assert.throws(() => decide(received, { to: "verified", reason: "x" }, "a2"), (e) => e instanceof WorkflowError && e.code === "invalid_transition");
  assert.throws(() => decide({ ...s, status: "false" }, { to: "under_review" }, "a2"), WorkflowError);
});

test("decide() links duplicates to their original, never to themselves", () => {
  const s = { ...received, status: "under_review" as const, firstReviewerId: "a1" };
  assert.equal(decide(s, { to: "duplicate", reason: "same", duplicateOf: "r0" }, "a1").duplicateOf, "r0");
  assert.throws(() => decide(s, { to: "duplicate", reason: "same", duplicateOf: "r1" }, "a1"), WorkflowError);
});
