import assert from "node:assert/strict";
import { test } from "node:test";
import { assembleBacktest, rankDescending, scoreBacktest, walkForward, walkTrainYears } from "./backtest.ts";
import { linearLogisticModel } from "./glmnet-model.ts";
import type { ModelSpec, TrainingSet } from "./model.ts";
import { EWP_GLMNET } from "./model-registry.ts";
import { syntheticEwpTable } from "./synthetic-table.ts";

/** A spy learner: records what each fit saw and scores rows by one predictor. */
function spySpec(seen: { maxYear: number; n: number }[]): ModelSpec {
  return {
    id: "spy", description: "records its training data",
    fit(train: TrainingSet) {
      seen.push({ maxYear: Math.max(...train.years), n: train.X.nrow });
      const p = train.X.ncol;
      const beta = new Float64Array(p);
      beta[train.featureNames.indexOf("discrimpop")] = 1;
      return linearLogisticModel("spy", train.featureNames, -3, beta, new Float64Array(p));
    },
  };
}

test("the walk trains on years ≤ T only, forecasts T + 2 and combines Y − 1 and Y − 2", () => {
  const rows = syntheticEwpTable({ countries: 12, firstYear: 1980, lastYear: 2000, seed: 1 });
  const seen: { maxYear: number; n: number }[] = [];
  const res = walkForward(rows, spySpec(seen), { firstTrainYear: 1985 });
  // Default last T = max year − 3.
  assert.deepEqual(walkTrainYears(rows, { firstTrainYear: 1985 }), Array.from({ length: 13 }, (_, k) => 1985 + k));
  assert.deepEqual(seen.map((s) => s.maxYear), Array.from({ length: 13 }, (_, k) => 1985 + k));
  // Complete rows only: every row of years ≤ T has its outcome (years ≤ 1998), 12 countries a year.
  assert.deepEqual(seen.map((s) => s.n), Array.from({ length: 13 }, (_, k) => 12 * (1985 + k - 1980 + 1)));
  // Forecast data years are T + 2.
  assert.deepEqual([...new Set(res.forecasts.map((f) => f.dataYear))], Array.from({ length: 13 }, (_, k) => 1987 + k));
  // Output years: first T + 3 … last T + 4, but only years that exist (≤ 2000).
  assert.deepEqual([...new Set(res.rows.map((r) => r.year))], Array.from({ length: 13 }, (_, k) => 1988 + k));
  const byKey = new Map(res.forecasts.map((f) => [`${f.ccode}|${f.dataYear}`, f]));
  for (const r of res.rows) {
    const prev = byKey.get(`${r.ccode}|${r.year - 1}`);
    const prior = byKey.get(`${r.ccode}|${r.year - 2}`);
    assert.equal(r.riskPrev, prev?.risk ?? null);
    assert.equal(r.riskTwoYearsPrior, prior?.risk ?? null);
    assert.equal(r.maxrisk2, Math.max(prev?.risk ?? -1, prior?.risk ?? -1) === -1 ? null : Math.max(prev?.risk ?? -1, prior?.risk ?? -1));
    assert.equal(r.minrank2, Math.min(prev?.rank ?? 1e9, prior?.rank ?? 1e9) === 1e9 ? null : Math.min(prev?.rank ?? 1e9, prior?.rank ?? 1e9));
  }
  // First output year has no two-years-prior forecast.
  assert.ok(res.rows.filter((r) => r.year === 1988).every((r) => r.riskTwoYearsPrior === null && r.riskPrev !== null));
});

test("rows with a missing predictor are neither trained on nor forecast", () => {
  const rows = syntheticEwpTable({ countries: 6, firstYear: 1980, lastYear: 1995, seed: 2 });
  rows.find((r) => r.ccode === 100 && r.year === 1990)!.values.efindex = null;
  const seen: { maxYear: number; n: number }[] = [];
  const res = walkForward(rows, spySpec(seen), { firstTrainYear: 1988, lastTrainYear: 1988 });
  assert.equal(seen[0].n, 6 * 9);
  const r = res.rows.find((x) => x.ccode === 100 && x.year === 1991)!;
  assert.equal(r.riskPrev, null);
});

test("ranks: 1 = highest, ties share the best rank", () => {
  assert.deepEqual(Array.from(rankDescending([0.1, 0.5, 0.5, 0.9])), [4, 2, 2, 1]);
});

test("the EWP learner recovers signal on synthetic data and scores rows", () => {
  const rows = syntheticEwpTable({ countries: 40, firstYear: 1980, lastYear: 2000, seed: 5 });
  const res = walkForward(rows, EWP_GLMNET, { firstTrainYear: 1995 });
  const s = scoreBacktest(res.rows);
  assert.ok(s.onsets > 0);
  assert.ok(s.auc > 0.6, `AUC ${s.auc}`);
  assert.ok(s.brier > 0 && s.brier < 0.25);
  assert.equal(assembleBacktest(rows, res.forecasts, [1995, 1997]).length, res.rows.length);
});
