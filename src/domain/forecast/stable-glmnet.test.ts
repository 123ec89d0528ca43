import assert from "node:assert/strict";
import { test } from "node:test";
import { designMatrix, trainingSet } from "./backtest.ts";
import { explain } from "./explain.ts";
import { glmnetSpec } from "./glmnet-model.ts";
import { predictProbabilities } from "./model.ts";
import { stableGlmnetSpec, yearBlockFoldIds } from "./stable-glmnet.ts";
import { syntheticEwpTable } from "./synthetic-table.ts";

const rows = syntheticEwpTable({ countries: 40, firstYear: 1970, lastYear: 2005, seed: 11 });
const train = trainingSet(rows, 2001);
const X = designMatrix(rows.filter((r) => r.year === 2003));

test("year-block folds are contiguous in time and cover every fold", () => {
  const years = Int32Array.from([1990, 1990, 1991, 1992, 1992, 1993, 1994, 1995, 1996, 1997]);
  const f = yearBlockFoldIds(years, 5);
  for (let i = 1; i < years.length; i++) assert.ok(f[i] >= f[i - 1], "fold ids must not decrease with the year");
  assert.equal(new Set(f).size, 5);
  assert.equal(f[0], f[1], "rows of one year share a fold");
});

test("repeated CV with one repeat is exactly cv.glmnet at λ.min", () => {
  const a = stableGlmnetSpec({ id: "r", description: "", alphas: [0.5], nfolds: 5, selection: "repeated-cv", repeats: 1 }).fit(train, 3);
  const b = glmnetSpec({ id: "g", description: "", alpha: 0.5, nfolds: 5, lambdaRule: "min" }).fit(train, 3);
  const pa = predictProbabilities(a, X);
  const pb = predictProbabilities(b, X);
  for (let i = 0; i < pa.length; i++) assert.ok(Math.abs(pa[i] - pb[i]) < 1e-12);
});

for (const selection of ["repeated-cv", "bagged", "blocked-cv", "forward"] as const) {
  test(`${selection}: fits, explains additively, and a frozen refit on the same rows reproduces the fit`, () => {
    const spec = stableGlmnetSpec({ id: "s", description: "", alphas: selection === "repeated-cv" ? [0.25, 0.75] : [0.5], nfolds: 5, selection, repeats: 3, forwardOrigins: 6, minInnerEvents: 3 });
    const m = spec.fit(train, 2);
    const p = predictProbabilities(m, X);
    assert.ok(p.every((v) => v > 0 && v < 1));
    const e = explain(m, Array.from({ length: X.ncol }, (_, j) => X.data[j * X.nrow]));
    let s = e.baseline;
    for (const c of e.contributions) s += c;
    assert.ok(Math.abs(s - e.score) < 1e-9);
    assert.ok(m.refitFrozen, "stable elastic nets support frozen refits");
    // Same rows, same λ (each member's own λ when bagged): the same convex problem, so the same
    // solution up to the solver's convergence threshold.
    const tol = 1e-4;
    const q = predictProbabilities(m.refitFrozen!(train, 9), X);
    for (let i = 0; i < p.length; i++) assert.ok(Math.abs(Math.log(q[i] / p[i])) < tol, `row ${i}: ${q[i]} vs ${p[i]}`);
  });
}
