import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, seededRandom, stratifiedSplit } from "./metrics.ts";

test("evaluate: per-class scores, macro-F1 and confusion matrix by hand", () => {
  const ev = evaluate(["a", "a", "a", "b", "b", "c"], ["a", "a", "b", "b", "c", "c"], ["a", "b", "c"]);
  assert.deepEqual(ev.confusion_matrix, [[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
  assert.equal(ev.per_class.a.precision, 1);
  assert.ok(Math.abs(ev.per_class.a.recall - 2 / 3) < 1e-12);
  assert.ok(Math.abs(ev.per_class.b.f1 - 0.5) < 1e-12);
  assert.ok(Math.abs(ev.per_class.c.f1 - 2 / 3) < 1e-12);
  assert.ok(Math.abs(ev.macro_f1 - (0.8 + 0.5 + 2 / 3) / 3) < 1e-12);
  assert.ok(Math.abs(ev.accuracy - 4 / 6) < 1e-12);
});

test("evaluate: unseen labels are appended; never-predicted class has zero precision", () => {
  const ev = evaluate(["x", "y"], ["x", "x"], ["x"]);
  assert.deepEqual(ev.labels, ["x", "y"]);
  assert.equal(ev.per_class.y.precision, 0);
  assert.equal(ev.per_class.y.f1, 0);
  assert.throws(() => evaluate(["a"], []), RangeError);
});

test("stratified split keeps class shares, is deterministic and disjoint", () => {
  const labels = [...Array(100).fill("a"), ...Array(20).fill("b")];
  const s1 = stratifiedSplit(labels, 0.2, 42);
  const s2 = stratifiedSplit(labels, 0.2, 42);
  const s3 = stratifiedSplit(labels, 0.2, 7);
  assert.deepEqual(s1, s2);
  assert.notDeepEqual(s1.test, s3.test);
  assert.equal(s1.test.filter((i) => labels[i] === "a").length, 20);
  assert.equal(s1.test.filter((i) => labels[i] === "b").length, 4);
  assert.equal(new Set([...s1.train, ...s1.test]).size, 120);
  const r = seededRandom(1);
  assert.ok(r() >= 0 && r() < 1);
});
