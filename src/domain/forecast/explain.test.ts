import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { explain } from "./explain.ts";
import { linearLogisticModel } from "./glmnet-model.ts";
import { matrixFromRows } from "./matrix.ts";

test("linear explanations: β_j (x_j − x̄_j), summing to score − baseline (property)", () => {
  const m = linearLogisticModel("lin", ["a", "b", "c"], -2, Float64Array.from([0.5, -1, 0]), Float64Array.from([1, 2, 3]));
  fc.assert(fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }), (row) => {
    const e = explain(m, row);
    const sum = e.contributions.reduce((s, v) => s + v, 0);
    const direct = m.predictLink(matrixFromRows([row]))[0];
    return Math.abs(e.baseline + sum - e.score) < 1e-9 && Math.abs(e.score - direct) < 1e-9 &&
      Math.abs(e.contributions[0] - 0.5 * (row[0] - 1)) < 1e-12 && e.contributions[2] === 0;
  }));
  const e = explain(m, [3, 2, 3]);
  assert.equal(e.ranked[0].feature, "a");
  assert.equal(e.baseline, -2 + 0.5 * 1 - 2);
  assert.throws(() => explain(m, [1, 2]), RangeError);
  assert.throws(() => explain(m, [1, 2, Number.NaN]), RangeError);
});
