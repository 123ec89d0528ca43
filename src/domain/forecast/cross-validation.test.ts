import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { cvElasticNet, makeFoldIds } from "./cross-validation.ts";
import { matrixFromRows } from "./matrix.ts";
import { createRng } from "./random.ts";

test("seeded fold ids are balanced, reproducible and seed-dependent", () => {
  fc.assert(fc.property(fc.integer({ min: 10, max: 500 }), fc.integer({ min: 3, max: 10 }), fc.integer(), (n, k, seed) => {
    const f = makeFoldIds(n, k, seed);
    const counts = new Array(k).fill(0);
    for (const v of f) counts[v]++;
    return Math.max(...counts) - Math.min(...counts) <= 1 && makeFoldIds(n, k, seed).every((v, i) => v === f[i]);
  }));
  assert.notDeepEqual(Array.from(makeFoldIds(50, 5, 1)), Array.from(makeFoldIds(50, 5, 2)));
});

test("λ.min is the largest λ at the CV minimum and λ.1se ≥ λ.min within one SE", () => {
  const r = createRng(5);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 400; i++) {
    const x = [r.next(), r.next(), r.next(), r.next(), r.next()];
    rows.push(x);
    y.push(r.next() < 1 / (1 + Math.exp(-(-2 + 3 * x[0] - 2 * x[1]))) ? 1 : 0);
  }
  const cv = cvElasticNet(matrixFromRows(rows), y, { alpha: 0.5, seed: 3 });
  const min = Math.min(...cv.cvm);
  assert.equal(cv.cvm[cv.indexMin], min);
  assert.ok(cv.cvm.slice(0, cv.indexMin).every((v) => v > min));
  assert.ok(cv.lambda1se >= cv.lambdaMin);
  assert.ok(cv.cvm[cv.index1se] <= min + cv.cvsd[cv.indexMin]);
  assert.ok(cv.cvsd.every((v) => v >= 0));
  // The informative predictors carry the signal at λ.min.
  const p = 5, k = cv.indexMin;
  assert.ok(cv.fit.beta[k * p + 0] > 0 && cv.fit.beta[k * p + 1] < 0);
  // Reproducible from the seed.
  const again = cvElasticNet(matrixFromRows(rows), y, { alpha: 0.5, seed: 3 });
  assert.deepEqual(Array.from(again.cvm), Array.from(cv.cvm));
});
