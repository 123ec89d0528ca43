import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { explainBoosted, fitBoostedTrees, predictBoostedLink } from "./boosted-trees.ts";
import { auc } from "./metrics.ts";
import { matrixFromRows, matrixRow } from "./matrix.ts";
import { createRng } from "./random.ts";

function xorData(seed: number, n: number) {
  const r = createRng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = [r.next(), r.next(), r.next()];
    rows.push(x);
    // An interaction a linear model cannot represent.
    const hot = (x[0] > 0.5) !== (x[1] > 0.5);
    y.push(r.next() < (hot ? 0.8 : 0.1) ? 1 : 0);
  }
  return { X: matrixFromRows(rows), y };
}

test("learns an interaction (XOR) out of sample", () => {
  const tr = xorData(1, 2000), te = xorData(2, 1000);
  const m = fitBoostedTrees(tr.X, tr.y, { nRounds: 100, maxDepth: 2, learningRate: 0.1, seed: 1 });
  assert.ok(auc(predictBoostedLink(m, te.X), te.y) > 0.8);
});

test("Saabas contributions add up to score − baseline exactly (property)", () => {
  const tr = xorData(3, 500);
  const m = fitBoostedTrees(tr.X, tr.y, { nRounds: 30, maxDepth: 3, seed: 2 });
  fc.assert(fc.property(fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }), (row) => {
    const e = explainBoosted(m, row);
    const s = e.contributions.reduce((a, b) => a + b, 0);
    const direct = predictBoostedLink(m, matrixFromRows([row]))[0];
    return Math.abs(e.baseline + s - e.score) < 1e-9 && Math.abs(e.score - direct) < 1e-9;
  }));
});

test("seeded subsampling is reproducible; the validation curve is recorded", () => {
  const tr = xorData(4, 400), va = xorData(5, 200);
  const a = fitBoostedTrees(tr.X, tr.y, { nRounds: 20, subsample: 0.5, seed: 9, validation: { X: va.X, y: va.y } });
  const b = fitBoostedTrees(tr.X, tr.y, { nRounds: 20, subsample: 0.5, seed: 9 });
  assert.deepEqual(Array.from(predictBoostedLink(a, va.X)), Array.from(predictBoostedLink(b, va.X)));
  assert.equal(a.validationLoss.length, 20);
  assert.ok(a.validationLoss[19] < a.validationLoss[0]);
  assert.equal(explainBoosted(a, matrixRow(va.X, 0)).contributions.length, 3);
  assert.throws(() => fitBoostedTrees(tr.X, tr.y.map(() => 1)), RangeError);
});
