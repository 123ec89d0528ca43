import assert from "node:assert/strict";
import { test } from "node:test";
import { calibratedEnsembleSpec, chooseRounds, fitPlatt } from "./ensemble.ts";
import { trainingSet, designMatrix } from "./backtest.ts";
import { explain } from "./explain.ts";
import { createRng } from "./random.ts";
import { syntheticEwpTable } from "./synthetic-table.ts";

test("Platt scaling recovers known coefficients from simulated data", () => {
  const r = createRng(1);
  const s: number[] = [], y: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const v = 4 * r.next() - 3;
    s.push(v);
    y.push(r.next() < 1 / (1 + Math.exp(-(0.5 + 1.5 * v))) ? 1 : 0);
  }
  const c = fitPlatt(s, y);
  assert.ok(c.fitted && Math.abs(c.a - 0.5) < 0.1 && Math.abs(c.b - 1.5) < 0.1, JSON.stringify(c));
  assert.deepEqual(fitPlatt([1, 2, 3], [0, 0, 1]), { a: 0, b: 1, fitted: false });
});

test("chooseRounds takes the minimum of the smoothed curve, not before minRounds", () => {
  const loss = Float64Array.from({ length: 100 }, (_, m) => (m - 60) ** 2);
  assert.equal(chooseRounds(loss, 1, 10), 61);
  assert.equal(chooseRounds(loss, 1, 80), 80);
});

test("the ensemble fits, scores and explains additively on synthetic data", () => {
  const rows = syntheticEwpTable({ countries: 30, firstYear: 1970, lastYear: 2000, seed: 3 });
  const spec = calibratedEnsembleSpec({
    id: "t", description: "test", alpha: 0.5, nfolds: 5, lambdaRule: "min",
    trees: { nRounds: 40, maxDepth: 2, maxBins: 16 }, minRounds: 5, roundsWindow: 5,
    linearWeights: [1, 0.5, 0], weightTolerance: 0.01, innerOrigins: 3, innerStep: 2,
  });
  const train = trainingSet(rows, 1996);
  const model = spec.fit(train, 1);
  const target = rows.filter((r) => r.year === 1998);
  const X = designMatrix(target);
  const link = model.predictLink(X);
  assert.equal(link.length, target.length);
  const row = Array.from({ length: X.ncol }, (_, j) => X.data[j * X.nrow]);
  const e = explain(model, row);
  const sum = e.contributions.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(e.baseline + sum - e.score) < 1e-9);
  assert.ok(Math.abs(e.score - link[0]) < 1e-9);
  assert.ok(e.risk > 0 && e.risk < 1);
  const info = model.describe();
  assert.ok([1, 0.5, 0].includes(info.linearWeight as number));
});

test("the ensemble's frozen refit on the same rows reproduces its predictions and keeps w, rounds and Platt", () => {
  const rows = syntheticEwpTable({ countries: 30, firstYear: 1970, lastYear: 2000, seed: 3 });
  const spec = calibratedEnsembleSpec({
    id: "t", description: "test", alpha: 0.5, nfolds: 5, lambdaRule: "min",
    trees: { nRounds: 40, maxDepth: 2, maxBins: 16 }, minRounds: 5, roundsWindow: 5,
    linearWeights: [0.5], weightTolerance: 0.01, innerOrigins: 3, innerStep: 2,
  });
  const train = trainingSet(rows, 1996);
  const model = spec.fit(train, 1);
  const X = designMatrix(rows.filter((r) => r.year === 1998));
  const again = model.refitFrozen!(train, 1);
  const a = model.predictLink(X);
  const b = again.predictLink(X);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-4, `row ${i}: ${a[i]} vs ${b[i]}`);
  const d1 = model.describe();
  const d2 = again.describe();
  assert.deepEqual([d2.linearWeight, d2.rounds, d2.platt], [d1.linearWeight, d1.rounds, d1.platt]);
});
