import assert from "node:assert/strict";
import { test } from "node:test";
import { designMatrix, trainingSet } from "./backtest.ts";
import { bootstrapRiskIntervals, quantile } from "./bootstrap.ts";
import { fitElasticNetPath } from "./elastic-net.ts";
import { linearLogisticModel } from "./glmnet-model.ts";
import { predictProbabilities, type ModelSpec } from "./model.ts";
import { syntheticEwpTable } from "./synthetic-table.ts";

// A cheap learner for the test: elastic net at a fixed λ.
const fixedLambda: ModelSpec = {
  id: "fixed", description: "enet at fixed λ",
  fit(train) {
    const path = fitElasticNetPath(train.X, train.y, { alpha: 0.5, nlambda: 20 });
    const k = path.lambda.length - 1;
    const p = train.X.ncol;
    return linearLogisticModel("fixed", train.featureNames, path.a0[k], path.beta.slice(k * p, (k + 1) * p), path.xMean);
  },
};

test("type-7 quantiles", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([1, 2, 3, 4], 0), 1);
  assert.equal(quantile([1, 2, 3, 4], 1), 4);
});

test("bootstrap intervals are ordered, bracket the median, are seeded, and widen with the level", () => {
  const rows = syntheticEwpTable({ countries: 25, firstYear: 1980, lastYear: 2000, seed: 4 });
  const train = trainingSet(rows, 1996);
  const target = designMatrix(rows.filter((r) => r.year === 1998));
  const a = bootstrapRiskIntervals(fixedLambda, train, target, { resamples: 8, level: 0.9, seed: 5 });
  const b = bootstrapRiskIntervals(fixedLambda, train, target, { resamples: 8, level: 0.9, seed: 5 });
  const c = bootstrapRiskIntervals(fixedLambda, train, target, { resamples: 8, level: 0.5, seed: 5 });
  assert.deepEqual(a, b);
  const point = predictProbabilities(fixedLambda.fit(train, 1), target);
  let inside = 0;
  a.forEach((iv, i) => {
    assert.ok(iv.lower <= iv.median && iv.median <= iv.upper);
    assert.ok(c[i].upper - c[i].lower <= iv.upper - iv.lower + 1e-15);
    if (point[i] >= iv.lower && point[i] <= iv.upper) inside++;
  });
  assert.ok(inside / a.length > 0.6, `point estimate inside ${inside}/${a.length}`);
  const byYear = bootstrapRiskIntervals(fixedLambda, train, target, { resamples: 5, seed: 1, byYear: true });
  assert.equal(byYear.length, target.nrow);
  assert.throws(() => bootstrapRiskIntervals(fixedLambda, train, target, { resamples: 1 }), RangeError);
});

test("frozen bootstrap refits the fitted model's hyperparameters instead of re-running the spec", () => {
  const rows = syntheticEwpTable({ countries: 25, firstYear: 1980, lastYear: 2000, seed: 4 });
  const train = trainingSet(rows, 1996);
  const target = designMatrix(rows.filter((r) => r.year === 1998));
  let specFits = 0;
  let frozenFits = 0;
  const counting: ModelSpec = {
    id: "counting", description: "counts its fits",
    fit(t, seed) {
      specFits++;
      const m = fixedLambda.fit(t, seed);
      return { ...m, refitFrozen: (t2: typeof t, s2: number) => { frozenFits++; return fixedLambda.fit(t2, s2); } };
    },
  };
  const fitted = counting.fit(train, 1);
  specFits = 0;
  const frozen = bootstrapRiskIntervals(counting, train, target, { resamples: 6, seed: 5, fitted });
  assert.equal(specFits, 0);
  assert.equal(frozenFits, 6);
  // fixedLambda has no tuning, so frozen and full refits of the same resamples agree exactly.
  assert.deepEqual(frozen, bootstrapRiskIntervals(fixedLambda, train, target, { resamples: 6, seed: 5 }));
  // Without refitFrozen on the fitted model, the spec is refitted in full.
  bootstrapRiskIntervals(counting, train, target, { resamples: 3, seed: 5, fitted: fixedLambda.fit(train, 1) });
  assert.equal(specFits, 3);
});
