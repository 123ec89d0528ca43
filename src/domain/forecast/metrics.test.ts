import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { auc, brier, calibrationTable, logLoss, recallAtK, spearman } from "./metrics.ts";

test("AUC by hand, with ties counting one half", () => {
  // pairs (pos, neg): (0.9,0.1)=1 (0.9,0.5)=1 (0.5,0.1)=1 (0.5,0.5)=½ → 3.5/4
  assert.equal(auc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]), 3.5 / 4);
  assert.equal(auc([0.3, 0.3, 0.3], [1, 0, 0]), 0.5);
  assert.ok(Number.isNaN(auc([0.1, 0.2], [0, 0])));
  assert.equal(auc([0.9, null, 0.1], [1, 1, 0]), 1);
});

test("AUC is invariant under monotone transforms and flips under reversal", () => {
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { minLength: 2, maxLength: 60 }),
    (pairs) => {
      const p = pairs.map((x) => x[0] / 50);
      const y = pairs.map((x) => (x[1] ? 1 : 0));
      const a = auc(p, y);
      if (Number.isNaN(a)) return true;
      const a2 = auc(p.map((v) => Math.exp(3 * v)), y);
      const a3 = auc(p.map((v) => -v), y);
      return Math.abs(a - a2) < 1e-12 && Math.abs(a + a3 - 1) < 1e-12 && a >= 0 && a <= 1;
    },
  ));
});

test("recall@k, Brier, log loss, calibration", () => {
  assert.equal(recallAtK([1, 31, 5, 2], [1, 1, 0, 1], 30), 2 / 3);
  assert.ok(Math.abs(brier([0.2, 0.8], [0, 1]) - 0.04) < 1e-15);
  assert.ok(Math.abs(logLoss([0.5, 0.5], [0, 1]) - Math.log(2)) < 1e-12);
  const t = calibrationTable([0.005, 0.015, 0.5, 0.9], [0, 0, 1, 1], [0, 0.01, 0.1, 1]);
  assert.deepEqual(t.map((b) => b.count), [1, 1, 2]);
  assert.equal(t[2].observedRate, 1);
  assert.ok(Math.abs(t[2].meanPredicted - 0.7) < 1e-15);
});

test("Spearman is 1 for monotone pairs and −1 for reversed", () => {
  assert.equal(spearman([1, 2, 3, 4], [10, 20, 25, 100]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
});
