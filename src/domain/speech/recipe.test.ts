import { test } from "node:test";
import assert from "node:assert/strict";
import { SpeechClassifier } from "./classifier.ts";
import { evaluate } from "./metrics.ts";
import { trainRecipe } from "./recipe.ts";
import { syntheticCorpus } from "./classifier.test.ts";

const small = { cGrid: [1], classWeightPowers: [1], nbAlphas: [0.1], fastText: { epochs: 3, bucketBits: 12 } } as const;

test("recipe trains on a non-Latin script, generalises, and survives a JSON round trip", () => {
  const train = syntheticCorpus(240, 1);
  const test = syntheticCorpus(120, 2);
  const model = trainRecipe(train.texts, train.labels, { dataSha256: "abc", ...small });
  assert.equal(model.version, 2);
  const clf = new SpeechClassifier(JSON.parse(JSON.stringify(model)));
  const pred = test.texts.map((t) => clf.predict(t));
  assert.ok(evaluate(test.labels, pred).macro_f1 > 0.9, "held-out macro-F1 above 0.9");
  const p = clf.predictProba(test.texts[0]);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});

test("recipe records its choices, the data hash, label counts and the cross-validated confusion matrix", () => {
  const train = syntheticCorpus(200, 3);
  const model = trainRecipe(train.texts, train.labels, { dataSha256: "f00d", folds: 3, ...small });
  const t = model.training;
  assert.equal(t.dataSha256, "f00d");
  assert.equal(t.rows, 200);
  assert.equal(Object.values(t.labelCounts).reduce((a, b) => a + b, 0), 200);
  assert.ok(t.recipe && t.crossValidation);
  assert.equal(t.crossValidation.folds, 3);
  const cells = t.crossValidation.confusionMatrix.flat().reduce((a, b) => a + b, 0);
  assert.equal(cells, 200, "every training row appears once out of fold");
  // one lr setting, one nb setting, ft, and 7 member combinations were tried
  assert.equal(t.recipe.tried.length, 10);
  assert.ok(t.recipe.memberWeights.some((w) => w > 0));
});

test("recipe refuses a label with fewer rows than folds, and mismatched lengths", () => {
  const texts = ["a b", "c d", "e f", "g h", "i j", "k l"];
  assert.throws(() => trainRecipe(texts, ["x", "x", "x", "x", "x", "y"], { dataSha256: "", ...small }), /label "y" has 1 rows/);
  assert.throws(() => trainRecipe(texts, ["x"], { dataSha256: "" }), /6 texts but 1 labels/);
});

test("a version-2 model without its ensemble part is refused", () => {
  const train = syntheticCorpus(80, 4);
  const model = trainRecipe(train.texts, train.labels, { dataSha256: "", folds: 2, ...small });
  const { ensemble: _drop, ...broken } = model;
  assert.throws(() => new SpeechClassifier(broken), /no ensemble/);
});
